/// A translation file for a flow, written out whole: every text with its English beside it as a
/// comment and its short hash, keeping each translation that is still current. A translator starts
/// from it (`intake flows translate FLOW --lang cy`) and refreshes with it after the English changes.
/// A stale text keeps its old hash — so it stays stale, and screens show the English, until the
/// translator says it is done (`done`) — with the English it was translated from beside it when the
/// earlier file shows it. New texts have an empty `text:`, which the loader refuses until it is filled
/// in, so nothing untranslated passes as translated (issue 31).
package enum TranslationTemplate {
    /// The file's text. `existingText` is the existing file as written, whose `# English:` comments
    /// give the English each stale text was translated from; `done` lists the keys of stale texts the
    /// translator has brought up to date, whose hash moves to the English now.
    package static func text(flow: Flow, language: Language, existing: Translation?, existingText: String? = nil,
                            done: Set<String> = []) -> String {
        let before = existingText.map(englishComments) ?? [:]
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
            if let entry = existing?.entries[text.key], entry.english != text.hash, !done.contains(text.key) {
                // Stale: the old hash stays, so the text stays stale until the translator says it is done.
                out.append(inner + "english: \"\(entry.english)\"")
                out.append(inner + "# STALE: the English changed (it is now \(text.hash)). The text below translates:")
                for line in wrap(before[text.key] ?? "(not shown: the earlier file did not say)", width: 100 - inner.count - 4) {
                    out.append(inner + "#   " + line)
                }
                out.append(inner + "# Translate the English above, then: intake flows translate \(flow.id) --lang \(language.rawValue) --done \(text.key)")
                out += value("text", entry.text, indent: inner)
            } else if let entry = existing?.entries[text.key] {
                out.append(inner + "english: \"\(text.hash)\"")
                out += value("text", entry.text, indent: inner)
            } else {
                out.append(inner + "english: \"\(text.hash)\"")
                out.append(inner + "text:")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The English each key's text was translated from, as the `# English:` comments of a file this
    /// template wrote show it: comment lines just above a key, read by indentation.
    static func englishComments(_ text: String) -> [String: String] {
        var found: [String: String] = [:]
        var path: [(indent: Int, key: String)] = []
        var comment: [String] = []
        var stale: [String]?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            // A STALE block this template wrote inside an entry keeps the English the text translates,
            // so writing the file again never loses it.
            if body.hasPrefix("# STALE: ") { stale = []; continue }
            if var kept = stale {
                if body.hasPrefix("#   ") {
                    kept.append(String(body.dropFirst(4)))
                    stale = kept
                    continue
                }
                let entry = path.map(\.key).drop { $0 == "texts" }.dropLast().joined(separator: ".")
                if !kept.isEmpty { found[entry] = kept.joined(separator: " ") }
                stale = nil
                if body.hasPrefix("# Translate ") { continue }
            }
            if body.hasPrefix("# English: ") { comment = [String(body.dropFirst("# English: ".count))]; continue }
            if body.hasPrefix("# "), !comment.isEmpty { comment.append(String(body.dropFirst(2))); continue }
            guard let colon = body.firstIndex(of: ":"), !body.hasPrefix("#") else { comment = []; continue }
            var key = String(body[..<colon])
            if key.hasPrefix("\""), key.hasSuffix("\""), key.count >= 2 { key = String(key.dropFirst().dropLast()) }
            while let last = path.last, last.indent >= indent { path.removeLast() }
            path.append((indent, key))
            let full = path.map(\.key).drop { $0 == "texts" }.joined(separator: ".")
            if !comment.isEmpty, found[full] == nil {
                found[full] = comment.joined(separator: " ")
            }
            comment = []
        }
        return found
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
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\x" + Digits.padded(scalar.value, 2, radix: 16, uppercase: true) } else { out.unicodeScalars.append(scalar) }
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
