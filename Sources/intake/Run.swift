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
        Screens and prompts go to standard error and the finished record to standard output, so \
        `intake run < answers.txt > record.txt` keeps the record clean.
        """
    )

    @Option(name: .long, help: "The flow: a bundled flow's id or a path to a flow file.")
    var flow: String = "initial-response"

    @Flag(name: .long, help: "Use the line-mode front (the default for now).")
    var plain = false

    @Option(name: .long, help: "Answers file (YAML) to fill in before asking; a complete one finishes without a prompt.")
    var answers: String?

    func run() throws {
        let loaded: Flow
        var prefill: AnswersFile?
        do {
            loaded = try FlowLocator.load(flow)
            if let answers { prefill = try AnswersFile.load(path: answers, flow: loaded) }
        } catch {
            throw fail(error)
        }
        var interview = Interview(flow: loaded, startedAt: Date())
        if let prefill { Prefill.apply(prefill, to: &interview, at: Date()) }
        if interview.isComplete, prefill != nil {
            reduce(&interview, .finish(at: Date()))
            print(RecordText.render(interview), terminator: "")
            return
        }
        var front = PlainFront(interview: interview, input: { readLine(strippingNewline: true) },
                               output: { text in FileHandle.standardError.write(Data(text.utf8)) })
        switch front.run() {
        case .finished(let done):
            print(RecordText.render(done), terminator: "")
        case .inputEnded(let partial):
            printError("\nInput ended before the interview was finished. The answers so far follow; nothing was saved.")
            printError(RecordText.render(partial))
            throw ExitCode(Exit.unfinished)
        case .quit(let partial):
            printError("\nInterview stopped before its end. The answers so far follow; nothing was saved.")
            printError(RecordText.render(partial))
            throw ExitCode(Exit.unfinished)
        }
    }
}
