import Foundation
import XCTest
import IntakeCore
@testable import IntakeRecords

/// Faults injected through `FileOps`: after any failed save the journal holds exactly the accepted
/// events, so resume never shifts an answer onto another question.
final class JournalFaultTests: XCTestCase {
    /// Which call fails next, set by the test.
    final class Faults: @unchecked Sendable {
        enum Fault { case none, fsync, eio, shortWrite }
        var next = Fault.none
    }

    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)

    func ops(_ faults: Faults) -> FileOps {
        FileOps(
            write: { fd, bytes in
                switch faults.next {
                case .eio: errno = EIO; return -1
                case .shortWrite: errno = 0; return 0
                default: return Foundation.write(fd, bytes.baseAddress, min(bytes.count, 7))  // short writes, retried
                }
            },
            fsync: { fd in
                if faults.next == .fsync { errno = EIO; return -1 }
                return Foundation.fsync(fd)
            },
            ftruncate: { Foundation.ftruncate($0, $1) })
    }

    func journal(_ faults: Faults) throws -> (JournalWriter, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("intake-faults-\(UUID().uuidString)/IR-F.jsonl")
        addTeardownBlock { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let header = JournalHeader(id: "IR-F", flow: "kinds", version: "1.0.0", sha256: "00", flowPath: "kinds.yaml", started: t0, training: false)
        return (try JournalWriter(creating: url, header: header, ops: ops(faults)), url)
    }

    /// A full disk as the journal is first written leaves no empty journal behind (issue 33, item 4).
    func testAJournalWhoseHeaderCannotBeWrittenIsNotLeftBehind() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-faults-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("IR-F.jsonl")
        let header = JournalHeader(id: "IR-F", flow: "kinds", version: "1.0.0", sha256: "00", flowPath: "kinds.yaml", started: t0, training: false)
        let full = FileOps(write: { _, _ in errno = ENOSPC; return -1 }, fsync: { Foundation.fsync($0) }, ftruncate: { Foundation.ftruncate($0, $1) })
        XCTAssertThrowsError(try JournalWriter(creating: url, header: header, ops: full)) { error in
            XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "no empty journal for resume to call damaged")
    }

    func testAFailedSaveLeavesTheJournalAsItWasAndResumeShiftsNothing() throws {
        let flow = try FlowLoader.load(text: SnapshotFlow.text, file: "kinds.yaml")
        for fault in [Faults.Fault.fsync, .eio, .shortWrite] {
            let faults = Faults()
            let (writer, url) = try journal(faults)
            var interview = Interview(flow: flow, startedAt: t0)
            reduce(&interview, .answer(.acknowledged, at: t0 + 1))
            try writer.sync(interview)
            let before = try Data(contentsOf: url)

            // The officer answers "yes"; the save fails; the front rolls the answer back.
            faults.next = fault
            var refused = interview
            reduce(&refused, .answer(.tri(true), at: t0 + 2))
            XCTAssertThrowsError(try writer.sync(refused)) { error in
                let text = "\(error)"
                XCTAssertFalse(text.hasSuffix("Success"), "\(fault): a real reason, never 'Success': \(text)")
                XCTAssertTrue(text.contains(fault == .shortWrite ? "stopped after" : "Input/output error"), "\(fault): \(text)")
            }
            XCTAssertEqual(try Data(contentsOf: url), before, "\(fault): the journal is exactly as before")
            XCTAssertEqual(writer.written, 1)

            // Answered again, "no" this time, once the disk is back.
            faults.next = .none
            reduce(&interview, .answer(.tri(false), at: t0 + 3))
            try writer.sync(interview)
            let read = try JournalReader.read(url)
            XCTAssertEqual(read.events, interview.events, "\(fault)")
            let replayed = try JournalReader.replay(read.events, flow: flow, started: t0, file: url.path)
            XCTAssertEqual(replayed.answers["adult"]?.value, .tri(false), "\(fault): the answer given, not the refused one")
        }
    }

    func testSeveralEventsSyncedTogetherAreKeptTogetherOrNotAtAll() throws {
        let flow = try FlowLoader.load(text: SnapshotFlow.text, file: "kinds.yaml")
        for fault in [Faults.Fault.fsync, .eio, .shortWrite] {
            let faults = Faults()
            let (writer, url) = try journal(faults)
            let before = try Data(contentsOf: url)
            var interview = Interview(flow: flow, startedAt: t0)
            reduce(&interview, .answer(.acknowledged, at: t0 + 1))
            reduce(&interview, .answer(.tri(true), at: t0 + 2))
            reduce(&interview, .back)
            faults.next = fault
            XCTAssertThrowsError(try writer.sync(interview), "\(fault)")
            XCTAssertEqual(try Data(contentsOf: url), before, "\(fault): none of the three is kept")
            XCTAssertEqual(writer.written, 0)
            faults.next = .none
            try writer.sync(interview)
            XCTAssertEqual(try JournalReader.read(url).events, interview.events, "\(fault): all three, in order, one a line")
            XCTAssertEqual(writer.written, 3)
            try writer.sync(interview)
            XCTAssertEqual(try JournalReader.read(url).events.count, 3, "nothing written twice")
        }
    }

    func testAFailedReplaceLeavesTheOldJournalWholeAndNoTemporary() throws {
        let faults = Faults()
        let (writer, url) = try journal(faults)
        try writer.append(.answer(.acknowledged, at: t0 + 1))
        let before = try Data(contentsOf: url)
        var moved = try JournalReader.read(url).header
        moved.version = "2.0.0"
        for fault in [Faults.Fault.fsync, .eio, .shortWrite] {
            faults.next = fault
            XCTAssertThrowsError(try JournalWriter.replace(url, header: moved, events: [.answer(.acknowledged, at: t0 + 1)], ops: ops(faults)))
            XCTAssertEqual(try Data(contentsOf: url), before, "\(fault)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["IR-F.jsonl"], "\(fault)")
        }
        faults.next = .none
        let replaced = try JournalWriter.replace(url, header: moved, events: [.answer(.acknowledged, at: t0 + 1)], ops: ops(faults))
        try replaced.append(.back)
        let read = try JournalReader.read(url)
        XCTAssertEqual(read.header.version, "2.0.0")
        XCTAssertEqual(read.events, [.answer(.acknowledged, at: t0 + 1), .back], "appending goes on after the replaced events")
    }
}
