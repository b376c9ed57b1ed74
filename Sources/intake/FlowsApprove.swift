import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords
import IntakeSession

extension Flows {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Approve a flow or translation file as the force's policy: sign its exact bytes (FILE.sig).",
            discussion: """
            Writes an SSHSIG signature in the intake-flow namespace beside the file, as ssh-keygen -Y sign \
            would, with your key file or through ssh-agent. It approves only for those who trust your key \
            for intake-flow in allowed_signers (principal namespaces="intake-flow" KEY); any later change \
            to the file undoes the approval. ssh-keygen -Y verify -n intake-flow checks it (docs/flow-approval.md).
            """)

        @Argument(help: "The flow or translation file.", completion: .file(extensions: ["yaml"])) var file: String
        @Option(help: "The signing key: a private key file, or a .pub whose key ssh-agent holds (default: the config file's key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).")
        var key: String?

        func run() throws {
            try show(FlowReports.approve(file, key: key.map { URL(fileURLWithPath: $0) } ?? Locations.fromEnvironment().key))
        }
    }
}
