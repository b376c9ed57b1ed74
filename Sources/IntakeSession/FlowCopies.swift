import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// The exact flow each interview started with, kept by its SHA-256 under the data folder, so an
/// interview resumes on its own flow whatever has happened to the file since (one policy edit used
/// to strand every open interview). `--flow` on resume still moves one deliberately.
package struct FlowCopies: Sendable {
    /// The folder, e.g. `$XDG_DATA_HOME/intake/flows`.
    package let directory: URL

    /// Copies kept in `directory`.
    package init(directory: URL) { self.directory = directory }

    /// The validated flows kept compiled beside the copies.
    package var compiled: CompiledFlows { CompiledFlows(directory: directory.appendingPathComponent("compiled")) }

    /// Keeps a copy of `flow`'s bytes, once per hash, and of each translation file beside it, once
    /// per translation hash (`translation-<sha>.yaml`), so a resumed interview shows the wording it
    /// began with. The translations are copied as bytes, never parsed: an interview in English does
    /// not wait for its Welsh. Returns each translation's hash, by language code.
    @discardableResult
    package func keep(_ flow: LoadedFlow) throws -> [String: String] {
        try keep(flow.bytes, as: flow.sha256 + ".yaml")
        var kept: [String: String] = [:]
        for language in flow.translationLanguages {
            guard let data = FileManager.default.contents(atPath: Translation.path(for: flow.path, language: language)) else { continue }
            let sha = LoadedFlow.hash(data)
            try keep(data, as: Self.translationName(sha))
            kept[language.rawValue] = sha
        }
        return kept
    }

    static func translationName(_ sha256: String) -> String { "translation-" + sha256 + ".yaml" }

    private func keep(_ bytes: Data, as name: String) throws {
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) { return }
        do {
            _ = try RecordStore(directory: directory).create(name, contents: String(decoding: bytes, as: UTF8.self))
        } catch .exists {
            return  // kept meanwhile by another intake: same hash, same bytes
        }
    }

    /// The copy with this hash, checked against it; nil if there is none or it does not match.
    package func load(sha256: String, path: String, translations: [String: String]? = nil,
                     approved: Set<String> = []) -> LoadedFlow? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit),
              let bytes = FileManager.default.contents(atPath: directory.appendingPathComponent(sha256 + ".yaml").path),
              LoadedFlow.hash(bytes) == sha256 else { return nil }
        guard var loaded = try? LoadedFlow(bytes: bytes, path: path, compiled: compiled) else { return nil }
        // The translations the interview began with, kept by hash, when the journal names them and
        // every copy is there and unchanged; else those beside the original, where any text whose
        // English differs shows in English (Flow.translated(by:)).
        var kept: [Language: String] = [:]
        for (code, sha) in translations ?? [:] {
            guard let language = Language(rawValue: code), sha.count == 64, sha.allSatisfy(\.isHexDigit) else { continue }
            let file = directory.appendingPathComponent(Self.translationName(sha)).path
            guard let data = FileManager.default.contents(atPath: file), LoadedFlow.hash(data) == sha else { kept = [:]; break }
            kept[language] = file
        }
        if kept.isEmpty || kept.count != (translations ?? [:]).count {
            loaded.readTranslations(beside: path)
        } else {
            loaded.readTranslations(files: kept, approved: Set(approved.compactMap(Language.init(rawValue:))))
        }
        return loaded
    }
}
