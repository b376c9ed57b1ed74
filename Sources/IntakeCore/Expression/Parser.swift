/// Parses the expression language used in `when:` guards, derived facts, rules and constraints.
///
/// Grammar, loosest first: `or`, `and`, `not`, one comparison (`== != < <= > >= in`), `+ -`, then
/// literals, names, `answered(name)`, `[list]` and parentheses.
package enum ExpressionParser {
    /// How deeply parentheses and `not` may nest; far beyond any real rule, and it keeps hostile input
    /// from exhausting the stack.
    package static let maximumDepth = 64
    /// The longest expression text, in bytes: the longest rule of the bundled flows is under 300.
    package static let maximumLength = 2_000
    /// The most operators (and, or, comparisons, + and -) in one expression. A flat chain is not
    /// nested, but every later pass walks it recursively: 12,000 `and`s overflowed the stack.
    package static let maximumOperators = 200

    static let keywords: Set<String> = ["and", "or", "not", "in", "yes", "no", "unknown", "true", "false", "answered", "applies", "applies_first"]

    /// Parses `text` into an expression, or throws an error pointing into `text`.
    package static func parse(_ text: String) throws(ExpressionError) -> Expr {
        guard text.utf8.count <= maximumLength else {
            throw ExpressionError(offset: 0, "the expression is \(text.utf8.count) bytes long; expressions may be at most \(maximumLength)",
                                  hint: "split it into derived facts (facts:) and combine those")
        }
        var state = State(tokens: try Lexer.tokens(text))
        if case .end = state.peek.kind {
            throw ExpressionError(offset: 0, "the expression is empty", hint: "write a condition, e.g. adult_involved == yes")
        }
        let expr = try state.parseOr()
        guard case .end = state.peek.kind else {
            var hint = "join conditions with and / or"
            if case .symbol(",") = state.peek.kind { hint = "a list after in goes in brackets: x in [\"a\", \"b\"]" }
            if case .identifier(let word) = state.peek.kind, ["and", "or", "not", "in"].contains(word.lowercased()) {
                hint = "write \(word.lowercased()), in lower case"
            }
            throw ExpressionError(offset: state.peek.offset, "unexpected \(state.peek.kind.describe) after a complete expression", hint: hint)
        }
        return expr
    }

    struct State {
        var tokens: [Token]
        var position = 0
        var depth = 0
        var operators = 0

        var peek: Token { tokens[position] }

        mutating func advance() -> Token {
            let token = tokens[position]
            if position < tokens.count - 1 { position += 1 }
            return token
        }

        func isWord(_ word: String) -> Bool {
            if case .identifier(let name) = peek.kind { return name == word }
            return false
        }

        func isSymbol(_ symbol: String) -> Bool {
            if case .symbol(let s) = peek.kind { return s == symbol }
            return false
        }

        /// Counts one more operator at `offset`.
        mutating func count(_ offset: Int) throws(ExpressionError) {
            operators += 1
            if operators > ExpressionParser.maximumOperators {
                throw ExpressionError(offset: offset, "the expression has more than \(ExpressionParser.maximumOperators) operators",
                                      hint: "split it into derived facts (facts:) and combine those")
            }
        }

        mutating func nest() throws(ExpressionError) {
            depth += 1
            if depth > ExpressionParser.maximumDepth {
                throw ExpressionError(offset: peek.offset, "the expression nests more than \(ExpressionParser.maximumDepth) levels deep",
                                      hint: "split it into derived facts")
            }
        }

        mutating func parseOr() throws(ExpressionError) -> Expr {
            try nest()
            defer { depth -= 1 }
            var left = try parseAnd()
            while isWord("or") {
                let op = advance()
                try count(op.offset)
                left = .binary(.or, left, try parseAnd(), offset: op.offset)
            }
            return left
        }

        mutating func parseAnd() throws(ExpressionError) -> Expr {
            var left = try parseNot()
            while isWord("and") {
                let op = advance()
                try count(op.offset)
                left = .binary(.and, left, try parseNot(), offset: op.offset)
            }
            return left
        }

        mutating func parseNot() throws(ExpressionError) -> Expr {
            if isWord("not") {
                let op = advance()
                try nest()
                defer { depth -= 1 }
                return .not(try parseNot(), offset: op.offset)
            }
            return try parseComparison()
        }

        mutating func parseComparison() throws(ExpressionError) -> Expr {
            let left = try parseAdditive()
            let op: BinaryOperator
            if case .symbol(let s) = peek.kind, let found = BinaryOperator(rawValue: s), found != .plus, found != .minus {
                op = found
            } else if isWord("in") {
                op = .in
            } else {
                return left
            }
            let opToken = advance()
            try count(opToken.offset)
            let right = op == .in && isSymbol("[") ? try parseList() : try parseAdditive()
            if case .symbol(let s) = peek.kind, BinaryOperator(rawValue: s) != nil, s != "+", s != "-" {
                throw ExpressionError(offset: peek.offset, "comparisons cannot be chained",
                                      hint: "write a < b and b < c")
            }
            return .binary(op, left, right, offset: opToken.offset)
        }

        mutating func parseAdditive() throws(ExpressionError) -> Expr {
            var left = try parsePrimary()
            while isSymbol("+") || isSymbol("-") {
                let op = advance()
                try count(op.offset)
                left = .binary(op.kind == .symbol("+") ? .plus : .minus, left, try parsePrimary(), offset: op.offset)
            }
            return left
        }

        mutating func parseList() throws(ExpressionError) -> Expr {
            let open = advance()
            var items: [Expr] = []
            if isSymbol("]") { _ = advance(); return .list(items, offset: open.offset) }
            while true {
                items.append(try parseAdditive())
                if isSymbol(",") { _ = advance(); continue }
                if isSymbol("]") { _ = advance(); break }
                throw ExpressionError(offset: peek.offset, "expected , or ] in the list, found \(peek.kind.describe)")
            }
            return .list(items, offset: open.offset)
        }

        mutating func parsePrimary() throws(ExpressionError) -> Expr {
            let token = advance()
            switch token.kind {
            case .number(let n):
                return .literal(.int(n), offset: token.offset)
            case .string(let s):
                return .literal(.string(s), offset: token.offset)
            case .symbol("-"):
                guard case .number(let n) = peek.kind else {
                    throw ExpressionError(offset: token.offset, "a minus sign here must be followed by a number")
                }
                _ = advance()
                return .literal(.int(-n), offset: token.offset)
            case .symbol("("):
                let inner = try parseOr()
                guard isSymbol(")") else {
                    throw ExpressionError(offset: peek.offset, "expected ) to close the ( at column \(token.offset + 1), found \(peek.kind.describe)")
                }
                _ = advance()
                return inner
            case .symbol("["):
                throw ExpressionError(offset: token.offset, "a list may only follow in", hint: "write x in [a, b]")
            case .identifier(let name):
                switch name {
                case "yes": return .literal(.tri(true), offset: token.offset)
                case "no": return .literal(.tri(false), offset: token.offset)
                case "unknown": return .literal(.unknown, offset: token.offset)
                case "true": return .literal(.bool(true), offset: token.offset)
                case "false": return .literal(.bool(false), offset: token.offset)
                case "answered":
                    guard isSymbol("(") else {
                        throw ExpressionError(offset: peek.offset, "answered needs a question in parentheses", hint: "write answered(question_id)")
                    }
                    _ = advance()
                    guard case .identifier(let target) = peek.kind, !ExpressionParser.keywords.contains(target) else {
                        throw ExpressionError(offset: peek.offset, "answered needs a question id, found \(peek.kind.describe)")
                    }
                    _ = advance()
                    guard isSymbol(")") else {
                        throw ExpressionError(offset: peek.offset, "expected ) after answered(\(target)")
                    }
                    _ = advance()
                    return .answered(target, offset: token.offset)
                case "applies", "applies_first":
                    guard isSymbol("(") else {
                        throw ExpressionError(offset: peek.offset, "applies needs an action id in parentheses", hint: "write applies(\"action-id\")")
                    }
                    _ = advance()
                    guard case .string(let target) = peek.kind else {
                        throw ExpressionError(offset: peek.offset, "applies needs the action id as a quoted string, found \(peek.kind.describe)")
                    }
                    _ = advance()
                    guard isSymbol(")") else { throw ExpressionError(offset: peek.offset, "expected ) after applies(\"\(target)\"") }
                    _ = advance()
                    return .applies(target, first: name == "applies_first", offset: token.offset)
                case "and", "or", "in", "not":
                    throw ExpressionError(offset: token.offset, "expected a value before '\(name)'")
                default:
                    return .reference(name, offset: token.offset)
                }
            case .end:
                throw ExpressionError(offset: token.offset, "the expression ends too early", hint: "finish the condition")
            case .symbol(let s):
                throw ExpressionError(offset: token.offset, "expected a value, found '\(s)'")
            }
        }
    }
}

extension Token.Kind {
    var describe: String {
        switch self {
        case .identifier(let s): return "'\(s)'"
        case .number(let n): return "the number \(n)"
        case .string(let s): return "the string \"\(s)\""
        case .symbol(let s): return "'\(s)'"
        case .end: return "the end of the expression"
        }
    }
}
