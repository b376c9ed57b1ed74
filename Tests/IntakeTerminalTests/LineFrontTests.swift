import Foundation
import XCTest
import IntakeCore
@testable import IntakeTerminal

final class LineFrontTests: XCTestCase {
    var flow: Flow!

    override func setUpWithError() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        flow = try FlowLoader.load(path: root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/mini.yaml").path)
    }

    /// Runs `front` through its loop on entered lines, saving with `save`; returns how it ended,
    /// everything written and every prompt shown.
    static func drive(_ front: inout LineFront, _ lines: [EnteredLine?], save: (Event) throws -> Void = { _ in })
        -> (InterviewEnding, String, [String]) {
        var remaining = lines[...]
        var printed = ""
        var prompts: [String] = []
        let ending = LineFront.run(&front, now: { Date(timeIntervalSince1970: 60) },
                                   read: { prompt in
                                       prompts.append(prompt)
                                       printed += prompt
                                       return remaining.popFirst() ?? nil
                                   },
                                   write: { printed += $0 }, perform: { $1.perform($0, save: save) })
        return (ending, printed, prompts)
    }

    /// Runs the front on scripted lines; returns the outcome and everything it printed.
    func run(_ lines: [String]) -> (InterviewEnding, String) {
        var front = LineFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0)))
        let (ending, printed, _) = Self.drive(&front, lines.map(EnteredLine.text))
        return (ending, printed)
    }

    func finished(_ outcome: InterviewEnding) -> Interview? {
        if case .finished(let interview) = outcome { return interview }
        return nil
    }

    func testAStraightRunFinishes() throws {
        let (outcome, printed) = run(["n", "1", "14", "f", "y"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(interview.result["who"], .choice("school"))
        XCTAssertEqual(interview.result["age"], .number(14))
        XCTAssertTrue(printed.contains("Classification: experimental"), printed)
    }

    /// Issue 33, item 2: the line front shows whatever it prints; an OSC 52 clipboard write in a flow's
    /// text (a flow built past the loader, which refuses one) or in a typed answer never reaches the
    /// terminal raw.
    func testNothingThePlainFrontPrintsActsOnTheTerminal() throws {
        flow.screens[0].prompt = "Adult?\u{1b}]52;c;aGk=\u{07}\u{202e}"
        flow.title = "Mini\u{1b}[2J"
        let (outcome, printed) = run(["n\u{1b}[2J", "n", "1", "14", "f", "y"])
        XCTAssertNotNil(finished(outcome))
        XCTAssertNil(Visible.firstHidden(in: printed), Visible.line(printed))
        XCTAssertTrue(printed.contains("Adult?\\x1b]52;c;aGk=\\x07\\u{202e}"), printed)
    }

    func testWordsAndNumbersBothWorkForChoices() throws {
        let (outcome, _) = run(["no", "A parent", "u", "f", "y"])
        let interview = try XCTUnwrap(finished(outcome))
        XCTAssertEqual(interview.result["who"], .choice("parent"))
        XCTAssertEqual(interview.result["age"], .unknown)
    }

    func testBadInputIsExplainedAndTheScreenAskedAgain() throws {
        let (outcome, printed) = run(["maybe", "n", "9", "2", "18", "16", "f", "y"])
        XCTAssertNotNil(finished(outcome))
        XCTAssertTrue(printed.contains("! answer y (yes), n (no) or u (unknown — not yet established)"), printed)
        XCTAssertTrue(printed.contains("! answer with a number from 1 to 2"), printed)
        XCTAssertTrue(printed.contains("! the number must be at most 17"), printed)
    }

    func testHelpShowsGuidanceAndSource() {
        let (_, printed) = run(["?"])
        XCTAssertTrue(printed.contains(Language.en(.noGuidance)), printed)
    }

    func testBackThenChangeTakesTheOtherBranch() throws {
        let (outcome, printed) = run(["n", "b", "y", "", "2", "15", "f", "y"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(interview.result["adult"], .acknowledged)
        XCTAssertEqual(interview.determination.classification, "aggravated")
        XCTAssertEqual(interview.audit.first?.old, .tri(false))
        XCTAssertEqual(interview.audit.first?.new, .tri(true))
    }

    func testEnterKeepsTheCurrentAnswerAfterGoingBack() throws {
        let (outcome, printed) = run(["n", "2", "b", "", "15", "f", "y"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(interview.result["who"], .choice("parent"))
        XCTAssertTrue(interview.audit.isEmpty)
        XCTAssertTrue(printed.contains("(current answer: A parent; Enter keeps it)"), printed)
    }

    func testReviewEditShowsDroppedAnswers() throws {
        // yes → info → parent → 15, then edit the first answer to no from the review.
        let (outcome, printed) = run(["y", "", "2", "15", "r", "1", "n", "", "f", "y"])
        let interview = try XCTUnwrap(finished(outcome), printed)
        XCTAssertNil(interview.result["adult"])
        XCTAssertTrue(printed.contains("Dropped after a change (no longer on the path): adult"), printed)
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
        var saves = 0
        var front = LineFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSinceReferenceDate: 0)))
        let (ending, printed, _) = Self.drive(&front, ["n", "1", "1"].map(EnteredLine.text),
                                              save: { _ in saves += 1; if saves == 2 { throw DiskFull() } })
        guard case .inputEnded(let partial) = ending else { return XCTFail() }
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

    // Issue 13, part 7: the keys of the full screen mean the same on the line front.

    /// A small flow with a checklist and a multi-line text, for the keys that act on those.
    func notesFlow() throws -> Flow {
        try FlowLoader.load(text: """
        id: notes
        title: Notes
        version: 1.0.0
        start: check
        screens:
          - id: check
            kind: checklist
            action: check
            prompt: Check the records.
            next: account
          - id: account
            kind: text
            multi-line: true
            prompt: What happened?
            next: done
          - id: done
            kind: end
            prompt: Finished.
        determination:
          rules: []
          otherwise:
            classification: experimental
            outcome21: not-applicable
        actions:
          - id: check
            text: Check the records.
            source: Test source
        """, file: "notes.yaml")
    }

    /// Runs a front on lines as the line editor returns them; returns the outcome, what was printed
    /// and the prompts shown.
    func runEntered(_ lines: [EnteredLine?], flow: Flow? = nil) throws -> (InterviewEnding, String, [String]) {
        var front = LineFront(interview: Interview(flow: flow ?? self.flow, startedAt: Date(timeIntervalSince1970: 0)),
                              resumeHint: "intake resume IR-1")
        return Self.drive(&front, lines)
    }

    func testCtrlCAsksAndSaysHowToContinueThenQuitsOnlyOnYes() throws {
        var (outcome, printed, _) = try runEntered([.text("n"), .interrupt, .text("n"), .text("2"), .interrupt, .text("y")])
        guard case .quit(let partial) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(partial.result["who"], .choice("parent"), "after carrying on, the same screen was answered")
        XCTAssertTrue(printed.contains("Every answer so far is kept; intake resume IR-1 continues it later."), printed)
        XCTAssertTrue(printed.contains("Carrying on."), printed)
        // Ctrl-C twice quits too; an Enter alone carries on.
        (outcome, _, _) = try runEntered([.interrupt, .interrupt])
        guard case .quit = outcome else { return XCTFail("\(outcome)") }
        (outcome, _, _) = try runEntered([.interrupt, .text(""), .text("n")])
        guard case .inputEnded(let later) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(later.result["q1"], .tri(false))
    }

    func testCtrlDEndsATextNotTheInterview() throws {
        let flow = try notesFlow()
        // Ctrl-D on a line of its own ends the text; on a line with words it keeps them.
        var (outcome, printed, _) = try runEntered([.text("d"), .text("First line"), .endOfText(""), .text("f"), .text("y")], flow: flow)
        var done = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(done.result["account"], .text("First line"))
        (outcome, printed, _) = try runEntered([.text("d"), .text("One"), .endOfText("two"), .text("f"), .text("y")], flow: flow)
        done = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(done.result["account"], .text("One\ntwo"))
        (outcome, printed, _) = try runEntered([.text("d"), .endOfText("Only line"), .text("f"), .text("y")], flow: flow)
        done = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(done.result["account"], .text("Only line"))
        // Ctrl-C mid-text, then carrying on, keeps the lines typed so far.
        (outcome, printed, _) = try runEntered([.text("d"), .text("Kept"), .interrupt, .text("n"), .text("too"), .text("."), .text("f"), .text("y")], flow: flow)
        done = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(done.result["account"], .text("Kept\ntoo"))
    }

    func testBadInputAtEveryPromptIsAskedAgain() throws {
        let flow = try notesFlow()
        // An empty reason is asked for again, not recorded.
        var (outcome, printed, prompts) = try runEntered([.text("n"), .text(""), .text("   "), .text("no access"), .endOfText("x"), .text("f"), .text("y")], flow: flow)
        let done = try XCTUnwrap(finished(outcome), printed)
        XCTAssertEqual(done.result["check"], .checklist(.notDone, reason: "no access"))
        XCTAssertEqual(prompts.filter { $0.contains("Reason it was not done") }.count, 3, "\(prompts)")
        XCTAssertTrue(printed.contains("! a reason is needed"), printed)
        // The review re-asks a word it does not know instead of leaving.
        (outcome, printed, _) = try runEntered([.text("n"), .text("r"), .text("seven"), .text("9"), .text("1"), .text("y")])
        guard case .inputEnded(let partial) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(partial.result["q1"], .tri(true), "the number typed after two bad ones changed the answer")
        XCTAssertEqual(printed.components(separatedBy: "! type a number from 1 to 1").count - 1, 2, printed)
    }

    func testTheLegendIsReadOnceNotAtEveryPrompt() throws {
        let (_, printed, _) = try runEntered([.text("n"), .text("1"), .text("?")])
        XCTAssertEqual(printed.components(separatedBy: Language.en(.plainLegend)).count - 1, 2, "once at the start and once on ?: \(printed)")
    }

    // Issue 34, item 1: the line front is a pure state on the full screen's contract; these drive
    // `update` directly and look at the state and the effects, with no loop and no input.

    func testAnAnswerIsAnEffectToSaveAndTheNextScreenIsSaidAfterIt() {
        var front = LineFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0)))
        XCTAssertEqual(front.start(), [])
        XCTAssertTrue(front.takeOutput().contains("Is an adult involved?"))
        let effects = front.update(.text("n"), now: Date(timeIntervalSince1970: 60))
        XCTAssertEqual(effects, [.save(.answer(.tri(false), at: Date(timeIntervalSince1970: 60)))])
        XCTAssertEqual(front.interview.current, "who")
        XCTAssertEqual(front.prompt, "> ")
        let said = front.takeOutput()
        XCTAssertTrue(said.contains("1) A school"), said)
        XCTAssertEqual(front.takeOutput(), "", "what is said is taken once")
    }

    func testASaveThatFailedTakesBackTheEventAndWhatWasSaidAfterIt() {
        var front = LineFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0)))
        _ = front.start()
        _ = front.takeOutput()
        let before = front.interview
        _ = front.update(.text("n"), now: Date(timeIntervalSince1970: 60))
        front.saveFailed("No space left on device")
        XCTAssertEqual(front.interview, before)
        let said = front.takeOutput()
        XCTAssertFalse(said.contains("A school"), "the next screen was never shown: \(said)")
        XCTAssertTrue(said.contains("! No space left on device"), said)
        XCTAssertEqual(front.prompt, "> ")
    }

    func testCtrlCAsksFirstAndOnlyYesQuits() {
        var front = LineFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0)), resumeHint: "intake resume IR-9")
        _ = front.start()
        XCTAssertEqual(front.update(.interrupt, now: Date()), [])
        XCTAssertEqual(front.prompt, "  " + Language.en(.plainQuitPrompt))
        XCTAssertTrue(front.takeOutput().contains("intake resume IR-9"))
        XCTAssertEqual(front.update(.text("n"), now: Date()), [])
        XCTAssertEqual(front.prompt, "> ", "back to the question")
        _ = front.update(.interrupt, now: Date())
        XCTAssertEqual(front.update(.text("yes"), now: Date()), [.quit])
        XCTAssertEqual(front.update(nil, now: Date()), [.inputEnded])
    }

    func testFinishingIsASaveThenTheEnd() {
        var front = LineFront(interview: Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0)))
        _ = front.start()
        let t = Date(timeIntervalSince1970: 60)
        for line in ["n", "1", "14"] { _ = front.update(.text(line), now: t) }
        XCTAssertEqual(front.update(.text("f"), now: t), [], "signing is asked first, as on the full screen")
        XCTAssertEqual(front.update(.text("n"), now: t), [])
        XCTAssertEqual(front.interview.phase, .asking, "anything but y goes back")
        XCTAssertEqual(front.update(.text("f"), now: t), [])
        XCTAssertEqual(front.update(.text("y"), now: t), [.save(.finish(at: t)), .finished])
        XCTAssertEqual(front.interview.phase, .finished)
    }

    /// Both fronts take a failed save back the same way: the interview is as it was before the key
    /// or line that made the event.
    func testBothFrontsTakeBackAFailedSaveAlike() {
        let t = Date(timeIntervalSince1970: 60)
        let start = Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0))
        var line = LineFront(interview: start)
        _ = line.start()
        var screen = Front(interview: start)
        struct Full: Error {}
        let lineStep = line.update(.text("n"), now: t).map { line.perform($0, save: { _ in throw Full() }) }
        let screenStep = screen.update(.character("n"), now: t).map { screen.perform($0, save: { _ in throw Full() }) }
        XCTAssertEqual(lineStep, [.repaint])
        XCTAssertEqual(screenStep, [.repaint])
        XCTAssertEqual(line.interview, start)
        XCTAssertEqual(screen.interview, start)
    }

    /// Issue 35, item 6: a training interview says so on every screen, on both fronts, in words.
    func testATrainingInterviewSaysSoOnEveryScreen() {
        let start = Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0))
        var line = LineFront(interview: start)
        line.training = true
        _ = line.start()
        XCTAssertTrue(line.takeOutput().contains("TRAINING — practice, not a real case"))
        _ = line.update(.text("n"), now: Date(timeIntervalSince1970: 60))
        XCTAssertTrue(line.takeOutput().contains("TRAINING"), "the next screen too")
        var screen = Front(interview: start)
        XCTAssertFalse(render(screen, size: Size(columns: 100, rows: 24)).text.contains("TRAINING"))
        screen.training = true
        XCTAssertTrue(render(screen, size: Size(columns: 100, rows: 24)).text.contains("TRAINING"))
    }
}
