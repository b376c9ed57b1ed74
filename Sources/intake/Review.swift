import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// `intake review`: a supervisor reviews a signed record and countersigns it (briefing note, Action 11).
struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a signed record's Outcome 21 decision and countersign it.",
        discussion: """
        Checks the officer's signature, shows the record through $PAGER (less) on a terminal, asks the \
        supervisor-review flow (on the full screen at a terminal; line by line with --plain, ACCESSIBLE=1 or from a pipe), then appends the review and the supervisor's countersignature \
        to the record file (replaced atomically) and to the same record's copy in the records folders \
        (yours, config records = lines, INTAKE_RECORDS) when that copy is the record reviewed. Each \
        answer is kept as it is given: if the review stops, running it again continues it.
        """)

    @Argument(help: "The record file, or a record id the store holds.", completion: .file(extensions: ["txt"])) var record: String
    @Option(help: "The reviewer's signing key: a private key file, or a .pub whose key ssh-agent holds (default: the config file's key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?
    @Option(help: "allowed_signers file for checking the officer's signature.") var allowedSigners: String?
    @Option(help: "Revoked keys file (default: the config file's revoked_keys = line, else $XDG_CONFIG_HOME/intake/revoked_keys if there is one).") var revokedKeys: String?
    @Option(help: "Answers file (YAML) for the review flow; a complete one finishes without a prompt.") var answers: String?
    @Option(help: "The language of the review's questions and section: en or cy (default: LC_ALL/LC_MESSAGES/LANG, else lang = in the config file, else en).")
    var lang: Language?
    @Flag(help: "Ask the review's questions line by line, for screen readers and plain terminals (also ACCESSIBLE=1, or front = plain in the config file).")
    var plain = false

    func run() throws {
        let locations = Locations.fromEnvironment()
        // Held until the review is added: a second reviewer is refused, and a record that changed
        // meanwhile is never overwritten.
        let verifier = try TrustFiles.loadOrRefuse(allowedSigners: allowedSigners, revokedKeys: revokedKeys).verifier
        let record = try StoreHelper.recordFile(self.record)
        let review: RecordReview
        do {
            review = try RecordReview.begin(URL(fileURLWithPath: record), verifier: verifier,
                                            reviewerKey: key.map { URL(fileURLWithPath: $0) } ?? locations.key) { check in
                printError("\(Visible.line(record)): \(check.index == 0 ? "record" : "signature \(check.index)"): \(Visible.line(check.message))")
            }
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        let loaded: LoadedFlow
        do {
            loaded = try LoadedFlow.read(path: try FlowLocator.resolve(Summary.reviewFlow))
        } catch {
            throw fail(error)
        }
        // The review flow is policy too: a countersignature is only asked by an approved one.
        let language = LanguageChoice.resolve(lang)
        let policy = loaded.policy(FlowApproval.fromEnvironment())
        try FlowPolicy.gate(policy, flow: loaded.flow.id, path: loaded.path, language: language, training: review.training)
        let policyLines = RecordPolicy.reviewLines(flow: loaded.flow.id, version: loaded.flow.version, sha256: loaded.sha256,
                                                   policy: policy.flow.words,
                                                   translation: language == .en ? nil : policy.translations[language]?.words)
        // Journalled as an interview is: every answer saved before the next question, so a crash or a
        // closed terminal loses none, and this command continues it next time.
        var journal: Interviews.Open
        do {
            let (open, continued) = try review.openJournal(flow: loaded, dataFolder: locations.records.deletingLastPathComponent())
            journal = open
            if let continued {
                printError("Continuing your review of \(Visible.line(record)) where it stopped (\(continued) answer\(continued == 1 ? "" : "s") kept).")
            } else if let answers {
                try journal.prepare(identity: nil, prefill: try AnswersFile.load(path: answers, flow: loaded.flow), at: Date())
            }
        } catch let error as SessionError {
            printError("intake: the review cannot be kept as it goes (\(error)); stopping before anything is asked")
            throw ExitCode(Exit.invalidInput)
        } catch let error as FlowError {
            throw fail(error)
        }
        var done = journal.interview
        LanguageChoice.open(&done, in: language, languages: loaded.languages)
        if done.phase != .finished {
            // Read before asked: through the pager on a terminal, else printed above the questions;
            // shown, never obeyed (a crafted record may hold escape sequences).
            let text = Visible.text(review.update.original)
            if !Pager.show(text) { writeError(text) }
            let ending = try Fronts.drive(done, runner: InterviewRunner(PendingInterview(journal)), plain: plain,
                                          resumeHint: "intake review \(record)", languages: loaded.languages)
            guard case .finished(let finished) = ending else {
                printError("Review not finished; the record is unchanged. Your answers are kept: intake review \(record) continues it.")
                if case .signalled(let signal, _) = ending { throw ExitCode(128 + signal) }
                throw ExitCode(Exit.unfinished)
            }
            done = finished
        }
        let signed: String
        do {
            let completed = try review.complete(done, policyLines: policyLines)
            print(completed.section, terminator: "")
            printError("Review countersigned and added to \(record)")
            signed = completed.signed
            journal.end()
        } catch {
            printError("intake: the review was not saved: \(error)")
            throw ExitCode(Exit.unsigned)
        }
        // The officer's folder and a team's shared folder must not keep the unreviewed copy.
        for result in review.writeBack(signed, to: locations.recordFolders().map { URL(fileURLWithPath: $0) }) {
            switch result {
            case .written(let copy): printError("Also written back to \(copy.path), the copy in its records folder")
            case .differs(let copy): printError("warning: \(copy.path) is not the record that was reviewed (it changed or was reviewed meanwhile); left as it is")
            case .failed(let copy, let why): printError("warning: the review could not be written back to \(copy.path): \(why)")
            }
        }
        try StoreHelper.pushSaved(record)
    }
}
