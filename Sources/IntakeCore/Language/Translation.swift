import FoundationEssentials
import Glibc

/// How far a translation is trusted.
package enum TranslationStatus: String, Sendable, Codable, Equatable, CaseIterable {
    /// Not yet signed off: records and letters made from it say so in both languages.
    case draft
    /// Signed off by a speaker of the language at a force (`signed-off-by:` names them).
    case approved
}

/// A flow's texts in another language, read from its own file beside the flow
/// (`flows/initial-response.cy.yaml`), keyed as `Flow.texts` keys them. Each entry keeps the short
/// hash of the English it translates, so a change to the English shows up as a stale translation.
package struct Translation: Sendable, Equatable {
    /// One translated text.
    package struct Entry: Sendable, Equatable {
        /// The text in the translation's language.
        package var text: String
        /// The short hash of the English it was made from (`FlowText.hash`).
        package var english: String
        /// Where the entry is written.
        package var location: SourceLocation
    }

    /// The id of the flow it translates.
    package var flow: String
    /// Its language.
    package var language: Language
    /// Draft or approved.
    package var status: TranslationStatus
    /// Who signed it off, for an approved translation.
    package var signedOffBy: String?
    /// The entries by key.
    package var entries: [String: Entry]
    /// Where each mapping of the `texts:` tree is written, by its key path, for placing messages
    /// about texts missing under it.
    package var places: [String: SourceLocation]
    /// The path it was read from.
    package var file: String

    /// Creates a translation; `TranslationLoader` is the usual way to get one.
    package init(flow: String, language: Language, status: TranslationStatus, signedOffBy: String? = nil,
                entries: [String: Entry], places: [String: SourceLocation] = [:], file: String) {
        self.flow = flow
        self.language = language
        self.status = status
        self.signedOffBy = signedOffBy
        self.entries = entries
        self.places = places
        self.file = file
    }

    /// The file a flow's translation into `language` is kept in: `X.cy.yaml` beside `X.yaml`.
    package static func path(for flowPath: String, language: Language) -> String {
        var base = flowPath
        for ext in [".yaml", ".yml"] where base.hasSuffix(ext) { base.removeLast(ext.count); break }
        return base + ".\(language.rawValue).yaml"
    }

    /// Whether `path` names a translation file rather than a flow (`X.cy.yaml`).
    package static func isTranslationPath(_ path: String) -> Bool {
        let name = PathText.lastComponent(path)
        return Language.allCases.contains { $0 != .en && (name.hasSuffix(".\($0.rawValue).yaml") || name.hasSuffix(".\($0.rawValue).yml")) }
    }
}

extension Flow {
    /// This flow with `translation`'s texts in place of the English. A text with no translation, or
    /// whose translation is stale (made from English that has since changed), stays in English: a
    /// stale translation may say what the flow no longer says. Ids, values and conditions are untouched,
    /// so answers, routes and the determination are the same in every language.
    package func translated(by translation: Translation) -> Flow {
        var out = self
        out.visitTexts { key, text, _ in
            if let entry = translation.entries[key], entry.english == FlowText.hash(text),
               Set(Notice.placeholders(in: entry.text)) == Set(Notice.placeholders(in: text)) { text = entry.text }
        }
        out.language = translation.language
        out.translationStatus = translation.status
        out.screens = out.screens.map { screen in
            var screen = screen
            screen.language = translation.language
            return screen
        }
        return out
    }
}
