/// What `intake flows check` finds wrong with a translation: texts it lacks, texts whose English has
/// changed since they were translated, entries the flow no longer has, and placeholders that differ.
package struct TranslationCheck: Sendable, Equatable {
    /// One finding.
    package struct Problem: Sendable, Equatable {
        /// What kind of finding.
        package enum Kind: String, Sendable, Equatable { case missing, stale, orphan, placeholders, wrongFlow, choiceLabels }
        package var kind: Kind
        /// Where, what and what to do.
        package var diagnostic: Diagnostic

        /// Whether it fails `flows check`: placeholders that differ, or a translation of another
        /// flow, are wrong in any language; the rest only where the language is required
        /// (`--require-lang`), and are warnings otherwise.
        package func isError(required: Bool) -> Bool {
            required || kind == .placeholders || kind == .wrongFlow
        }
    }

    /// Every finding, in the flow's order, then the orphans in the translation's.
    package var problems: [Problem]

    /// Compares `translation` with the texts of `flow`.
    package init(flow: Flow, translation: Translation) {
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
        problems += Self.choiceProblems(flow, translation)
        self.problems = problems
    }

    /// Two choices of a screen whose translated labels are the same, or where one's translation is the
    /// other's English: the officer would pick a meaning the determination does not read (a "yes" and
    /// "no" swapped). Flagged as warnings; `flows check --explain-lang` lists every pair to read.
    static func choiceProblems(_ flow: Flow, _ translation: Translation) -> [Problem] {
        let translated = flow.translated(by: translation)
        var out: [Problem] = []
        for (english, local) in zip(flow.screens, translated.screens) where english.choices.count > 1 {
            let top = SourceLocation(file: translation.file, line: 1, column: 1)
            for (i, a) in local.choices.enumerated() {
                for (j, b) in local.choices.enumerated() where i < j && a.label == b.label {
                    out.append(Problem(kind: .choiceLabels, diagnostic: Diagnostic(
                        Self.place(of: "screens.\(english.id).choices.\(b.value)", in: translation) ?? top,
                        "on \(english.id), the \(translation.language.name) of '\(a.value)' and of '\(b.value)' are both '\(a.label)'",
                        hint: "each choice needs its own words; intake flows check --explain-lang \(translation.language.rawValue) lists them")))
                }
                for (j, b) in english.choices.enumerated() where i != j && a.label == b.label && english.choices[i].label != b.label {
                    out.append(Problem(kind: .choiceLabels, diagnostic: Diagnostic(
                        Self.place(of: "screens.\(english.id).choices.\(a.value)", in: translation) ?? top,
                        "on \(english.id), the \(translation.language.name) of '\(a.value)' is '\(a.label)', the English of '\(english.choices[j].value)': are they swapped?",
                        hint: "intake flows check --explain-lang \(translation.language.rawValue) shows each value beside both labels")))
                }
            }
        }
        return out
    }

    /// Each screen with choices, and each choice's value beside its English label and its translation,
    /// for someone who reads both languages to check that no two meanings are swapped: the value is
    /// what the determination reads, the label what the officer picks.
    package static func choiceLines(_ flow: Flow, _ translation: Translation) -> [String] {
        let translated = flow.translated(by: translation)
        var out: [String] = []
        for (english, local) in zip(flow.screens, translated.screens) where !english.choices.isEmpty {
            out.append("\(english.id): \(Visible.line(english.prompt))")
            out.append("    \(translation.language.rawValue): \(Visible.line(local.prompt))")
            let width = english.choices.map(\.value.count).max() ?? 0
            for (e, l) in zip(english.choices, local.choices) {
                out.append("  \(e.value.fitted(to: width))  en: \(Visible.line(e.label))  |  \(translation.language.rawValue): \(Visible.line(l.label))")
            }
        }
        return out
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
