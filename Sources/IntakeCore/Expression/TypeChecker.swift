/// The type of a value in the expression language.
package indirect enum ValueType: Sendable, Equatable, CustomStringConvertible {
    /// A condition: a derived fact, an acknowledgement, or the result of a comparison.
    case bool
    /// A whole number.
    case int
    /// Free text.
    case text
    /// A yes / no / unknown answer.
    case tri
    /// A date and time.
    case dateTime
    /// One value out of a known set (single choice, checklist status, classification).
    case choice(Set<String>)
    /// Several values out of a known set (multiple choice).
    case set(Set<String>)
    /// The literal `unknown`, which compares with anything.
    case unknown
    /// A bracketed list, only on the right of `in`.
    case list(ValueType)

    /// A plain-words name for messages.
    package var description: String {
        switch self {
        case .bool: return "a condition"
        case .int: return "a number"
        case .text: return "text"
        case .tri: return "a yes/no/unknown answer"
        case .dateTime: return "a date-time"
        case .choice: return "a choice"
        case .set: return "a multiple choice"
        case .unknown: return "unknown"
        case .list: return "a list"
        }
    }
}

/// What names an expression may use and what they are.
package struct TypeEnvironment: Sendable {
    /// Names in scope and their types.
    package var names: [String: ValueType]
    /// The names that are questions, which `answered(x)` accepts.
    package var questions: Set<String>
    /// The action ids `applies("x")` accepts; empty where `applies` is not allowed.
    package var actions: Set<String> = []
    /// The type of `value` inside a screen's constraints. Kept apart from `names` so that checking
    /// each screen does not copy the whole table (that made validation quadratic in screens).
    package var value: ValueType?

    /// Creates an environment.
    package init(names: [String: ValueType], questions: Set<String>) {
        self.names = names
        self.questions = questions
    }
}

/// Checks an expression's types before anything is evaluated, so a flow with a bad rule never loads.
package enum TypeChecker {
    /// Checks that `expr` is a condition (a boolean) in `environment`.
    package static func checkCondition(_ expr: Expr, in environment: TypeEnvironment) throws(ExpressionError) {
        let type = try typeOf(expr, environment)
        guard type == .bool else {
            throw ExpressionError(offset: expr.offset, "this must be a condition, but it is \(type)",
                                  hint: type == .tri ? "compare it, e.g. \(exampleName(expr)) == yes" : "compare it with == or in")
        }
    }

    private static func exampleName(_ expr: Expr) -> String {
        if case .reference(let name, _) = expr { return name }
        return "x"
    }

    /// The type of `expr`, or an error pointing at the first problem.
    package static func typeOf(_ expr: Expr, _ env: TypeEnvironment) throws(ExpressionError) -> ValueType {
        switch expr {
        case .literal(let literal, _):
            switch literal {
            case .tri: return .tri
            case .unknown: return .unknown
            case .bool: return .bool
            case .int: return .int
            case .string: return .text
            }
        case .reference(let name, let offset):
            guard let type = name == "value" ? env.value ?? env.names[name] : env.names[name] else {
                // A value written without quotes (classification == experimental, seize_devices == done)
                // reads as a name: say so, rather than that no such question exists.
                let values = env.names.values.flatMap { type -> Set<String> in
                    if case .choice(let values) = type { return values }
                    if case .set(let values) = type { return values }
                    return []
                }
                if values.contains(name) {
                    throw ExpressionError(offset: offset, "'\(name)' is a value, and values are quoted",
                                          hint: "write \"\(name)\", in quotes")
                }
                if ["yes", "no", "unknown", "true", "false"].contains(name.lowercased()) {
                    throw ExpressionError(offset: offset, "'\(name)' is written \(name.lowercased()), in lower case")
                }
                let hint = Suggest.closest(to: name, in: Array(env.names.keys)).map { "did you mean \($0)?" }
                    ?? "use the id of a question or derived fact in this flow, or quote a value (\"\(name)\")"
                throw ExpressionError(offset: offset, "'\(name)' is not a question or fact of this flow", hint: hint)
            }
            return type
        case .answered(let name, let offset):
            guard env.questions.contains(name) else {
                throw ExpressionError(offset: offset, "answered(\(name)) needs a question, and '\(name)' is not a question of this flow",
                                      hint: Suggest.closest(to: name, in: Array(env.questions)).map { "did you mean \($0)?" })
            }
            return .bool
        case .applies(let id, _, let offset):
            guard env.actions.contains(id) else {
                throw ExpressionError(offset: offset, env.actions.isEmpty ? "applies(…) may only be used in invariants"
                                        : "applies(\"\(id)\") names no action of this flow",
                                      hint: Suggest.closest(to: id, in: Array(env.actions)).map { "did you mean \"\($0)\"?" })
            }
            return .bool
        case .not(let inner, _):
            let type = try typeOf(inner, env)
            guard type == .bool else {
                throw ExpressionError(offset: inner.offset, "not needs a condition, but this is \(type)")
            }
            return .bool
        case .list(_, let offset):
            throw ExpressionError(offset: offset, "a list may only follow in")
        case .binary(let op, let left, let right, let offset):
            return try binaryType(op, left, right, offset, env)
        }
    }

    private static func binaryType(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ offset: Int,
                                   _ env: TypeEnvironment) throws(ExpressionError) -> ValueType {
        let l = try typeOf(left, env)
        switch op {
        case .and, .or:
            let r = try typeOf(right, env)
            for (side, type) in [(left, l), (right, r)] where type != .bool {
                throw ExpressionError(offset: side.offset, "\(op.rawValue) joins conditions, but this is \(type)",
                                      hint: type == .tri ? "compare it, e.g. \(exampleName(side)) == yes" : nil)
            }
            return .bool
        case .equal, .notEqual:
            let r = try typeOf(right, env)
            try compatible(l, r, left, right, offset)
            return .bool
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let r = try typeOf(right, env)
            guard l == r, l == .int || l == .dateTime else {
                throw ExpressionError(offset: offset, "\(op.rawValue) compares two numbers or two date-times, not \(l) and \(r)")
            }
            return .bool
        case .plus, .minus:
            let r = try typeOf(right, env)
            guard l == .int, r == .int else {
                throw ExpressionError(offset: offset, "\(op.rawValue) works on numbers, not \(l) and \(r)")
            }
            return .int
        case .in:
            if case .list(let items, _) = right {
                for item in items {
                    try compatible(l, try typeOf(item, env), left, item, item.offset)
                }
                return .bool
            }
            let r = try typeOf(right, env)
            guard case .set(let options) = r else {
                throw ExpressionError(offset: right.offset, "in needs a list [a, b] or a multiple-choice answer on its right, not \(r)")
            }
            try checkMember(left, l, options)
            return .bool
        }
    }

    private static func compatible(_ l: ValueType, _ r: ValueType, _ left: Expr, _ right: Expr,
                                   _ offset: Int) throws(ExpressionError) {
        if l == .unknown || r == .unknown { return }
        switch (l, r) {
        case (.choice(let options), .text):
            return try checkMember(right, r, options)
        case (.text, .choice(let options)):
            return try checkMember(left, l, options)
        case (.choice, .choice), (.set, .set), (.text, .text):
            return
        default:
            guard l == r else {
                throw ExpressionError(offset: offset, "cannot compare \(l) with \(r)",
                                      hint: l == .tri || r == .tri ? "yes/no/unknown answers compare with yes, no or unknown, written without quotes" : nil)
            }
        }
    }

    /// A string literal compared with a choice must be one of its values: a typo here would make a rule
    /// silently never apply.
    private static func checkMember(_ expr: Expr, _ type: ValueType, _ options: Set<String>) throws(ExpressionError) {
        if case .literal(.string(let value), let offset) = expr, !options.contains(value) {
            throw ExpressionError(offset: offset, "\"\(value)\" is not one of the choices (\(options.sorted().joined(separator: ", ")))",
                                  hint: Suggest.closest(to: value, in: Array(options)).map { "did you mean \"\($0)\"?" })
        }
        switch type {
        case .text, .choice, .unknown: return
        default:
            throw ExpressionError(offset: expr.offset, "only a choice value can be in a multiple choice, not \(type)")
        }
    }
}

/// Suggests the closest known name for a misspelt one.
/// The closest of some names to a misspelt one, for "did you mean" hints.
package enum Suggest {
    /// The candidate nearest `word` by edit distance, if near enough to be a likely typo.
    package static func closest(to word: String, in candidates: [String]) -> String? {
        // The distance is at least the difference in length: candidates that cannot be near enough
        // are not compared (a megabyte-long typo compared with every name took seconds).
        let limit = max(2, word.count / 3)
        let near = candidates.filter { abs($0.count - word.count) <= limit }
        let scored = near.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return nil }
        return best.1 <= limit ? best.0 : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
