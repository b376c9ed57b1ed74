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
