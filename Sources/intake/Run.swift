import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeTerminal

/// `intake run`: an interview, answered on the terminal or from piped input.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start an interview (the default command).",
        discussion: """
        On a terminal the interview is full screen; with --plain, or when input is not a terminal, it \
        is line by line. Screens and prompts go to standard error and the finished record to standard \
        output, so `intake run > record.txt` keeps the record clean.
        """
    )

    @Option(name: .long, help: "The flow: a bundled flow's id or a path to a flow file.")
    var flow: String = "initial-response"

    @Flag(name: .long, help: "Use the line-mode front even on a terminal.")
    var plain = false

    @Option(name: .long, help: "Answers file (YAML) to fill in before asking; a complete one finishes without a prompt.")
    var answers: String?

    @Flag(name: .long, help: "A training record: marked TRAINING throughout and signed in the training namespace.")
    var training = false

    @Option(name: .long, help: "The signing key (default: $XDG_CONFIG_HOME/intake/id_ed25519).")
    var key: String?

    func run() throws {
        let loaded: Flow
        let flowPath: String
        var prefill: AnswersFile?
        do {
            flowPath = try FlowLocator.resolve(flow)
            loaded = try FlowLoader.load(path: flowPath)
            if let answers { prefill = try AnswersFile.load(path: answers, flow: loaded) }
        } catch {
            throw fail(error)
        }
        let signing = Signing(keyPath: key, training: training)
        var interview = Interview(flow: loaded, startedAt: Date())
        if let prefill { Prefill.apply(prefill, to: &interview, at: Date()) }
        if interview.isComplete, prefill != nil {
            reduce(&interview, .finish(at: Date()))
            try signing.finish(interview, flowPath: flowPath)
            return
        }
        signing.offerKeyIfMissing(interactive: isatty(STDIN_FILENO) == 1)
        if !plain, isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
            var front = CursesFront(interview: interview)
            do {
                switch try front.run() {
                case .finished(let done):
                    try signing.finish(done, flowPath: flowPath)
                    return
                case .quit(let partial):
                    throw unfinished(partial, "Interview stopped before its end.")
                case .signalled(let signal, let partial):
                    throw unfinished(partial, "Interview ended by signal \(signal) before its end.", code: 128 + signal)
                }
            } catch let error as CursesFront.Unavailable {
                printError("\(error); continuing line by line.")
            }
        }
        var front = PlainFront(interview: interview, input: { readLine(strippingNewline: true) },
                               output: { text in FileHandle.standardError.write(Data(text.utf8)) })
        switch front.run() {
        case .finished(let done):
            try signing.finish(done, flowPath: flowPath)
        case .inputEnded(let partial):
            throw unfinished(partial, "Input ended before the interview was finished.")
        case .quit(let partial):
            throw unfinished(partial, "Interview stopped before its end.")
        }
    }

    /// Nothing typed is lost: the answers so far go to standard error before the exit.
    private func unfinished(_ partial: Interview, _ why: String, code: Int32 = Exit.unfinished) -> ExitCode {
        printError("\n" + RecordText.render(partial, context: RecordContext(training: training)))
        printError("\(why) The answers so far are above; nothing was saved.")
        return ExitCode(code)
    }
}
