/// A language intake speaks: its own words come from the catalogue, a flow's from its translation file.
/// Answers are stored by value, never by label, so switching language changes no answer.
package enum Language: String, Sendable, Codable, Equatable, Hashable, CaseIterable, Comparable {
    /// English, the language every flow is written in.
    case en
    /// Welsh (Cymraeg): the Welsh Language Standards ask Welsh forces to offer it no less favourably.
    case cy

    /// The language's name in itself, as a language menu shows it.
    package var name: String {
        switch self {
        case .en: return "English"
        case .cy: return "Cymraeg"
        }
    }

    /// The language's name as `other` says it, for a sentence in that language: a letter in
    /// English says "Welsh", not "Cymraeg".
    package func name(in other: Language) -> String {
        switch (self, other) {
        case (.en, .en): return "English"
        case (.en, .cy): return "Saesneg"
        case (.cy, .en): return "Welsh"
        case (.cy, .cy): return "Cymraeg"
        }
    }

    /// The BCP 47 tag for HTML's `lang` attribute.
    package var tag: String {
        switch self {
        case .en: return "en-GB"
        case .cy: return "cy-GB"
        }
    }

    package static func < (a: Language, b: Language) -> Bool { a.rawValue < b.rawValue }

    /// The language a POSIX locale names (`cy_GB.UTF-8` → Welsh), if intake speaks it.
    /// `C` and `POSIX` name no language.
    package init?(locale: String) {
        let code = locale.prefix { $0.isLetter }.lowercased()
        guard let language = Language(rawValue: code) else { return nil }
        self = language
    }

    /// The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX
    /// orders them; the first one set decides, even when it names a language intake does not speak.
    package static func fromEnvironment(_ env: [String: String]) -> Language? {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = env[name], !value.isEmpty { return Language(locale: value) }
        }
        return nil
    }

    /// The program's own words in this language: `language(.yes)`, `language(.stepOf, "3", "40")`.
    package func callAsFunction(_ phrase: Phrase, _ arguments: String...) -> String {
        Catalogue.text(phrase, in: self, arguments)
    }
}

/// The program's words in every language, one table each (Catalogue+English, Catalogue+Welsh).
/// `{1}`, `{2}`… stand for arguments; a test checks every phrase is in every table with the same ones.
package enum Catalogue {
    /// The table for `language`.
    package static func table(_ language: Language) -> [Phrase: String] {
        switch language {
        case .en: return english
        case .cy: return welsh
        }
    }

    /// `phrase` in `language` with its arguments in place; English if a table lacks it (the test
    /// stops that from shipping, and an English word beats a blank).
    static func text(_ phrase: Phrase, in language: Language, _ arguments: [String]) -> String {
        let text = table(language)[phrase] ?? english[phrase] ?? phrase.rawValue
        guard text.contains("{") else { return text }
        // One pass, so an argument that happens to contain "{2}" is never filled in itself.
        return Notice.fill(text) { n in Int(n).flatMap { $0 >= 1 && $0 <= arguments.count ? arguments[$0 - 1] : nil } ?? "{\(n)}" }
    }

    /// The `{n}` placeholders in `text`, for the completeness test.
    package static func placeholders(_ text: String) -> Set<String> {
        Set(Notice.placeholders(in: text))
    }
}
