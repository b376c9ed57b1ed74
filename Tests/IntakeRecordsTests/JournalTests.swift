import Foundation
import XCTest
import IntakeCore
@testable import IntakeRecords

final class JournalTests: XCTestCase {
    var dir: URL!
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000.123456)

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-journal-\(UUID().uuidString)/journal")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }

    func flow() throws -> Flow {
        try FlowLoader.load(text: SnapshotFlow.text, file: "kinds.yaml")
    }

    func header() -> JournalHeader {
        JournalHeader(id: "IR-TEST", flow: "kinds", version: "1.0.0", sha256: "00", flowPath: "kinds.yaml", started: t0, training: false,
                      source: SourceRecord(id: "SI-20261123-ABC", flow: "school-incident", version: "2.1.0", sha256: "ff",
                                           signer: "5@x", fingerprint: "SHA256:k", training: false))
    }

    /// An interview touching every kind of answer, with a back, an edit from the review and a dropped answer.
    func interview() throws -> Interview {
        var i = Interview(flow: try flow(), startedAt: t0)
        let events: [Event] = [
            .answer(.acknowledged, at: t0 + 1), .answer(.tri(true), at: t0 + 2), .answer(.acknowledged, at: t0 + 2.5),
            .answer(.unknown, at: t0 + 3), .back, .answer(.choice("other"), at: t0 + 4),
            .answer(.choices(["kept", "online"]), at: t0 + 5), .answer(.text("Zoë Ελένη [2J\n\"quoted\""), at: t0 + 6),
            .answer(.skipped, at: t0 + 7), .answer(.number(14), at: t0 + 8),
            .answer(.dateTime(t0 - 3600.5), at: t0 + 9), .answer(.checklist(.notDone, reason: "systems down"), at: t0 + 10),
            .review, .edit("adult"), .answer(.tri(false), at: t0 + 11),
            // An answer given from the signing identity is journalled like any other event.
            .given("who", .choice("school"), at: t0 + 12),
            // So is an answer offered from an earlier record (intake run --from), with that record's id.
            .proposed("note", .text("from the school\nsecond line"), from: "SI-20261123-ABC", at: t0 + 13),
        ]
        for event in events {
            reduce(&i, event)
            XCTAssertNil(i.problem, "\(event)")
        }
        return i
    }

    func testAJournalReplaysToTheSameInterview() throws {
        let original = try interview()
        XCTAssertEqual(original.audit.count, 3, "a changed answer, a changed answer and a dropped one")
        let url = dir.appendingPathComponent("IR-TEST.jsonl")
        let writer = try JournalWriter(creating: url, header: header())
        try writer.sync(original)
        XCTAssertEqual(writer.written, original.events.count)
        let (readHeader, events, warnings) = try JournalReader.read(url)
        XCTAssertEqual(readHeader, header())
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(events, original.events)
        let replayed = try JournalReader.replay(events, flow: try flow(), started: t0, file: url.path)
        XCTAssertEqual(replayed, original)
        XCTAssertEqual(replayed.proposed["note"]?.value, .text("from the school\nsecond line"))
        XCTAssertEqual(replayed.proposedFrom, "SI-20261123-ABC")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int, 0o700)
    }

    func testATornLastLineIsIgnoredWithAWarningAndEarlierLinesKept() throws {
        let original = try interview()
        let url = dir.appendingPathComponent("IR-TEST.jsonl")
        try JournalWriter(creating: url, header: header()).sync(original)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"event\":\"answer\",\"va".utf8))
        try handle.close()
        let (_, events, warnings) = try JournalReader.read(url)
        XCTAssertEqual(events, original.events)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("cut off mid-write"), warnings[0])
    }

    func testACorruptedLineElsewhereIsReportedWithItsLineNumber() throws {
        let url = dir.appendingPathComponent("IR-TEST.jsonl")
        try JournalWriter(creating: url, header: header()).sync(try interview())
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines[4] = "{\"event\":\"answ#r\"}"
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try JournalReader.read(url)) { error in
            XCTAssertEqual(error as? JournalError, .corrupt(file: url.path, line: 5, why: "not a journal event"))
            XCTAssertTrue("\(error)".contains(":5: the journal is damaged here"))
        }
    }

    func testAnEventThatNoLongerAppliesIsReportedNotSkipped() throws {
        let events: [Event] = [.answer(.acknowledged, at: t0), .answer(.number(3), at: t0)]
        XCTAssertThrowsError(try JournalReader.replay(events, flow: try flow(), started: t0, file: "j")) { error in
            XCTAssertEqual(error as? JournalError, .corrupt(file: "j", line: 3, why: "the event no longer applies: this screen takes yes, no or unknown"))
        }
    }

    func testADiskFullIsAClearErrorAndTheEventStaysUnwritten() throws {
        let writer = try JournalWriter(appendingTo: URL(fileURLWithPath: "/dev/full"), events: 0)
        XCTAssertThrowsError(try writer.sync(try interview())) { error in
            XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
        }
        XCTAssertEqual(writer.written, 0)
    }
}

/// The every-kind flow of the terminal snapshot tests, for journal round trips.
enum SnapshotFlow {
    static let text = """
    id: kinds
    title: Every kind of screen
    version: 1.0.0
    start: intro
    screens:
      - id: intro
        kind: info
        prompt: Start.
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: Is an adult involved?
        branches:
          - when: adult == yes
            to: warn
        next: who
      - id: warn
        kind: info
        prompt: Refer now.
        next: who
      - id: who
        kind: choice
        allow-unknown: true
        prompt: Who made the report?
        choices:
          - value: school
            label: A school
          - value: other
            label: Someone else
        next: harms
      - id: harms
        kind: multi-choice
        prompt: What happened?
        choices:
          - value: kept
            label: Kept
          - value: online
            label: Online
        next: account
      - id: account
        kind: text
        prompt: What happened?
        next: note
      - id: note
        kind: text
        required: false
        prompt: Anything else?
        next: age
      - id: age
        kind: number
        min: 0
        max: 17
        prompt: Age
        next: when
      - id: when
        kind: date-time
        prompt: When?
        next: checks
      - id: checks
        kind: checklist
        action: checks
        prompt: Checks
        next: done
      - id: done
        kind: end
        prompt: Done.
    determination:
      decisive: [adult]
      rules:
        - when: adult == yes
          classification: aggravated
          outcome21: not-applicable
      otherwise:
        classification: experimental
        outcome21: may-be-considered
    actions:
      - id: checks
        text: Checks.
        source: Test
    """
}
