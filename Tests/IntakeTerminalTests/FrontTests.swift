import Foundation
import XCTest
import IntakeCore
@testable import IntakeTerminal

final class FrontTests: XCTestCase {
    let t0 = SnapshotTests.t0

    func front(_ keys: [Key]) throws -> Front {
        try SnapshotTests.makeFront(keys)
    }

    func testYesNoUnknownAnswersWithLettersArrowsAndEnter() throws {
        XCTAssertEqual(try front([.enter, .character("y")]).interview.answers["adult"]?.value, .tri(true))
        XCTAssertEqual(try front([.enter, .character("N")]).interview.answers["adult"]?.value, .tri(false))
        XCTAssertEqual(try front([.enter, .character("u")]).interview.answers["adult"]?.value, .unknown)
        // The first arrow highlights the first row; the next ones move.
        XCTAssertEqual(try front([.enter, .down, .enter]).interview.answers["adult"]?.value, .tri(true))
        XCTAssertEqual(try front([.enter, .down, .down, .down, .enter]).interview.answers["adult"]?.value, .unknown)
        XCTAssertEqual(try front([.enter, .down, .down, .down, .down, .up, .enter]).interview.answers["adult"]?.value, .tri(false))
    }

    /// Issue 15: "unknown" is a row of its own, not a value, so a flow may have a choice called "unknown"
    /// and the front records that choice, while u still means "not yet established".
    func testAChoiceCalledUnknownIsAChoiceNotUnknown() throws {
        let flow = try FlowLoader.load(text: """
            id: u
            title: U
            version: 1.0.0
            start: source
            screens:
              - id: source
                kind: choice
                prompt: Where did the image come from?
                allow-unknown: true
                choices:
                  - value: phone
                    label: A phone
                  - value: unknown
                    label: An unknown sender
                next: ways
              - id: ways
                kind: multi-choice
                prompt: How was it passed on?
                allow-unknown: true
                choices:
                  - value: unknown
                    label: By an unknown route
                  - value: chat
                    label: Chat
                next: done
              - id: done
                kind: end
                prompt: Done.
            determination:
              rules: []
              otherwise:
                classification: noted
            """, file: "u.yaml")
        func run(_ keys: [Key]) -> Front {
            var front = Front(interview: Interview(flow: flow, startedAt: t0))
            for key in keys { _ = front.update(key, now: t0) }
            return front
        }
        XCTAssertEqual(run([.character("2")]).interview.answers["source"]?.value, .choice("unknown"))
        XCTAssertEqual(run([.character("u")]).interview.answers["source"]?.value, .unknown)
        XCTAssertEqual(run([.character("u"), .character("1"), .enter]).interview.answers["ways"]?.value, .choices(["unknown"]))
        XCTAssertEqual(run([.character("u"), .character("3"), .enter]).interview.answers["ways"]?.value, .unknown)
        XCTAssertEqual(run([.character("u"), .character("3"), .character("1"), .enter]).interview.answers["ways"]?.value, .choices(["unknown"]),
                       "ticking a choice clears 'not yet established'")
    }

    /// Issue 13: a new question has no highlighted answer, so Enter alone answers nothing and says what does.
    func testEnterAloneAnswersNoNewQuestion() throws {
        let f = try front([.enter, .enter])
        XCTAssertEqual(f.interview.current, "adult")
        XCTAssertNil(f.interview.answers["adult"])
        XCTAssertFalse(f.highlighted)
        XCTAssertEqual(f.message, "Nothing is chosen yet: press y, n or u, or move with ↑↓ and then press Enter.")
        // The same on a choice and a checklist screen.
        XCTAssertNil(try front([.enter, .character("n"), .enter]).interview.answers["who"])
        XCTAssertEqual(try front(SnapshotTests.toChecks + [.enter]).interview.current, "checks")
        XCTAssertNil(try front(SnapshotTests.toChecks + [.enter]).interview.answers["checks"])
    }

    /// Issue 13: "n" then Enter typed before the next screen was drawn answers only the screen that was
    /// shown; the Enter, stamped with the old generation, is dropped. Keys stamped with the current
    /// generation still work, and Ctrl-C always does.
    func testKeysTypedBeforeAScreenWasDrawnNeverAnswerIt() throws {
        var f = try front([.enter])
        let shown = f.generation
        _ = f.update(.character("n"), now: t0, typedOn: shown)
        XCTAssertEqual(f.interview.answers["adult"]?.value, .tri(false))
        XCTAssertNotEqual(f.generation, shown, "a new screen is a new generation")
        _ = f.update(.character("1"), now: t0, typedOn: shown)
        _ = f.update(.enter, now: t0, typedOn: shown)
        XCTAssertEqual(f.interview.current, "who")
        XCTAssertNil(f.interview.answers["who"], "typed ahead, so dropped")
        _ = f.update(.character("1"), now: t0, typedOn: f.generation)
        XCTAssertEqual(f.interview.answers["who"]?.value, .choice("school"), "typed after the screen was drawn")
        _ = f.update(.interrupt, now: t0, typedOn: shown)
        XCTAssertEqual(f.overlay, .confirmQuit, "asking to quit is never dropped")
    }

    /// Issue 13: signing cannot be undone, so only y signs. Enter means "not yet", and a y typed before
    /// the dialog appeared is dropped.
    func testOnlyYSignsAndEnterMeansNotYet() throws {
        var f = try front(SnapshotTests.toEnd + [.enter])
        XCTAssertEqual(f.overlay, .confirmFinish)
        XCTAssertEqual(f.update(.enter, now: t0), [])
        XCTAssertNil(f.overlay)
        XCTAssertNotEqual(f.interview.phase, .finished)
        let before = f.generation
        _ = f.update(.character("f"), now: t0, typedOn: before)
        XCTAssertEqual(f.overlay, .confirmFinish)
        XCTAssertEqual(f.update(.character("y"), now: t0, typedOn: before), [], "typed before the dialog was drawn")
        XCTAssertEqual(f.overlay, .confirmFinish)
        XCTAssertEqual(f.update(.character("y"), now: t0, typedOn: f.generation), [.save(.finish(at: t0)), .finished],
                       "the end is saved before the record is made")
        XCTAssertEqual(f.interview.phase, .finished)
    }

    /// Issue 13: the quit dialog says what happens to the answers.
    func testTheQuitDialogTellsTheTruth() throws {
        var f = try front([.enter, .interrupt])
        XCTAssertTrue(render(f, size: Size(columns: 80, rows: 24)).text.contains("Nothing is kept"))
        f.resumeHint = "intake resume IR-1"
        let text = render(f, size: Size(columns: 80, rows: 24)).text
        XCTAssertTrue(text.contains("Every answer so far is kept; intake resume IR-1 continues where"), text)
    }

    func testLeftAndBackspaceGoBackOnListScreensAndTheAnswerIsPreselected() throws {
        let f = try front([.enter, .character("n"), .left])
        XCTAssertEqual(f.interview.current, "adult")
        XCTAssertEqual(f.selection, 1, "No stays highlighted")
        XCTAssertEqual(try front([.enter, .character("n"), .backspace]).interview.current, "adult")
    }

    func testChoiceByDigitAndUnknown() throws {
        XCTAssertEqual(try front([.enter, .character("n"), .character("2")]).interview.answers["who"]?.value, .choice("parent"))
        XCTAssertEqual(try front([.enter, .character("n"), .character("u")]).interview.answers["who"]?.value, .unknown)
    }

    func testMultipleChoiceTicksAndAccepts() throws {
        let f = try front([.enter, .character("n"), .character("1"), .character("3"), .character("1"), .up, .up, .down, .character(" "), .enter])
        XCTAssertEqual(f.interview.answers["harms"]?.value, .choices(["kept", "sent", "online"]))
    }

    func testTheEditorHandlesUnicodeHomeEndAndBackspace() throws {
        var f = try front(SnapshotTests.toName + SnapshotTests.typing("Zoe"))
        let keys: [Key] = [.backspace, .character("ë"), .home] + SnapshotTests.typing("Dr ") + [.end, .character("!"), .left, .delete]
        for key in keys {
            _ = f.update(key, now: t0)
        }
        XCTAssertEqual(f.field?.text, "Dr Zoë")
        _ = f.update(.enter, now: t0)
        XCTAssertEqual(f.interview.answers["name"]?.value, .text("Dr Zoë"))
    }

    func testMultiLineTextTakesEnterAsNewlineAndCtrlDToAccept() throws {
        var f = try front(SnapshotTests.toAccount + SnapshotTests.typing("one\ntwo"))
        XCTAssertEqual(f.interview.current, "account")
        _ = f.update(.up, now: t0)
        _ = f.update(.character("!"), now: t0)
        _ = f.update(.function(10), now: t0)
        XCTAssertEqual(f.interview.answers["account"]?.value, .text("one!\ntwo"))
    }

    /// Issue 13, part 4: a bracketed paste goes into a text field whole, Enter-like line ends and all,
    /// and never answers a question, whatever it holds.
    func testAPasteFillsAFieldButNeverAnswersAQuestion() throws {
        var f = try front([.enter])
        _ = f.update(.paste("y\n"), now: t0)
        XCTAssertNil(f.interview.answers["adult"], "a pasted y and line end answer nothing")
        XCTAssertEqual(f.interview.current, "adult")
        XCTAssertNotNil(f.message)
        f = try front(SnapshotTests.toName)
        _ = f.update(.paste("Zoe\nSmith"), now: t0)
        XCTAssertEqual(f.field?.text, "Zoe Smith", "one line in a one-line field")
        XCTAssertNil(f.interview.answers["name"], "the line end in the paste did not accept it")
        f = try front(SnapshotTests.toAccount)
        _ = f.update(.paste("one\ntwo"), now: t0)
        XCTAssertEqual(f.field?.text, "one\ntwo")
        XCTAssertEqual(f.interview.current, "account")
    }

    func testAnInvalidNumberKeepsTheTypedTextAndSaysWhy() throws {
        let f = try front(SnapshotTests.toAge + SnapshotTests.typing("1x") + [.enter])
        XCTAssertEqual(f.message, "answer with a whole number, e.g. 14")
        XCTAssertEqual(f.field?.text, "1x")
        XCTAssertEqual(f.interview.current, "age")
    }

    func testDraftsSurviveGoingBackAndReturning() throws {
        var f = try front(SnapshotTests.toAccount + SnapshotTests.typing("unfinished"))
        _ = f.update(.escape, now: t0)
        XCTAssertEqual(f.interview.current, "name")
        _ = f.update(.enter, now: t0)
        XCTAssertEqual(f.interview.current, "account")
        XCTAssertEqual(f.field?.text, "unfinished")
    }

    func testHelpOpensAndClosesWithoutChangingAnswers() throws {
        var f = try front([.enter, .character("?")])
        XCTAssertEqual(f.overlay, .help)
        _ = f.update(.character("y"), now: t0)
        XCTAssertNil(f.interview.answers["adult"], "keys other than close do nothing under the help panel")
        _ = f.update(.escape, now: t0)
        XCTAssertNil(f.overlay)
        XCTAssertEqual(try front(SnapshotTests.toName + [.character("?")]).field?.text, "?", "? is text in an editor")
        XCTAssertEqual(try front(SnapshotTests.toName + [.function(1)]).overlay, .help)
    }

    func testCtrlCAsksFirstAndQuitsOnlyOnYes() throws {
        var f = try front([.enter, .interrupt])
        XCTAssertEqual(f.overlay, .confirmQuit)
        XCTAssertEqual(f.update(.character("n"), now: t0), [])
        XCTAssertNil(f.overlay)
        _ = f.update(.interrupt, now: t0)
        XCTAssertEqual(f.update(.character("y"), now: t0), [.quit])
    }

    /// Issue 33, item 1: a typed or pasted character that would act on a terminal or hide in the record
    /// (a bidi override, a zero-width space, ESC) is refused as it is typed, and the officer is told why.
    func testAKeyThatWouldHideInTheRecordIsRefusedAndSaid() throws {
        var f = try front(SnapshotTests.toName)
        for key in SnapshotTests.typing("Zoe") { _ = f.update(key, now: t0) }
        _ = f.update(.character("\u{202e}"), now: t0)
        XCTAssertEqual(f.field?.text, "Zoe", "the override is not in the field")
        XCTAssertTrue(f.message?.contains("U+202E") ?? false, f.message ?? "nothing said")
        _ = f.update(.character("x"), now: t0)
        XCTAssertNil(f.message, "the next letter clears the message")
        _ = f.update(.paste(" Sm\u{1b}]52;c;aGk=\u{07}ith\u{200b}"), now: t0)
        XCTAssertEqual(f.field?.text, "Zoex Sm]52;c;aGk=ith", "the paste keeps its letters, never its controls")
        XCTAssertTrue(f.message?.contains("U+001B") ?? false, f.message ?? "nothing said")
        // The reason for a step not done is a field too.
        f = try front(SnapshotTests.toChecks + [.character("n"), .enter])
        _ = f.update(.character("\u{2066}"), now: t0)
        XCTAssertTrue(f.message?.contains("U+2066") ?? false, f.message ?? "nothing said")
        for key in SnapshotTests.typing("Down") { _ = f.update(key, now: t0) }
        _ = f.update(.enter, now: t0)
        XCTAssertEqual(f.interview.answers["checks"]?.value, .checklist(.notDone, reason: "Down"))
    }

    func testChecklistNotDoneNeedsAReason() throws {
        var f = try front(SnapshotTests.toChecks + [.character("n"), .enter])
        XCTAssertEqual(f.message, "give the reason it was not done")
        XCTAssertNotNil(f.overlay)
        for key in SnapshotTests.typing("Systems down") { _ = f.update(key, now: t0) }
        _ = f.update(.enter, now: t0)
        XCTAssertEqual(f.interview.answers["checks"]?.value, .checklist(.notDone, reason: "Systems down"))
        XCTAssertEqual(f.interview.current, "done")
    }

    func testReviewEditRecomputesAndReturnsToTheReview() throws {
        var f = try front(SnapshotTests.toEnd + [.function(2), .down, .enter])
        XCTAssertEqual(f.interview.current, "adult")
        _ = f.update(.character("y"), now: t0)
        XCTAssertEqual(f.interview.phase, .reviewing)
        XCTAssertEqual(f.interview.determination.classification, "aggravated")
        XCTAssertEqual(f.interview.audit.map(\.question), ["adult"])
    }

    func testFinishingAsksToConfirm() throws {
        var f = try front(SnapshotTests.toEnd + [.enter])
        XCTAssertEqual(f.overlay, .confirmFinish)
        XCTAssertEqual(f.update(.character("n"), now: t0), [])
        XCTAssertEqual(f.interview.phase, .asking)
        _ = f.update(.character("f"), now: t0)
        XCTAssertEqual(f.update(.character("y"), now: t0).last, .finished)
        XCTAssertEqual(f.interview.phase, .finished)
    }

    func testStepCountsUseTheLongestRemainingPath() throws {
        let rendered = render(try front([.enter, .character("n")]), size: Size(columns: 80, rows: 24))
        XCTAssertTrue(rendered.lines[0].text.hasSuffix("Step 3 of about 10 "), rendered.lines[0].text)
    }

    /// A change the adapter could not save is taken back whole: the screen, and the text as typed.
    func testAnEventThatCouldNotBeSavedIsTakenBackWithItsText() throws {
        var f = try front(SnapshotTests.toAccount + SnapshotTests.typing("A sent B one image."))
        let typed = f
        let effects = f.update(.endOfText, now: t0)
        XCTAssertEqual(effects, [.save(.answer(.text("A sent B one image."), at: t0))], "the answer is handed out to be saved")
        XCTAssertEqual(f.interview.current, "age")
        f.saveFailed("disk full")
        XCTAssertEqual(f.interview, typed.interview)
        XCTAssertEqual(f.interview.current, "account")
        XCTAssertEqual(f.field?.text, "A sent B one image.", "nothing typed is lost")
        XCTAssertEqual(f.message, "not saved, so not accepted: disk full")
        XCTAssertGreaterThan(f.generation, typed.generation, "keys typed meanwhile do not act on the restored screen")
    }

    /// Issue 13: a time more than a month old is kept only on a second Enter; editing asks again.
    func testAnOldTimeNeedsASecondEnter() throws {
        var f = try front(SnapshotTests.toWhen + SnapshotTests.typing("01/01/2020 10:00"))
        let now = SnapshotTests.t0
        _ = f.update(.enter, now: now)
        XCTAssertEqual(f.interview.current, "when", "not kept yet")
        XCTAssertTrue(f.message?.contains("is more than a month ago: press Enter again to keep it") ?? false, f.message ?? "")
        _ = f.update(.backspace, now: now)
        _ = f.update(.character("1"), now: now)
        _ = f.update(.enter, now: now)
        XCTAssertEqual(f.interview.current, "when", "changed, so asked again")
        _ = f.update(.enter, now: now)
        XCTAssertNotEqual(f.interview.current, "when", "the second Enter keeps it")
    }

    /// Issue 13: Ctrl-U, Ctrl-W, Ctrl-A and Ctrl-E edit as in a shell.
    func testLineEditingKeys() {
        var field = TextField("first line\nsend it now", multiLine: true)
        XCTAssertTrue(field.edit(.deleteWord))
        XCTAssertEqual(field.text, "first line\nsend it ")
        XCTAssertTrue(field.edit(.deleteWord))
        XCTAssertEqual(field.text, "first line\nsend ", "spaces, then the word before them")
        XCTAssertTrue(field.edit(.home))
        XCTAssertEqual(field.cursor, 11, "Ctrl-A: the start of this line, not of the text")
        XCTAssertTrue(field.edit(.end))
        XCTAssertTrue(field.edit(.deleteToStart))
        XCTAssertEqual(field.text, "first line\n", "Ctrl-U keeps earlier lines")
        XCTAssertTrue(field.edit(.deleteWord))
        XCTAssertEqual(field.text, "first line\n", "nothing before the cursor on this line to delete")
    }

    /// Issue 13: in the review the highlight stays on the row just changed, u lists only the unknown
    /// answers, and a long question wraps rather than being cut.
    func testTheReviewKeepsItsPlaceFiltersUnknownsAndUsesTheWidth() throws {
        var f = try front(SnapshotTests.toEnd + [.function(2), .down, .down])
        let row = f.reviewable[f.selection]
        _ = f.update(.enter, now: t0)
        XCTAssertEqual(f.interview.current, row)
        _ = f.update(.character("1"), now: t0)
        XCTAssertEqual(f.interview.phase, .reviewing)
        XCTAssertEqual(f.reviewable[f.selection], row, "the highlight stays on the row just changed")
        // u: only the unknown answers (none yet), then all again, the highlight kept.
        _ = f.update(.character("u"), now: t0)
        XCTAssertTrue(f.reviewUnknownOnly)
        XCTAssertEqual(f.reviewable, [])
        XCTAssertTrue(render(f, size: Size(columns: 80, rows: 24)).text.contains("Nothing is unknown or not yet done."))
        _ = f.update(.character("u"), now: t0)
        XCTAssertEqual(f.reviewable.count, try front(SnapshotTests.toEnd + [.function(2)]).reviewable.count)
        // The longest question is shown whole, over more than one row.
        let text = render(f, size: Size(columns: 60, rows: 40)).text
        XCTAssertTrue(text.contains("Run background checks on") && text.contains("   everyone involved."), text)
        XCTAssertFalse(text.contains("…"), "nothing cut short: \(text)")
    }

    // Issue 35, item 4: no key vanishes without a sign, and a message is read whole.

    func testAKeyThatDoesNothingSaysSo() throws {
        var f = try front([.enter])
        XCTAssertNil(f.message)
        _ = f.update(.character("x"), now: t0)
        XCTAssertEqual(f.message, Language.en(.keyDoesNothing, "x"))
        _ = f.update(.character("n"), now: t0)
        XCTAssertEqual(f.interview.answers["adult"]?.value, .tri(false), "a key that works still works")
        XCTAssertNotEqual(f.message, Language.en(.keyDoesNothing, "n"))
    }

    func testAKeyTypedBeforeTheScreenAppearedIsDroppedAndSaidSo() throws {
        var f = try front([.enter])
        let old = f.generation
        _ = f.update(.character("y"), now: t0)
        XCTAssertEqual(f.update(.character("n"), now: t0, typedOn: old), [], "typed on the screen before")
        XCTAssertEqual(f.message, Language.en(.keyTypedAhead))
    }

    func testALongMessageWrapsInsteadOfBeingCut() throws {
        var f = try front([.enter])
        _ = f.update(.enter, now: t0)  // nothing chosen yet: the longest refusal of a list screen
        let message = try XCTUnwrap(f.message)
        let shown = render(f, size: Size(columns: 60, rows: 16)).text
        let words = message.split(separator: " ").map(String.init)
        XCTAssertTrue(words.allSatisfy { shown.contains($0) }, "every word of the message is on the screen:\n\(shown)")
    }
}
