import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// `intake review`: a supervisor reviews a signed record and countersigns it (briefing note, Action 11).
struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review a signed record's Outcome 21 decision and countersign it.",
        discussion: """
        Checks the officer's signature, shows the record, asks the supervisor-review flow line by line, then \
        appends the review and the supervisor's countersignature to the record file (replaced atomically).
        """)

    @Argument(help: "The record file.", completion: .file(extensions: ["txt"])) var record: String
    @Option(help: "The reviewer's signing key (default: $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?
    @Option(help: "allowed_signers file for checking the officer's signature.") var allowedSigners: String?
    @Option(help: "Answers file (YAML) for the review flow; a complete one finishes without a prompt.") var answers: String?

    func run() throws {
        let locations = Locations.fromEnvironment()
        // Held until the review is added: a second reviewer is refused, and a record that changed
        // meanwhile is never overwritten.
        let signersPath = allowedSigners ?? locations.allowedSigners.path
        let allowed = AllowedSigner.parse((try? String(contentsOfFile: signersPath, encoding: .utf8)) ?? "")
        let review: RecordReview
        do {
            review = try RecordReview.begin(URL(fileURLWithPath: record), allowed: allowed,
                                            reviewerKey: key.map { URL(fileURLWithPath: $0) } ?? locations.key) { check in
                printError("\(record): signature \(check.index): \(check.message)")
            }
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        let flow: Flow
        let interview: Interview
        do {
            flow = try FlowLocator.load("supervisor-review")
            var started = Interview(flow: flow, startedAt: Date())
            if let answers { Prefill.apply(try AnswersFile.load(path: answers, flow: flow), to: &started, at: Date()) }
            interview = started
        } catch {
            throw fail(error)
        }
        writeError(review.update.original)
        var done = interview
        if interview.isComplete, answers != nil {
            reduce(&done, .finish(at: Date()))
        } else {
            var front = PlainFront(interview: interview, read: LineInput.reader(), output: { writeError($0) })
            guard case .finished(let finished) = front.run() else {
                printError("Review not finished; the record is unchanged.")
                throw ExitCode(Exit.unfinished)
            }
            done = finished
        }
        do {
            let section = try review.complete(done)
            print(section, terminator: "")
            printError("Review countersigned and added to \(record)")
        } catch {
            printError("intake: the review was not saved: \(error)")
            throw ExitCode(Exit.unsigned)
        }
    }
}
