import Foundation
import IntakeCore
import IntakeRecords

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
    private let input: () -> String?
    private let output: (String) -> Void
    private let clock: () -> Date
    private let parser: AnswerParser
    private let persist: ((Interview) throws -> Void)?
    /// Longest remaining path from each screen, for "step N of about M", as on the full screen.
    private let stepsToEnd: [String: Int]

    /// Creates a front over `interview`. `input` returns the next line (nil at end of input),
    /// `output` writes text, `clock` gives each answer's time.
    /// `persist` is called after every accepted event and must make it durable; if it throws, the
    /// event is undone and the screen stays as it was.
    public init(interview: Interview, parser: AnswerParser = AnswerParser(), clock: @escaping () -> Date = Date.init,
                persist: ((Interview) throws -> Void)? = nil,
                input: @escaping () -> String?, output: @escaping (String) -> Void) {
        self.interview = interview
        self.persist = persist
        self.input = input
        self.output = output
        self.clock = clock
        self.parser = parser
        self.stepsToEnd = interview.flow.longestPathToEnd()
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
                guard let line = input() else { return .inputEnded(interview) }
                let word = line.trimmingCharacters(in: .whitespaces)
                let path = reviewable
                if let n = Int(word), n >= 1, n <= path.count {
                    send(.edit(path[n - 1]))
                } else if word.lowercased() == "q" {
                    return .quit(interview)
                } else {
                    send(.closeReview)
                }
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

    /// Applies an event and makes it durable before anything else is shown.
    private mutating func send(_ event: Event) {
        let before = interview
        IntakeCore.reduce(&interview, event)
        guard interview.events.count > before.events.count, let persist else { return }
        do {
            try persist(interview)
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

    private func show(_ screen: Screen) {
        let step = interview.step
        say("")
        say("[\(step)] \(screen.prompt)")
        if screen.kind != .end { say("    Step \(step) of about \(step - 1 + (stepsToEnd[screen.id] ?? 1))") }
        if let existing = interview.answers[screen.id] {
            say("    (current answer: \(Describe.answer(existing.value, on: screen)); Enter keeps it)")
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
            say("    Type the text; end with a line holding only a full stop (.)" + (screen.required ? "" : "; a lone . leaves it blank"))
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
            for line in RecordText.summary(interview.determination, flow: interview.flow, answers: interview.result) {
                say("    \(line)")
            }
            say("")
            say("    f = finish and produce the record, r = review or change answers")
        }

    }

    /// Reads and applies one answer or command; returns an outcome when the run should end.
    private mutating func ask(_ screen: Screen, _ shown: inout String?) -> Outcome? {
        output("> ")
        guard let line = input() else { return .inputEnded(interview) }
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
        if word.isEmpty, screen.kind != .end, let existing = interview.answers[screen.id] {
            send(.answer(existing.value, at: clock()))
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
        if screen.kind == .text, screen.multiLine {
            guard let body = readText(first: line) else { return .inputEnded(interview) }
            text = body
        }
        if screen.kind == .text, text.isEmpty, !screen.required {
            send(.answer(.skipped, at: clock()))
            return nil
        }
        do {
            var value = try parser.parse(text, for: screen, now: clock())
            if case .checklist(.notDone, nil) = value {
                output("  Reason it was not done: ")
                guard let reason = input() else { return .inputEnded(interview) }
                value = .checklist(.notDone, reason: reason)
            }
            if let check = parser.confirmation(for: value, now: clock()) {
                output("  \(check). Keep it? [y/N] ")
                guard let keep = input() else { return .inputEnded(interview) }
                guard keep.lowercased().hasPrefix("y") else { return nil }
            }
            send(.answer(value, at: clock()))
        } catch {
            say("  ! \(error.message)")
        }
        return nil
    }

    /// Lines up to a lone full stop. A lone full stop as the first line means blank.
    private func readText(first: String) -> String? {
        var lines: [String] = []
        var line: String? = first
        while let current = line, current != "." {
            lines.append(current)
            line = input()
        }
        guard line != nil else { return nil }
        return lines.joined(separator: "\n")
    }

    private func showReview() {
        say("")
        say("REVIEW — every answer on this interview's path")
        for (i, id) in reviewable.enumerated() {
            let screen = interview.flow.screen(id)!
            let answer = Describe.answer(interview.answers[id]!.value, on: screen)
            say("  \(i + 1)) \(screen.prompt)")
            say("      \(answer.replacingOccurrences(of: "\n", with: "\n      "))")
        }
        let dropped = interview.audit.filter { $0.new == nil }.map(\.question)
        if !dropped.isEmpty {
            say("  Dropped because the path changed: \(dropped.joined(separator: ", "))")
        }
        say("  Type a number to change that answer, or Enter to go back.")
        output("> ")
    }
}
