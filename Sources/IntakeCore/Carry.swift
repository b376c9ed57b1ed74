import FoundationEssentials
import Glibc

/// Which answers of an earlier signed record an interview of another flow takes over
/// (`intake run --from`), so nothing is typed twice.
///
/// Only questions are carried: never a checklist (a task is done by this interview's officer, who
/// says so), an information page, an end, or a screen the signing key answers. A question is carried
/// when the two flows share its id (or the target renames it under `takes-from`), the two screens are
/// of the same kind, and the value is a valid answer to the target's screen. Each carried answer is
/// only proposed: its screen still opens, with it, for the officer to keep or change.
package enum Carry {
    /// The answers to propose, in the target flow's order, and the shared questions left out with why.
    package struct Plan: Sendable, Equatable {
        /// Target screen id and value.
        package var proposals: [Proposal]
        /// Target screen id and why its source answer is not carried.
        package var left: [Left]
    }

    /// An answer to offer.
    package struct Proposal: Sendable, Equatable {
        /// The target flow's screen.
        package var id: String
        /// The source flow's screen it came from.
        package var from: String
        /// The answer.
        package var value: AnswerValue
    }

    /// A shared question whose answer is not carried.
    package struct Left: Sendable, Equatable {
        /// The target flow's screen.
        package var id: String
        /// Why, in words.
        package var why: String
    }

    /// The kinds of screen whose answers may be carried.
    static let carried: Set<ScreenKind> = [.yesNoUnknown, .choice, .multiChoice, .text, .people, .number, .dateTime]

    /// The plan for taking `answers` (by the source flow's screen ids) from a record of `source` into
    /// an interview of `target`; nil when `target` does not list `source` under `takes-from`.
    /// `unreadable` names source screens whose answer the record shows but could not be read back.
    package static func plan(into target: Flow, from source: Flow, answers: [String: AnswerValue],
                            unreadable: [String] = []) -> Plan? {
        guard let entry = target.takesFrom.first(where: { $0.flow == source.id }) else { return nil }
        let fromKey = Set(target.identity.values)
        var plan = Plan(proposals: [], left: [])
        for screen in target.screens where carried.contains(screen.kind) && !fromKey.contains(screen.id) {
            let theirs = entry.renamed[screen.id] ?? screen.id
            if unreadable.contains(theirs) {
                plan.left.append(Left(id: screen.id, why: "its answer in the record does not read back as an answer of \(source.id) \(source.version)"))
                continue
            }
            guard let value = answers[theirs], value != .skipped else { continue }
            guard let other = source.screen(theirs) else { continue }
            if entry.ownResearch.contains(screen.id) {
                // Only this flow's own checks answer it: what the source said is for the officer to
                // weigh, shown with whose word it was, and the question starts unanswered.
                plan.left.append(Left(id: screen.id, why: "only this interview's own research answers it; \(source.id) said: \(Describe.answer(value, on: other, timeZone: .utc, brief: true))"))
                continue
            }
            // Rows of people may come from a text answer that already reads as rows.
            let sameKind = other.kind == screen.kind || (other.kind == .text && screen.kind == .people)
            if !sameKind {
                plan.left.append(Left(id: screen.id, why: "a \(other.kind.rawValue) answer there, a \(screen.kind.rawValue) question here"))
            } else if let why = screen.problem(with: value) {
                plan.left.append(Left(id: screen.id, why: why))
            } else {
                plan.proposals.append(Proposal(id: screen.id, from: theirs, value: value))
            }
        }
        return plan
    }
}
