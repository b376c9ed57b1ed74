import ArgumentParser
import IntakeCore
import IntakeRecords
import IntakeTerminal

/// `intake`: walks a first responder through the initial response to a report of under-18s taking or
/// sharing nude or semi-nude images.
@main
struct Intake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Guided initial response to reports of under-18s taking or sharing nude or semi-nude images.",
        discussion: "With no subcommand, starts an interview on the bundled initial-response flow. Every command has --help.",
        version: IntakeRelease.version,
        subcommands: [Run.self, Resume.self, Update.self, Discard.self, Assess.self, Verify.self, ShowCommand.self, Review.self, NoticeCommand.self, Records.self, Keys.self, Flows.self, StoreCommand.self, SyncCommand.self, DemoCommand.self],
        defaultSubcommand: Run.self
    )

    static func main() {
        HangUp.watch()
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `intake` alone (what an officer types) and `--version` skip the parser, which reflects over every command's options.
        if arguments == ["--version"] { print(IntakeRelease.version); return }
        if arguments.isEmpty {
            do { try Run.start() } catch { Self.exitShowing(error) }
            Self.endIfHungUp()
            return
        }
        if let problem = Self.unknownCommand(arguments) {
            printError(problem)
            Output.exit(saying: "", status: ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            Self.endIfHungUp()
            Self.exitShowing(error)
        }
        Self.endIfHungUp()
    }

    /// A command the closed terminal stopped (the line front saw its input end, the pager quit) ends
    /// as the hang-up it was, 129, whatever it would have said: the shell and a supervisor's script
    /// then tell "the terminal went" from "the officer stopped" (2) or "done" (0).
    static func endIfHungUp() {
        if HangUp.happened { Output.exit(saying: "", status: HangUp.status) }
    }

    /// A first word that is neither an option nor a command would otherwise reach `run`, which takes
    /// no words, and be reported against `run`'s usage; say instead what the closest command is.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName ?? String(describing: $0).lowercased() }
        guard !names.contains(first) else { return nil }
        let hint = Suggest.closest(to: first, in: names).map { " Did you mean '\($0)'?" } ?? ""
        return "intake: '\(first)' is not a command.\(hint) Commands: \(names.joined(separator: ", ")); see intake --help."
    }
}
