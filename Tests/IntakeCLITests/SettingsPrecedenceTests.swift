import Foundation
import IntakeCore
import XCTest
import IntakeRecords
@testable import intake

/// Issue 34, item 3: the front and the language follow one precedence — the command line, then the
/// environment, then the config file's last line for the name (docs/cli.md, "The config file").
final class SettingsPrecedenceTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("intake"), withIntermediateDirectories: true)
        try "front = full\nlang = en\n# a later line wins\nfront = plain\nlang = cy\n"
            .write(to: home.appendingPathComponent("intake/config"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    var base: [String: String] { ["XDG_CONFIG_HOME": home.path, "HOME": home.path] }

    func testTheFront() {
        XCTAssertTrue(FrontChoice.prefersPlain(base), "the config's last front = line")
        XCTAssertFalse(FrontChoice.prefersPlain(base.merging(["INTAKE_FRONT": "full"]) { $1 }), "the environment beats the file")
        XCTAssertTrue(FrontChoice.prefersPlain(["XDG_CONFIG_HOME": "/nonexistent", "ACCESSIBLE": "1"]))
        XCTAssertFalse(FrontChoice.prefersPlain(["XDG_CONFIG_HOME": "/nonexistent"]), "no setting: the full screen")
    }

    func testTheLanguage() {
        XCTAssertEqual(LanguageChoice.resolve(nil, base), .cy, "the config's last lang = line")
        XCTAssertEqual(LanguageChoice.resolve(nil, base.merging(["LANG": "en_GB.UTF-8"]) { $1 }), .en, "the environment beats the file")
        XCTAssertEqual(LanguageChoice.resolve(.en, base.merging(["LANG": "cy_GB.UTF-8"]) { $1 }), .en, "--lang beats both")
        XCTAssertEqual(LanguageChoice.resolve(nil, base.merging(["LANG": "C"]) { $1 }), .cy, "C says nothing")
    }
}
