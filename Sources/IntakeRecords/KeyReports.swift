import Foundation
import IntakeCore

/// What `intake keys init` and `keys show` say, made here so the command line only prints it.
extension KeyRing {
    /// Creates the key at `key` for `identity` (or adopts the one there) and trusts it in
    /// `allowedSigners`; says where it is, its fingerprint and who it signs as.
    package static func initReport(identity: Identity, key: URL, allowedSigners: URL) -> Report {
        var report = Report()
        do {
            let (signing, created) = try initialise(identity: identity, key: key, allowedSigners: allowedSigners)
            report.out("\(created ? "Created" : "Using the existing") key \(key.path)" + (signing.isInAgent ? " (it signs through ssh-agent, which must hold it: ssh-add)" : ""))
            report.out("Fingerprint: \(signing.publicKey.fingerprint)")
            report.out("Read aloud: \(signing.publicKey.spokenFingerprint) (what a colleague who trusts your key checks with you)")
            report.out("Signer: \(identity.principal) (\(identity.description))")
            report.out("Trusted in: \(allowedSigners.path)")
        } catch {
            report.error("intake: \(error)")
            report.failed = true
        }
        return report
    }

    /// The key's allowed_signers line, to give a colleague, and its fingerprint to read out to them.
    package static func showReport(key: URL) -> Report {
        var report = Report()
        do {
            let (publicKey, identity) = try KeyRing.publicKey(key: key)
            report.out(AllowedSigner(principals: [identity.principal], namespaces: Namespace.all, key: publicKey).line)
            report.error("\(identity.description): fingerprint \(publicKey.fingerprint)")
            report.error("Read aloud: \(publicKey.spokenFingerprint)")
        } catch {
            report.error("intake: \(error)")
            report.failed = true
        }
        return report
    }
}
