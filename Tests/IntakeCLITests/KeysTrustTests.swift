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

extension KeysTrustTests {
    /// Issue 36, item 1: the officer trusts the supervisor's key from the countersigned copy sent
    /// back to them, and their records folder keeps that copy instead of the record before review.
    func testTrustingFromACountersignedCopyKeepsItInTheRecordsFolder() throws {
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC One", "--collar", "1", "--organisation", "Testshire"], environment: env("officer")).status, 0)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Two", "--collar", "2", "--organisation", "Testshire"], environment: env("supervisor")).status, 0)
        let run = try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: env("officer"))
        let r1 = try OfficerHome.saved(run)
        let asSigned = try XCTUnwrap(FileManager.default.contents(atPath: r1))
        // The supervisor, at home, trusts the officer and countersigns a copy.
        let copy = home.appendingPathComponent("sent/" + URL(fileURLWithPath: r1).lastPathComponent)
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try asSigned.write(to: copy)
        XCTAssertEqual(try Binary.run(["keys", "trust", copy.path], stdin: "yes\n", environment: env("supervisor")).status, 0)
        let agree = Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path
        XCTAssertEqual(try Binary.run(["review", copy.path, "--answers", agree], environment: env("supervisor")).status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: r1), asSigned, "the officer's folder is not the supervisor's")
        // Back with the officer: trusting the reviewer's key from the copy brings their folder up to date.
        let trusted = try Binary.run(["keys", "trust", copy.path], stdin: "yes\n", environment: env("officer"))
        XCTAssertEqual(trusted.status, 0, trusted.stderr)
        XCTAssertTrue(trusted.stderr.contains("\(r1) held this record before its review; it now holds the countersigned copy"), trusted.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: r1), FileManager.default.contents(atPath: copy.path))
        XCTAssertEqual(try Binary.run(["verify", r1], environment: env("officer")).status, 0)
    }
}

/// Issue 36, item 2: trust in two steps a supervisor can follow — the refusal names the command,
/// and both ends show the same code to read aloud.
final class TrustByPhoneTests: XCTestCase {
    func testTheRefusalSaysHowToTrustAndBothEndsReadTheSameCode() throws {
        let officer = try OfficerHome("phone-officer")
        defer { officer.remove() }
        let supervisor = try OfficerHome("phone-supervisor")
        defer { supervisor.remove() }
        let made = try Binary.run(["keys", "show"], environment: officer.env)
        let code = try XCTUnwrap(made.stderr.split(separator: "\n").first { $0.hasPrefix("Read aloud: ") }, made.stderr)
            .dropFirst("Read aloud: ".count)
        XCTAssertNotNil(code.wholeMatch(of: /\d{5}( \d{5}){7}/), String(code))

        let run = try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: officer.env)
        let record = try OfficerHome.saved(run)
        let verify = try Binary.run(["verify", record], environment: supervisor.env)
        XCTAssertEqual(verify.status, 5, verify.stdout)
        XCTAssertTrue(verify.stdout.contains("trust it: intake keys trust \(record)"), verify.stdout)
        let review = try Binary.run(["review", record, "--answers", Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path],
                                    environment: supervisor.env)
        XCTAssertNotEqual(review.status, 0)
        XCTAssertTrue(review.stderr.contains("not trusted here yet") && review.stderr.contains("intake keys trust \(record)"), review.stderr)

        let offered = try Binary.run(["keys", "trust", record], stdin: "no\n", environment: supervisor.env)
        XCTAssertTrue(offered.stderr.contains("it must be \(code)"), "the supervisor sees the code the officer reads: \(offered.stderr)")
    }
}

/// Issue 34, item 4: `keys init` and `keys show` speak the user's language.
final class KeysInWelshTests: XCTestCase {
    func testKeysInitAndShowSpeakWelshWhenTheUserDoes() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-keys-cy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                   "LANG": "cy_GB.UTF-8"]
        let made = try Binary.run(["keys", "init", "--name", "PC Un", "--collar", "1", "--organisation", "Heddlu Prawf"], environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
        for words in ["Wedi creu'r allwedd ", "Ôl bys: SHA256:", "Darllenwch yn uchel: ", "Llofnodwr: 1@", "rhestr ymddiried: "] {
            XCTAssertTrue(made.stdout.contains(words), "\(words) in: \(made.stdout)")
        }
        XCTAssertFalse(made.stdout.contains("Fingerprint"), made.stdout)
        let again = try Binary.run(["keys", "init", "--name", "PC Un", "--collar", "1", "--organisation", "Heddlu Prawf"], environment: env)
        XCTAssertTrue(again.stdout.contains("Yn defnyddio'r allwedd sydd yno'n barod"), again.stdout)
        let shown = try Binary.run(["keys", "show"], environment: env)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stderr.contains(": ôl bys SHA256:") && shown.stderr.contains("Darllenwch yn uchel: "), shown.stderr)
        // The allowed_signers line itself is data, the same in every language.
        XCTAssertTrue(shown.stdout.hasPrefix("1@"), shown.stdout)
    }
}
