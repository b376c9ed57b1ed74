/// A token of the expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case number(Int)
        case string(String)
        case symbol(String)
        case end
    }
    var kind: Kind
    var offset: Int
}

/// An expression error at a 0-based offset within the expression text.
package struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the expression text the problem is.
    package var offset: Int
    /// What is wrong.
    package var message: String
    /// What to do, when there is something specific to suggest.
    package var hint: String?

    /// Creates an error.
    package init(offset: Int, _ message: String, hint: String? = nil) {
        self.offset = offset
        self.message = message
        self.hint = hint
    }

    /// The message.
    package var description: String { message }
}

enum Lexer {
    static func tokens(_ text: String) throws(ExpressionError) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            if isIdentifierStart(c) {
                while i < scalars.count, isIdentifierPart(scalars[i]) { i += 1 }
                tokens.append(Token(kind: .identifier(String(String.UnicodeScalarView(scalars[start..<i]))), offset: start))
            } else if ("0"..."9").contains(c) {
                while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1 }
                let digits = String(String.UnicodeScalarView(scalars[start..<i]))
                guard digits.count <= 10, let value = Int(digits), value <= NumberLimit.magnitude else {
                    throw ExpressionError(offset: start, "the number \(digits.prefix(20))\(digits.count > 20 ? "…" : "") is too large: numbers in a flow are at most \(NumberLimit.text)")
                }
                tokens.append(Token(kind: .number(value), offset: start))
            } else if c == "\"" || c == "'" {
                i += 1
                var value = String.UnicodeScalarView()
                while i < scalars.count, scalars[i] != c {
                    value.append(scalars[i])
                    i += 1
                }
                guard i < scalars.count else {
                    throw ExpressionError(offset: start, "this string is not closed", hint: "add the closing \(c)")
                }
                i += 1
                tokens.append(Token(kind: .string(String(value)), offset: start))
            } else {
                // Compared as scalars: making a two-letter string at every symbol was a tenth of
                // loading a flow.
                let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
                if next == "=", c == "=" || c == "!" || c == "<" || c == ">" {
                    tokens.append(Token(kind: .symbol(c == "=" ? "==" : c == "!" ? "!=" : c == "<" ? "<=" : ">="), offset: start))
                    i += 2
                } else if let symbol = Self.symbols[c] {
                    tokens.append(Token(kind: .symbol(symbol), offset: start))
                    i += 1
                } else if c == "=" {
                    throw ExpressionError(offset: start, "a single = is not an operator", hint: "compare with ==")
                } else if c == "&" || c == "|" || c == "!" {
                    throw ExpressionError(offset: start, "\(c) is not an operator", hint: "use the words and, or, not")
                } else {
                    let curly: Set<Unicode.Scalar> = ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}"]
                    throw ExpressionError(offset: start, "unexpected character '\(c)'",
                                          hint: curly.contains(c) ? "use straight quotes, \" or ' (a word processor makes curly ones)" : nil)
                }
            }
        }
        tokens.append(Token(kind: .end, offset: scalars.count))
        return tokens
    }

    /// The one-character symbols, as their token text.
    private static let symbols: [Unicode.Scalar: String] = [
        "(": "(", ")": ")", "[": "[", "]": "]", ",": ",", "<": "<", ">": ">", "+": "+", "-": "-",
    ]

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }
}
