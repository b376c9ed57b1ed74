import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords

/// A signed record named on the command line and the verifier to check it with: read, or refused
/// with exit 1 saying which file and what to do. Shared by `run --from`, `update` and `notice`.
enum SignedInput {
    static func read(_ path: String, allowedSigners: String?, revokedKeys: String? = nil) throws -> (data: Data, verifier: RecordVerifier) {
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the record \(Visible.line(path))") }
        return (data, try TrustFiles.loadOrRefuse(allowedSigners: allowedSigners, revokedKeys: revokedKeys).verifier)
    }

    static func refuse(_ message: String) -> ExitCode {
        printError("intake: \(message)")
        return ExitCode(Exit.invalidInput)
    }
}

extension TrustFiles {
    /// The trust files, or exit 1 saying which could not be read.
    static func loadOrRefuse(allowedSigners: String?, revokedKeys: String?, operationalOnly: Bool = false) throws -> TrustFiles {
        do {
            return try load(allowedSigners: allowedSigners, revokedKeys: revokedKeys, operationalOnly: operationalOnly)
        } catch {
            throw SignedInput.refuse(error.description)
        }
    }
}
