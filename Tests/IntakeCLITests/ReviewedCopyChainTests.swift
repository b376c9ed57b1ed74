import Foundation
import XCTest

/// Issue 36, item 1: a follow-up made from the supervisor's countersigned copy, checked in the
/// officer's folder, which holds the record as the officer signed it. Nothing was altered, and
/// verification says exactly that; a real alteration still fails with exit 4.
final class ReviewedCopyChainTests: XCTestCase {
    func testAFollowUpOfTheCountersignedCopyIsNoTamperAlarm() throws {
        let home = try OfficerHome("chain")
        defer { home.remove() }
        let supervisorKey = home.url.appendingPathComponent("supervisor_key").path
        let supervisor = try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire",
                                         "--key", supervisorKey], environment: home.env)
        XCTAssertEqual(supervisor.status, 0, supervisor.stderr)
        let r1 = try OfficerHome.saved(try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: home.env))

        // The supervisor's own folder: a copy of R1, countersigned there.
        let theirs = home.url.appendingPathComponent("supervisor-folder")
        try FileManager.default.createDirectory(at: theirs, withIntermediateDirectories: true)
        let copy = theirs.appendingPathComponent(URL(fileURLWithPath: r1).lastPathComponent).path
        try FileManager.default.copyItem(atPath: r1, toPath: copy)
        let agree = Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path
        var theirHome = home.env
        theirHome["XDG_DATA_HOME"] = home.url.appendingPathComponent("supervisor-data").path
        let reviewed = try Binary.run(["review", copy, "--key", supervisorKey, "--answers", agree], environment: theirHome)
        XCTAssertEqual(reviewed.status, 0, reviewed.stderr)

        // The officer follows up the countersigned copy; their folder still holds R1 before its review.
        let asSigned = FileManager.default.contents(atPath: r1)
        let change = try Binary.temporaryFile("change.yaml", "crime_reference: CR/77/26\n")
        let update = try Binary.run(["update", copy, "--answers", change], environment: home.env)
        XCTAssertEqual(update.status, 0, update.stderr)
        XCTAssertTrue(update.stdout.contains(", countersigned by 9@testshire; officer-signed part SHA-256 "), update.stdout)
        // The officer's folder now keeps the countersigned copy, not the record before its review.
        XCTAssertEqual(FileManager.default.contents(atPath: r1), FileManager.default.contents(atPath: copy))
        XCTAssertTrue(update.stderr.contains("\(r1) held this record before its review; it now holds the countersigned copy"), update.stderr)
        let kept = try Binary.run(["verify", home.records.path], environment: home.env)
        XCTAssertEqual(kept.status, 0, kept.stdout + kept.stderr)
        XCTAssertFalse(kept.stdout.contains("without that review"), kept.stdout)

        // A folder that still holds R1 before its review (a colleague's, a backup): the chain is
        // told as it is, never as tampering.
        try XCTUnwrap(asSigned).write(to: URL(fileURLWithPath: r1))
        XCTAssertEqual(try Binary.run(["verify", r1], environment: home.env).status, 0, "R1 before its review, as the officer signed it")

        let verify = try Binary.run(["verify", home.records.path], environment: home.env)
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertTrue(verify.stdout.contains("as countersigned by 9@testshire"), verify.stdout)
        XCTAssertTrue(verify.stdout.contains("without that review"), verify.stdout)
        XCTAssertFalse(verify.stdout.contains("altered"), verify.stdout)
        let listed = try Binary.run(["records", home.records.path, "--format", "json"], environment: home.env)
        XCTAssertEqual(listed.status, 0, listed.stdout + listed.stderr)

        // Altering R1's signed text is still tampering, whatever the chain says.
        var text = try String(contentsOfFile: r1, encoding: .utf8)
        text = text.replacingOccurrences(of: "Answer: No\n", with: "Answer: Yes\n", options: [], range: text.range(of: "Answer: No\n"))
        try text.write(toFile: r1, atomically: true, encoding: .utf8)
        let tampered = try Binary.run(["verify", home.records.path], environment: home.env)
        XCTAssertEqual(tampered.status, 4, tampered.stdout + tampered.stderr)
        XCTAssertTrue(tampered.stdout.contains("altered or replaced"), tampered.stdout)
    }
}
