import Foundation
import IntakeCore

/// The line-mode front: one screen at a time as text, answers read line by line. It works the same
/// typed at a terminal or piped from a file, like debconf's readline frontend.
package struct PlainFront {
    /// How a run ended.
    package enum Outcome: Equatable {
        /// The officer confirmed the end.
        case finished(Interview)
        /// Input ran out first; the interview so far is kept.
        case inputEnded(Interview)
        /// The officer asked to quit.
        case quit(Interview)
    }

    private var interview: Interview
    private let read: (String) -> EnteredLine?
    private let output: (String) -> Void
    private let resumeHint: String?
    private let clock: () -> Date
    private let parser: AnswerParser
    private let save: ((Event) throws -> Void)?
    /// Longest remaining path from each screen, for "step N of about M", as on the full screen.
    private let stepsToEnd: [String: Int]
    /// The flow in each language it can be shown in; `l` at any prompt moves to the next.
    private let languages: FlowLanguages?
    private var words: Language { interview.flow.language }

    /// Creates a front over `interview`. `read` shows a prompt and returns the line entered and what
    /// ended it (nil at the end of input), `output` writes text, `clock` gives each answer's time.
    /// `save` is called with every accepted event and must make it durable; if it throws, the
    /// event is undone and the screen stays as it was. `resumeHint` is the command that continues the
    /// interview, said when the officer asks to quit.
    package init(interview: Interview, parser: AnswerParser = AnswerParser(), clock: @escaping () -> Date = Date.init,
                save: ((Event) throws -> Void)? = nil, resumeHint: String? = nil, languages: FlowLanguages? = nil,
                read: @escaping (String) -> EnteredLine?, output: @escaping (String) -> Void) {
        self.interview = interview
        self.languages = languages
        self.save = save
        // Flow and translation texts are refused at load if they hold a character that acts on a
        // terminal, and answers are refused as typed; this is the line front's own last gate, so that
        // nothing it prints (a file name in an error, an old journal's answer) reaches the terminal raw.
        self.read = { read(Visible.text($0)) }
        self.output = { output(Visible.text($0)) }
        self.clock = clock
        self.parser = parser
        self.resumeHint = resumeHint
        self.stepsToEnd = interview.flow.longestPathToEnd(skipping: Set(interview.given.keys))
    }

    /// A front over plain lines (a file, a pipe, a test): each prompt is written, then a line read;
    /// every line counts as ended by Enter.
    package init(interview: Interview, parser: AnswerParser = AnswerParser(), clock: @escaping () -> Date = Date.init,
                save: ((Event) throws -> Void)? = nil, resumeHint: String? = nil, languages: FlowLanguages? = nil,
                input: @escaping () -> String?, output: @escaping (String) -> Void) {
        self.init(interview: interview, parser: parser, clock: clock, save: save, resumeHint: resumeHint, languages: languages,
                  read: { prompt in
                      output(prompt)
                      return input().map(EnteredLine.text)
                  }, output: output)
    }

    /// Runs until the interview is finished, input ends, or the officer quits.
    /// The keys that work at every prompt: read out once at the start and again on `?`, not before
    /// every question (a screen reader would say them dozens of times).
    private var legend: String {
        words(.plainLegend) + (nextLanguage.map { " " + words(.plainLanguageKey, "l", $0.name) } ?? "")
    }

    /// The language `l` moves to, if the flow is there in another.
    private var nextLanguage: Language? {
        languages?.next(after: interview.flow.language)
    }

    package mutating func run() -> Outcome {
        var shown: String?
        say(legend)
        while true {
            if let problem = interview.problem { say("  ! \(problem)") }
            switch interview.phase {
            case .finished:
                return .finished(interview)
            case .reviewing:
                showReview()
                if let outcome = askReview() { return outcome }
                shown = nil
            case .asking:
                let screen = interview.currentScreen
                if shown != screen.id {
                    show(screen)
                    shown = screen.id
                }
                guard let outcome = ask(screen, &shown) else { continue }
                return outcome
            }
        }
    }

    /// What reading a line came to.
    private enum Reading {
        /// A line; `ended` when Ctrl-D ended it (the end of a text).
        case line(String, ended: Bool)
        /// The run ends.
        case outcome(Outcome)
        /// Ctrl-C, and the officer chose to carry on: ask the same thing again.
        case again
    }

    /// Reads a line. Ctrl-C asks whether to quit, as on the full screen, and says how to continue later.
    private func readLine(_ prompt: String) -> Reading {
        guard let entered = read(prompt) else { return .outcome(.inputEnded(interview)) }
        switch entered {
        case .text(let text): return .line(text, ended: false)
        case .endOfText(let text): return .line(text, ended: true)
        case .interrupt:
            let later = resumeHint.map { words(.plainQuitLater, $0) } ?? ""
            say("  " + words(.plainQuitKept, later))
            switch read("  " + words(.plainQuitPrompt)) {
            case nil: return .outcome(.inputEnded(interview))
            case .interrupt?: return .outcome(.quit(interview))
            case .text(let answer)?, .endOfText(let answer)?:
                if answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y") { return .outcome(.quit(interview)) }
                say("  " + words(.plainCarryingOn))
                return .again
            }
        }
    }

    /// The review's prompt: a number changes that answer, Enter leaves; anything else is asked again.
    private mutating func askReview() -> Outcome? {
        let path = reviewable
        while true {
            switch readLine("> ") {
            case .outcome(let outcome): return outcome
            case .again: continue
            case .line(let line, _):
                let word = line.trimmingCharacters(in: .whitespaces)
                if let n = Int(word), n >= 1, n <= path.count {
                    send(.edit(path[n - 1]))
                } else if word.lowercased() == "q" {
                    return .quit(interview)
                } else if word.isEmpty {
                    send(.closeReview)
                } else {
                    say("  ! " + words(.plainReviewPick, String(path.count)))
                    continue
                }
                return nil
            }
        }
    }

    /// Applies an event and makes it durable before anything else is shown.
    private mutating func send(_ event: Event) {
        let before = interview
        IntakeCore.reduce(&interview, event)
        guard interview.events.count > before.events.count, let save else { return }
        do {
            try save(event)
        } catch {
            interview = before
            say("  ! \(error)")
            say("  ! " + words(.plainNotSaved))
        }
    }

    private var reviewable: [String] {
        interview.path.filter { interview.answers[$0] != nil }
    }

    private func say(_ text: String) { output(text + "\n") }

    /// An answer a screen opens with; a text of several lines is shown as its lines, as typed.
    private func sayAnswer(_ label: String, _ value: AnswerValue, on screen: Screen) {
        let text = Describe.answer(value, on: screen, timeZone: parser.timeZone)
        guard text.contains("\n") else { return say("    " + words(.plainKeeps, label, text)) }
        say("    " + words(.plainKeepsBelow, label))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { say("    | \(line)") }
    }

    private func show(_ screen: Screen) {
        let (step, about) = interview.stepOfAbout(stepsToEnd)
        say("")
        say("[\(step)] \(screen.prompt)")
        if screen.kind != .end { say("    " + words(.stepOf, String(step), String(about))) }
        if let existing = interview.answers[screen.id] {
            sayAnswer(words(.plainCurrentAnswer), existing.value, on: screen)
        } else if let offered = interview.proposed[screen.id], let from = interview.proposedFrom {
            sayAnswer(words(.plainFrom, Visible.line(from)), offered.value, on: screen)
        }
        switch screen.kind {
        case .yesNoUnknown:
            say("    " + words(.plainYesNo))
        case .choice, .multiChoice:
            for (i, choice) in screen.choices.enumerated() { say("    \(i + 1)) \(choice.label)") }
            if screen.kind == .multiChoice { say("    " + words(.plainSeveral)) }
            if screen.allowUnknown { say("    " + words(.plainUnknownOption)) }
        case .text where !screen.multiLine:
            say("    " + words(.plainOneLine) + (screen.required ? "" : words(.plainEmptyLeavesBlank)))
        case .text:
            say("    " + words(.plainMultiLine) + (screen.required ? "" : words(.plainDotLeavesBlank)))
        case .people:
            say("    " + words(.peopleHint))
            say("    " + words(.plainMultiLine) + (screen.required ? "" : words(.plainDotLeavesBlank)))
        case .number:
            let bounds = [screen.minimum.map { words(.atLeast, String($0)) }, screen.maximum.map { words(.atMost, String($0)) }].compactMap { $0 }
            say("    " + words(.wholeNumber) + (bounds.isEmpty ? "" : " (\(bounds.joined(separator: ", ")))") + (screen.allowUnknown ? words(.plainUnknownKey) : ""))
        case .dateTime:
            say("    " + String(words(.dateTimeHint).dropLast()) + (screen.allowUnknown ? words(.plainUnknownKey) : ""))
        case .info:
            say("    " + words(.plainPressEnter))
        case .checklist:
            say("    " + words(.plainChecklist))
        case .end:
            say("")
            for line in Summary.lines(interview.determination, flow: interview.flow, answers: interview.result) {
                say("    \(line)")
            }
            say("")
            say("    " + words(.plainFinishOrReview))
        }

    }

    /// Reads and applies one answer or command; returns an outcome when the run should end.
    private mutating func ask(_ screen: Screen, _ shown: inout String?) -> Outcome? {
        let line: String
        let ended: Bool
        switch readLine("> ") {
        case .outcome(let outcome): return outcome
        case .again: return nil
        case .line(let text, let byCtrlD): (line, ended) = (text, byCtrlD)
        }
        let word = line.trimmingCharacters(in: .whitespaces).lowercased()
        switch word {
        case "b":
            send(.back)
            return nil
        case "?":
            say("    " + (screen.help ?? words(.noGuidance)))
            if let source = screen.source { say("    " + words(.source, source)) }
            say("    " + legend)
            return nil
        case "l" where nextLanguage != nil:
            let next = nextLanguage!
            switch interview.switchLanguage(languages) {
            case .success(let now)?:
                say("  " + now(.nowInLanguage, "l") + (interview.flow.translationStatus == .draft ? " " + now(.draftTranslation) : ""))
                shown = nil  // the same screen again, in the new language
            case .failure(let why)?:
                say("  ! " + words(.languageUnavailable, next.name, why.description))
            case nil:
                break
            }
            return nil
        case "r":
            send(.review)
            return nil
        case "q":
            return .quit(interview)
        default:
            break
        }
        if word.isEmpty, screen.kind != .end, let existing = interview.opening(screen.id) {
            send(.answer(existing, at: clock()))
            return nil
        }
        if screen.kind == .end {
            if word == "f" {
                send(.finish(at: clock()))
            } else {
                say("  ! " + words(.plainFinishHint))
            }
            return nil
        }
        var text = line
        if screen.takesLines, !ended {
            switch readText(first: line) {
            case .outcome(let outcome): return outcome
            case .again: return nil
            case .line(let body, _): text = body
            }
        }
        if screen.kind == .text || screen.kind == .people, text.isEmpty, !screen.required {
            send(.answer(.skipped, at: clock()))
            return nil
        }
        do {
            var value = try parser.parse(text, for: screen, now: clock())
            if case .checklist(.notDone, nil) = value {
                switch askReason() {
                case .outcome(let outcome): return outcome
                case .again: return nil
                case .line(let why, _): value = .checklist(.notDone, reason: why)
                }
            }
            if let check = parser.confirmation(for: value, now: clock(), language: screen.language) {
                switch readLine("  " + words(.plainKeepIt, check)) {
                case .outcome(let outcome): return outcome
                case .again: return nil
                case .line(let keep, _): guard keep.lowercased().hasPrefix("y") else { return nil }
                }
            }
            send(.answer(value, at: clock()))
        } catch {
            say("  ! \(error.message)")
        }
        return nil
    }

    /// The reason a checklist item was not done, asked until one is given.
    private func askReason() -> Reading {
        while true {
            let reading = readLine("  " + words(.plainReasonPrompt))
            guard case .line(let why, _) = reading else { return reading }
            if !why.trimmingCharacters(in: .whitespaces).isEmpty { return reading }
            say("  ! " + words(.plainReasonNeeded))
        }
    }

    /// Lines up to a lone full stop or Ctrl-D. A lone full stop as the first line means blank; Ctrl-D
    /// keeps what was typed on its line.
    private func readText(first: String) -> Reading {
        var lines: [String] = []
        var current = first
        while current != "." {
            lines.append(current)
            var next: String?
            while next == nil {
                switch readLine("") {
                case .outcome(let outcome): return .outcome(outcome)
                case .again: continue  // Ctrl-C, then carrying on: the lines so far are kept
                case .line(let last, ended: true):
                    if !last.isEmpty { lines.append(last) }
                    return .line(lines.joined(separator: "\n"), ended: true)
                case .line(let line, ended: false): next = line
                }
            }
            current = next ?? "."
        }
        return .line(lines.joined(separator: "\n"), ended: false)
    }

    private func showReview() {
        say("")
        say(words(.plainReviewTitle))
        for (i, id) in reviewable.enumerated() {
            let screen = interview.flow.screen(id)!
            let answer = Describe.answer(interview.answers[id]!.value, on: screen, timeZone: parser.timeZone)
            // A follow-up opens here: what is still unknown is what the officer came back to settle.
            let flag = interview.answers[id]!.value == .unknown ? "   " + words(.plainStillUnknown) : ""
            say("  \(i + 1)) \(screen.prompt)\(flag)")
            say("      \(answer.replacingOccurrences(of: "\n", with: "\n      "))")
        }
        let dropped = interview.audit.filter { $0.new == nil }.map(\.question)
        if !dropped.isEmpty {
            say("  " + words(.droppedAfter, dropped.joined(separator: ", ")))
        }
        say("  " + words(.plainReviewHow))
    }
}
