import ArgumentParser
import IntakeCore
import IntakeRecords
import IntakeSession

/// `intake update`: follow up a signed record when the facts are known; the new record supersedes it.
struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Follow up a signed record: reopen its answers, settle what was unknown, sign a record that supersedes it.",
        discussion: """
        Checks every signature of the record, opens the interview on its review with every answer in \
        place (the unknown ones first), and on finish signs a new record that names the one it \
        supersedes and lists what changed since. A case decided over days is a chain of such records.
        """)

    @Argument(help: "The signed record to follow up: a file, or a record id the store holds.", completion: .file(extensions: ["txt"])) var record: String
    @Option(help: "The flow file the record was made with, when intake kept no copy of it here.") var flow: String?
    @Flag(help: "Use the line-mode front even on a terminal.") var plain = false
    @Option(help: "The language of the screens and the record: en or cy (default: LC_ALL/LC_MESSAGES/LANG, else lang = in the config file, else en). F3 switches at any screen.")
    var lang: Language?
    @Option(help: "Answers file (YAML, or a record) applied on top; a complete one finishes without a prompt.",
            completion: .file(extensions: ["yaml", "yml", "txt"])) var answers: String?
    @Option(help: "The signing key: a private key file, or a .pub whose key ssh-agent holds (default: config key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?
    @Option(help: "allowed_signers file for checking the record (default: $XDG_CONFIG_HOME/intake/allowed_signers).")
    var allowedSigners: String?

    func run() throws {
        let record = try StoreHelper.recordFile(self.record)
        let (data, verifier) = try SignedInput.read(record, allowedSigners: allowedSigners)
        let interviews = Interviews.fromEnvironment()
        let followUp: FollowUp
        do {
            followUp = try FollowUp.read(data, path: record, verifier: verifier, supersededBy: interviews.supersededBy(near: record),
                                         flow: FlowLocator.exact(interviews, given: flow))
        } catch {
            throw SignedInput.refuse("\(error)")
        }
        // Following up a countersigned copy: the records folder keeps it, not the record before its review.
        try show(NewerCopy.keepInRecordFolders(data, from: record, verifier: verifier, say: LanguageChoice.resolve(lang)))
        var prefill: AnswersFile?
        do {
            if let answers { prefill = try AnswersFile.load(path: answers, flow: followUp.flow.flow) }
        } catch {
            throw fail(error)
        }
        let earlier = followUp.supersedes.record
        let say = LanguageChoice.resolve(lang)
        let policy = followUp.policy(FlowApproval.fromEnvironment(), recordText: String(decoding: data, as: UTF8.self))
        try show(FlowReports.gate(policy, flow: followUp.flow.flow.id, language: say, training: earlier.training))
        let signing = Signing(keyPath: key, training: earlier.training, say: say)
        let identity = signing.warnIfUnusable()
        let (report, open) = interviews.beginFollowUp(followUp, policy: policy, identity: identity, prefill: prefill, say: say)
        try show(report)
        guard let open else { return }
        try Conduct(PendingInterview(open), signing: signing, plain: plain, language: say).run(open.interview)
    }
}
