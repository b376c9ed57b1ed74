import ArgumentParser
import FoundationEssentials
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
        let language = LanguageChoice.resolve(lang)
        let (report, ready) = RecordReview.ready(record, verifier: verifier, reviewerKey: key.map { URL(fileURLWithPath: $0) } ?? locations.key,
                                                 flowPath: (try? FlowLocator.resolve(Summary.reviewFlow)) ?? Summary.reviewFlow, language: language, answers: answers,
                                                 dataFolder: locations.records.deletingLastPathComponent())
        try show(report)
        guard let ready else { return }
        let (review, loaded, journal) = (ready.review, ready.flow, ready.journal)
        var done = journal.interview
        LanguageChoice.open(&done, in: language, languages: loaded.languages)
        if done.phase != .finished {
            // Read before asked: through the pager on a terminal, else printed above the questions;
            // shown, never obeyed (a crafted record may hold escape sequences).
            let text = Visible.text(review.update.original)
            if !Pager.show(text, environment: Environment.variables, plain: plain || FrontChoice.prefersPlain()) { writeError(text) }
            let ending = try Fronts.drive(done, runner: InterviewRunner(PendingInterview(journal)), plain: plain,
                                          resumeHint: "intake review \(record)", languages: loaded.languages, training: review.training)
            guard case .finished(let finished) = ending else {
                printError(language(.reviewNotFinished, record))
                if case .signalled(let signal, _) = ending { throw ExitCode(128 + signal) }
                throw ExitCode(Exit.unfinished)
            }
            done = finished
        }
        try show(ready.countersign(done, record: record, folders: locations.recordFolders().map { URL(fileURLWithPath: $0) }, say: language))
    }
}
