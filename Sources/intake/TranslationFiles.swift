import ArgumentParser
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

        func run() throws { try show(FlowReports.translate(flow, into: lang, output: output, done: done)) }
    }
}
