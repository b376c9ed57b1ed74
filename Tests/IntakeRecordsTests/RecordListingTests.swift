@testable import IntakeRecords
import XCTest

/// The listing's own rules: CSV a spreadsheet cannot run, filters that never hide a bad record.
final class RecordListingTests: XCTestCase {
    func entry(_ id: String, _ outcome: RecordListing.Outcome21, finished: String? = "2026-11-01T10:00:00Z",
               verified: Bool = true, supersededBy: String? = nil) -> RecordListing.Entry {
        RecordListing.Entry(path: "/r/\(id).txt", id: id, caseId: id, finished: finished, crimeReference: "=HYPERLINK(\"x\")",
                            officer: "PC One, collar 1, Testshire", signer: "1@testshire", flow: "f", version: "1",
                            classification: "c", outcome21: outcome, review: "awaiting review", reviewer: nil,
                            supersededBy: supersededBy, outstanding: [], training: false, verified: verified, problems: verified ? [] : ["bad"])
    }

    /// Issue 36, item 3: the default table fits 80 columns — id, age, state and the next step in
    /// words — and every other column is in --wide.
    func testTheTableFitsEightyColumnsAndSaysWhatIsNext() {
        let now = ISO8601DateFormatter().date(from: "2026-11-04T12:00:00Z")!
        var pending = entry("IR-20261101-5A4A60EEBB75", .pending)
        pending.outstanding = ["record_crime", "crime_reference", "coercion"]
        pending.nextToDo = "Record the report as a crime on your force's crime system, under the Home Office rules."
        var training = entry("IR-20261104-0000000000T1", .agreed, finished: "2026-11-04T09:00:00Z")
        training.training = true
        let table = RecordListing.narrow([entry("IR-20261101-AAAAAAAAAAAA", .proposed), pending,
                                          entry("IR-20261020-BBBBBBBBBBBB", .disagreed, finished: "2026-10-20T10:00:00Z"),
                                          entry("IR-20261101-CCCCCCCCCCCC", .agreed, verified: false), training], now: now)
        XCTAssertEqual(table, """
            ID                        AGE  STATE             NEXT
            IR-20261101-AAAAAAAAAAAA  3d   awaiting review   review (intake review)
            IR-20261101-5A4A60EEBB75  3d   pending           3 to do: Record the report as…
            IR-20261020-BBBBBBBBBBBB  2w   not agreed        follow up (intake update)
            IR-20261101-CCCCCCCCCCCC  3d   NOT VERIFIED      intake verify: bad
            IR-20261104-0000000000T1  3h   training, agreed  letter (intake notice)

            """)
        for line in table.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        XCTAssertTrue(RecordListing.table([pending]).contains("CRIME REF"), "the wide table keeps every column")
    }

    func testACSVValueASpreadsheetWouldRunIsQuotedAsText() {
        let csv = RecordListing.csv([entry("IR-1", .proposed)])
        XCTAssertTrue(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","), csv)
        XCTAssertEqual(RecordListing.csvField("-1"), "'-1")
        XCTAssertEqual(RecordListing.csvField("a,b"), "\"a,b\"")
        XCTAssertEqual(RecordListing.csvField("plain"), "plain")
    }

    func testFiltersNarrowButABadRecordIsAlwaysListed() {
        var query = RecordListing.Query()
        query.awaitingReview = true
        let all = [entry("IR-1", .proposed), entry("IR-2", .proposed, supersededBy: "IR-3"), entry("IR-3", .agreed),
                   entry("IR-4", .pending, verified: false)]
        XCTAssertEqual(RecordListing.select(all, query).map(\.id), ["IR-1", "IR-4"])
        query = RecordListing.Query()
        query.olderThan = 86400
        query.now = ISO8601DateFormatter().date(from: "2026-11-02T10:00:01Z")!
        XCTAssertEqual(RecordListing.select([entry("IR-1", .pending), entry("IR-2", .pending, finished: "2026-11-01T10:00:02Z")], query).map(\.id), ["IR-1"])
    }

    func testTheSummaryCountsEachCaseOnceAndBadRecordsApart() {
        let counts = RecordListing.summary([entry("IR-1", .proposed, supersededBy: "IR-2"), entry("IR-2", .agreed),
                                            entry("IR-3", .pending, finished: "2026-12-01T00:00:00Z"), entry("IR-4", .agreed, verified: false)])
        XCTAssertEqual(counts.map(\.month), ["2026-11", "2026-12"])
        XCTAssertEqual(counts[0].outcomes["agreed"], 1)
        XCTAssertEqual(counts[0].outcomes["proposed"], 0, "the superseded proposal is not a case of its own")
        XCTAssertEqual(counts[0].unverified, 1)
        XCTAssertEqual(counts[0].total, 2)
        XCTAssertEqual(counts[1].outcomes["pending"], 1)
    }
}
