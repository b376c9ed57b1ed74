/// A translation file for a flow, written out whole: every text with its English beside it as a
/// comment and its short hash, keeping each translation that is still current. A translator starts
/// from it (`intake flows translate FLOW --lang cy`) and refreshes with it after the English changes:
/// stale texts keep their old translation under a STALE comment, new texts have an empty `text:`,
/// which the loader refuses until it is filled in, so nothing untranslated passes as translated.
public enum TranslationTemplate {
    /// The file's text.
    public static func text(flow: Flow, language: Language, existing: Translation?) -> String {
        var out = [
            "# \(language.name) (\(language.rawValue)) translation of \(flow.id): the flow's texts, keyed by their ids.",
            "# Each text keeps the short hash of the English it translates (english:); when the English changes,",
            "# intake flows check reports the text as stale. Format: docs/flow-format.md, \"Translations\".",
            "translation-of: \(flow.id)",
            "language: \(language.rawValue)",
            "status: \(existing?.status.rawValue ?? TranslationStatus.draft.rawValue)",
        ]
        if let by = existing?.signedOffBy { out.append("signed-off-by: \(quoted(by))") }
        out.append("texts:")
        var open: [String] = []
        for text in flow.texts {
            let parts = text.key.split(separator: ".").map(String.init)
            let groups = Array(parts.dropLast())
            var common = 0
            while common < min(open.count, groups.count), open[common] == groups[common] { common += 1 }
            for (depth, name) in groups.enumerated().dropFirst(common) {
                out.append(String(repeating: "  ", count: depth + 1) + key(name) + ":")
            }
            open = groups
            let indent = String(repeating: "  ", count: parts.count)
            for line in wrap("English: " + text.english.split(whereSeparator: \.isNewline).joined(separator: " "), width: 100 - indent.count - 2) { out.append(indent + "# " + line) }
            out.append(indent + key(parts.last!) + ":")
            let inner = indent + "  "
            // Quoted: a hash of digits alone would read as a number in other YAML tools.
            out.append(inner + "english: \"\(text.hash)\"")
            if let entry = existing?.entries[text.key] {
                if entry.english != text.hash { out.append(inner + "# STALE: translated from English that has since changed (english: \(entry.english)); check it, then keep the hash above") }
                out += value("text", entry.text, indent: inner)
            } else {
                out.append(inner + "text:")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func key(_ name: String) -> String {
        name.contains("#") || Int(name) != nil ? quoted(name) : name
    }

    /// `name: text`, folded over several lines when it is plain prose, else double-quoted.
    static func value(_ name: String, _ text: String, indent: String) -> [String] {
        let prose = !text.isEmpty && !text.contains("\n") && !text.contains("  ") && text.first != " " && text.last != " "
            && !text.contains("\t")
        guard prose else { return [indent + name + ": " + quoted(text)] }
        if indent.count + name.count + 2 + text.count <= 100, plainSafe(text) { return [indent + name + ": " + text] }
        return [indent + name + ": >-"] + wrap(text, width: 100 - indent.count - 2).map { indent + "  " + $0 }
    }

    /// Text YAML reads back as itself when written plain after `key: `.
    static func plainSafe(_ text: String) -> Bool {
        guard let first = text.first, !"-?:,[]{}#&*!|>'\"%@`".contains(first) else { return false }
        return !text.contains(": ") && !text.contains(" #") && !text.hasSuffix(":")
            && !["true", "false", "null", "~", "yes", "no"].contains(text.lowercased()) && Double(text) == nil
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty, line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
