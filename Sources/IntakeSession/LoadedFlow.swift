import Crypto
import IntakeRecords
import FoundationEssentials
import Glibc
import Synchronization
import IntakeCore

/// A flow and the exact bytes it was made from, read once. The hash a record cites is of these
/// bytes: re-reading the file at the end let a record cite a file edited mid-interview.
package struct LoadedFlow: Sendable {
    /// The flow.
    package let flow: Flow
    /// The file's bytes as read.
    package let bytes: Data
    /// SHA-256 of `bytes`, in hex.
    package let sha256: String
    /// Where it was read from.
    package let path: String
    /// Its translations (`X.cy.yaml` beside the file), by language: read and loaded the first time
    /// they are asked for, then kept. Loading the Welsh of the police flow took as long as loading
    /// the flow itself, and an interview in English never needs it before its first screen.
    package var translations: [Language: LoadedTranslation] { beside?.read().translations ?? [:] }
    /// Why a translation beside the flow was not taken (a file that does not load); the interview
    /// then runs in the languages that did load.
    package var translationProblems: [String] { beside?.read().problems ?? [] }
    /// The languages other than English that have a file beside the flow, known without reading
    /// them; one that does not load is offered until it is asked for, then says why not.
    package var translationLanguages: [Language] { beside?.languages ?? [] }
    private var beside: Beside?

    /// A translation file, read once like the flow, with the hash a record cites.
    package struct LoadedTranslation: Sendable {
        /// The translation.
        package let translation: Translation
        /// SHA-256 of the file's bytes, in hex.
        package let sha256: String
        /// Where it was read from.
        package let path: String
        /// The file's bytes as read, so an interview can keep a copy of the very wording it showed.
        package let bytes: Data
    }

    /// The flow in `language`, if it is there in it: English as written, others translated.
    package func flow(in language: Language) -> Flow? {
        if language == .en { return flow }
        return translations[language].map { flow.translated(by: $0.translation) }
    }

    /// The flow in every language it is there in, English included; each translation is read and
    /// applied when first asked for, so an interview in English does not wait for Welsh.
    package var languages: FlowLanguages {
        guard let beside else { return FlowLanguages(english: flow) }
        return FlowLanguages(english: flow, offered: beside.languages) { language in
            let read = beside.read()
            if let loaded = read.translations[language] { return .success(loaded.translation) }
            return .failure(.init(read.problems.first { $0.contains(Translation.path(for: beside.flowPath, language: language)) }
                                  ?? "no \(language.name) translation beside \(beside.flowPath)"))
        }
    }

    /// The SHA-256 of each translation, for the record.
    package var translationSHA256: [Language: String] { translations.mapValues(\.sha256) }

    /// Takes the translations kept beside `flowPath` (the flow's own file, or for a kept copy the
    /// bundled flow of the same id), to be read when first wanted. A translation of another flow
    /// is not taken; texts whose English has changed since they were translated show in English
    /// (`Flow.translated(by:)`).
    package mutating func readTranslations(beside flowPath: String) {
        beside = Beside(flowPath: flowPath, flowId: flow.id, compiled: compiled)
    }

    /// Takes translations from these files, by language (the copies an interview kept), instead of
    /// those beside a flow file.
    /// `approved` names those a signature approved when the interview began: a kept copy has no
    /// signature beside it.
    package mutating func readTranslations(files: [Language: String], approved: Set<Language> = []) {
        beside = Beside(flowPath: path, flowId: flow.id, files: files, approved: approved, compiled: compiled)
    }

    /// Reads `path` once and loads the flow from those bytes; its translations wait until wanted.
    /// With `compiled`, a flow already validated is read from its compiled form.
    package static func read(path: String, compiled: CompiledFlows? = nil) throws(FlowError) -> LoadedFlow {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError([Diagnostic(SourceLocation(file: path, line: 1, column: 1), "cannot read the flow file",
                                        hint: "check the path and that the file is readable")])
        }
        var loaded = try LoadedFlow(bytes: data, path: path, compiled: compiled)
        try FlowLoader.checkFileName(loaded.flow, path: path, data: data)
        loaded.readTranslations(beside: path)
        return loaded
    }

    /// The translation files beside a flow: which exist is known at once, what they hold when first
    /// asked. Shared by every copy of the `LoadedFlow`, so they are read at most once.
    private final class Beside: @unchecked Sendable {
        let flowPath: String
        let flowId: String
        let languages: [Language]
        let files: [Language: String]
        let approved: Set<Language>
        let compiled: CompiledFlows?
        private let lock = Mutex(())
        private var done: (translations: [Language: LoadedTranslation], problems: [String])?

        init(flowPath: String, flowId: String, files: [Language: String]? = nil, approved: Set<Language> = [], compiled: CompiledFlows?) {
            self.flowPath = flowPath
            self.compiled = compiled
            self.flowId = flowId
            self.approved = approved
            let files = files ?? Dictionary(uniqueKeysWithValues: Language.allCases.filter { $0 != .en }
                .map { ($0, Translation.path(for: flowPath, language: $0)) })
            self.files = files
            languages = Language.allCases.filter { files[$0].map { FileManager.default.fileExists(atPath: $0) } ?? false }
        }

        func read() -> (translations: [Language: LoadedTranslation], problems: [String]) {
            lock.withLock { _ in readOnce() }
        }

        private func readOnce() -> (translations: [Language: LoadedTranslation], problems: [String]) {
            if let done { return done }
            var translations: [Language: LoadedTranslation] = [:]
            var problems: [String] = []
            for language in languages {
                let file = files[language] ?? Translation.path(for: flowPath, language: language)
                guard let data = FileManager.default.contents(atPath: file) else {
                    problems.append("\(file): cannot be read; the interview is in English only")
                    continue
                }
                let sha256 = LoadedFlow.hash(data)
                do throws(FlowError) {
                    var translation: Translation
                    if let compiled {
                        translation = try compiled.loadTranslation(bytes: data, sha256: sha256, path: file)
                    } else {
                        translation = try TranslationLoader.load(data: data, file: file)
                    }
                    // A translation is approved by its reviewer's signature, never by what its own
                    // status: line says; until then it is a draft, shipped or not (issue 31).
                    if approved.contains(language) {
                        translation.status = .approved
                    } else if case .approved = FlowApproval.fromEnvironment().provenance(of: data, besideFile: file) {
                        translation.status = .approved
                    } else {
                        translation.status = .draft
                    }
                    guard translation.flow == flowId else {
                        problems.append("\(file): translates \(translation.flow), not \(flowId); not used")
                        continue
                    }
                    translations[language] = LoadedTranslation(translation: translation, sha256: sha256, path: file, bytes: data)
                } catch {
                    problems.append("\(file) does not load, so \(language.name) is not offered: \(error.diagnostics.first.map { "\($0.location): \($0.message)" } ?? "")")
                }
            }
            done = (translations, problems)
            return (translations, problems)
        }
    }

    /// Loads the flow from `bytes`; `path` names it in diagnostics. With `compiled`, from the
    /// compiled form of exactly these bytes when there is one.
    package init(bytes: Data, path: String, compiled: CompiledFlows? = nil) throws(FlowError) {
        let sha256 = Self.hash(bytes)
        self.compiled = compiled
        if let compiled {
            let read = try compiled.load(bytes: bytes, sha256: sha256, path: path)
            flow = read.flow
            readFromYAML = !read.compiled
        } else {
            flow = try FlowLoader.load(data: bytes, file: path)
        }
        self.bytes = bytes
        self.path = path
        self.sha256 = sha256
    }

    /// Where this flow and its translations are kept compiled, if anywhere.
    private var compiled: CompiledFlows?
    /// Whether the flow came from its YAML, so that its compiled form is still to be kept.
    private var readFromYAML = true

    /// Keeps the flow compiled for the next start, if it was read from YAML. Called once the first
    /// screen is up: encoding and writing it before would make a first use slower by about 3 ms.
    package func keepCompiled() {
        if readFromYAML { compiled?.keep(flow, sha256: sha256, path: path) }
    }

    static func hash(_ data: Data) -> String { sha256Hex(data) }
}
