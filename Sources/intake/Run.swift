import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// `intake run`: an interview, answered on the terminal or from piped input.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start an interview (the default command).",
        discussion: """
        On a terminal the interview is full screen; with --plain, or when input is not a terminal, it \
        is line by line. Screens and prompts go to standard error and the finished record to standard \
        output, so `intake run > record.txt` keeps the record clean.
        """
    )

    @Option(name: .long, help: "The flow: a bundled flow's id or a path to a flow file.", completion: FlowLocator.completion)
    var flow: String = Run.defaultFlow

    @Flag(name: .long, help: "Use the line-mode front even on a terminal.")
    var plain = false

    @Option(name: .long, help: "The language of the screens and the record: en or cy (default: LC_ALL/LC_MESSAGES/LANG, else lang = in the config file, else en). F3 switches at any screen.")
    var lang: Language?

    @Option(name: .long, help: "Answers file (YAML) to fill in before asking; a complete one finishes without a prompt.", completion: .file(extensions: ["yaml", "yml"]))
    var answers: String?

    @Flag(name: .long, help: "A training record: marked TRAINING throughout and signed in the training namespace.")
    var training = false

    @Flag(name: .long, help: "With --answers: finish at the flow's first-contact point and sign a first-contact record whose to-do list carries the rest (on screen, choose it at that question).")
    var firstContact = false

    @Option(name: .long, help: "The signing key: a private key file, or a .pub whose key ssh-agent holds (default: config key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).")
    var key: String?

    @Option(name: .long, help: "A signed record to start from: after checking its signatures, every answer the two flows share opens filled in, to keep or change.",
            completion: .file(extensions: ["txt"]))
    var from: String?

    @Option(name: .long, help: "allowed_signers file for checking the --from record (default: $XDG_CONFIG_HOME/intake/allowed_signers).")
    var allowedSigners: String?

    /// The flow an interview is on unless --flow names another.
    static let defaultFlow = "initial-response"

    func validate() throws {
        if firstContact, answers == nil {
            throw ValidationError("--first-contact signs from an answers file: add --answers FILE (on screen, choose to finish at the first-contact question)")
        }
    }

    func run() throws {
        try Self.start(flow: flow, plain: plain, lang: lang, answers: answers, training: training, key: key, from: from,
                       allowedSigners: allowedSigners, firstContact: firstContact)
    }

    /// An interview with these options; with none, what `intake` alone starts (`Intake.main` comes
    /// here directly then, without the argument parser's reflection over every command).
    static func start(flow: String = defaultFlow, plain: Bool = false, lang: Language? = nil, answers: String? = nil,
                      training: Bool = false, key: String? = nil, from: String? = nil, allowedSigners: String? = nil,
                      firstContact: Bool = false) throws {
        let flowFile: LoadedFlow
        var prefill: AnswersFile?
        let interviews = Interviews.fromEnvironment()
        do {
            // Read once: the record cites the hash of these very bytes, whatever happens to the file.
            flowFile = try LoadedFlow.read(path: try FlowLocator.resolve(flow), compiled: interviews.flowCopies.compiled)
            if let answers { prefill = try AnswersFile.forRun(path: answers, flow: flowFile.flow, firstContact: firstContact) }
        } catch {
            throw fail(error)
        }
        let loaded = flowFile.flow
        // Only the force's policy asks an operational interview's questions (issue 31).
        let language = LanguageChoice.resolve(lang)
        // A teaching scenario is a made-up case: never an operational record (issue 35, item 6).
        var training = training
        if prefill != nil, !training, let answers, AnswersFile.isTeachingScenario(path: answers) {
            training = true
            printError(language(.scenarioIsTraining, answers))
        }
        let policy = flowFile.policy(FlowApproval.fromEnvironment(), languages: [language])
        try show(FlowReports.gate(policy, flow: loaded.id, language: language, training: training))
        var start: StartingRecord?
        if let from {
            let (data, verifier) = try SignedInput.read(from, allowedSigners: allowedSigners)
            let (report, read) = StartingRecord.read(data, path: from, verifier: verifier, into: loaded, training: training)
            try show(report)
            start = read
        }
        let signing = Signing(keyPath: key, training: training, say: language)
        if prefill == nil, start == nil, Resume.offerIfUnfinished(interactive: Output.inputIsTerminal, say: language, in: interviews) { return }
        // An answers file is a scripted run: it is never stopped by a question about keys.
        if prefill == nil {
            let ask: ((String) -> String?)? = Output.inputIsTerminal ? { LineInput.ask($0) } : nil
            signing.offerKeyIfMissing(ask: ask, tell: { printError($0) })
        }
        let identity = signing.warnIfUnusable()
        let started = Date()
        let recordId = RecordContext.newRecordId(at: started, prefix: loaded.record.idPrefix)
        for line in start?.announcement(language) ?? [] { printError(line) }
        // Prepared now, made durable (journal, lock, flow copy) by Conduct: on the full screen just
        // after the first screen is drawn and before any key is read; otherwise before the first prompt.
        let starting = interviews.starting(flowFile, id: recordId, started: started, training: training, source: start?.source,
                                           identity: identity, start: start, prefill: prefill, policy: policy)
        try Conduct(PendingInterview(starting), signing: signing, plain: plain, language: LanguageChoice.resolve(lang)).run(starting.interview)
    }
}
