import Foundation
import XCTest

/// Keys, signed records, verification and review through the real binary, and stock ssh-keygen on the result.
final class SignedRecordCommandTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path] }
    var records: URL { home.appendingPathComponent("data/intake/records") }
    var allowed: String { home.appendingPathComponent("config/intake/allowed_signers").path }
    var supervisorKey: String { home.appendingPathComponent("supervisor_key").path }
    var answers: String { Binary.operational("experimental") }
    let review = Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func keys() throws {
        let officer = try Binary.run(["keys", "init", "--name", "Zoë Ångström", "--collar", "4471", "--organisation", "Example Constabulary"], environment: env)
        XCTAssertEqual(officer.status, 0, officer.stderr)
        let supervisor = try Binary.run(["keys", "init", "--name", "Sam Reviewer", "--collar", "12", "--organisation", "Example Constabulary",
                                         "--key", supervisorKey], environment: env)
        XCTAssertEqual(supervisor.status, 0, supervisor.stderr)
    }

    func savedRecords() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: records.path).map { records.appendingPathComponent($0).path }
    }

    func testRunSignsAndSavesVerifyAndReviewThenOpenSSHAgrees() throws {
        try keys()
        let run = try Binary.run(["run", "--answers", answers], environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        let saved = try XCTUnwrap(try savedRecords().first)
        XCTAssertTrue(run.stderr.contains("Signed record saved: \(saved)"), run.stderr)
        XCTAssertEqual(run.stdout, try String(contentsOfFile: saved, encoding: .utf8))
        XCTAssertTrue(run.stdout.contains("Officer: Zoë Ångström, collar 4471, Example Constabulary"))

        let verified = try Binary.run(["verify", saved], environment: env)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        XCTAssertTrue(verified.stdout.contains("signature 1 (officer): good signature by 4471@example-constabulary"), verified.stdout)

        let reviewed = try Binary.run(["review", saved, "--key", supervisorKey, "--answers", review], environment: env)
        XCTAssertEqual(reviewed.status, 0, reviewed.stderr)
        let json = try Binary.run(["verify", saved, "--format", "json"], environment: env)
        XCTAssertEqual(json.status, 0, json.stdout)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let signatures = try XCTUnwrap(report.first?["signatures"] as? [[String: Any]])
        XCTAssertEqual(signatures.compactMap { $0["role"] as? String }, ["officer", "supervisor review"])
        XCTAssertEqual(signatures.compactMap { $0["signer"] as? String }, ["4471@example-constabulary", "12@example-constabulary"])
        XCTAssertEqual(signatures.compactMap { $0["good"] as? Bool }, [true, true])

        // docs/verify-with-openssh.md: stock ssh-keygen verifies both signatures.
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "ssh-keygen not installed")
        let openssh = try Binary.runTool("/bin/sh", [Binary.root.appendingPathComponent("scripts/verify-with-openssh").path, saved, allowed])
        XCTAssertTrue(openssh.hasSuffix("GOOD: \(saved)\n"), openssh)
        XCTAssertTrue(openssh.contains("Good \"intake-record\" signature for 4471@example-constabulary"), openssh)
        XCTAssertTrue(openssh.contains("Good \"intake-review\" signature for 12@example-constabulary"), openssh)
        let status = try Binary.run(["verify", saved], environment: env)  // unchanged by the OpenSSH check
        XCTAssertEqual(status.status, 0)
    }

    func testTamperingUnknownKeysAndTrainingAreRefused() throws {
        try keys()
        XCTAssertEqual(try Binary.run(["run", "--answers", answers, "--training"], environment: env).status, 0)
        let training = try XCTUnwrap(try savedRecords().first)
        XCTAssertEqual(try Binary.run(["verify", training], environment: env).status, 0)
        let operational = try Binary.run(["verify", "--operational", training], environment: env)
        XCTAssertEqual(operational.status, 4)
        XCTAssertTrue(operational.stdout.contains("a training record is never an operational record"), operational.stdout)

        let original = try String(contentsOfFile: training, encoding: .utf8)
        var text = original
        text = text.replacingOccurrences(of: "Classification: Experimental: nothing aggravating found [experimental]", with: "Classification: Aggravated: a full investigation follows [aggravated]")
        XCTAssertNotEqual(text, original, "the tampering must change the record, or the test proves nothing")
        let tampered = try Binary.temporaryFile("tampered.txt", text)
        let bad = try Binary.run(["verify", tampered], environment: env)
        XCTAssertEqual(bad.status, 4)
        XCTAssertTrue(bad.stdout.contains("BAD: the text above line"), bad.stdout)

        let empty = try Binary.temporaryFile("allowed", "")
        let unknown = try Binary.run(["verify", training, "--allowed-signers", empty], environment: env)
        XCTAssertEqual(unknown.status, 5)
        XCTAssertTrue(unknown.stdout.contains("unknown key SHA256:"), unknown.stdout)
    }

    /// Issue 15: while one supervisor's review is open, a second is refused, so no countersignature
    /// is lost while both are told theirs was added.
    func testASecondReviewAtTheSameTimeIsRefused() throws {
        try keys()
        XCTAssertEqual(try Binary.run(["run", "--answers", answers], environment: env).status, 0)
        let saved = try XCTUnwrap(try savedRecords().first)
        let before = try Data(contentsOf: URL(fileURLWithPath: saved))
        let lock = records.appendingPathComponent("." + URL(fileURLWithPath: saved).lastPathComponent + ".lock").path
        let first = Process()
        first.executableURL = URL(fileURLWithPath: "/bin/sh")
        first.arguments = ["-c", "exec 9>\"$0\"; flock 9; echo held; exec sleep 30", lock]
        let out = Pipe()
        first.standardOutput = out
        try first.run()
        defer { first.terminate(); first.waitUntilExit() }
        XCTAssertEqual(String(decoding: out.fileHandleForReading.readData(ofLength: 5), as: UTF8.self), "held\n")
        let second = try Binary.run(["review", saved, "--key", supervisorKey, "--answers", review], environment: env)
        XCTAssertEqual(second.status, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("is being reviewed in another intake"), second.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: saved)), before)
    }

    func testAReviewMustComeFromAnotherKeyAndOnlyOnce() throws {
        try keys()
        XCTAssertEqual(try Binary.run(["run", "--answers", answers], environment: env).status, 0)
        let saved = try XCTUnwrap(try savedRecords().first)
        let own = try Binary.run(["review", saved, "--answers", review], environment: env)
        XCTAssertEqual(own.status, 1)
        XCTAssertTrue(own.stderr.contains("a review must come from another officer"), own.stderr)
        XCTAssertEqual(try Binary.run(["review", saved, "--key", supervisorKey, "--answers", review], environment: env).status, 0)
        let twice = try Binary.run(["review", saved, "--key", supervisorKey, "--answers", review], environment: env)
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.stderr.contains("already been reviewed"), twice.stderr)
    }

    func testWithoutAKeyTheRecordIsPrintedUnsignedAndNothingIsLost() throws {
        let result = try Binary.run(["run", "--answers", answers], environment: env)
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stdout.contains("Classification: Experimental: nothing aggravating found [experimental]"), result.stdout)
        XCTAssertTrue(result.stderr.contains("NOT signed or saved"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: records.path))
    }

    func testAnOpenKeyFileIsRefused() throws {
        try keys()
        chmod(home.appendingPathComponent("config/intake/id_ed25519").path, 0o644)
        let result = try Binary.run(["run", "--answers", answers], environment: env)
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("permissions 0644"), result.stderr)
        XCTAssertTrue(result.stderr.contains("chmod 600"), result.stderr)
    }
}
