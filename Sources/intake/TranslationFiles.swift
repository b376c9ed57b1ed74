import ArgumentParser
import Foundation
import IntakeCore
import IntakeSession

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
