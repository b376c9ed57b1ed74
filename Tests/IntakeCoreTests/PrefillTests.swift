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
