/// The case's to-do list (issue 35): every step that has not happened yet, every fact still unknown,
/// every question that waits for a step, every action that applies and has no answer yet, and — for a
/// first-contact record — the rest of the interview, in the order the flow asks them, which is the order the guidance puts them in (safeguarding first).
///
/// It is a reading of the answers, not a second rule book: nothing here changes the determination,
/// which holds Outcome 21 back for "not yet" exactly as for "not done".
package enum ToDo {
    /// One thing still to do or establish.
    package struct Item: Sendable, Equatable {
        /// The screen it is asked on (or the step the flow lists as a prerequisite).
        package var id: String
        /// In words, in the flow's language.
        package var text: String
    }

    /// The list for `answers` (the answers on the path) and their determination.
    package static func items(_ flow: Flow, answers: [String: AnswerValue], determination d: Determination) -> [Item] {
        let say = flow.language
        var found: [String: String] = [:]
        for screen in flow.screens {
            let prompt = Visible.line(screen.prompt)
            switch answers[screen.id] {
            case .checklist(.notYet, _)?, .unknown?:
                found[screen.id] = prompt
            case .choice(let value)? where flow.firstContact.map({ $0.question == screen.id && $0.answer == value }) ?? false:
                found[screen.id] = say(.continuePastFirstContact)
            case nil:
                // A question the flow routed past because the step it waits for is not done yet.
                if let step = screen.waitsFor, let status = answers[step], status != .checklist(.done, reason: nil),
                   case .checklist = status {
                    found[screen.id] = say(.onceDone, prompt, Visible.line(Describe.prompt(of: step, in: flow)))
                }
            default:
                break
            }
        }
        // What the determination waits for: unknown decisive facts and unmet prerequisites, also
        // those a first-contact record never reached.
        for id in d.outstanding where found[id] == nil { found[id] = Visible.line(Describe.prompt(of: id, in: flow)) }
        // Actions that apply and that no answer on the path has settled either way (a first-contact
        // record stops before them), at their checklist's place, in the action's words.
        for action in d.actions where !(flow.action(action.id)?.standing ?? false) {
            // An action no checklist records (advice that follows from an answer) stays in the actions.
            let screens = flow.screens.filter { $0.action == action.id }
            guard let first = screens.first, !screens.contains(where: { answers[$0.id] != nil }) else { continue }
            if found[first.id] == nil { found[first.id] = Visible.line(action.text) }
        }
        let order = Dictionary(flow.screens.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        return found.map { Item(id: $0.key, text: $0.value) }
            .sorted { (order[$0.id] ?? .max, $0.id) < (order[$1.id] ?? .max, $1.id) }
    }

    /// Whether an answer is one the officer still has to come back to: the review of an update
    /// opens on these.
    package static func isOpen(_ value: AnswerValue, on id: String, in flow: Flow) -> Bool {
        switch value {
        case .unknown, .skipped, .checklist(.notYet, _): return true
        case .choice(let v): return flow.firstContact.map { $0.question == id && $0.answer == v } ?? false
        default: return false
        }
    }
}
