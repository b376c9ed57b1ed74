import Foundation
import XCTest
import IntakeRecords

/// The command line as a user meets it: exit codes, messages, and a whole interview piped in.
final class CommandTests: XCTestCase {
    func testFlowsCheckAcceptsTheBundledFlowAndRejectsABrokenOne() throws {
        let ok = try Binary.run(["flows", "check", Binary.initialResponse])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("ok (initial-response 3.2.2"), ok.stdout)

        let broken = try String(contentsOfFile: Binary.initialResponse, encoding: .utf8)
            .replacingOccurrences(of: "    next: welfare_advice\n", with: "    next: welfare_advise\n")
        let path = try Binary.temporaryFile("initial-response.yaml", broken)
        let bad = try Binary.run(["flows", "check", path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("error: 'next' of 'shared_online' names 'welfare_advise', which is not a screen of this flow"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("did you mean 'welfare_advice'?"), bad.stderr)
        XCTAssertNotNil(bad.stderr.range(of: #"initial-response\.yaml:\d+:\d+: error"#, options: .regularExpression), bad.stderr)
    }

    func testFlowsListShowsTheBundledFlow() throws {
        let result = try Binary.run(["flows", "list"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("initial-response  3.2.2  "), result.stdout)
    }

    func testAFlowOfYourOwnShadowsTheShippedOneAndListSaysWhere() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("intake-own-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: config) }
        let own = config.appendingPathComponent("intake/flows")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Binary.initialResponse, encoding: .utf8)
        XCTAssertTrue(text.contains("\nversion: 3.2.2\n"))
        try text.replacingOccurrences(of: "\nversion: 3.2.2\n", with: "\nversion: 9.9.9\n")
            .write(to: own.appendingPathComponent("initial-response.yaml"), atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": config.path]
        let list = try Binary.run(["flows", "list"], environment: env)
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.hasPrefix("initial-response  9.9.9  "), list.stdout)
        XCTAssertTrue(list.stdout.contains("    from \(own.path)/initial-response.yaml (your own)\n    policy: NOT APPROVED: "), list.stdout)
        XCTAssertTrue(list.stdout.contains("    shadows \(Binary.initialResponse)\n"), list.stdout)
        XCTAssertTrue(list.stdout.contains("school-incident  3.0.1"), "the others are still the shipped ones: \(list.stdout)")
        let answers = try Binary.temporaryFile("answers.yaml", "adult_involved: no\n")
        let assess = try Binary.run(["assess", "--answers", answers, "--format", "text"], environment: env)
        XCTAssertTrue(assess.stdout.contains("Flow: initial-response 9.9.9"), assess.stdout + assess.stderr)
    }

    func testAssessReportsABadAnswersFileWithItsLocation() throws {
        let path = try Binary.temporaryFile("answers.yaml", "adult_involved: no\ncoercion: perhaps\n")
        let result = try Binary.run(["assess", "--answers", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("answers.yaml:2:11: error: 'coercion': answer y (yes), n (no) or u"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    /// Issue 13: the version, and a mistyped command named as such, with the closest one.
    /// Issue 13, part 9: docs/man/intake.1 is made by swift-argument-parser's plugin (scripts/man) from
    /// the commands themselves; it must name every subcommand and option they have now.
    /// Issue 36, item 5: the page has KEYS, ENVIRONMENT, FILES and intake's own exit codes, every
    /// one that Exit.swift defines, and every variable the sources read.
    func testTheManualPageHasItsOwnSections() throws {
        let page = try String(contentsOf: Binary.root.appendingPathComponent("docs/man/intake.1"), encoding: .utf8)
        for section in [".Sh KEYS", ".Sh ENVIRONMENT", ".Sh FILES", ".Sh \"EXIT STATUS\""] {
            XCTAssertTrue(page.contains(section + "\n"), section)
        }
        XCTAssertFalse(page.contains(".Ex -std"), "intake's exit codes, not the generic sentence")
        let exit = try String(contentsOf: Binary.root.appendingPathComponent("Sources/IntakeRecords/Exit.swift"), encoding: .utf8)
        let codes = exit.matches(of: /static let \w+: Int32 = (\d+)/).map { String($0.1) }
        XCTAssertGreaterThanOrEqual(codes.count, 9)
        for code in ["0"] + codes { XCTAssertTrue(page.contains(".It Sy \(code)\n"), "exit status \(code)") }
        var variables = Set<String>()
        for file in FileManager.default.enumerator(atPath: Binary.root.appendingPathComponent("Sources").path)!.compactMap({ $0 as? String })
        where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Binary.root.appendingPathComponent("Sources/\(file)"), encoding: .utf8)
            for match in text.matches(of: /"(INTAKE_[A-Z_]+|ACCESSIBLE|NO_COLOR|XDG_[A-Z_]+)"/) { variables.insert(String(match.1)) }
        }
        for variable in variables { XCTAssertTrue(page.contains("Ev \(variable)"), "ENVIRONMENT names \(variable)") }
    }

    func testTheManualPageIsCurrent() throws {
        let dumped = try Binary.run(["--experimental-dump-help"])
        XCTAssertEqual(dumped.status, 0, dumped.stderr)
        let page = try String(contentsOf: Binary.root.appendingPathComponent("docs/man/intake.1"), encoding: .utf8)
        struct Help: Decodable {
            struct Command: Decodable {
                struct Argument: Decodable {
                    struct Name: Decodable { var kind: String; var name: String }
                    var names: [Name]?
                }
                var commandName: String
                var subcommands: [Command]?
                var arguments: [Argument]?
            }
            var command: Command
        }
        let help = try JSONDecoder().decode(Help.self, from: Data(dumped.stdout.utf8))
        var missing: [String] = []
        func check(_ command: Help.Command, under path: String) {
            for argument in command.arguments ?? [] {
                for name in argument.names ?? [] where name.kind == "long" && !page.contains("Fl -\(name.name)") {
                    missing.append("\(path) --\(name.name)")
                }
            }
            for sub in command.subcommands ?? [] where sub.commandName != "help" {
                if !page.contains("Em \(sub.commandName)") { missing.append("\(path) \(sub.commandName)") }
                check(sub, under: "\(path) \(sub.commandName)")
            }
        }
        check(help.command, under: "intake")
        XCTAssertEqual(missing, [], "docs/man/intake.1 is out of date: run scripts/man")
    }

    func testVersionAndAMistypedCommand() throws {
        let version = try Binary.run(["--version"])
        XCTAssertEqual(version.status, 0, version.stderr)
        XCTAssertTrue(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, version.stdout)
        XCTAssertEqual(version.stdout, IntakeRelease.version + "\n", "the release the records name")
        let typo = try Binary.run(["resmue"])
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(typo.stderr.hasPrefix("intake: 'resmue' is not a command. Did you mean 'resume'?"), typo.stderr)
        XCTAssertFalse(typo.stderr.contains("Usage: intake run"), "not reported against run's usage")
        let help = try Binary.run(["--help"])
        XCTAssertFalse(help.stdout.contains("docs/"), "help names no repository path: \(help.stdout)")
    }

    /// Issue 13: shell completion offers the bundled flows and scenarios (the scripts call back in).
    func testCompletionOffersBundledFlowsAndScenarios() throws {
        let script = try Binary.run(["--generate-completion-script", "bash"])
        XCTAssertTrue(script.stdout.contains("---completion run -- --flow"), "the script asks intake for --flow values")
        let flows = try Binary.run(["---completion", "run", "--", "--flow", "2", "0", "intake", "run", "--flow", ""])
        XCTAssertEqual(flows.status, 0, flows.stderr)
        XCTAssertTrue(flows.stdout.split(separator: "\n").contains("school-incident"), flows.stdout)
        let scenarios = try Binary.run(["---completion", "demo", "--", "positional@0", "2", "0", "intake", "demo", ""])
        XCTAssertTrue(scenarios.stdout.split(separator: "\n").contains("adult-involved"), scenarios.stdout)
    }

    func testAssessNamesAMissingFlow() throws {
        let path = try Binary.temporaryFile("answers.yaml", "adult_involved: no\n")
        let result = try Binary.run(["assess", "--flow", "no-such-flow", "--answers", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no flow is called 'no-such-flow'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("flows: initial-response, school-incident, supervisor-review"), result.stderr)
    }

    func home() throws -> [String: String] {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-cmd-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: home) }
        let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path]
        let made = try Binary.run(["keys", "init", "--name", "PC Test", "--collar", "1", "--organisation", "Testshire"], environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
        return env
    }

    func testACompleteAnswersFileFinishesWithoutAPrompt() throws {
        let answers = Binary.operational("experimental")
        let result = try Binary.run(["run", "--answers", answers], environment: try home())
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("Signed record saved: "), "no prompt expected: \(result.stderr)")
        XCTAssertTrue(result.stdout.contains("Classification: Experimental: nothing aggravating found [experimental]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Crime reference: CR/0001/26"), result.stdout)
        XCTAssertNotNil(result.stdout.range(of: #"\nMade by: intake \d+\.\d+\.\d+\n"#, options: .regularExpression), "the record names the intake that made it")
        // Issue 12, rule 4: the officer asked for the review and the record says Outcome 21 is only proposed.
        XCTAssertTrue(result.stdout.contains("- [Done] Ask a suitably senior or experienced officer to review the proposal"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Outcome 21: proposed, awaiting senior review"), result.stdout)
        XCTAssertTrue(result.stdout.contains("- [To do] Only after the senior officer agrees, explain Outcome 21"), result.stdout)
        XCTAssertTrue(result.stdout.contains("OUTCOME 21 NOTICE FOR THE CHILD AND FAMILY — DRAFT"), result.stdout)
        XCTAssertTrue(result.stdout.contains("DRAFT, NOT TO BE GIVEN TO THE FAMILY"), result.stdout)
        // The notice names the offence recorded against the child, from the answers.
        let unwrapped = result.stdout.replacingOccurrences(of: "\n  ", with: " ")
        XCTAssertTrue(unwrapped.contains("against the offence of Taking and distributing an indecent image of a child"), result.stdout)
        XCTAssertTrue(unwrapped.contains("(crime reference CR/0001/26)"), result.stdout)
        XCTAssertTrue(unwrapped.contains("NSPCC helpline: advice for parents, carers and other adults worried about a child, online safety included. Contact: 0808 800 5000"), result.stdout)
        XCTAssertFalse(result.stdout.contains("Outcome 21: may be considered, subject"), result.stdout)
    }

    func testAPartialAnswersFileAsksTheRestOnStdin() throws {
        let path = try Binary.temporaryFile("answers.yaml", "intro: acknowledged\nrecord_crime: done\n")
        let result = try Binary.run(["run", "--answers", path], stdin: "")
        XCTAssertEqual(result.status, 2)
        // The file's answers are taken in turn; the first screen it leaves out is asked: danger now.
        XCTAssertTrue(result.stderr.contains("[2] Is any child in immediate danger?"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Input ended before the interview was finished"), result.stderr)
    }

    /// A whole interview typed line by line (non-ASCII included) gives the record on stdout, prompts on stderr.
    func testAPipedInterviewProducesTheRecord() throws {
        // Name, number and force come from the signing key (keys init), so they are not asked.
        // Safeguarding first: danger and self-harm come before the crime record (issue 30).
        let lines = ["", "n", "n", "d", "CR/9/26", "Indecent images of a child", "yesterday 14:05", "3",
                     "Child A — Ελένη; 14; pictured, sent", "Adult X; 30; received, suspect; suspect", ".", "A sent B an image.", "."]
            + ["y", "n"] + Array(repeating: "n", count: 10) + ["n", "1"]
            + ["d"] + Array(repeating: "n", count: 6) + ["d", "1", "1", "d", "d", "d", "d", "2"]
            + ["Parents support an investigation of the adult.", ".", "The adult only; the children are victims.", "."]
            + ["d", "The phone holds the chat with the adult.", ".", "", "d", "d", "d", "Child A — Ελένη", ".", "01632 960000", "d", "f", "y"]
        let result = try Binary.run([], stdin: lines.joined(separator: "\n") + "\n", environment: try home())
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("INTAKE RECORD"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\nOfficer: PC Test, collar 1, Testshire\n"), result.stdout)
        XCTAssertFalse(result.stdout.contains("(as answered)"), "the identity is printed once")
        XCTAssertFalse(result.stdout.contains("[officer_name]"), "and is not an answer the officer gave")
        XCTAssertFalse(result.stderr.contains("Your name"), "nothing the key says is asked again")
        XCTAssertTrue(result.stdout.contains("Ελένη"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Classification: Aggravated: a full investigation follows [aggravated]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("An adult is involved, which makes this child sexual abuse."), result.stdout)
        XCTAssertTrue(result.stdout.contains("[seize-devices]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("- [Done] Investigate fully, focused on the adult"), result.stdout)
        XCTAssertFalse(result.stdout.contains("[consider-out-of-court-disposal]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Answer: The phone holds the chat with the adult."), result.stdout)
        XCTAssertFalse(result.stdout.contains("[senior-review]"), result.stdout)
        XCTAssertFalse(result.stdout.contains("OUTCOME 21 NOTICE"), "no notice where Outcome 21 does not apply")
        XCTAssertFalse(result.stdout.contains("> "), "prompts belong on stderr")
        XCTAssertTrue(result.stderr.contains("[1] This interview guides"), result.stderr)
    }
}

extension CommandTests {
    func testTheDOTOutputRendersWithGraphviz() throws {
        let dotTool = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTAssertNotNil(dotTool, ".ci/run installs graphviz") }
        let graph = try Binary.run(["flows", "graph", "initial-response"])
        XCTAssertEqual(graph.status, 0, graph.stderr)
        let source = try Binary.temporaryFile("flow.dot", graph.stdout)
        let svg = try Binary.runTool(try XCTUnwrap(dotTool, "graphviz not installed"), ["-Tsvg", source])
        XCTAssertTrue(svg.contains("<svg"), svg.prefix(200) + "")
        XCTAssertTrue(svg.contains("Is any child in immediate"), "node text reaches the picture")

        // intake draws it itself: SVG on standard output, a PNG to a file, one section as a slide.
        let direct = try Binary.run(["flows", "graph", "initial-response", "--format", "svg", "--layout", "wide"])
        XCTAssertEqual(direct.status, 0, direct.stderr)
        XCTAssertTrue(direct.stdout.contains("<svg") && direct.stdout.contains("Safeguarding first"), direct.stdout.prefix(300) + "")
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("graph-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: png) }
        let slide = try Binary.run(["flows", "graph", "initial-response", "--format", "png", "--section", "Safeguarding first", "--output", png])
        XCTAssertEqual(slide.status, 0, slide.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: png)?.prefix(8), Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // Every section of every bundled flow, drawn wide as a slide, is no wider than 16:9 (issue 36).
        for flow in ["initial-response", "school-incident"] {
            let text = try String(contentsOf: Binary.root.appendingPathComponent("flows/\(flow).yaml"), encoding: .utf8)
            let sections = text.split(separator: "\n").filter { $0.hasPrefix("    section: ") }
                .map { $0.dropFirst("    section: ".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            XCTAssertGreaterThan(sections.count, 3, flow)
            for section in sections {
                let svg = try Binary.run(["flows", "graph", flow, "--format", "svg", "--layout", "wide", "--section", section])
                XCTAssertEqual(svg.status, 0, svg.stderr)
                let size = try XCTUnwrap(svg.stdout.range(of: #"<svg width="\d+pt" height="\d+pt""#, options: .regularExpression))
                let numbers = svg.stdout[size].split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) }
                XCTAssertLessThanOrEqual(numbers[0] / numbers[1], 16.0 / 9.0 + 0.01, "\(flow), \(section): \(numbers[0]) × \(numbers[1]) pt")
            }
        }
        let unknown = try Binary.run(["flows", "graph", "initial-response", "--section", "Nowhere"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("its sections: \"Opening\", \"Safeguarding first\""), unknown.stderr)
        // Without Graphviz, the message says how to get it and how to do without.
        let missing = try Binary.run(["flows", "graph", "initial-response", "--format", "svg"], environment: ["PATH": "/nonexistent"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("needs Graphviz's dot, which is not installed: apt install graphviz"), missing.stderr)
    }

    func testExplainPrintsTheBooklet() throws {
        let result = try Binary.run(["flows", "explain", "supervisor-review"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("# Supervisor review of an initial-response record"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1. If `decision` is “disagree”: **disagreed**."), result.stdout)
    }
}

extension CommandTests {
    func testFlowsCheckPrintsACounterExampleForABrokenInvariant() throws {
        let original = try String(contentsOfFile: Binary.initialResponse, encoding: .utf8)
        let rule = "    source: College of Policing briefing note, Action 11\n    when: outcome21 == \"may-be-considered\"\n"
        XCTAssertEqual(original.components(separatedBy: rule).count, 2, "the senior-review action's condition, once")
        let broken = original.replacingOccurrences(of: rule, with: rule.replacingOccurrences(of: "\"may-be-considered\"\n", with: "\"may-be-considered\" and cp_activity == yes\n"))
        let path = try Binary.temporaryFile("initial-response.yaml", broken)
        let result = try Binary.run(["flows", "check", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error: invariant 'Outcome 21 is only considered with a senior review' is broken"), result.stderr)
        XCTAssertTrue(result.stderr.contains("    cp_activity: no"), result.stderr)
    }
}
