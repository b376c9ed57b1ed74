import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords

/// `intake verify`: check every signature of records.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every signature of one or more records.",
        discussion: """
        Each signature must be made by the key its text names (Signing key: line), trusted in allowed_signers \
        for that principal and namespace at the time the text states, and not revoked; a record has the \
        officer's signature, at most one review by another key, and nothing after its last END line. \
        Exit 0 when every record is good; else 4 bad signature or structure, 5 untrusted or mismatched \
        signer (unknown, expired, revoked), 6 a file cannot be read, 7 damaged in transit (CRLF, byte-order \
        mark, lost final line feed: the message gives the fix); the most serious applies. 1: bad arguments. \
        With --operational, a record whose flow or review flow is not approved policy (docs/flow-approval.md) \
        exits 8 when its signatures are otherwise good.
        """)

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "Record files, or folders whose .txt files are all records.") var records: [String]
    @Option(help: "allowed_signers file (default: $XDG_CONFIG_HOME/intake/allowed_signers).") var allowedSigners: String?
    @Option(help: "Output: text or json.") var format: Format = .text
    @Option(help: "Revoked keys file (default: the config file's revoked_keys = line, else $XDG_CONFIG_HOME/intake/revoked_keys if there is one).") var revokedKeys: String?
    @Flag(help: "Refuse training records, and records made or reviewed on a flow that is not approved policy (exit 8).") var operational = false

    func run() throws {
        let verifier = try TrustFiles.loadOrRefuse(allowedSigners: allowedSigners, revokedKeys: revokedKeys, operationalOnly: operational).verifier
        let reports = RecordFiles.verify(records.flatMap(RecordFiles.expand), with: verifier)
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(Visible.json(String(decoding: try encoder.encode(reports), as: UTF8.self)))
        } else {
            print(RecordFiles.text(reports), terminator: "")
        }
        if let status = Exit.status(reports.filter { !$0.good }.map { $0.signatures.compactMap(\.failure).min() ?? .bad }) {
            throw ExitCode(status)
        }
        if operational, reports.contains(where: { $0.policyProblem != nil }) { throw ExitCode(Exit.unapproved) }
    }
}
