import ArgumentParser
import Foundation
import IntakeCore

/// Checking a flow's translation files for `intake flows check`, and writing one for `flows translate`.
enum TranslationFiles {
    /// `X.yaml` for `X.cy.yaml`.
    static func flowPath(of translation: String) -> String {
        var base = translation
        for ext in [".yaml", ".yml"] where base.hasSuffix(ext) { base.removeLast(ext.count); break }
        if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        return base + ".yaml"
    }

    /// Checks the translations beside `flowPath` (or only the file `only`), printing each finding as
    /// file:line:col; findings are errors for the languages in `required`, warnings for others.
    /// False when there was an error.
    /// Prints each choice beside its English and its translation in each of `languages`; false when a
    /// translation is missing or does not load (said with its file:line:col).
    static func explain(_ flow: Flow, flowPath: String, languages: [Language]) -> Bool {
        var ok = true
        for language in languages where language != .en {
            let file = Translation.path(for: flowPath, language: language)
            do {
                let translation = try TranslationLoader.load(path: file)
                print("\(file): the choices of \(flow.id) in English and \(language.name)")
                for line in TranslationCheck.choiceLines(flow, translation) { print("  " + line) }
            } catch {
                printError(error.description)
                ok = false
            }
        }
        return ok
    }

    static func check(_ flow: Flow, flowPath: String, only: String?, required: [Language]) -> Bool {
        var ok = true
        for language in Language.allCases where language != .en {
            let file = Translation.path(for: flowPath, language: language)
            if let only, only != file { continue }
            let strict = required.contains(language)
            guard FileManager.default.fileExists(atPath: file) else {
                if strict {
                    printError("\(flowPath):1:1: error: no \(language.name) translation (\(file) does not exist)")
                    printError("  hint: intake flows translate \(flowPath) --lang \(language.rawValue) --output \(file) writes one to fill in")
                    ok = false
                }
                continue
            }
            let translation: Translation
            do {
                translation = try TranslationLoader.load(path: file)
            } catch {
                printError(error.description)
                ok = false
                continue
            }
            let check = TranslationCheck(flow: flow, translation: translation)
            let counts = Dictionary(grouping: check.problems, by: \.kind).mapValues(\.count)
            for problem in check.problems {
                let error = problem.isError(required: strict)
                printError("\(problem.diagnostic.location): \(error ? "error" : "warning"): \(problem.diagnostic.message)")
                if let hint = problem.diagnostic.hint { printError("  hint: \(hint)") }
                if error { ok = false }
            }
            let texts = flow.texts.count
            let current = texts - (counts[.missing] ?? 0) - (counts[.stale] ?? 0)
            print("\(file): \(language.name) \(translation.status.rawValue), \(current) of \(texts) texts current"
                  + (check.problems.isEmpty ? "" : "; \(counts[.missing] ?? 0) missing, \(counts[.stale] ?? 0) stale, \(counts[.orphan] ?? 0) orphans"))
        }
        return ok
    }
}

extension Flows {
    struct Translate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "translate",
            abstract: "Write a flow's translation file to fill in: every text with its English as a comment and its hash.",
            discussion: """
            Translations still current in the existing file (X.cy.yaml beside X.yaml) are kept. A stale one \
            (its English changed) keeps its old hash, so it stays stale and screens show the English, with \
            the English it was translated from beside it; once it is translated again, --done KEY moves its \
            hash. A new text has an empty text:, which intake refuses to load until it is filled in.
            """)

        @Argument(help: "A bundled flow's id or a flow file.", completion: FlowLocator.completion) var flow: String
        @Option(help: "The language: cy.") var lang: Language
        @Option(help: "Write the file here instead of standard output (it may be the translation itself: it is replaced whole).")
        var output: String?
        @Option(name: .customLong("done"), help: "A stale text, by its key (screens.intro.prompt), now translated anew: its hash moves to the English now. Repeatable.")
        var done: [String] = []

        func run() throws {
            guard lang != .en else {
                printError("intake: flows are written in English; translate into cy")
                throw ExitCode(Exit.invalidInput)
            }
            let path: String
            let loaded: Flow
            do {
                path = try FlowLocator.resolve(flow)
                loaded = try FlowLoader.load(path: path)
            } catch {
                throw fail(error)
            }
            let file = Translation.path(for: path, language: lang)
            var existing: Translation?
            var existingText: String?
            if FileManager.default.fileExists(atPath: file) {
                do { existing = try TranslationLoader.load(path: file) } catch { throw fail(error) }
                existingText = try? String(contentsOfFile: file, encoding: .utf8)
            }
            let keys = Set(loaded.texts.map(\.key))
            if let unknown = done.first(where: { !keys.contains($0) }) {
                printError("intake: --done \(Visible.line(unknown)): \(loaded.id) has no text with that key; keys look like screens.intro.prompt")
                throw ExitCode(Exit.invalidInput)
            }
            let text = TranslationTemplate.text(flow: loaded, language: lang, existing: existing, existingText: existingText, done: Set(done))
            guard let output else { print(text, terminator: ""); return }
            try writeWhole(text, to: output)
            printError("Wrote \(output)")
        }
    }
}
