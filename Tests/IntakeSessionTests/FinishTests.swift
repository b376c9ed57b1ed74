import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// Finishing never loses the record: without a key, on a full disk, or with the name taken, the text
/// comes back to be printed, and an existing record is never replaced.
final class FinishTests: XCTestCase {
    var root: URL!
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-finish-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func finished() throws -> Interview {
        let flow = try FlowLoader.load(text: InterviewsTests.flowText, file: "tiny.yaml")
        var i = Interview(flow: flow, startedAt: t0)
        for event: Event in [.answer(.tri(true), at: t0), .answer(.tri(false), at: t0), .finish(at: t0)] { reduce(&i, event) }
        XCTAssertEqual(i.phase, .finished)
        return i
    }

    func testWithoutAKeyTheTextComesBackUnsigned() throws {
        let result = Finish.record(try finished(), context: RecordContext(recordId: "IR-1"), key: root.appendingPathComponent("none"),
                                   records: RecordStore(directory: root.appendingPathComponent("records")))
        guard case .notSaved(let text, let why) = result else { return XCTFail("\(result)") }
        XCTAssertTrue(text.contains("[adult]\n  Answer: Yes"), text)
        XCTAssertTrue(why.hasPrefix("NOT signed or saved"), why)
    }

    func testARecordIsSignedStoredAndNeverReplaced() throws {
        let key = root.appendingPathComponent("key/id_ed25519")
        try FileManager.default.createDirectory(at: key.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = try KeyRing.initialise(identity: Identity(name: "PC T", collar: "1", organisation: "T"), key: key,
                                   allowedSigners: root.appendingPathComponent("key/allowed_signers"))
        let store = RecordStore(directory: root.appendingPathComponent("records"))
        guard case .saved(let text, let path) = Finish.record(try finished(), context: RecordContext(recordId: "IR-2"), key: key, records: store) else {
            return XCTFail("not saved")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
        XCTAssertTrue(SignedRecord.isRecord("IR-2", Data(text.utf8)))
        let again = Finish.record(try finished(), context: RecordContext(recordId: "IR-2"), key: key, records: store)
        guard case .notSaved(_, let why) = again else { return XCTFail("\(again)") }
        XCTAssertTrue(why.contains("a record is never overwritten"), why)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)

        // A flush that fails leaves no half-written record and no temporary behind.
        let failing = FileOps(write: FileOps.system.write, fsync: { _ in errno = EIO; return -1 }, ftruncate: FileOps.system.ftruncate)
        let faulty = RecordStore(directory: root.appendingPathComponent("records"), ops: failing)
        guard case .notSaved(let body, let failed) = Finish.record(try finished(), context: RecordContext(recordId: "IR-3"), key: key, records: faulty) else {
            return XCTFail("saved despite the failed flush")
        }
        XCTAssertTrue(failed.contains("Input/output error"), failed)
        XCTAssertTrue(body.contains("Record: IR-3"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("records").path), ["IR-2.txt"])
    }
}
