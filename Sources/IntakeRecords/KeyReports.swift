import FoundationEssentials
import Glibc
import IntakeCore

/// What `intake keys init` and `keys show` say, made here so the command line only prints it.
extension KeyRing {
    /// Creates the key at `key` for `identity` (or adopts the one there) and trusts it in
    /// `allowedSigners`; says where it is, its fingerprint and who it signs as.
    package static func initReport(identity: Identity, key: URL, allowedSigners: URL, say: Language = .en) -> Report {
        var report = Report()
        do {
            let (signing, created) = try initialise(identity: identity, key: key, allowedSigners: allowedSigners)
            report.out(say(created ? .keysCreated : .keysUsingExisting, key.path) + (signing.isInAgent ? say(.keysThroughAgent) : ""))
            report.out(say(.keysFingerprint, signing.publicKey.fingerprint))
            report.out(say(.keysReadAloudCheck, signing.publicKey.spokenFingerprint))
            report.out(say(.keysSigner, identity.principal, identity.description))
            report.out(say(.keysTrustedIn, allowedSigners.path))
        } catch {
            report.error("intake: \(error)")
            report.failed = true
        }
        return report
    }

    /// The key's allowed_signers line, to give a colleague, and its fingerprint to read out to them.
    package static func showReport(key: URL, say: Language = .en) -> Report {
        var report = Report()
        do {
            let (publicKey, identity) = try KeyRing.publicKey(key: key)
            report.out(AllowedSigner(principals: [identity.principal], namespaces: Namespace.all, key: publicKey).line)
            report.error(say(.keysShowFingerprint, identity.description, publicKey.fingerprint))
            report.error(say(.keysReadAloud, publicKey.spokenFingerprint))
        } catch {
            report.error("intake: \(error)")
            report.failed = true
        }
        return report
    }
}
