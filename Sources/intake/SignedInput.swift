import ArgumentParser
import Foundation
import IntakeRecords

/// A signed record named on the command line and the allowed signers to check it with: read, or
/// refused with exit 1 saying which file and what to do. Shared by `run --from` and `update`.
enum SignedInput {
    static func read(_ path: String, allowedSigners: String?) throws -> (data: Data, allowed: [AllowedSigner]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the record \(path)") }
        let signersPath = allowedSigners ?? Locations.fromEnvironment().allowedSigners.path
        guard let signers = try? String(contentsOfFile: signersPath, encoding: .utf8) else {
            throw refuse("cannot read the allowed signers file \(signersPath), so \(path) cannot be verified; give one with --allowed-signers")
        }
        return (data, AllowedSigner.parse(signers))
    }

    static func refuse(_ message: String) -> ExitCode {
        printError("intake: \(message)")
        return ExitCode(Exit.invalidInput)
    }
}
