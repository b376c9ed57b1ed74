import Foundation
@testable import IntakeCore
import XCTest

/// A follow-up's answers file laid over a finished interview (`intake update --answers`).
final class PrefillTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// An answer kept from the first sitting, on a screen the path reaches only after the file's
    /// earlier changes open the way, is changed to the file's: it was once kept silently, so a
    /// follow-up naming the children for the letters still printed the first sitting's name.
    func testAnAnswerFurtherAlongIsChangedOnceTheWayToItIsOpen() throws {
        let root = LoaderTests.repositoryRoot
        let flow = try FlowLoader.load(path: root.appendingPathComponent("flows/initial-response.yaml").path)
        let first = try AnswersFile.load(path: root.appendingPathComponent("flows/scenarios/facts-unknown.yaml").path, flow: flow, now: t0)
        var interview = Interview(flow: flow, startedAt: t0)
        Prefill.apply(first, to: &interview, at: t0)
        XCTAssertTrue(interview.isComplete)
        XCTAssertEqual(interview.answers["notice_children"]?.value, .text("Child A\n"))
        let later = try AnswersFile.load(path: root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path,
                                         flow: flow, now: t0)
        Prefill.overlay(later, on: &interview, at: t0.addingTimeInterval(86_400))
        XCTAssertTrue(interview.isComplete)
        XCTAssertEqual(interview.answers["notice_children"]?.value, .text("Amira Khan\nJoel Price\n"))
        XCTAssertEqual(interview.determination.outcome21?.rawValue, "may-be-considered")
        XCTAssertTrue(interview.audit.contains { $0.question == "notice_children" }, "the change is in the audit")
    }
}

/// Record times read without a date formatter (issue 37).
final class UTCTimeTests: XCTestCase {
    func testRecordTimesAreReadAsTheFormatterReadsThem() {
        let formatter = ISO8601DateFormatter()
        for text in ["2026-12-05T04:22:10Z", "2000-02-29T23:59:59Z", "1970-01-01T00:00:00Z"] {
            XCTAssertEqual(UTCTime.parse(text), formatter.date(from: text), text)
        }
        XCTAssertEqual(UTCTime.parse("2026-12-05T04:22:10.250Z")?.timeIntervalSince1970 ?? 0,
                       (formatter.date(from: "2026-12-05T04:22:10Z")?.timeIntervalSince1970 ?? 0) + 0.25, accuracy: 0.0005)
        for bad in ["", "2026-12-05 04:22:10Z", "2026-12-05T04:22:10", "2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z",
                    "2026-12-05T24:00:00Z", "2026-12-05T04:22:1xZ", "2026-12-05T04:22:10.Z", "٢٠٢٦-12-05T04:22:10Z"] {
            XCTAssertNil(UTCTime.parse(bad), bad)
        }
    }
}

/// The notice's withhold rule: the force's safeguarding rule over every letter (issue 36).
final class NoticeWithholdTests: XCTestCase {
    func testTellingParentsAtRiskWithholdsEveryLetter() throws {
        let flow = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path)
        XCTAssertEqual(flow.notice?.withhold.count, 1)
        XCTAssertNotNil(Determiner.withheld(flow, answers: ["inform_parents": .choice("not-told-risk")]))
        XCTAssertNil(Determiner.withheld(flow, answers: ["inform_parents": .choice("told")]))
        XCTAssertNil(Determiner.withheld(flow, answers: [:]), "not answered: nothing to withhold on")
        // A rule that names no question of the flow is refused where it is written.
        let text = try String(contentsOf: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    - when: inform_parents == \"not-told-risk\"", with: "    - when: inform_parentz == \"not-told-risk\"")
        XCTAssertThrowsError(try FlowLoader.load(data: Data(text.utf8), file: "initial-response.yaml")) { error in
            XCTAssertTrue("\(error)".contains("the notice's withhold rule"), "\(error)")
        }
    }
}
