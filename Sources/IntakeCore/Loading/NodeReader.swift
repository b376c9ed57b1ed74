/// Reads a composed YAML tree while collecting diagnostics with file:line:column.
/// Every read returns nil on a problem and records why, so one pass reports every problem.
struct NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Reporting stops here: a pathological file should not print a million lines.
    static let diagnosticLimit = 200

    init(file: String) { self.file = file }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark.line, column: node.mark.column)
    }

    mutating func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        guard diagnostics.count < Self.diagnosticLimit else { return }
        diagnostics.append(Diagnostic(location, message, hint: hint))
    }

    mutating func error(_ node: Node, _ message: String, hint: String? = nil) {
        error(location(node), message, hint: hint)
    }

    /// A mapping's entries with string keys, after checking the keys against `allowed` and `required`.
    mutating func fields(_ node: Node, _ what: String, allowed: [String], required: [String]) -> Fields? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping of keys to values, not \(describe(node))",
                  hint: "write it as key: value lines")
            return nil
        }
        var fields = Fields(node: node)
        var suggested: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error(keyNode, "keys in \(what) must be plain words")
                continue
            }
            guard allowed.contains(key) else {
                let suggestion = Suggest.closest(to: key, in: allowed)
                if let suggestion { suggested.insert(suggestion) }
                let hint = suggestion.map { "did you mean '\($0)'?" }
                    ?? "allowed here: \(allowed.joined(separator: ", "))"
                error(keyNode, "unknown key '\(key)' in \(what)", hint: hint)
                continue
            }
            fields.entries.append((key, keyNode, value))
        }
        // A misspelt required key is reported once, as the misspelling.
        for key in required where fields[key] == nil && !suggested.contains(key) {
            error(node, "\(what) is missing '\(key)'", hint: "add a '\(key):' line")
        }
        return fields
    }

    mutating func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be text, not \(describe(node))")
            return nil
        }
        // YAML reads a bare null, ~ or nothing as "no value"; a flow has no use for one.
        if scalar.style == .plain, ["null", "Null", "NULL", "~", ""].contains(scalar.string) {
            error(node, "\(what) has no value here (\(scalar.string.isEmpty ? "nothing after the colon" : scalar.string))",
                  hint: "write the \(what); quote it (\"\(scalar.string)\") if you mean those characters")
            return nil
        }
        return scalar.string
    }

    /// An id: letters, digits, `_` and `-`, starting with a letter.
    mutating func identifier(_ node: Node?, _ what: String, allowHyphen: Bool = false) -> String? {
        guard let node, let text = string(node, what) else { return nil }
        // Bytes, not Characters: Unicode property look-ups made this a tenth of the load time.
        func letter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        let utf8 = text.utf8
        let valid = utf8.first.map(letter) == true && utf8.count <= 64
            && utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || (allowHyphen && $0 == 0x2D) }
        guard valid else {
            error(node, "\(what) '\(text.prefix(40))' is not a valid id",
                  hint: "use up to 64 letters, digits" + (allowHyphen ? ", - " : " ") + "and _, starting with a letter")
            return nil
        }
        return text
    }

    mutating func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node, let text = string(node, what) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            error(node, "\(what) must be true or false, not '\(text.prefix(40))'")
            return nil
        }
    }

    mutating func int(_ node: Node?, _ what: String) -> Int? {
        guard let node, let text = string(node, what) else { return nil }
        guard let value = Int(text) else {
            error(node, "\(what) must be a whole number, not '\(text.prefix(40))'")
            return nil
        }
        guard value >= -NumberLimit.magnitude, value <= NumberLimit.magnitude else {
            error(node, "\(what) is \(value); numbers in a flow are between -\(NumberLimit.text) and \(NumberLimit.text)")
            return nil
        }
        return value
    }

    mutating func sequence(_ node: Node?, _ what: String) -> [Node]? {
        guard let node else { return nil }
        guard case .sequence(let sequence) = node else {
            error(node, "\(what) must be a list (lines starting with -), not \(describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// Parses an expression, pointing errors at the right column when the text sits on one line.
    mutating func condition(_ node: Node?, _ what: String) -> Condition? {
        guard let node, let text = string(node, what) else { return nil }
        let start = expressionStart(node)
        do {
            return Condition(expr: try ExpressionParser.parse(text), text: text, location: start)
        } catch {
            self.error(start.shifted(by: columnOffset(error.offset, in: text)), "in \(what): \(error.message)", hint: error.hint)
            return nil
        }
    }

    /// Where the first character of a scalar's text is: quoted scalars start one column later.
    func expressionStart(_ node: Node) -> SourceLocation {
        let base = location(node)
        switch node.scalar?.style {
        case .singleQuoted?, .doubleQuoted?: return base.shifted(by: 1)
        default: return base
        }
    }

    /// Offsets inside single-line text map to columns; in block text, point at the start.
    func columnOffset(_ offset: Int, in text: String) -> Int {
        text.contains("\n") ? 0 : offset
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "the text '\(s.string.prefix(30))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// A mapping's entries by key, with the key nodes for locations. A linear search: mappings in flows
/// have a handful of keys, and dictionaries here were a tenth of the load time of a large flow.
struct Fields {
    let node: Node
    var entries: [(key: String, keyNode: Node, value: Node)] = []

    subscript(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
    func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }
}
