import Foundation
import IntakeCore

/// The line-mode front: one screen at a time as text, answers read line by line. It works the same
/// typed at a terminal or piped from a file, like debconf's readline frontend.
public struct PlainFront {
    /// How a run ended.
    public enum Outcome: Equatable {
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

    /// Creates a front over `interview`. `read` shows a prompt and returns the line entered and what
    /// ended it (nil at the end of input), `output` writes text, `clock` gives each answer's time.
    /// `save` is called with every accepted event and must make it durable; if it throws, the
    /// event is undone and the screen stays as it was. `resumeHint` is the command that continues the
    /// interview, said when the officer asks to quit.
    public init(interview: Interview, parser: AnswerParser = AnswerParser(), clock: @escaping () -> Date = Date.init,
                save: ((Event) throws -> Void)? = nil, resumeHint: String? = nil,
                read: @escaping (String) -> EnteredLine?, output: @escaping (String) -> Void) {
        self.interview = interview
        self.save = save
        self.read = read
        self.output = output
        self.clock = clock
        self.parser = parser
        self.resumeHint = resumeHint
        self.stepsToEnd = interview.flow.longestPathToEnd(skipping: Set(interview.given.keys))
    }

    /// A front over plain lines (a file, a pipe, a test): each prompt is written, then a line read;
    /// every line counts as ended by Enter.
    public init(interview: Interview, parser: AnswerParser = AnswerParser(), clock: @escaping () -> Date = Date.init,
                save: ((Event) throws -> Void)? = nil, resumeHint: String? = nil,
                input: @escaping () -> String?, output: @escaping (String) -> Void) {
        self.init(interview: interview, parser: parser, clock: clock, save: save, resumeHint: resumeHint,
                  read: { prompt in
                      output(prompt)
                      return input().map(EnteredLine.text)
                  }, output: output)
    }

    /// Runs until the interview is finished, input ends, or the officer quits.
    /// The keys that work at every prompt: read out once at the start and again on `?`, not before
    /// every question (a screen reader would say them dozens of times).
    static let legend = "Keys at any prompt: b back, ? guidance and these keys, r review answers, q quit."

    public mutating func run() -> Outcome {
        var shown: String?
        say(Self.legend)
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
            let later = resumeHint.map { "; \($0) continues it later" } ?? ""
            say("  Quit the interview? Every answer so far is kept\(later).")
            switch read("  Quit? y quits, anything else carries on [y/N] ") {
            case nil: return .outcome(.inputEnded(interview))
            case .interrupt?: return .outcome(.quit(interview))
            case .text(let answer)?, .endOfText(let answer)?:
                if answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y") { return .outcome(.quit(interview)) }
                say("  Carrying on.")
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
                    say("  ! type a number from 1 to \(path.count) to change that answer, or press Enter to go back")
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
            say("  ! The answer was not saved, so it was not accepted; the screen stays. Free some space or fix the folder, then answer again.")
        }
    }

    private var reviewable: [String] {
        interview.path.filter { interview.answers[$0] != nil }
    }

    private func say(_ text: String) { output(text + "\n") }

    /// An answer a screen opens with; a text of several lines is shown as its lines, as typed.
    private func sayAnswer(_ label: String, _ value: AnswerValue, on screen: Screen) {
        let text = Describe.answer(value, on: screen, timeZone: parser.timeZone)
        guard text.contains("\n") else { return say("    (\(label): \(text); Enter keeps it)") }
        say("    (\(label), Enter keeps it:)")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { say("    | \(line)") }
    }

    private func show(_ screen: Screen) {
        let step = interview.step
        say("")
        say("[\(step)] \(screen.prompt)")
        if screen.kind != .end { say("    Step \(step) of about \(step - 1 + (stepsToEnd[screen.id] ?? 1))") }
        if let existing = interview.answers[screen.id] {
            sayAnswer("current answer", existing.value, on: screen)
        } else if let offered = interview.proposed[screen.id], let from = interview.proposedFrom {
            sayAnswer("from \(Sanitize.line(from))", offered.value, on: screen)
        }
        switch screen.kind {
        case .yesNoUnknown:
            say("    y = yes, n = no, u = unknown — not yet established")
        case .choice, .multiChoice:
            for (i, choice) in screen.choices.enumerated() { say("    \(i + 1)) \(choice.label)") }
            if screen.kind == .multiChoice { say("    (several: numbers separated by commas)") }
            if screen.allowUnknown { say("    u) Unknown — not yet established") }
        case .text where !screen.multiLine:
            say("    Type one line" + (screen.required ? "" : "; an empty line leaves it blank"))
        case .text:
            say("    Type the text; end with a line holding only a full stop (.) or with Ctrl-D" + (screen.required ? "" : "; a lone . leaves it blank"))
        case .number:
            let bounds = [screen.minimum.map { "at least \($0)" }, screen.maximum.map { "at most \($0)" }].compactMap { $0 }
            say("    A whole number" + (bounds.isEmpty ? "" : " (\(bounds.joined(separator: ", ")))") + (screen.allowUnknown ? "; u = unknown" : ""))
        case .dateTime:
            say("    A date and time, e.g. 23/11/2026 14:30, or 14:30 for today, yesterday 14:30, or now" + (screen.allowUnknown ? "; u = unknown" : ""))
        case .info:
            say("    Press Enter to continue")
        case .checklist:
            say("    d = done, n = not done (then the reason), a = not applicable")
        case .end:
            say("")
            for line in Summary.lines(interview.determination, flow: interview.flow, answers: interview.result) {
                say("    \(line)")
            }
            say("")
            say("    f = finish and produce the record, r = review or change answers")
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
            say("    " + (screen.help ?? "No further guidance for this screen."))
            if let source = screen.source { say("    Source: \(source)") }
            say("    " + Self.legend)
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
                say("  ! type f to finish, r to review, or b to go back")
            }
            return nil
        }
        var text = line
        if screen.kind == .text, screen.multiLine, !ended {
            switch readText(first: line) {
            case .outcome(let outcome): return outcome
            case .again: return nil
            case .line(let body, _): text = body
            }
        }
        if screen.kind == .text, text.isEmpty, !screen.required {
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
            if let check = parser.confirmation(for: value, now: clock()) {
                switch readLine("  \(check). Keep it? [y/N] ") {
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
            let reading = readLine("  Reason it was not done: ")
            guard case .line(let why, _) = reading else { return reading }
            if !why.trimmingCharacters(in: .whitespaces).isEmpty { return reading }
            say("  ! a reason is needed: say why it was not done (or type it after n, as in n: no access)")
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
        say("REVIEW — every answer on this interview's path")
        for (i, id) in reviewable.enumerated() {
            let screen = interview.flow.screen(id)!
            let answer = Describe.answer(interview.answers[id]!.value, on: screen, timeZone: parser.timeZone)
            // A follow-up opens here: what is still unknown is what the officer came back to settle.
            let flag = interview.answers[id]!.value == .unknown ? "   ← still unknown" : ""
            say("  \(i + 1)) \(screen.prompt)\(flag)")
            say("      \(answer.replacingOccurrences(of: "\n", with: "\n      "))")
        }
        let dropped = interview.audit.filter { $0.new == nil }.map(\.question)
        if !dropped.isEmpty {
            say("  Dropped because the path changed: \(dropped.joined(separator: ", "))")
        }
        say("  Type a number to change that answer, or Enter to go back.")
    }
}
