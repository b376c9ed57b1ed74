import Foundation
import XCTest

/// Issue 36, item 3: `intake records` as a supervisor reads it on an 80×24 terminal — each state a
/// case can be in, one row each, the next step in words — kept as a snapshot
/// (`Snapshots/records-80x24.txt`; INTAKE_RECORD_SNAPSHOTS=1 rewrites it).
final class RecordsSnapshotTests: XCTestCase {
    func testTheRecordsTableAt80By24() throws {
        let home = try OfficerHome("records-snapshot")
        defer { home.remove() }
        let supervisor = try home.supervisor()
        let agree = Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path
        let facts = Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path
        // Pending, then followed up (superseded) and agreed; an aggravated case awaiting review; one
        // the review did not agree with; a training record.
        let pending = try OfficerHome.saved(try Binary.run(["run", "--answers", Binary.operational("facts-unknown")], environment: home.env))
        let followUp = try OfficerHome.saved(try Binary.run(["update", pending, "--answers", facts], environment: home.env))
        XCTAssertEqual(try Binary.run(["review", followUp, "--key", supervisor, "--answers", agree], environment: home.env).status, 0)
        let aggravated = try OfficerHome.saved(try Binary.run(["run", "--answers", Binary.operational("coercion")], environment: home.env))
        let disputed = try OfficerHome.saved(try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: home.env))
        let disagree = try Binary.temporaryFile("disagree.yaml", "read_record: acknowledged\nreviewer_role: inspector\ndecision: disagree\nrationale: Not yet.\n")
        XCTAssertEqual(try Binary.run(["review", disputed, "--key", supervisor, "--answers", disagree], environment: home.env).status, 0)
        let scenario = Binary.root.appendingPathComponent("flows/scenarios/child-needs.yaml").path
        let training = try OfficerHome.saved(try Binary.run(["run", "--answers", scenario], environment: home.env))

        let listed = try Binary.run(["records"], environment: home.env.merging(["COLUMNS": "80", "LINES": "24"]) { $1 })
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let rows = listed.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertLessThanOrEqual(rows.count, 24)
        for row in rows { XCTAssertLessThanOrEqual(row.count, 80, String(row)) }
        // Ids change every run, and the table is in id order: each id is named for its case, as wide
        // as an id, and the rows are compared in that name's order.
        let names = [(pending, "pending"), (followUp, "followed-up"), (aggravated, "aggravated"), (disputed, "disputed"),
                     (training, "training")].map { path, name in
            (URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, "IR-" + name.padding(toLength: 21, withPad: "-", startingAt: 0))
        }
        var text = listed.stdout
        for (id, name) in names { text = text.replacingOccurrences(of: id, with: name) }
        XCTAssertNil(text.range(of: #"IR-\d{8}-"#, options: .regularExpression), "every id is one of the five: \(text)")
        var lines = text.split(separator: "\n").map(String.init)
        lines = [lines[0]] + lines.dropFirst().sorted()
        text = lines.joined(separator: "\n") + "\n"
        let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/records-80x24.txt")
        if ProcessInfo.processInfo.environment["INTAKE_RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: snapshot.path) {
            try text.write(to: snapshot, atomically: true, encoding: .utf8)
            if ProcessInfo.processInfo.environment["INTAKE_RECORD_SNAPSHOTS"] != "1" { XCTFail("recorded \(snapshot.lastPathComponent); check it and run again") }
            return
        }
        XCTAssertEqual(text, try String(contentsOf: snapshot, encoding: .utf8))

        // A Welsh user reads the same table in Welsh (issue 34, item 4); ids, ages and the data
        // formats are the same in every language.
        let welsh = try Binary.run(["records"], environment: home.env.merging(["LANG": "cy_GB.UTF-8"]) { $1 })
        XCTAssertEqual(welsh.status, 0, welsh.stderr)
        let rowsCy = welsh.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(rowsCy.first?.split(separator: " ").map(String.init), ["ID", "OED", "CYFLWR", "NESAF"])
        for words in ["cytunwyd", "ni chytunwyd", "wedi'i ddisodli", "gweler IR-", "llythyr (intake notice)", "dilyn i fyny (intake update)",
                      "hyfforddiant, "] {
            XCTAssertTrue(welsh.stdout.contains(words), "\(words)\n\(welsh.stdout)")
        }
        for row in rowsCy { XCTAssertLessThanOrEqual(row.count, 80, row) }
        XCTAssertTrue(welsh.stderr.contains("5 cofnod wedi'u rhestru o ") && welsh.stderr.contains("; pob un wedi'i wirio"), welsh.stderr)
        let json = try Binary.run(["records", "--format", "json"], environment: home.env.merging(["LANG": "cy_GB.UTF-8"]) { $1 })
        XCTAssertTrue(json.stdout.contains("\"outcome21\""), "JSON keys are data, not words")
    }
}
