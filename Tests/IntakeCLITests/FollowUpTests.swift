import Foundation
import XCTest

/// A case over several sittings: an undetermined record, followed up when the facts are known.
final class FollowUpTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path] }
    var records: URL { home.appendingPathComponent("data/intake/records") }
    var allowed: String { home.appendingPathComponent("config/intake/allowed_signers").path }
    var first: String { Binary.operational("facts-unknown") }
    let facts = Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-followup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let officer = try Binary.run(["keys", "init", "--name", "PC First", "--collar", "1", "--organisation", "Testshire"], environment: env)
        XCTAssertEqual(officer.status, 0, officer.stderr)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func saved(_ result: Binary.Result) throws -> String {
        let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
        return String(line.dropFirst("Signed record saved: ".count))
    }

    func testAnUndeterminedRecordFollowedUpSupersedesItAndTheChainVerifies() throws {
        let run = try Binary.run(["run", "--answers", first], environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Outcome 21: pending"), run.stdout)
        let r1 = try saved(run)
        let id1 = URL(fileURLWithPath: r1).deletingPathExtension().lastPathComponent

        // A record is an answers file: the same answers, read back from it, make the same determination.
        let again = try Binary.run(["assess", "--answers", r1], environment: env)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("\"outcome21\" : \"pending\""), again.stdout)

        let update = try Binary.run(["update", r1, "--answers", facts], environment: env)
        XCTAssertEqual(update.status, 0, update.stderr)
        let r2 = try saved(update)
        XCTAssertNotEqual(r1, r2, "a new record; the first is never overwritten")
        let sha1 = try XCTUnwrap(try Binary.runTool("/usr/bin/sha256sum", [r1]).split(separator: " ").first).description
        XCTAssertTrue(update.stdout.contains("Case: \(id1)\nSupersedes: \(id1) (initial-response "), update.stdout)
        XCTAssertTrue(update.stdout.contains("record file SHA-256 \(sha1), signed by 1@testshire"), update.stdout)
        XCTAssertTrue(update.stdout.contains("Outcome 21: proposed, awaiting senior review"), update.stdout)
        XCTAssertTrue(update.stdout.contains("\nSINCE \(id1)\n- [people_involved]\n    before: Child A; 15; pictured\n            Unknown account"), "several lines keep their lines: \(update.stdout)")
        XCTAssertTrue(update.stdout.contains("\n- [adult_involved] Unknown — not yet established → No, given "), update.stdout)
        XCTAssertFalse(update.stdout.contains("[crime_reference] "), "an unchanged answer is not listed as changed")
        XCTAssertFalse(update.stdout.contains("Follow-up by another officer"), update.stdout)
        // The first sitting's answers keep the times they were given.
        let givenFirst = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("  crime_reference: {") })
        XCTAssertTrue(update.stdout.contains(givenFirst), "\(givenFirst)\n\(update.stdout)")

        let verify = try Binary.run(["verify", records.path], environment: env)
        XCTAssertEqual(verify.status, 0, verify.stdout)
        XCTAssertTrue(verify.stdout.contains("\(r1): superseded by "), verify.stdout)
        XCTAssertTrue(verify.stdout.contains("supersedes \(id1): that file is the one it names"), verify.stdout)

        // The case goes on from its latest record.
        let twice = try Binary.run(["update", r1, "--answers", facts], environment: env)
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.stderr.contains("has already been followed up by"), twice.stderr)

        // Another officer may follow up, and the record says so.
        let other = home.appendingPathComponent("other_key").path
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC Second", "--collar", "2", "--organisation", "Testshire", "--key", other],
                                      environment: env).status, 0)
        let third = try Binary.run(["update", r2, "--key", other, "--answers", facts], environment: env)
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertTrue(third.stdout.contains("Case: \(id1)\n"), "the case is the first record's id: \(third.stdout)")
        XCTAssertTrue(third.stdout.contains("Follow-up by another officer: "), third.stdout)
        XCTAssertTrue(third.stdout.contains("Officer: PC Second, collar 2, Testshire"), third.stdout)
        XCTAssertTrue(third.stdout.contains("  (no answer changed)"), third.stdout)

        // A superseded record swapped for another file breaks the chain.
        try (try String(contentsOfFile: r1, encoding: .utf8)).replacingOccurrences(of: "CR/0006/26", with: "CR/0007/26")
            .write(toFile: r1, atomically: true, encoding: .utf8)
        let broken = try Binary.run(["verify", records.path], environment: env)
        XCTAssertEqual(broken.status, 4)
        XCTAssertTrue(broken.stdout.contains("is not the file it names"), broken.stdout)

        // Stock ssh-keygen verifies the follow-up like any record (docs/verify-with-openssh.md).
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "ssh-keygen not installed")
        let openssh = try Binary.runTool("/bin/sh", [Binary.root.appendingPathComponent("scripts/verify-with-openssh").path, r2, allowed])
        XCTAssertTrue(openssh.contains("Good \"intake-record\" signature for 1@testshire"), openssh)
    }
}
