/// The determination in words: classification, Outcome 21, reasons, actions with their status,
/// standing rules and what is still to be established. The record prints it, and the fronts show it
/// on the end screen, so it lives with the core rather than with either.
package enum Summary {
    /// The id of the flow `intake review` conducts: its classification is the decision the review
    /// section states and the countersignature covers.
    package static let reviewFlow = "supervisor-review"

    /// The determination block: classification, Outcome 21, reasons, actions with their status,
    /// and what is still to be established. Shared by the record and the fronts' summary screens.
    package static func lines(_ d: Determination, flow: Flow, answers: [String: AnswerValue]) -> [String] {
        let say = flow.language
        var out: [String] = []
        if flow.id == Summary.reviewFlow {
            // What the review will sign, in intake's own words: a flow's labels can be worded any
            // way, but not this line (issue 31, "the decision is not the label").
            switch d.classification {
            case "agreed": out.append(say(.reviewSignsAgreed))
            case "disagreed": out.append(say(.reviewSignsDisagreed))
            default: out.append(say(.reviewSignsOther, Visible.line(d.classification)))
            }
            out.append("")
        }
        out.append(say(.determination))
        out.append(say(.classification, flow.record.words(for: d.classification)))
        // A flow that never decides Outcome 21 (the school's, the review) does not mention it.
        let rules = flow.determination.rules.map(\.outcome21) + [flow.determination.otherwise.outcome21]
        if rules.contains(where: { $0 != nil }) { out.append(say(.outcome21, Describe.outcome21(d.outcome21, in: say))) }
        if let summary = d.summary { out.append(summary) }
        out.append(say(.reasons))
        out += d.reasons.isEmpty ? ["  " + say(.none)] : d.reasons.map { "  - \($0.text) (\($0.source))" }
        out.append("")
        out.append(say(.actions))
        for action in d.actions where !isStanding(action.id, flow) {
            let status = checklistStatus(action.id, flow: flow, answers: answers)
            out.append("- [\(status)] \(action.text) (\(action.source)) [\(action.id)]")
        }
        let standing = d.actions.filter { isStanding($0.id, flow) }
        if !standing.isEmpty {
            // Rules that always hold are information: a status beside them would invite "done".
            out.append("")
            out.append(say(.standingRules))
            for action in standing { out.append("- \(action.text) (\(action.source)) [\(action.id)]") }
        }
        out.append("")
        // The case's to-do list, in order: what a follow-up opens on (issue 35).
        out.append(say(.stillToEstablish))
        let toDo = ToDo.items(flow, answers: answers, determination: d)
        if toDo.isEmpty {
            out.append("  " + say(.nothing))
        } else {
            for item in toDo { out.append("  - \(item.text) [\(item.id)]") }
        }
        return out
    }

    private static func isStanding(_ action: String, _ flow: Flow) -> Bool { flow.action(action)?.standing ?? false }

    /// What a terminal shows once a record is signed, in place of its whole text (issue 35, item 5):
    /// the outcome, the first three things still to do (actions not yet done, then facts still to
    /// establish) and how to read the whole record. A screen reader hears a dozen lines, not 170.
    package static func afterSigning(_ interview: Interview, id: String) -> [String] {
        let (d, flow) = (interview.determination, interview.flow)
        let say = flow.language
        var out = [say(.classification, flow.record.words(for: d.classification))]
        let rules = flow.determination.rules.map(\.outcome21) + [flow.determination.otherwise.outcome21]
        if rules.contains(where: { $0 != nil }) { out.append(say(.outcome21, Describe.outcome21(d.outcome21, in: say))) }
        // The case's to-do list, then the actions that apply and no checklist records (advice that
        // follows from an answer): the record lists those with its actions, the officer needs them now.
        let unrecorded = d.actions.filter { action in !isStanding(action.id, flow) && !flow.screens.contains { $0.action == action.id } }
        let toDo = ToDo.items(flow, answers: interview.result, determination: d).map(\.text) + unrecorded.map(\.text)
        if !toDo.isEmpty {
            out.append(say(.nextToDo))
            out += toDo.prefix(3).map { "  - " + $0 }
            if toDo.count > 3 { out.append("  " + say(.moreToDo, String(toDo.count - 3))) }
        }
        out.append(say(.seeWholeRecord, "intake show \(id)"))
        return out
    }

    /// The status recorded by the checklist screen for `action`, or "to do".
    package static func checklistStatus(_ action: String, flow: Flow, answers: [String: AnswerValue]) -> String {
        for screen in flow.screens where screen.action == action {
            if case .checklist(let status, let reason)? = answers[screen.id] {
                return status.label(in: flow.language) + (reason.map { ": " + Visible.line($0) } ?? "")
            }
        }
        return flow.language(.toDo)
    }
}
