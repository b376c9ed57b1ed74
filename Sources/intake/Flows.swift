import FoundationEssentials
import ArgumentParser
import IntakeCore
import IntakeRecords
import IntakeSession

/// `intake flows`: list and check flow files.
extension FlowPicture.Format: ExpressibleByArgument {}

struct Flows: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "List or check flows.",
        subcommands: [List.self, Check.self, Translate.self, Approve.self, Graph.self, Explain.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the flows found, where each comes from, and what it shadows.",
            discussion: """
            Flows are found by file name (the id), first place first: $INTAKE_FLOWS; \
            $XDG_CONFIG_HOME/intake/flows (your own); /etc/intake/flows and $XDG_CONFIG_DIRS/intake/flows \
            (the force's); the flows shipped with intake (share/intake/flows beside its bin folder); \
            $XDG_DATA_DIRS/intake/flows. A flow shadows one of the same id in a later place.
            """)

        func run() throws { try show(FlowReports.list(approval: FlowApproval.fromEnvironment())) }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate flow files and explore every path: exit 1 on any problem or broken invariant.",
            discussion: """
            Beyond loading, every path is explored (every answer, unknown included; numbers at the \
            flow's own boundaries): screens no path reaches, branches that never fire, rules, actions \
            and reasons that never apply, and each declared invariant, with the shortest answers that \
            break it printed as an answers file. Each translation beside a flow (X.cy.yaml beside X.yaml) \
            is checked too: texts it lacks, stale texts (the English changed since) and orphans are \
            warnings, or errors for a language named with --require-lang.
            """)

        @Argument(help: "Flow files (or bundled flow ids).", completion: FlowLocator.completion)
        var files: [String]

        @Flag(name: .long, help: "Only load and validate; do not explore the paths.")
        var loadOnly = false

        @Flag(name: .long, help: "Print how long loading and exploring took, on standard error.")
        var timings = false

        @Option(name: .long, help: ArgumentHelp("How many distinct states the check may explore before it stops, incomplete (about 1 KB each).", valueName: "states"))
        var budget: Int = FlowChecker.Budget.standard.states

        @Option(name: .long, help: ArgumentHelp("A language every flow must be wholly and currently translated into (repeatable): a missing file, text, stale text or orphan is an error.", valueName: "lang"))
        var requireLang: [Language] = []

        @Option(name: .long, help: ArgumentHelp("Show each choice's value beside its English label and its translation in this language (repeatable), to check that no two meanings are swapped.", valueName: "lang"))
        var explainLang: [Language] = []

        func run() throws {
            var options = FlowReports.CheckOptions()
            (options.loadOnly, options.timings, options.budget) = (loadOnly, timings, budget)
            (options.requireLang, options.explainLang) = (requireLang, explainLang)
            try show(FlowReports.check(files, options, approval: FlowApproval.fromEnvironment()))
        }
    }

    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "graph",
            abstract: "Draw a flow for a room: SVG or PNG (through Graphviz), DOT, or Mermaid.",
            discussion: """
            Every screen's text in full, conditions in words, the flow's sections as boxes, the derived facts \
            defined and the determination rules in the order they are tried. --layout wide draws left to right, \
            for a projector; --ids adds each screen's id in small type. svg and png need Graphviz's dot \
            (apt install graphviz); png needs --output FILE or a pipe.
            """)

        typealias Format = FlowPicture.Format
        enum Layout: String, ExpressibleByArgument, CaseIterable { case tall, wide }

        @Argument(help: "A bundled flow's id or a flow file.", completion: FlowLocator.completion) var flow: String
        @Option(help: "svg, png, dot or mermaid.") var format: Format = .dot
        @Option(help: "tall (top to bottom) or wide (left to right, for a projector).") var layout: Layout = .tall
        @Flag(help: "Show each screen's and fact's id in small type.") var ids = false
        @Option(help: "Draw one section only (its name as in the flow's section: lines), with where each way out leads: a slide of a long flow.")
        var section: String?
        @Option(help: "Write the picture to this file instead of standard output.") var output: String?

        func run() throws {
            let loaded: Flow
            do { loaded = try FlowLocator.load(flow) } catch { throw fail(error) }
            if format == .png, output == nil, Output.outputIsTerminal {
                printError("intake: a PNG is not for the terminal: give --output FILE (e.g. --output \(loaded.id).png)")
                throw ExitCode(Exit.invalidInput)
            }
            let bytes: Data
            switch FlowPicture.draw(loaded, format: format, options: FlowDiagram.Options(wide: layout == .wide, ids: ids, section: section)) {
            case .success(let data): bytes = data
            case .failure(let why):
                printError("intake: \(why)")
                throw ExitCode(Exit.invalidInput)
            }
            guard let output else { return Output.out(bytes) }
            guard FileManager.default.createFile(atPath: output, contents: bytes) else {
                printError("intake: cannot write \(Visible.line(output))")
                throw ExitCode(Exit.invalidInput)
            }
            printError("Wrote \(Visible.line(output))")
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Print a flow as a Markdown booklet for training: screens, guidance, sources, where answers lead, rules.")

        @Argument(help: "A bundled flow's id or a flow file.", completion: FlowLocator.completion) var flow: String

        func run() throws {
            do {
                print(FlowBooklet.markdown(try FlowLocator.load(flow)))
            } catch {
                throw fail(error)
            }
        }
    }
}
