import ArgumentParser
import Foundation
import IntakeCore
import IntakeTerminal

/// `intake demo`: plays a teaching scenario through its flow, a screen at a time, for trainers.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play a scenario through its flow step by step, for training.",
        discussion: """
        Each screen appears as an officer would see it, with the scenario's answer filled in and, \
        underneath, why the next screen follows; on a terminal 110 columns wide or more, the determination \
        so far and its actions run down the right. Space, Enter or → goes on; b or ← goes back; w asks \
        "what if?": give another answer on the screen, and the rest of the scenario replays from it where it \
        still applies (r undoes every what-if); ? shows the guidance; q leaves. With --plain, or when the \
        terminal is not interactive, the whole walk is printed instead, every text in full (a handout). \
        Without a scenario, lists those in flows/scenarios.
        """
    )

    @Argument(help: "A scenario: a name in flows/scenarios (e.g. adult-involved) or a path to one.",
              completion: .custom { _, _, _ in
                  guard let dir = DemoCommand.directory(),
                        let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
                  return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
              })
    var scenario: String?

    @Option(name: .long, help: "The flow, when not the one the scenario names: a bundled id or a path.")
    var flow: String?

    @Flag(name: .long, help: "Print the walk as text instead of stepping through it.")
    var plain = false

    func run() throws {
        guard let scenario else {
            print(DemoCommand.listing(), terminator: "")
            return
        }
        let demo: Demo
        do {
            let path = try DemoCommand.resolve(scenario)
            let header = try Scenario.load(path: path)
            let loaded = try FlowLocator.load(flow ?? header.flow)
            let answers = try AnswersFile.load(path: path, flow: loaded)
            demo = Demo(title: header.title, about: header.about,
                        walkthrough: try Walkthrough.build(flow: loaded, answers: answers, file: path), timeZone: .current)
        } catch {
            throw fail(error)
        }
        if plain || isatty(STDIN_FILENO) == 0 || isatty(STDERR_FILENO) == 0 {
            print(demo.transcript(), terminator: "")
            return
        }
        let signal: Int32?
        do {
            signal = try CursesDemo.run(demo)
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        // A closed terminal ends the demo as it ends an interview: 128 + the signal.
        if let signal { throw ExitCode(128 + signal) }
    }

    /// The scenarios beside the first flows folder that has them (the shipped flows' `scenarios`).
    static func directory() -> String? {
        FlowLocator.search.places.map { $0.folder + "/scenarios" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// A path, or the name of a scenario in the bundled scenarios folder.
    static func resolve(_ reference: String) throws(FlowError) -> String {
        if reference.contains("/") || reference.hasSuffix(".yaml") { return reference }
        if let dir = directory(), FileManager.default.fileExists(atPath: "\(dir)/\(reference).yaml") {
            return "\(dir)/\(reference).yaml"
        }
        throw FlowError([Diagnostic(SourceLocation(file: reference, line: 1, column: 1), "no scenario is called '\(reference)'",
                                    hint: "run `intake demo` for the list, or give a path to a .yaml file")])
    }

    /// The bundled scenarios: name, flow and title, one a line.
    static func listing() -> String {
        guard let dir = directory(), let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            return "No scenarios found (looked for a scenarios folder beside each folder of flows; intake flows list names them).\n"
        }
        var rows: [(String, String, String)] = []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            guard let scenario = try? Scenario.load(path: dir + "/" + name) else { continue }
            rows.append((String(name.dropLast(5)), scenario.flow, scenario.title))
        }
        let width = rows.map(\.0.count).max() ?? 0
        let flowWidth = rows.map(\.1.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            + $0.1.padding(toLength: flowWidth, withPad: " ", startingAt: 0) + "  " + $0.2 }.joined(separator: "\n") + "\n"
    }
}
