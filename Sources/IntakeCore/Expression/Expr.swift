/// A parsed `when:` expression. `offset` fields are 0-based positions (in Unicode scalars) within the
/// expression text, so errors can point at the right column of the flow file.
package indirect enum Expr: Sendable, Equatable {
    /// `yes`, `no`, `unknown`, `true`, `false`, a whole number or a quoted string.
    case literal(Literal, offset: Int)
    /// A question, derived fact, `classification`, `outcome21` or (in constraints) `value`.
    case reference(String, offset: Int)
    /// `not x`.
    case not(Expr, offset: Int)
    /// A binary operation.
    case binary(BinaryOperator, Expr, Expr, offset: Int)
    /// `[a, b, c]`, only on the right of `in`.
    case list([Expr], offset: Int)
    /// `answered(question)`.
    case answered(String, offset: Int)
    /// `applies("action-id")`: whether an action applies; `applies_first("action-id")`: whether it
    /// applies and no action listed before it does, so it heads the list (invariants only).
    case applies(String, first: Bool, offset: Int)

    /// Where this expression starts in its text.
    package var offset: Int {
        switch self {
        case .literal(_, let o), .reference(_, let o), .not(_, let o), .binary(_, _, _, let o),
             .list(_, let o), .answered(_, let o), .applies(_, _, let o):
            return o
        }
    }

    /// Every name the expression refers to, `answered(x)` included.
    package var references: [String] {
        switch self {
        case .literal, .applies: return []
        case .reference(let name, _), .answered(let name, _): return [name]
        case .not(let e, _): return e.references
        case .binary(_, let l, let r, _): return l.references + r.references
        case .list(let items, _): return items.flatMap(\.references)
        }
    }
}

/// A literal value written in an expression.
package enum Literal: Sendable, Equatable {
    /// `yes` or `no`.
    case tri(Bool)
    /// `unknown`: not yet established, or not answered.
    case unknown
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A quoted string, e.g. a choice value.
    case string(String)
}

/// Operators, loosest-binding first: `or`, `and`, comparisons and `in`, `+ -`.
package enum BinaryOperator: String, Sendable, Equatable, Codable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in`
    case plus = "+", minus = "-"
}
