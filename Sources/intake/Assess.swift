import ArgumentParser
import IntakeCore
import IntakeRecords
import IntakeSession

/// `intake assess`: the determination for an answers file, without any interview.
struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Print the determination for an answers file (no questions asked).",
        discussion: """
        The answers file is YAML, question id to answer, and may be partial: questions it leaves out \
        count as unanswered and decisive facts as unknown. An answer to a screen the path these answers \
        take never asks is refused where it is written, as `intake run --answers` refuses it.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, text }

    @Option(name: .long, help: "The flow: a bundled flow's id or a path to a flow file.", completion: FlowLocator.completion)
    var flow: String = "initial-response"

    @Option(name: .long, help: "The answers file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var answers: String

    @Option(name: .long, help: "Output format: json or text.")
    var format: Format = .json

    func run() throws {
        do {
            let loaded = try FlowLocator.load(flow)
            let file = try AnswersFile.load(path: answers, flow: loaded)
            let used = try file.onPath(loaded, file: answers)
            let assessment = Assessment(flow: loaded, determination: Determiner.determine(loaded, answers: used))
            print(format == .json ? assessment.json() : assessment.text(), terminator: "")
        } catch {
            throw fail(error)
        }
    }
}
