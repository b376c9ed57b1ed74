import Foundation
import XCTest
@testable import IntakeRecords

/// Issue 34, item 3: one reader for the config file, one rule — the last line for a name wins.
final class ConfigTests: XCTestCase {
    func testTheLastLineForANameWinsAndCommentsAreSkipped() {
        let config = Config(text: """
            # intake settings
            front = full
            lang=cy
              front   =   plain
            records = /srv/team-a
            # records = /srv/commented
            records = /srv/team-b
            key =
            no equals sign here
            """)
        XCTAssertEqual(config.value("front"), "plain", "the later line wins, spaces trimmed")
        XCTAssertEqual(config.value("lang"), "cy")
        XCTAssertEqual(config.values("records"), ["/srv/team-a", "/srv/team-b"], "every line counts where several may")
        XCTAssertNil(config.value("key"), "a name with nothing after = is not set")
        XCTAssertNil(config.value("# records"))
        XCTAssertEqual(Config(text: "").lines.count, 0)
    }

    func testTheFileIsReadOnceAndAnAbsentFileIsEmpty() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config")
        XCTAssertNil(Config.at(dir.appendingPathComponent("absent")).value("front"))
        try "front = plain\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(Config.at(file).value("front"), "plain")
        try "front = full\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(Config.at(file).value("front"), "plain", "read once per process: a command sees one config throughout")
        let locations = Locations.fromEnvironment(["XDG_CONFIG_HOME": dir.path, "HOME": dir.path])
        XCTAssertEqual(locations.settings.value("front"), nil, "another file, another reading")
    }
}
