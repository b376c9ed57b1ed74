import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// The force's approval of its flows and translations (issue 31): whose signature covers which bytes.
enum FlowPolicy {
    /// Refuses, before the first question, an operational interview whose flow or translation is
    /// neither shipped nor approved, saying why and how to approve it; a training one goes on, and
    /// its record says so.
    static func gate(_ policy: InterviewPolicy, flow: String, path: String, language: Language, training: Bool) throws {
        guard let why = policy.refusal(in: language) else { return }
        if training {
            printError("warning: training on a flow that is not approved policy (\(Visible.line(why))); the record says so")
            return
        }
        printError("intake: \(Visible.line(flow)) cannot run as an operational interview: \(Visible.line(why))")
        printError("See docs/flow-approval.md; to practise on it instead, add --training.")
        throw ExitCode(Exit.invalidInput)
    }

    /// `policy: …` lines for a flow file and each translation beside it.
    static func lines(flowPath: String, approval: FlowApproval) -> [String] {
        var lines = ["policy: " + approval.provenance(ofFile: flowPath).words]
        for language in Language.allCases where language != .en {
            let translation = Translation.path(for: flowPath, language: language)
            guard FileManager.default.fileExists(atPath: translation) else { continue }
            lines.append("policy (\(language.rawValue)): " + approval.provenance(ofFile: translation).words)
        }
        return lines.map(Visible.line)
    }
}

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
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("intake: cannot read \(Visible.line(file)); give the path of a flow or translation file")
                throw ExitCode(Exit.invalidInput)
            }
            // Only a file intake can load is approved: an approval of a broken flow helps nobody.
            do {
                if Translation.isTranslationPath(file) { _ = try TranslationLoader.load(data: data, file: file) } else { _ = try FlowLoader.load(path: file) }
            } catch {
                printError(error.description)
                printError("intake: \(Visible.line(file)) is not approved: it does not load; fix it first")
                throw ExitCode(Exit.invalidInput)
            }
            let keyURL = key.map { URL(fileURLWithPath: $0) } ?? Locations.fromEnvironment().key
            let signature: String
            let principal: String
            let publicKey: String
            do {
                let (signing, identity) = try KeyRing.load(key: keyURL)
                signature = try FlowApproval.approve(data, key: signing)
                principal = identity.principal
                publicKey = signing.publicKey.openSSH
            } catch {
                printError("intake: \(error)")
                throw ExitCode(Exit.invalidInput)
            }
            let sigPath = FlowApproval.signaturePath(for: file)
            try writeWhole(signature, to: sigPath)
            print("Signed \(Visible.line(file)) as \(Visible.line(principal)): \(Visible.line(sigPath))")
            let now = FlowApproval.fromEnvironment().provenance(ofFile: file)
            print(now.isApproved
                  ? "Here it is now \(now.words)."
                  : "It is not approved here yet: allowed_signers must trust your key for intake-flow, with the line\n  \(principal) namespaces=\"\(FlowApproval.namespace)\" \(publicKey)")
            print("Check with OpenSSH: ssh-keygen -Y verify -f ALLOWED_SIGNERS -I \(principal) -n \(FlowApproval.namespace) -s \(Visible.line(sigPath)) < \(Visible.line(file))")
        }
    }
}
