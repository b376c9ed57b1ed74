import ArgumentParser
import IntakeCore
import IntakeRecords
import IntakeTerminal
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
    @Option(help: "The language of the screens and the record: en or cy (default: LC_ALL/LC_MESSAGES/LANG, else lang = in the config file, else en). F3 switches at any screen.")
    var lang: Language?
    @Option(help: "The signing key: a private key file, or a .pub whose key ssh-agent holds (default: config key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?

    /// `intake` with no arguments: offers the unfinished interviews first. True if one was resumed.
    static func offerIfUnfinished(interactive: Bool, say: Language, in interviews: Interviews) -> Bool {
        let ask: ((String) -> String?)? = interactive ? { LineInput.ask($0) } : nil
        guard let id = interviews.offer(ask: ask, tell: { printError($0) }, say: say, newInterview: true) else { return false }
        do { try Resume.parse([id, "--lang", say.rawValue]).run() } catch { Resume.exit(withError: error) }
        return true
    }

    func run() throws {
        let say = LanguageChoice.resolve(lang)
        guard let id else {
            // At a terminal the list is a choice, as the help says; else it is printed to read or parse.
            guard Output.inputIsTerminal else { return Output.show(Interviews.fromEnvironment().listing(say: say)) }
            guard let id = Interviews.fromEnvironment().offer(ask: { LineInput.ask($0) }, tell: { printError($0) }, say: say, newInterview: false)
            else { return }
            var chosen = self
            chosen.id = id
            return try chosen.run()
        }
        var flowPath: String?
        if let flow { do { flowPath = try FlowLocator.resolve(flow) } catch { throw fail(error) } }
        let (report, reopened) = Interviews.fromEnvironment().reopen(id, flowPath: flowPath, identity: Signing(keyPath: key, training: false).identity(), say: say)
        try show(report)
        guard let open = reopened else { return }
        let signing = Signing(keyPath: key, training: open.header.training, say: say)
        _ = signing.warnIfUnusable()
        let interview = open.interview
        try Conduct(PendingInterview(open), signing: signing, plain: plain, language: LanguageChoice.resolve(lang)).run(interview)
    }
}

/// `intake discard`: remove an unfinished interview.
struct Discard: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "discard", abstract: "Remove an unfinished interview's journal, after confirmation.")

    @Argument(help: "The interview's id.") var id: String
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func run() throws {
        try show(Interviews.fromEnvironment().discard(id, confirm: yes ? nil : { LineInput.ask($0) }))
    }
}
