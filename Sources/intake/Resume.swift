import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// `intake resume`: continue an interview that was interrupted (crash, kill, closed terminal, quit).
struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "List unfinished interviews, or continue one where it stopped.",
        discussion: "Without an id, lists them (and on a terminal asks which to continue).")

    @Argument(help: "The interview's id (as listed).") var id: String?
    @Option(help: ArgumentHelp("Move the interview to this version of its flow (a bundled flow's id or a path): every answer is replayed, and the move is refused if a question already answered reads differently there.",
                               valueName: "flow")) var flow: String?
    @Flag(help: "Use the line-mode front even on a terminal.") var plain = false
    @Option(help: "The language of the screens and the record: en or cy (default: LC_ALL/LC_MESSAGES/LANG, else lang = in the config file, else en). L switches at any screen.")
    var lang: Language?
    @Option(help: "The signing key: a private key file, or a .pub whose key ssh-agent holds (default: config key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?

    static func unfinished() -> [Interviews.Unfinished] {
        var report = Report()
        let all = Interviews.fromEnvironment().unfinished(report: &report)
        Output.show(report)
        return all
    }

    /// `intake` with no arguments: offers the unfinished interviews first. True if one was resumed.
    static func offerIfUnfinished(interactive: Bool) -> Bool {
        let all = unfinished()
        // One open in another terminal is mentioned, never offered: two processes must not share a journal.
        for u in all where u.heldBy != nil { printError("Open elsewhere: \(u.summary())") }
        let open = all.filter { $0.heldBy == nil }
        guard !open.isEmpty else { return false }
        printError("Unfinished interviews:")
        for (n, u) in open.enumerated() { printError("  \(n + 1)) \(u.summary())") }
        guard interactive else {
            printError("Continue one with: intake resume ID")
            return false
        }
        // Enter alone starts a new interview; anything else must be one of the numbers, or is asked again.
        var chosen: Int?
        while chosen == nil {
            guard let answer = LineInput.ask("Continue one? Its number, or Enter for a new interview: "), !answer.isEmpty else { return false }
            if let n = Int(answer), n >= 1, n <= open.count {
                chosen = n
            } else {
                printError("  ! '\(Visible.line(answer))' is not one of the numbers 1 to \(open.count)")
            }
        }
        guard let n = chosen else { return false }
        do {
            let command = try Resume.parse([open[n - 1].id])
            try command.run()
        } catch {
            Resume.exit(withError: error)
        }
        return true
    }

    func run() throws {
        guard let id else {
            let open = Resume.unfinished()
            if open.isEmpty { print("No unfinished interviews.") }
            for u in open { print(u.summary()) }
            return
        }
        var open: Interviews.Open
        do {
            switch try Interviews.fromEnvironment().resume(id, flowPath: try flow.map { try FlowLocator.resolve($0) }) {
            case .alreadyFinished(let record):
                printError("Interview \(id) had already finished; its signed record is \(record). The leftover journal was removed.")
                return
            case .open(let opened):
                open = opened
            }
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        for warning in open.warnings { printError("warning: \(warning)") }
        let signing = Signing(keyPath: key, training: open.header.training, say: LanguageChoice.resolve(lang))
        signing.warnIfUnusable()
        // Killed after the journal was made but before the key's answers reached it: they are given
        // now, or the officer would be asked their own name and every later line land one screen on.
        do {
            try open.prepare(identity: signing.identity(), at: Date())
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        let interview = open.interview
        printError("Continuing \(id) at step \(interview.step).")
        try Conduct(open: open, signing: signing, plain: plain, language: LanguageChoice.resolve(lang)).run(interview)
    }
}

/// `intake discard`: remove an unfinished interview.
struct Discard: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "discard", abstract: "Remove an unfinished interview's journal, after confirmation.")

    @Argument(help: "The interview's id.") var id: String
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func run() throws {
        let interviews = Interviews.fromEnvironment()
        // Only whether it exists: listing would replay every journal just to find one name.
        guard interviews.isUnfinished(id) else {
            printError("intake: no unfinished interview \(id)")
            throw ExitCode(Exit.invalidInput)
        }
        if !yes {
            guard LineInput.ask("Remove unfinished interview \(id) and every answer in it? Type yes to confirm: ")?.lowercased() == "yes" else {
                printError("Kept.")
                return
            }
        }
        do {
            try interviews.discard(id)
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        printError("Removed \(id).")
    }
}
