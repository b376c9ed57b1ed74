import FoundationEssentials
import Glibc
import IntakeCore

/// The line-by-line front's whole state: one screen at a time as text, answers read a line at a time,
/// the same typed at a terminal (with a screen reader) or piped from a file, like debconf's readline
/// frontend. Pure, on the full screen's contract: `update` takes a line and returns effects as values;
/// what to write is `takeOutput()` and what to ask next is `prompt`. `LineFront.run` is its loop.
package struct LineFront: InterviewFront, Equatable, Sendable {
    /// What the next line read answers.
    enum Waiting: Equatable, Sendable {
        /// The current screen's question.
        case answer
        /// The review: a number changes that answer, Enter leaves.
        case review
        /// "Quit now?" after Ctrl-C; a no goes back to what was being asked.
        indirect case quit(then: Waiting)
        /// The reason a checklist item was not done.
        case reason
        /// A second yes for an answer that needs one (a time long ago); `check` says why.
        case keep(AnswerValue, check: String)
        /// A text of several lines, up to a lone full stop or Ctrl-D.
        case lines([String])
        /// "Sign it now?" after `f` at the end: signing cannot be undone, so it is asked, as on the
        /// full screen; only y signs.
        case sign
    }

    /// The interview.
    package private(set) var interview: Interview
    /// A training interview: every screen says so.
    package var training = false
    /// Shown before the next line is read.
    package private(set) var prompt = "> "
    private(set) var waiting = Waiting.answer
    /// Text to write, made visible, since it was last taken.
    private var output = ""
    /// The screen last shown in full; it is not shown again for each wrong answer.
    private var shown: String?
    private let parser: AnswerParser
    private let resumeHint: String?
    /// Longest remaining path from each screen, for "step N of about M", as on the full screen.
    private let stepsToEnd: [String: Int]
    /// The flow in each language it can be shown in; `l` at any prompt moves to the next.
    private let languages: FlowLanguages?
    /// The front as it was before its last event, so an event that could not be saved is taken back
    /// with everything said after it.
    private var undo: Snapshot?
    private struct Snapshot: Equatable, Sendable {
        var interview: Interview
        var output: String
        var shown: String?
        var waiting: Waiting
    }
    /// Effects gathered during one update.
    private var outbox: [InterviewEffect] = []

    private var words: Language { interview.flow.language }

    package static func == (a: LineFront, b: LineFront) -> Bool {
        a.interview == b.interview && a.training == b.training && a.prompt == b.prompt && a.waiting == b.waiting && a.output == b.output
            && a.shown == b.shown && a.undo == b.undo
    }

    /// Creates a front over `interview`. `resumeHint` is the command that continues it, said when the
    /// officer asks to quit.
    package init(interview: Interview, parser: AnswerParser = AnswerParser(), resumeHint: String? = nil, languages: FlowLanguages? = nil) {
        self.interview = interview
        self.parser = parser
        self.resumeHint = resumeHint
        self.languages = languages
        self.stepsToEnd = interview.flow.longestPathToEnd(skipping: Set(interview.given.keys))
    }

    /// The keys that work at every prompt and the first screen; an interview already at its end ends.
    package mutating func start() -> [InterviewEffect] {
        outbox = []
        say(legend)
        settle()
        return outbox
    }

    /// The text to write since it was last taken. Flow and translation texts are refused at load if
    /// they hold a character that acts on a terminal, and answers as typed; this is the line front's
    /// own last gate, so nothing it prints (a file name in an error, an old journal's answer) is raw.
    package mutating func takeOutput() -> String {
        defer { output = "" }
        return output
    }

    /// Applies the line entered (nil: input ended) at `now`.
    package mutating func update(_ entered: EnteredLine?, now: Date) -> [InterviewEffect] {
        outbox = []
        guard let entered else { return [.inputEnded] }
        switch (waiting, entered) {
        case (.quit, .interrupt):
            return [.quit]
        case (.quit(let then), .text(let answer)), (.quit(let then), .endOfText(let answer)):
            if answer.trimmedSpaces().lowercased().hasPrefix("y") { return [.quit] }
            say("  " + words(.plainCarryingOn))
            wait(then)
            return outbox
        case (_, .interrupt):
            say("  " + words(.plainQuitKept, resumeHint.map { words(.plainQuitLater, $0) } ?? ""))
            wait(.quit(then: waiting))
            return outbox
        case (.review, .text(let line)), (.review, .endOfText(let line)):
            review(line)
        case (.answer, .text(let line)):
            answer(line, ended: false, now)
        case (.answer, .endOfText(let line)):
            answer(line, ended: true, now)
        case (.reason, .text(let why)), (.reason, .endOfText(let why)):
            if why.trimmedSpaces().isEmpty {
                say("  ! " + words(.plainReasonNeeded))
            } else {
                accept(.checklist(.notDone, reason: why), now)
            }
        case (.keep(let value, _), .text(let keep)), (.keep(let value, _), .endOfText(let keep)):
            wait(.answer)
            if keep.lowercased().hasPrefix("y") { send(.answer(value, at: now)) }
        case (.lines(var lines), .text(let line)):
            if line == "." {
                submit(lines.joined(separator: "\n"), now)
            } else {
                lines.append(line)
                wait(.lines(lines))
            }
        case (.lines(var lines), .endOfText(let last)):
            if !last.isEmpty { lines.append(last) }
            submit(lines.joined(separator: "\n"), now)
        case (.sign, .text(let answer)), (.sign, .endOfText(let answer)):
            wait(.answer)
            if answer.trimmedSpaces().lowercased() == "y" {
                send(.finish(at: now))
            } else {
                say("  " + words(.plainNotSigned))
            }
        }
        // Back at the main prompt after an answer or a key: what is current now is said.
        if waiting == .answer, !outbox.contains(.quit) { settle() }
        return outbox
    }

    /// The last event could not be saved: it is taken back with all that was said after it, and why
    /// is said; the same screen is asked again.
    package mutating func saveFailed(_ why: String) {
        if let undo {
            interview = undo.interview
            output = undo.output
            shown = undo.shown
            wait(undo.waiting)
            self.undo = nil
        }
        say("  ! \(why)")
        say("  ! " + words(.plainNotSaved))
    }

    // MARK: - What a line does

    /// A line at a screen's question: a key (b, ?, l, r, q), Enter to keep an answer, or an answer.
    private mutating func answer(_ line: String, ended: Bool, _ now: Date) {
        let screen = interview.currentScreen
        let word = line.trimmedSpaces().lowercased()
        switch word {
        case "b":
            return send(.back)
        case "?":
            say("    " + (screen.help ?? words(.noGuidance)))
            if let source = screen.source { say("    " + words(.source, source)) }
            return say("    " + legend)
        case "l" where nextLanguage != nil:
            return switchLanguage()
        case "r":
            return send(.review)
        case "q":
            return outbox.append(.quit)
        default:
            break
        }
        if word.isEmpty, screen.kind != .end, let existing = interview.opening(screen.id) {
            return send(.answer(existing, at: now))
        }
        if screen.kind == .end {
            return word == "f" ? wait(.sign) : say("  ! " + words(.plainFinishHint))
        }
        if screen.takesLines, !ended, line != "." {
            return wait(.lines([line]))
        }
        submit(line == "." && screen.takesLines && !ended ? "" : line, now)
    }

    /// A whole answer typed for the current screen: parsed, then asked about further if need be.
    private mutating func submit(_ text: String, _ now: Date) {
        let screen = interview.currentScreen
        wait(.answer)
        if screen.kind == .text || screen.kind == .people, text.isEmpty, !screen.required {
            return send(.answer(.skipped, at: now))
        }
        do {
            let value = try parser.parse(text, for: screen, now: now)
            if case .checklist(.notDone, nil) = value { return wait(.reason) }
            accept(value, now)
        } catch {
            say("  ! \(error.message)")
        }
    }

    /// An answer that parsed: sent, or first confirmed when it needs a second yes.
    private mutating func accept(_ value: AnswerValue, _ now: Date) {
        if let check = parser.confirmation(for: value, now: now, language: interview.currentScreen.language) {
            return wait(.keep(value, check: check))
        }
        wait(.answer)
        send(.answer(value, at: now))
    }

    /// A line at the review: a number changes that answer, Enter leaves, q quits; anything else is
    /// asked again with the numbers it may be.
    private mutating func review(_ line: String) {
        let path = reviewable
        let word = line.trimmedSpaces()
        if let n = Int(word), n >= 1, n <= path.count {
            send(.edit(path[n - 1]))
        } else if word.lowercased() == "q" {
            return outbox.append(.quit)
        } else if word.isEmpty {
            send(.closeReview)
        } else {
            return say("  ! " + words(.plainReviewPick, String(path.count)))
        }
        wait(.answer)
    }

    private mutating func switchLanguage() {
        guard let next = nextLanguage else { return }
        switch interview.switchLanguage(languages) {
        case .success(let now)?:
            say("  " + now(.nowInLanguage, "l") + (interview.flow.translationStatus == .draft ? " " + now(.draftTranslation) : ""))
            shown = nil  // the same screen again, in the new language
        case .failure(let why)?:
            say("  ! " + words(.languageUnavailable, next.name, why.description))
        case nil:
            break
        }
    }

    /// Applies an event; if the interview took it, it is to be saved before anything else is shown.
    private mutating func send(_ event: Event) {
        let snapshot = Snapshot(interview: interview, output: output, shown: shown, waiting: waiting)
        let count = interview.events.count
        reduce(&interview, event)
        guard interview.events.count > count else { return }
        undo = snapshot
        outbox.append(.save(event))
    }

    /// After an answer or a key at the main prompt: any problem, then the review or the screen now
    /// current (in full if it is new), or the end.
    private mutating func settle() {
        if let problem = interview.problem { say("  ! \(problem)") }
        switch interview.phase {
        case .finished:
            outbox.append(.finished)
        case .reviewing:
            showReview()
            shown = nil
            wait(.review)
        case .asking:
            let screen = interview.currentScreen
            if shown != screen.id {
                show(screen)
                shown = screen.id
            }
            wait(.answer)
        }
    }

    private mutating func wait(_ next: Waiting) {
        waiting = next
        switch next {
        case .answer, .review: prompt = "> "
        case .quit: prompt = "  " + words(.plainQuitPrompt)
        case .reason: prompt = "  " + words(.plainReasonPrompt)
        case .keep(_, let check): prompt = "  " + words(.plainKeepIt, check)
        case .lines: prompt = ""
        case .sign: prompt = "  " + words(.plainSignPrompt)
        }
        prompt = Visible.text(prompt)
    }

    // MARK: - What is said

    /// The keys that work at every prompt: read out once at the start and again on `?`, not before
    /// every question (a screen reader would say them dozens of times).
    private var legend: String {
        words(.plainLegend) + (nextLanguage.map { " " + words(.plainLanguageKey, "l", $0.name) } ?? "")
    }

    /// The language `l` moves to, if the flow is there in another.
    private var nextLanguage: Language? {
        languages?.next(after: interview.flow.language)
    }

    private var reviewable: [String] {
        interview.path.filter { interview.answers[$0] != nil }
    }

    private mutating func say(_ text: String) { output += Visible.text(text) + "\n" }

    /// An answer a screen opens with; a text of several lines is shown as its lines, as typed.
    private mutating func sayAnswer(_ label: String, _ value: AnswerValue, on screen: Screen) {
        let text = Describe.answer(value, on: screen, timeZone: parser.timeZone)
        guard text.contains("\n") else { return say("    " + words(.plainKeeps, label, text)) }
        say("    " + words(.plainKeepsBelow, label))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { say("    | \(line)") }
    }

    private mutating func show(_ screen: Screen) {
        let (step, about) = interview.stepOfAbout(stepsToEnd)
        say("")
        say("[\(step)] \(screen.prompt)")
        let mark = training ? " · " + words(.trainingMark) : ""
        if screen.kind != .end { say("    " + words(.stepOf, String(step), String(about)) + mark) } else if training { say("    " + words(.trainingMark)) }
        if let existing = interview.answers[screen.id] {
            sayAnswer(words(.plainCurrentAnswer), existing.value, on: screen)
        } else if let offered = interview.proposed[screen.id], let from = interview.proposedFrom {
            sayAnswer(words(.plainFrom, Visible.line(from)), offered.value, on: screen)
        }
        for line in LineFront.how(screen, interview) { say(line) }
    }

    /// How to answer a screen, under its question.
    private static func how(_ screen: Screen, _ interview: Interview) -> [String] {
        let words = interview.flow.language
        switch screen.kind {
        case .yesNoUnknown:
            return ["    " + words(.plainYesNo)]
        case .choice, .multiChoice:
            return screen.choices.enumerated().map { "    \($0.offset + 1)) \($0.element.label)" }
                + (screen.kind == .multiChoice ? ["    " + words(.plainSeveral)] : [])
                + (screen.allowUnknown ? ["    " + words(.plainUnknownOption)] : [])
        case .text where !screen.multiLine:
            return ["    " + words(.plainOneLine) + (screen.required ? "" : words(.plainEmptyLeavesBlank))]
        case .text:
            return ["    " + words(.plainMultiLine) + (screen.required ? "" : words(.plainDotLeavesBlank))]
        case .people:
            return ["    " + words(.peopleHint), "    " + words(.plainMultiLine) + (screen.required ? "" : words(.plainDotLeavesBlank))]
        case .number:
            let bounds = [screen.minimum.map { words(.atLeast, String($0)) }, screen.maximum.map { words(.atMost, String($0)) }].compactMap { $0 }
            return ["    " + words(.wholeNumber) + (bounds.isEmpty ? "" : " (\(bounds.joined(separator: ", ")))") + (screen.allowUnknown ? words(.plainUnknownKey) : "")]
        case .dateTime:
            return ["    " + String(words(.dateTimeHint).dropLast()) + (screen.allowUnknown ? words(.plainUnknownKey) : "")]
        case .info:
            return ["    " + words(.plainPressEnter)]
        case .checklist:
            return ["    " + words(.plainChecklist)]
        case .end:
            return [""] + Summary.lines(interview.determination, flow: interview.flow, answers: interview.result).map { "    \($0)" }
                + ["", "    " + words(.plainFinishOrReview)]
        }
    }

    private mutating func showReview() {
        say("")
        say(words(.plainReviewTitle))
        for (i, id) in reviewable.enumerated() {
            let screen = interview.flow.screen(id)!
            let answer = Describe.answer(interview.answers[id]!.value, on: screen, timeZone: parser.timeZone)
            // A follow-up opens here: what is still unknown is what the officer came back to settle.
            let flag = ToDo.isOpen(interview.answers[id]!.value, on: id, in: interview.flow) ? "   " + words(.plainStillUnknown) : ""
            say("  \(i + 1)) \(screen.prompt)\(flag)")
            say("      \(answer.replacing("\n", with: "\n      "))")
        }
        let dropped = interview.audit.filter { $0.new == nil }.map(\.question)
        if !dropped.isEmpty {
            say("  " + words(.droppedAfter, dropped.joined(separator: ", ")))
        }
        say("  " + words(.plainReviewHow))
    }
}

extension LineFront {
    /// The line front's loop: writes what the front says, reads a line at its prompt, and has
    /// `perform` carry out each effect, in order, before the next line is read. `read` returns nil
    /// at the end of input.
    package static func run(_ front: inout LineFront, now: () -> Date = Date.init, read: (String) -> EnteredLine?,
                            write: (String) -> Void, perform: (InterviewEffect, inout LineFront) -> FrontStep) -> InterviewEnding {
        var effects = front.start()
        while true {
            effects: for effect in effects {
                switch perform(effect, &front) {
                case .go: continue
                case .repaint: break effects
                case .stop(let ending):
                    write(front.takeOutput())
                    return ending
                }
            }
            write(front.takeOutput())
            effects = front.update(read(front.prompt), now: now())
        }
    }
}
