import FoundationEssentials
import Glibc

/// Expressions in plain words, for booklets and diagram labels: `adult_involved == yes or coercion == yes`
/// becomes "`adult_involved` is yes, or `coercion` is yes".
package enum ExpressionWords {
    /// `expr` in words; names are shown as `id`.
    package static func words(_ expr: Expr) -> String {
        switch expr {
        case .literal(let literal, _):
            switch literal {
            case .tri(let b): return b ? "yes" : "no"
            case .unknown: return "unknown (not yet established)"
            case .bool(let b): return b ? "true" : "false"
            case .int(let n): return String(n)
            case .string(let s): return "“\(s)”"
            }
        case .reference(let name, _):
            switch name {
            case "classification": return "the classification"
            case "outcome21": return "the Outcome 21 status"
            case "value": return "the answer"
            default: return "`\(name)`"
            }
        case .answered(let name, _): return "`\(name)` has been answered"
        case .applies(let id, let first, _): return first ? "the action `\(id)` comes first" : "the action `\(id)` applies"
        case .not(let inner, _): return "not (\(words(inner)))"
        case .list(let items, _): return items.map(words).joined(separator: " or ")
        case .binary(let op, let l, let r, _):
            let left = words(l), right = words(r)
            switch op {
            case .or: return "\(left), or \(right)"
            case .and: return "\(left), and \(right)"
            case .equal: return "\(left) is \(right)"
            case .notEqual: return "\(left) is not \(right)"
            case .less: return "\(left) is less than \(right)"
            case .lessOrEqual: return "\(left) is at most \(right)"
            case .greater: return "\(left) is more than \(right)"
            case .greaterOrEqual: return "\(left) is at least \(right)"
            case .in: return "\(left) is one of: \(right)"
            case .plus: return "\(left) plus \(right)"
            case .minus: return "\(left) minus \(right)"
            }
        }
    }
}

extension ExpressionWords {
    /// `expr` as a trainer says it aloud, with no ids: a question by its words ("the answer to “Is any
    /// child in immediate danger?”"), a value by the label the officer chose, a derived fact by its
    /// sentence, an action by its text. For the demo, where a room reads it off a projector.
    /// `current` is the screen whose answer `value` names, in a branch's condition.
    package static func spoken(_ expr: Expr, in flow: Flow, on current: Screen? = nil) -> String {
        spoken(expr, flow, about: nil, current: current)
    }

    private static func spoken(_ expr: Expr, _ flow: Flow, about screen: Screen?, current: Screen?) -> String {
        func quoted(_ text: String) -> String {
            "“" + Visible.line(text).trimmed(of: " .") + "”"
        }
        switch expr {
        case .literal(let literal, _):
            guard let screen else { return words(expr) }
            switch literal {
            case .tri(let yes): return quoted(Describe.answer(.tri(yes), on: screen, timeZone: .utc))
            case .unknown: return quoted(Describe.answer(.unknown, on: screen, timeZone: .utc))
            case .string(let value):
                if screen.kind == .checklist, let status = ChecklistStatus(rawValue: value) {
                    return quoted(status.label(in: screen.language))
                }
                return quoted(screen.label(of: value))
            case .bool, .int: return words(expr)
            }
        case .reference(let name, _):
            // The screen just shown is "this answer": the room has its words in front of them.
            if name == "value" || name == current?.id, current != nil { return "this screen's answer" }
            if let question = flow.screen(name) { return "the answer to " + quoted(question.prompt) }
            if let fact = flow.facts.first(where: { $0.id == name }) { return quoted(fact.text) }
            return words(expr)
        case .answered(let name, _):
            return quoted(flow.screen(name)?.prompt ?? name) + " has been answered"
        case .applies(let id, let first, _):
            let text = quoted(flow.action(id)?.text ?? id)
            return first ? "the action \(text) comes first" : "the action \(text) applies"
        case .not(let inner, _):
            return "not (\(spoken(inner, flow, about: screen, current: current)))"
        case .list(let items, _):
            return items.map { spoken($0, flow, about: screen, current: current) }.joined(separator: " or ")
        case .binary(let op, let l, let r, _):
            // A value compared with a question's answer is said as that question's label for it.
            var subject: Screen?
            if case .reference(let name, _) = l { subject = name == "value" ? current : flow.screen(name) }
            let left = spoken(l, flow, about: screen, current: current)
            let right = spoken(r, flow, about: subject ?? screen, current: current)
            switch op {
            case .or: return "\(left), or \(right)"
            case .and: return "\(left), and \(right)"
            case .equal: return "\(left) is \(right)"
            case .notEqual: return "\(left) is not \(right)"
            case .in: return "\(left) is one of: \(right)"
            default: return words(expr)
            }
        }
    }
}
