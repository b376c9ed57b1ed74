import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// `intake run --from RECORD`: reads the file and the allowed signers, and says what was taken.
enum StartFrom {
    /// The verified record and its offers; refusals exit 1 before anything is asked.
    static func read(_ path: String, into flow: Flow, allowedSigners: String?, training: Bool) throws -> StartingRecord {
        let (data, verifier) = try SignedInput.read(path, allowedSigners: allowedSigners)
        do {
            let start = try StartingRecord.read(data, path: path, verifier: verifier, into: flow, training: training,
                                                locate: { try FlowLocator.load($0) },
                                                translations: { id in
                                                    guard let path = try? FlowLocator.resolve(id), let loaded = try? LoadedFlow.read(path: path) else { return [] }
                                                    return loaded.translations.keys.compactMap { loaded.flow(in: $0) }
                                                })
            for warning in start.warnings { printError("warning: \(warning)") }
            return start
        } catch {
            throw SignedInput.refuse("\(error)")
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
