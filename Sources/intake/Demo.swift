import ArgumentParser
import IntakeCore
import IntakeRecords
import IntakeSession
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
              completion: .custom { _, _, _ in Scenarios.names() })
    var scenario: String?

    @Option(name: .long, help: "The flow, when not the one the scenario names: a bundled id or a path.")
    var flow: String?

    @Flag(name: .long, help: "Print the walk as text instead of stepping through it.")
    var plain = false

    func run() throws {
        guard let scenario else {
            print(Scenarios.listing(), terminator: "")
            return
        }
        let demo: Demo
        do {
            let (title, about, walkthrough) = try Scenarios.demo(scenario, flow: flow)
            demo = Demo(title: title, about: about, walkthrough: walkthrough, timeZone: .current)
        } catch {
            throw fail(error)
        }
        if plain || !Output.inputIsTerminal || !Output.errorIsTerminal {
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
}
