@testable import IntakeRecords
import IntakeCore
import XCTest

/// The listing cache's compact form (issue 37, item 6): everything a cached report holds reads back,
/// and no stored property of an entry is left out of the form.
final class RecordIndexFormTests: XCTestCase {
    /// An item with every field given, none left at its default.
    func item() -> RecordIndex.Item {
        var entry = RecordListing.Entry(path: "/r/a.txt", id: "IR-1", caseId: "IR-0", finished: "2026-11-01T10:00:00Z",
                                        crimeReference: "CR/1", officer: "PC One, collar 1, Testshire", signer: "1@testshire",
                                        flow: "initial-response", version: "3.2.2", classification: "refer", outcome21: .agreed,
                                        review: "agreed", reviewer: "2@testshire", supersededBy: "IR-2", outstanding: ["q1", "q2"],
                                        training: true, verified: true, problems: ["none"])
        entry.failure = .signer
        entry.policy = "shipped with intake 0.17.1"
        entry.policyProblem = "not approved"
        entry.nextToDo = "Refer to children's social care"
        return RecordIndex.Item(sha256: String(repeating: "a", count: 64), trust: String(repeating: "b", count: 64), id: "IR-1",
                                supersedes: "IR-0", supersedesSHA256: "c", signedSHA256: "d", supersedesSignedSHA256: "e",
                                supersedesCountersignedBy: "3@testshire", policy: ["x", "y"], entry: entry)
    }

    func testAnItemReadsBackWithEveryField() throws {
        let item = item()
        let back = try XCTUnwrap([RecordIndex.Item](compactBytes: [item, item].compactBytes()).last)
        XCTAssertEqual(back.entry, item.entry)
        XCTAssertEqual([back.sha256, back.trust, back.id, back.supersedes, back.supersedesSHA256, back.signedSHA256,
                        back.supersedesSignedSHA256, back.supersedesCountersignedBy],
                       [item.sha256, item.trust, item.id, item.supersedes, item.supersedesSHA256, item.signedSHA256,
                        item.supersedesSignedSHA256, item.supersedesCountersignedBy])
        XCTAssertEqual(back.policy, item.policy)
    }

    func testEveryStoredPropertyIsWritten() {
        var w = CompactWriter(recording: true)
        item().write(compact: &w)
        XCTAssertEqual(w.objects.map(\.type), [String(reflecting: RecordIndex.Item.self), String(reflecting: RecordListing.Entry.self)])
        for object in w.objects {
            XCTAssertEqual(object.written + object.derived, object.stored, object.type)
        }
    }

    func testASavedReportIsTakenBackAndACutOrForeignCacheReadsAsNone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("cache/records-index")
        let item = item()
        var report = RecordFiles.Report(record: "/r/a.txt", good: true, signatures: [])
        report.sha256 = item.sha256
        report.signedSHA256 = item.signedSHA256
        report.id = item.id
        var entry = item.entry
        entry.supersededBy = nil
        report.entry = entry
        RecordIndex(url: url, allowedSigners: "").save([report])
        let back = try XCTUnwrap(RecordIndex(url: url, allowedSigners: "").report(for: "/s/b.txt", sha256: item.sha256))
        entry.path = "/s/b.txt"
        XCTAssertEqual(back.entry, entry, "kept under the bytes' hash, listed under the path it has now")
        XCTAssertNil(RecordIndex(url: url, allowedSigners: "other").report(for: "/s/b.txt", sha256: item.sha256), "other trust, not kept")
        for bytes in [Array("intake-record-index 2\n".utf8) + [5, 1], Array("[]".utf8), []] {
            try Data(bytes).write(to: url)
            XCTAssertNil(RecordIndex(url: url, allowedSigners: "").report(for: "/r/a.txt", sha256: String(repeating: "a", count: 64)))
        }
    }
}
