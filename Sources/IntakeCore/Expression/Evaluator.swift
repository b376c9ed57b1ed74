import FoundationEssentials
import Glibc

/// A run-time value of the expression language.
package enum Value: Sendable, Hashable {
    /// A condition's result.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// Text or one chosen value.
    case string(String)
    /// `yes` (true) or `no` (false).
    case tri(Bool)
    /// Several chosen values.
    case set(Set<String>)
    /// A date and time.
    case dateTime(Date)
    /// A bracketed list.
    case list([Value])
    /// Not established: answered "unknown", skipped, or not reached.
    case unknown
}

/// Evaluates type-checked expressions.
///
/// Unknown is handled strictly and simply: `x == unknown` is true when x is not established; any other
/// comparison with an unknown side is false (`!=` is its negation), arithmetic with unknown is unknown,
/// and `and`/`or`/`not` treat an unknown condition as false. A flow that needs "yes or not yet known"
/// says so: `x in [yes, unknown]`.
package enum Evaluator {
    /// Evaluates a condition; anything but `true` counts as false.
    package static func holds(_ expr: Expr, lookup: (String) -> Value, answered: (String) -> Bool) -> Bool {
        evaluate(expr, lookup: lookup, answered: answered) == .bool(true)
    }

    /// Evaluates any expression.
    package static func evaluate(_ expr: Expr, lookup: (String) -> Value, answered: (String) -> Bool) -> Value {
        switch expr {
        case .literal(let literal, _):
            switch literal {
            case .tri(let b): return .tri(b)
            case .unknown: return .unknown
            case .bool(let b): return .bool(b)
            case .int(let n): return .int(n)
            case .string(let s): return .string(s)
            }
        case .reference(let name, _):
            return lookup(name)
        case .answered(let name, _):
            return .bool(answered(name))
        case .applies(let id, let first, _):
            return lookup((first ? "action-first:" : "action:") + id)
        case .list(let items, _):
            return .list(items.map { evaluate($0, lookup: lookup, answered: answered) })
        case .not(let inner, _):
            return .bool(!holds(inner, lookup: lookup, answered: answered))
        case .binary(let op, let left, let right, _):
            switch op {
            case .and:
                return .bool(holds(left, lookup: lookup, answered: answered) && holds(right, lookup: lookup, answered: answered))
            case .or:
                return .bool(holds(left, lookup: lookup, answered: answered) || holds(right, lookup: lookup, answered: answered))
            default:
                let l = evaluate(left, lookup: lookup, answered: answered)
                let r = evaluate(right, lookup: lookup, answered: answered)
                return apply(op, l, r)
            }
        }
    }

    static func apply(_ op: BinaryOperator, _ l: Value, _ r: Value) -> Value {
        switch op {
        case .equal: return .bool(l == r)
        case .notEqual: return .bool(l != r)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            switch (l, r) {
            case (.int(let a), .int(let b)): return .bool(compare(op, a, b))
            case (.dateTime(let a), .dateTime(let b)): return .bool(compare(op, a, b))
            default: return .bool(false)
            }
        case .plus, .minus:
            guard case .int(let a) = l, case .int(let b) = r else { return .unknown }
            // Cannot overflow: numbers are within NumberLimit and an expression has at most
            // ExpressionParser.maximumOperators operators. Were it ever to, trapping is safer than a
            // value that could read as "unknown" and let a lenient outcome through.
            return .int(op == .plus ? a + b : a - b)
        case .in:
            switch r {
            case .list(let items): return .bool(items.contains(l))
            case .set(let values):
                if case .string(let s) = l { return .bool(values.contains(s)) }
                return .bool(false)
            default: return .bool(false)
            }
        case .and, .or:
            return .bool(false)
        }
    }

    private static func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }
}
