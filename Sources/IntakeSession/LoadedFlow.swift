import Crypto
import IntakeRecords
import Foundation
import IntakeCore

/// A flow and the exact bytes it was made from, read once. The hash a record cites is of these
/// bytes: re-reading the file at the end let a record cite a file edited mid-interview.
public struct LoadedFlow: Sendable {
    /// The flow.
    public let flow: Flow
    /// The file's bytes as read.
    public let bytes: Data
    /// SHA-256 of `bytes`, in hex.
    public let sha256: String
    /// Where it was read from.
    public let path: String
    /// Its translations, read with it from beside the file (`X.cy.yaml`), by language.
    public private(set) var translations: [Language: LoadedTranslation] = [:]
    /// Why a translation beside the flow was not taken (a file that does not load); the interview
    /// then runs in the languages that did load.
    public private(set) var translationProblems: [String] = []

    /// A translation file, read once like the flow, with the hash a record cites.
    public struct LoadedTranslation: Sendable {
        /// The translation.
        public let translation: Translation
        /// SHA-256 of the file's bytes, in hex.
        public let sha256: String
        /// Where it was read from.
        public let path: String
    }

    /// The flow in `language`, if it is there in it: English as written, others translated.
    public func flow(in language: Language) -> Flow? {
        if language == .en { return flow }
        return translations[language].map { flow.translated(by: $0.translation) }
    }

    /// The flow in every language it is there in, English included.
    public var languages: [Language: Flow] {
        var out: [Language: Flow] = [.en: flow]
        for language in translations.keys { out[language] = flow(in: language) }
        return out
    }

    /// The SHA-256 of each translation, for the record.
    public var translationSHA256: [Language: String] { translations.mapValues(\.sha256) }

    /// Reads the translations kept beside `flowPath` (the flow's own file, or for a kept copy the
    /// bundled flow of the same id). A translation of another flow is not taken; texts whose English
    /// has changed since they were translated show in English (`Flow.translated(by:)`).
    public mutating func readTranslations(beside flowPath: String) {
        for language in Language.allCases where language != .en {
            let file = Translation.path(for: flowPath, language: language)
            guard FileManager.default.fileExists(atPath: file) else { continue }
            guard let data = FileManager.default.contents(atPath: file) else {
                translationProblems.append("\(file): cannot be read; the interview is in English only")
                continue
            }
            do {
                let translation = try TranslationLoader.load(data: data, file: file)
                guard translation.flow == flow.id else {
                    translationProblems.append("\(file): translates \(translation.flow), not \(flow.id); not used")
                    continue
                }
                translations[language] = LoadedTranslation(translation: translation, sha256: Self.hash(data), path: file)
            } catch {
                translationProblems.append("\(file) does not load, so \(language.name) is not offered: \(error.diagnostics.first.map { "\($0.location): \($0.message)" } ?? "")")
            }
        }
    }

    /// Reads `path` once and loads the flow from those bytes.
    public static func read(path: String) throws(FlowError) -> LoadedFlow {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError([Diagnostic(SourceLocation(file: path, line: 1, column: 1), "cannot read the flow file",
                                        hint: "check the path and that the file is readable")])
        }
        var loaded = try LoadedFlow(bytes: data, path: path)
        loaded.readTranslations(beside: path)
        return loaded
    }

    /// Loads the flow from `bytes`; `path` names it in diagnostics.
    public init(bytes: Data, path: String) throws(FlowError) {
        flow = try FlowLoader.load(data: bytes, file: path)
        self.bytes = bytes
        self.path = path
        sha256 = Self.hash(bytes)
    }

    static func hash(_ data: Data) -> String { sha256Hex(data) }
}
