import Foundation
import ArgumentParser
import IntakeCore
import IntakeRecords

/// `intake flows`: list and check flow files.
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

        func run() throws {
            let approval = FlowApproval.fromEnvironment()
            let found = FlowLocator.search.all()
            guard !found.isEmpty else {
                printError("no flows found in \(FlowLocator.search.places.map(\.folder).joined(separator: ", ")); set INTAKE_FLOWS to the folder holding them")
                throw ExitCode(Exit.invalidInput)
            }
            for flowFile in found {
                do {
                    let flow = try FlowLoader.load(path: flowFile.path)
                    print("\(flow.id)  \(flow.version)  \(flow.description)")
                } catch {
                    print("\(flowFile.id)  (invalid: run intake flows check \(flowFile.path))")
                }
                print("    from \(flowFile.path) (\(flowFile.place.kind.rawValue))")
                for line in FlowPolicy.lines(flowPath: flowFile.path, approval: approval) { print("    " + line) }
                for shadowed in flowFile.shadows { print("    shadows \(shadowed)") }
            }
        }
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
            var failed = false
            let approval = FlowApproval.fromEnvironment()
            let paths = files.map { (try? FlowLocator.resolve($0)) ?? $0 }
            for (reference, path) in zip(files, paths) {
                // A translation named on its own is checked against its flow; with its flow, once, there.
                if Translation.isTranslationPath(path) {
                    let flowPath = TranslationFiles.flowPath(of: path)
                    if paths.contains(flowPath) { continue }
                    do {
                        let flow = try FlowLoader.load(path: flowPath)
                        if !TranslationFiles.check(flow, flowPath: flowPath, only: path, required: requireLang) { failed = true }
                    } catch {
                        printError(error.description)
                        failed = true
                    }
                    continue
                }
                do {
                    let started = DispatchTime.now()
                    var phases = FlowLoader.Phases()
                    let flow = try FlowLoader.load(path: try FlowLocator.resolve(reference), phases: &phases)
                    let loaded = DispatchTime.now()
                    if timings {
                        printError(String(format: "%@: load and validate %@ ms (YAML %.1f, model %.1f, validation %.1f)", reference,
                                          Self.milliseconds(started, loaded), Double(phases.compose) / 1e6,
                                          Double(phases.read) / 1e6, Double(phases.validate) / 1e6))
                    }
                    if !TranslationFiles.check(flow, flowPath: path, only: nil, required: requireLang) { failed = true }
                    if !TranslationFiles.explain(flow, flowPath: path, languages: explainLang) { failed = true }
                    if loadOnly {
                        print("\(reference): ok (\(flow.id) \(flow.version), \(flow.screens.count) screens; loaded and validated, paths not explored)")
                        for line in FlowPolicy.lines(flowPath: path, approval: approval) { print("  " + line) }
                        continue
                    }
                    let report = FlowChecker.check(flow, budget: FlowChecker.Budget(states: budget))
                    if timings {
                        printError("\(reference): explore \(Self.milliseconds(loaded, DispatchTime.now())) ms")
                    }
                    for problem in report.problems { printError("\(problem.location): error: \(problem.message)") }
                    for why in report.incomplete { printError("\(why.location): error: \(why.message)") }
                    for violation in report.violations {
                        printError("\(violation.location): error: invariant '\(violation.name)' is broken (\(violation.source)).")
                        printError("  The shortest answers that break it (an answers file for intake assess or intake run):")
                        printError(violation.answersFile.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
                    }
                    if report.problems.isEmpty && report.violations.isEmpty && report.incomplete.isEmpty {
                        print("\(reference): ok (\(flow.id) \(flow.version), \(flow.screens.count) screens, \(flow.actions.count) actions; "
                              + "\(report.states) states, \(report.endings) endings explored; \(report.proved.count) invariants proved)")
                        for line in FlowPolicy.lines(flowPath: path, approval: approval) { print("  " + line) }
                    } else {
                        failed = true
                    }
                } catch {
                    printError(error.description)
                    failed = true
                }
            }
            if failed { throw ExitCode(Exit.invalidInput) }
        }

        static func milliseconds(_ a: DispatchTime, _ b: DispatchTime) -> String {
            String(format: "%.1f", Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e6)
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

        enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid, svg, png }
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
            do {
                loaded = try FlowLocator.load(flow)
            } catch {
                throw fail(error)
            }
            if let section, !loaded.screens.contains(where: { $0.section == section }) {
                let names = loaded.screens.compactMap(\.section).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                printError("intake: \(loaded.id) has no section '\(section)'; its sections: " + (names.isEmpty ? "none" : names.map { "\"\($0)\"" }.joined(separator: ", ")))
                throw ExitCode(Exit.invalidInput)
            }
            let dot = FlowDiagram.dot(loaded, FlowDiagram.Options(wide: layout == .wide, ids: ids, section: section))
            let bytes: Data
            switch format {
            case .dot: bytes = Data(dot.utf8)
            case .mermaid: bytes = Data(FlowDiagram.mermaid(loaded).utf8)
            case .svg, .png:
                if format == .png, output == nil, isatty(STDOUT_FILENO) == 1 {
                    printError("intake: a PNG is not for the terminal: give --output FILE (e.g. --output \(loaded.id).png)")
                    throw ExitCode(Exit.invalidInput)
                }
                bytes = try Graphviz.render(dot, format: format.rawValue)
            }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: bytes) else {
                    printError("intake: cannot write \(output)")
                    throw ExitCode(Exit.invalidInput)
                }
                printError("Wrote \(output)")
            } else {
                FileHandle.standardOutput.write(bytes)
            }
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
