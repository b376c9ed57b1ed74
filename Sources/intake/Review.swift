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
        let update: RecordUpdate
        do {
            update = try RecordUpdate(URL(fileURLWithPath: record))
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        let data = update.original
        let signersPath = allowedSigners ?? locations.allowedSigners.path
        let allowed = AllowedSigner.parse((try? String(contentsOfFile: signersPath, encoding: .utf8)) ?? "")
        let checks = RecordVerifier(allowed: allowed).verify(data)
        guard checks.count == 1, let officer = checks.first, officer.good else {
            for check in checks { printError("\(record): signature \(check.index): \(check.message)") }
            printError(checks.count > 1 ? "intake: this record has already been reviewed" : "intake: only a record with a good officer's signature can be reviewed")
            throw ExitCode(Exit.invalidInput)
        }
        let training = officer.namespace == Namespace.trainingRecord
        let reviewer: (key: SigningKey, identity: Identity)
        do {
            reviewer = try KeyRing.load(key: key.map { URL(fileURLWithPath: $0) } ?? locations.key)
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        guard reviewer.key.publicKey.fingerprint != officer.fingerprint else {
            printError("intake: the record was signed with this same key; a review must come from another officer")
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
        writeError(data)
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
        let signer = RecordContext.Signer(identity: reviewer.identity, fingerprint: reviewer.key.publicKey.fingerprint)
        let section = ReviewText.render(done, reviewer: signer, training: training)
        do {
            let text = String(decoding: data, as: UTF8.self) + section
            let signed = try SignedRecord.sign(text, namespace: training ? Namespace.trainingReview : Namespace.review, key: reviewer.key)
            try update.replace(with: signed)
            print(section, terminator: "")
            printError("Review countersigned and added to \(record)")
        } catch {
            printError("intake: the review was not saved: \(error)")
            throw ExitCode(Exit.unsigned)
        }
    }
}
