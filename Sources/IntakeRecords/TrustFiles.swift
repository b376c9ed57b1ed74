import FoundationEssentials
import Glibc

/// The allowed signers and revoked keys a command checks records against, read once. Either file,
/// when named and unreadable, stops the command: a record is never passed because its trust could
/// not be read, and a revocation list is never skipped. Shared by `intake` and `intake-store`.
package struct TrustFiles: Sendable {
    /// Why the trust files could not be read, and what to do.
    package struct Unreadable: Error, CustomStringConvertible, Sendable {
        package var description: String
    }

    package var verifier: RecordVerifier
    /// The two files' text, for the listing cache: a change to either verifies every record again.
    package var text: String

    /// `allowedSigners` (default: the config folder's), and `revokedKeys` (default: the config
    /// file's `revoked_keys =` line, else the config folder's `revoked_keys` if there is one).
    package static func load(allowedSigners: String?, revokedKeys: String?, operationalOnly: Bool = false) throws(Unreadable) -> TrustFiles {
        let locations = Locations.fromEnvironment()
        let signersPath = allowedSigners ?? locations.allowedSigners.path
        guard let signers = try? String(contentsOfFile: signersPath, encoding: .utf8) else {
            throw Unreadable(description: "cannot read the allowed signers file \(signersPath), so no record can be verified; give one with --allowed-signers")
        }
        let revokedPath = revokedKeys ?? locations.revokedKeys.path
        let named = revokedKeys != nil || !locations.configValues("revoked_keys").isEmpty
        var revokedText = ""
        if named || FileManager.default.fileExists(atPath: revokedPath) {
            guard let text = try? String(contentsOfFile: revokedPath, encoding: .utf8) else {
                throw Unreadable(description: "cannot read the revoked keys file \(revokedPath); without it no record can be trusted (fix the path given, or the revoked_keys = line of the config file)")
            }
            revokedText = text
        }
        let revoked: RevokedKeys
        do {
            revoked = try RevokedKeys(parsing: revokedText)
        } catch {
            throw Unreadable(description: "\(revokedPath):\(error)")
        }
        return TrustFiles(verifier: RecordVerifier(allowed: AllowedSigner.parse(signers), revoked: revoked, operationalOnly: operationalOnly),
                          text: signers + "\u{0}" + revokedText)
    }
}
