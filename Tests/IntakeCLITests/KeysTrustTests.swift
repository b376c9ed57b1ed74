import Foundation
import XCTest

/// A supervisor trusts a colleague's key from a record they signed, after seeing who and which key.
final class KeysTrustTests: XCTestCase {
    var home: URL!
    func env(_ who: String) -> [String: String] {
        ["XDG_CONFIG_HOME": home.appendingPathComponent("\(who)/config").path, "XDG_DATA_HOME": home.appendingPathComponent("\(who)/data").path]
    }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-trust-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func testASoundSignatureIsOfferedForItsOwnNamespaceOnlyAndOnlyOnYes() throws {
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC One", "--collar", "1", "--organisation", "Testshire"], environment: env("officer")).status, 0)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Two", "--collar", "2", "--organisation", "Testshire"], environment: env("supervisor")).status, 0)
        let run = try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: env("officer"))
        XCTAssertEqual(run.status, 0, run.stderr)
        let record = try Binary.temporaryFile("record.txt", run.stdout)
        XCTAssertEqual(try Binary.run(["verify", record], environment: env("supervisor")).status, 5, "not trusted yet")

        // Issue 33, item 10: the key in the file for another purpose (here, approving flows) is not
        // trusted for the record, and is offered, not called "already trusted".
        let pub = try String(contentsOfFile: home.appendingPathComponent("officer/config/intake/id_ed25519.pub").path, encoding: .utf8)
        let flowsOnly = "1@testshire namespaces=\"intake-flow\" " + pub.split(separator: " ").prefix(2).joined(separator: " ") + "\n"
        let supervisorSigners = home.appendingPathComponent("supervisor/config/intake/allowed_signers").path
        try (try String(contentsOfFile: supervisorSigners, encoding: .utf8) + flowsOnly).write(toFile: supervisorSigners, atomically: true, encoding: .utf8)
        let offered = try Binary.run(["keys", "trust", record], stdin: "no\n", environment: env("supervisor"))
        XCTAssertFalse(offered.stderr.contains("No key to trust"), offered.stderr)
        XCTAssertTrue(offered.stderr.contains("signer 1@testshire, key SHA256:"), offered.stderr)

        let declined = try Binary.run(["keys", "trust", record], stdin: "no\n", environment: env("supervisor"))
        XCTAssertTrue(declined.stderr.contains("Signature 1 (officer): Officer: PC One, collar 1, Testshire"), declined.stderr)
        XCTAssertTrue(declined.stderr.contains("signer 1@testshire, key SHA256:"), declined.stderr)
        XCTAssertTrue(declined.stderr.contains("Not trusted."), declined.stderr)
        XCTAssertEqual(try Binary.run(["verify", record], environment: env("supervisor")).status, 5)

        // A record altered after signing offers nothing to trust.
        let altered = try Binary.temporaryFile("altered.txt", run.stdout.replacingOccurrences(of: "CR/0001/26", with: "CR/0002/26"))
        XCTAssertTrue(try Binary.run(["keys", "trust", altered], stdin: "yes\n", environment: env("supervisor")).stderr.contains("No key to trust"))

        let trusted = try Binary.run(["keys", "trust", record], stdin: "yes\n", environment: env("supervisor"))
        XCTAssertTrue(trusted.stderr.contains("Trusted in "), trusted.stderr)
        XCTAssertEqual(try Binary.run(["verify", record], environment: env("supervisor")).status, 0)
        let signers = try String(contentsOfFile: home.appendingPathComponent("supervisor/config/intake/allowed_signers").path, encoding: .utf8)
        XCTAssertTrue(signers.contains("1@testshire namespaces=\"intake-record\" ssh-ed25519 "), signers)
        let again = try Binary.run(["keys", "trust", record], stdin: "yes\n", environment: env("supervisor"))
        XCTAssertTrue(again.stderr.contains("No key to trust"), "trusted now, for what it signed: \(again.stderr)")

        // keys show prints the line a colleague adds.
        let shown = try Binary.run(["keys", "show"], environment: env("officer"))
        XCTAssertEqual(shown.status, 0)
        XCTAssertTrue(shown.stdout.hasPrefix("1@testshire namespaces=\""), shown.stdout)
    }
}
