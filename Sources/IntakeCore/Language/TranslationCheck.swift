/// What `intake flows check` finds wrong with a translation: texts it lacks, texts whose English has
/// changed since they were translated, entries the flow no longer has, and placeholders that differ.
public struct TranslationCheck: Sendable, Equatable {
    /// One finding.
    public struct Problem: Sendable, Equatable {
        /// What kind of finding.
        public enum Kind: String, Sendable, Equatable { case missing, stale, orphan, placeholders, wrongFlow }
        public var kind: Kind
        /// Where, what and what to do.
        public var diagnostic: Diagnostic
    }

    /// Every finding, in the flow's order, then the orphans in the translation's.
    public var problems: [Problem]

    /// Compares `translation` with the texts of `flow`.
    public init(flow: Flow, translation: Translation) {
        let lang = translation.language
        var problems: [Problem] = []
        let file = translation.file
        let top = SourceLocation(file: file, line: 1, column: 1)
        if translation.flow != flow.id {
            problems.append(Problem(kind: .wrongFlow, diagnostic: Diagnostic(
                top, "this translation is of '\(translation.flow)', not of the flow beside it, '\(flow.id)'",
                hint: "set translation-of: \(flow.id), or name the file after the flow it translates")))
        }
        let texts = flow.texts
        var known: Set<String> = []
        for text in texts {
            known.insert(text.key)
            guard let entry = translation.entries[text.key] else {
                problems.append(Problem(kind: .missing, diagnostic: Diagnostic(
                    Self.place(of: text.key, in: translation) ?? top,
                    "no \(lang.name) for \(text.key) (the English is at \(text.location))",
                    hint: "add \(text.key) with english: \(text.hash) and its text; the English: \(Self.excerpt(text.english))")))
                continue
            }
            if entry.english != text.hash {
                problems.append(Problem(kind: .stale, diagnostic: Diagnostic(
                    entry.location, "stale: the English of \(text.key) has changed since this was translated (english: \(entry.english), now \(text.hash))",
                    hint: "check the \(lang.name) against the English now, then set english: \(text.hash); the English: \(Self.excerpt(text.english))")))
                continue
            }
            let want = Notice.placeholders(in: text.english), have = Notice.placeholders(in: entry.text)
            if Set(want) != Set(have) {
                problems.append(Problem(kind: .placeholders, diagnostic: Diagnostic(
                    entry.location, "the \(lang.name) of \(text.key) has placeholders {\(have.joined(separator: "}, {"))} but the English has {\(want.joined(separator: "}, {"))}",
                    hint: "a placeholder names an answer and stays as the English writes it, in braces")))
            }
        }
        for (key, entry) in translation.entries.sorted(by: { ($0.value.location.line, $0.value.location.column) < ($1.value.location.line, $1.value.location.column) })
            where !known.contains(key) {
            problems.append(Problem(kind: .orphan, diagnostic: Diagnostic(
                entry.location, "orphan: the flow has no text \(key) to translate",
                hint: "remove it, or move it to the key the text has now (intake flows translate lists them)")))
        }
        self.problems = problems
    }

    /// The nearest mapping of the translation that `key` would sit under.
    static func place(of key: String, in translation: Translation) -> SourceLocation? {
        var parts = key.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            parts.removeLast()
            if let at = translation.places[parts.joined(separator: ".")] { return at }
        }
        return nil
    }

    static func excerpt(_ text: String) -> String {
        let one = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return one.count > 80 ? "\"\(one.prefix(77))…\"" : "\"\(one)\""
    }
}
