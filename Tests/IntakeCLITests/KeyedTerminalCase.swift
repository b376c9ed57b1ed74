import Foundation
import XCTest

/// A full-screen test's start: tmux required (and so on CI, where .ci/run installs it), a fresh home
/// of its own, and an officer's signing key made in it. Subclasses name the officer.
class KeyedTerminalCase: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path] }
    /// The key's name, collar and force (`keys init`).
    var officer: (name: String, collar: String, force: String) { ("PC Test", "99", "Testshire") }

    override func setUpWithError() throws {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTAssertTrue(Tmux.available, "CI must run the end-to-end tests: .ci/run installs tmux")
        }
        try XCTSkipUnless(Tmux.available, "tmux is needed for the end-to-end tests (.ci/run installs it)")
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-tty-\(UUID().uuidString)")
        let made = try Binary.run(["keys", "init", "--name", officer.name, "--collar", officer.collar,
                                   "--organisation", officer.force], environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }
}
