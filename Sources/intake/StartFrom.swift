import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// `intake run --from RECORD`: reads the file and the allowed signers, and says what was taken.
enum StartFrom {
    /// The verified record and its offers; refusals exit 1 before anything is asked.
    static func read(_ path: String, into flow: Flow, allowedSigners: String?, training: Bool) throws -> StartingRecord {
        func refuse(_ message: String) -> ExitCode {
            printError("intake: \(message)")
            return ExitCode(Exit.invalidInput)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the record \(path)") }
        let signersPath = allowedSigners ?? Locations.fromEnvironment().allowedSigners.path
        guard let signers = try? String(contentsOfFile: signersPath, encoding: .utf8) else {
            throw refuse("cannot read the allowed signers file \(signersPath), so \(path) cannot be verified; give one with --allowed-signers")
        }
        do {
            let start = try StartingRecord.read(data, path: path, allowed: AllowedSigner.parse(signers), into: flow, training: training,
                                                locate: { try FlowLocator.load($0) })
            for warning in start.warnings { printError("warning: \(warning)") }
            return start
        } catch {
            throw refuse("\(error)")
        }
    }

    /// What the officer is told before the first screen.
    static func announce(_ start: StartingRecord) {
        let source = start.source
        printError("Starting from \(source.id) (\(source.flow) \(source.version)), signed by \(source.signer) \(source.fingerprint).")
        printError("\(start.plan.proposals.count) answers are filled in from it. Each still opens on its screen, to keep as it is or change.")
        for left in start.plan.left { printError("  not taken over: [\(left.id)] \(left.why)") }
    }
}
