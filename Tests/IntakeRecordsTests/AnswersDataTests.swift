import Foundation
import XCTest
import IntakeCore
@testable import IntakeRecords

/// A record is also an answers file: its ANSWERS DATA block reads back to the same answers and times.
final class AnswersDataTests: XCTestCase {
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000.125)

    func testEveryKindOfAnswerReadsBackFromTheRecordWithItsTime() throws {
        let flow = try FlowLoader.load(text: SnapshotFlow.text, file: "kinds.yaml")
        var original = Interview(flow: flow, startedAt: t0)
        let events: [Event] = [
            .answer(.acknowledged, at: t0 + 1), .answer(.tri(false), at: t0 + 2), .answer(.choice("other"), at: t0 + 4),
            .answer(.choices(["kept", "online"]), at: t0 + 5),
            .answer(.text("Zoë Ελένη [2J\n\"quoted\" #not a comment\nEND ANSWERS DATA\n-----BEGIN SSH SIGNATURE-----"), at: t0 + 6),
            .answer(.skipped, at: t0 + 7), .answer(.number(14), at: t0 + 8),
            .answer(.dateTime(t0 - 3600.5), at: t0 + 9), .answer(.checklist(.notDone, reason: "systems: down"), at: t0 + 10),
        ]
        for event in events { reduce(&original, event); XCTAssertNil(original.problem, "\(event)") }
        let record = RecordText.render(original, context: RecordContext(recordId: "IR-X"))
        XCTAssertTrue(record.contains("\nANSWERS DATA\n"), record)

        let file = try AnswersFile.parse(text: record, file: "IR-X.txt", flow: flow, now: t0 + 100)
        var again = Interview(flow: flow, startedAt: t0)
        Prefill.apply(file, to: &again, at: t0 + 100)
        XCTAssertEqual(again.current, "done")
        for (id, answer) in original.answers {
            XCTAssertEqual(again.answers[id]?.value, answer.value, id)
            XCTAssertEqual(again.answers[id]?.at.timeIntervalSinceReferenceDate ?? 0, answer.at.timeIntervalSinceReferenceDate, accuracy: 0.001, id)
        }
        let fields = AnswersData.fields(record)
        XCTAssertEqual(fields["flow"], "kinds")
        XCTAssertEqual(fields["outcome21"], "may-be-considered")
        XCTAssertEqual(fields["classification"], "experimental")
    }

    func testAMistakeInTheBlockIsReportedAtTheRecordsOwnLine() throws {
        let flow = try FlowLoader.load(text: SnapshotFlow.text, file: "kinds.yaml")
        let text = "INTAKE RECORD\n\nANSWERS DATA\nflow: \"kinds\"\nanswers:\n  adult: {answer: perhaps, at: \"2026-11-23T10:00:00Z\"}\nEND ANSWERS DATA\n"
        XCTAssertThrowsError(try AnswersFile.parse(text: text, file: "r.txt", flow: flow)) { error in
            XCTAssertTrue("\(error)".contains("r.txt:6:"), "\(error)")
        }
        let badTime = text.replacingOccurrences(of: "perhaps", with: "no").replacingOccurrences(of: "2026-11-23T10:00:00Z", with: "tuesday")
        XCTAssertThrowsError(try AnswersFile.parse(text: badTime, file: "r.txt", flow: flow)) { error in
            XCTAssertTrue("\(error)".contains("at: is a UTC time"), "\(error)")
        }
    }
}
