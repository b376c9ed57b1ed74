import Foundation
import XCTest
import IntakeCore
@testable import IntakeTerminal

final class PlainFrontTests: XCTestCase {
    var flow: Flow!

    override func setUpWithError() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        flow = try FlowLoader.load(path: root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/mini.yaml").path)
    }

    /// Runs the front on scripted lines; returns the outcome and everything it printed.
    func run(_ lines: [String]) -> (PlainFront.Outcome, String) {
        var remaining = lines[...]
        var printed = ""
        var front = PlainFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0)),
                               clock: { Date(timeIntervalSince1970: 60) },
                               input: { remaining.popFirst() }, output: { printed += $0 })
        return (front.run(), printed)
    }

    func finished(_ outcome: PlainFront.Outcome) -> Interview? {
        if case .finished(let interview) = outcome { return interview }
        return nil
    }

    func testAStraightRunFinishes() throws {
        let (outcome, printed) = run(["n", "1", "14", "f"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(interview.result["who"], .choice("school"))
        XCTAssertEqual(interview.result["age"], .number(14))
        XCTAssertTrue(printed.contains("Classification: experimental"), printed)
    }

    func testWordsAndNumbersBothWorkForChoices() throws {
        let (outcome, _) = run(["no", "A parent", "u", "f"])
        let interview = try XCTUnwrap(finished(outcome))
        XCTAssertEqual(interview.result["who"], .choice("parent"))
        XCTAssertEqual(interview.result["age"], .unknown)
    }

    func testBadInputIsExplainedAndTheScreenAskedAgain() throws {
        let (outcome, printed) = run(["maybe", "n", "9", "2", "18", "16", "f"])
        XCTAssertNotNil(finished(outcome))
        XCTAssertTrue(printed.contains("! answer y (yes), n (no) or u (unknown — not yet established)"), printed)
        XCTAssertTrue(printed.contains("! answer with a number from 1 to 2"), printed)
        XCTAssertTrue(printed.contains("! the number must be at most 17"), printed)
    }

    func testHelpShowsGuidanceAndSource() {
        let (_, printed) = run(["?"])
        XCTAssertTrue(printed.contains("No further guidance for this screen."), printed)
    }

    func testBackThenChangeTakesTheOtherBranch() throws {
        let (outcome, printed) = run(["n", "b", "y", "", "2", "15", "f"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(interview.result["adult"], .acknowledged)
        XCTAssertEqual(interview.determination.classification, "aggravated")
        XCTAssertEqual(interview.audit.first?.old, .tri(false))
        XCTAssertEqual(interview.audit.first?.new, .tri(true))
    }

    func testEnterKeepsTheCurrentAnswerAfterGoingBack() throws {
        let (outcome, printed) = run(["n", "2", "b", "", "15", "f"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(interview.result["who"], .choice("parent"))
        XCTAssertTrue(interview.audit.isEmpty)
        XCTAssertTrue(printed.contains("(current answer: A parent; Enter keeps it)"), printed)
    }

    func testReviewEditShowsDroppedAnswers() throws {
        // yes → info → parent → 15, then edit the first answer to no from the review.
        let (outcome, printed) = run(["y", "", "2", "15", "r", "1", "n", "", "f"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertNil(interview.result["adult"])
        XCTAssertTrue(printed.contains("Dropped because the path changed: adult"), printed)
        XCTAssertEqual(interview.determination.classification, "experimental")
    }

    func testEndOfInputKeepsTheInterviewSoFar() {
        let (outcome, _) = run(["n", "1"])
        guard case .inputEnded(let partial) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(partial.result["who"], .choice("school"))
        XCTAssertEqual(partial.current, "age")
    }

    func testQuitKeepsTheInterviewSoFar() {
        let (outcome, _) = run(["n", "q"])
        guard case .quit(let partial) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(partial.result["q1"], .tri(false))
    }

    struct DiskFull: Error, CustomStringConvertible { var description: String { "No space left on device" } }

    func testAnAnswerThatCannotBeSavedIsNotAcceptedAndTheScreenStays() {
        var remaining = ["n", "1", "1"][...]
        var printed = ""
        var saves = 0
        var front = PlainFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSinceReferenceDate: 0)),
                               persist: { _ in saves += 1; if saves == 2 { throw DiskFull() } },
                               input: { remaining.popFirst() }, output: { printed += $0 })
        guard case .inputEnded(let partial) = front.run() else { return XCTFail() }
        XCTAssertTrue(printed.contains("! No space left on device"), printed)
        XCTAssertTrue(printed.contains("The answer was not saved, so it was not accepted; the screen stays."), printed)
        // The first "1" failed to save and was undone; the second, typed again, was kept.
        XCTAssertEqual(partial.result["who"], .choice("school"))
        XCTAssertEqual(partial.events.count, 2)
        XCTAssertEqual(partial.current, "age")
    }

    func testFinishIsOnlyOfferedAtTheEnd() {
        let (outcome, printed) = run(["f"])
        XCTAssertFalse(printed.contains("Classification"))
        guard case .inputEnded = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(printed.contains("! answer y (yes)"), printed)
    }
}
