import FoundationEssentials
import Glibc

/// The status of a checklist item.
package enum ChecklistStatus: String, Sendable, Equatable, CaseIterable {
    /// The action was taken.
    case done
    /// The action was not taken; a reason is required.
    case notDone = "not-done"
    /// The action does not apply here.
    case notApplicable = "not-applicable"
    /// The action has simply not happened yet: no reason is asked, and it joins the case's to-do
    /// list. For the determination it counts exactly as "not done": only "done" is done (issue 35).
    /// Last, so the numbers 1–3 keep the meaning they always had in answers files and on screen.
    case notYet = "not-yet"

    /// Plain words for screens and records.
    package var label: String { label(in: .en) }

    /// Plain words for screens and records in `language`.
    package func label(in language: Language) -> String {
        switch self {
        case .done: return language(.done)
        case .notDone: return language(.notDone)
        case .notApplicable: return language(.notApplicable)
        case .notYet: return language(.notYet)
        }
    }
}

/// What was given on one screen.
package enum AnswerValue: Sendable, Equatable {
    /// Yes (true) or no (false).
    case tri(Bool)
    /// Unknown — not yet established.
    case unknown
    /// One choice value.
    case choice(String)
    /// Several choice values, in the flow's order.
    case choices([String])
    /// Free text.
    case text(String)
    /// A whole number.
    case number(Int)
    /// A date and time.
    case dateTime(Date)
    /// An information screen was read.
    case acknowledged
    /// A checklist item's status, with a reason when not done (and an optional note otherwise).
    case checklist(ChecklistStatus, reason: String?)
    /// An optional question was left blank.
    case skipped

    /// The value expressions see.
    package var value: Value {
        switch self {
        case .tri(let b): return .tri(b)
        case .unknown, .skipped: return .unknown
        case .choice(let s): return .string(s)
        case .choices(let s): return .set(Set(s))
        case .text(let s): return .string(s)
        case .number(let n): return .int(n)
        case .dateTime(let d): return .dateTime(d)
        case .acknowledged: return .bool(true)
        case .checklist(let status, _): return .string(status.rawValue)
        }
    }

    /// The texts the answer holds (typed text, a reason, choice values), to check before signing.
    var texts: [String] {
        switch self {
        case .choice(let s), .text(let s): return [s]
        case .choices(let s): return s
        case .checklist(_, let reason?): return [reason]
        default: return []
        }
    }

    /// Whether `answered(x)` holds: anything but a blank.
    package var isAnswered: Bool { self != .skipped }
}

/// An answer and the time it was given.
package struct Answer: Sendable, Equatable {
    /// What was given.
    package var value: AnswerValue
    /// When it was given.
    package var at: Date

    /// Creates an answer.
    package init(_ value: AnswerValue, at: Date) {
        self.value = value
        self.at = at
    }
}

extension Screen {
    /// Why `value` cannot be accepted on this screen, or nil if it can. `lookup` gives the other
    /// answers and facts, for constraints that compare with them.
    package func problem(with value: AnswerValue, lookup: (String) -> Value = { _ in .unknown },
                        answered: (String) -> Bool = { _ in false }) -> String? {
        if let kindProblem = kindProblem(value) { return kindProblem }
        if value == .unknown || value == .skipped { return nil }
        for constraint in constraints {
            let scoped: (String) -> Value = { $0 == "value" ? value.value : lookup($0) }
            if !Evaluator.holds(constraint.condition.expr, lookup: scoped, answered: answered) {
                return constraint.message
            }
        }
        return nil
    }

    private func kindProblem(_ value: AnswerValue) -> String? {
        // Typed, read from a file or replayed from a journal, no answer signs a character that
        // would act on a terminal or hide (ESC, DEL, a bidi override, a tab); line feeds are text.
        if let bad = value.texts.lazy.compactMap({ Visible.firstHidden(in: $0) }).first {
            return language(.hiddenCharacter, Visible.name(bad))
        }
        switch (kind, value) {
        case (.end, _):
            return language(.reachedEnd)
        case (_, .skipped):
            return required ? language(.answerNeeded) + (allowUnknown ? language(.ifNotKnownUnknown) : "") : nil
        case (_, .unknown):
            return allowUnknown ? nil : language(.unknownNotOffered)
        case (.yesNoUnknown, .tri):
            return nil
        case (.choice, .choice(let v)):
            return choices.contains { $0.value == v } ? nil : language(.notOneOfChoices, v)
        case (.multiChoice, .choices(let vs)):
            if let bad = vs.first(where: { v in !choices.contains { $0.value == v } }) { return language(.notOneOfChoices, bad) }
            if Set(vs).count != vs.count { return language(.choiceTwice) }
            return vs.isEmpty && required ? language(.chooseOne) : nil
        case (.text, .text(let s)):
            return required && s.trimmed().isEmpty ? language(.needsText) : nil
        case (.people, .text(let s)):
            return PeopleRows.problem(s, in: language, required: required)
        case (.number, .number(let n)):
            if n < -NumberLimit.magnitude || n > NumberLimit.magnitude { return language(.numberBetween, NumberLimit.text) }
            if let minimum, n < minimum { return language(.numberAtLeast, String(minimum)) }
            if let maximum, n > maximum { return language(.numberAtMost, String(maximum)) }
            return nil
        case (.dateTime, .dateTime):
            return nil
        case (.info, .acknowledged):
            return nil
        case (.checklist, .checklist(let status, let reason)):
            if status == .notDone, (reason ?? "").trimmed().isEmpty {
                return language(.giveReason)
            }
            return nil
        default:
            return "this screen takes \(kind.answerDescription)"
        }
    }
}

extension ScreenKind {
    /// What an answer to this kind looks like, for messages.
    package var answerDescription: String {
        switch self {
        case .yesNoUnknown: return "yes, no or unknown"
        case .choice: return "one of the choices"
        case .multiChoice: return "one or more of the choices"
        case .text: return "text"
        case .people: return "rows of people (name; age; roles; suspect)"
        case .number: return "a whole number"
        case .dateTime: return "a date and time"
        case .info: return "an acknowledgement"
        case .checklist: return "done, not yet, not done (with a reason) or not applicable"
        case .end: return "no answer"
        }
    }
}
