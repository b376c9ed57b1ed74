import FoundationEssentials
import Glibc
import Synchronization

/// A flow in each language it can be shown in: English as written, and each translation read and
/// applied the first time it is asked for. Applying one hashes every English text of the flow, and
/// reading the Welsh of the police flow took as long as loading the flow, so an interview that stays
/// in English never pays for Welsh before its first screen; a switch pays once, and every later
/// switch takes the kept flow.
package struct FlowLanguages: Sendable {
    /// The flow as written, in English.
    package let english: Flow
    private let offered: [Language]
    private let load: @Sendable (Language) -> Result<Translation, TranslationUnavailable>
    private let made: Made

    /// Why a language that was offered cannot be shown: its file does not load, or translates
    /// another flow. Said to the officer who asked for it.
    package struct TranslationUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
        package var description: String
        package init(_ description: String) { self.description = description }
    }

    /// `english` alone, or with `offered` languages whose translation `load` gives when first asked.
    package init(english: Flow, offered: [Language] = [],
                load: @escaping @Sendable (Language) -> Result<Translation, TranslationUnavailable> = { _ in .failure(.init("no translation")) }) {
        self.english = english
        self.offered = offered.filter { $0 != .en }
        self.load = load
        made = Made()
    }

    /// `english` with translations already read.
    package init(english: Flow, translations: [Language: Translation]) {
        self.init(english: english, offered: Array(translations.keys)) { language in
            translations[language].map { .success($0) } ?? .failure(.init("no \(language.name) translation"))
        }
    }

    /// The languages it can be shown in, English first: those not yet tried are offered, and one
    /// that failed to load is offered no more.
    package var available: [Language] {
        [.en] + offered.filter { !made.failed($0) }.sorted()
    }

    /// The flow in `language`, or why it cannot be shown in it.
    package func flow(in language: Language) -> Result<Flow, TranslationUnavailable> {
        if language == .en { return .success(english) }
        if let kept = made.result(language) { return kept }
        guard offered.contains(language) else { return .failure(.init("no \(language.name) translation")) }
        let result: Result<Flow, TranslationUnavailable>
        switch load(language) {
        case .success(let translation) where translation.flow != english.id:
            result = .failure(.init("the \(language.name) translation is of \(translation.flow), not \(english.id)"))
        case .success(let translation):
            result = .success(english.translated(by: translation))
        case .failure(let why):
            result = .failure(why)
        }
        return made.keep(result, for: language)
    }

    /// The language the language key moves to from `current`, round; nil when there is no other.
    package func next(after current: Language) -> Language? {
        let all = available
        guard all.count > 1 else { return nil }
        let at = all.firstIndex(of: current) ?? 0
        return all[(at + 1) % all.count]
    }

    /// The languages whose flow has been made so far (English needs none).
    var translatedSoFar: [Language] { made.languages }

    /// What has been made so far, shared by copies of this value (a front is copied on every update);
    /// a mutex because a value may be read from more than one thread.
    private final class Made: Sendable {
        private let results = Mutex<[Language: Result<Flow, TranslationUnavailable>]>([:])

        func result(_ language: Language) -> Result<Flow, TranslationUnavailable>? {
            results.withLock { $0[language] }
        }

        func failed(_ language: Language) -> Bool {
            results.withLock { if case .failure = $0[language] { return true } else { return false } }
        }

        var languages: [Language] {
            results.withLock { $0.compactMap { if case .success = $0.value { return $0.key } else { return nil } }.sorted() }
        }

        func keep(_ result: Result<Flow, TranslationUnavailable>, for language: Language) -> Result<Flow, TranslationUnavailable> {
            results.withLock { made in
                if let kept = made[language] { return kept }
                made[language] = result
                return result
            }
        }
    }
}
