import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords

/// `intake run --from RECORD`: the signed record an interview starts from, verified, and the answers
/// it offers to the new interview.
struct StartFrom {
    var source: SourceRecord
    var plan: Carry.Plan

    /// Reads and verifies `path`, and plans what `flow` takes from it. Every refusal says why and
    /// what to do, and exits before anything is asked.
    static func read(_ path: String, into flow: Flow, allowedSigners: String?, training: Bool) throws -> StartFrom {
        func refuse(_ message: String) -> ExitCode {
            printError("intake: \(message)")
            return ExitCode(Exit.invalidInput)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the record \(path)") }
        let signersPath = allowedSigners ?? Locations.fromEnvironment().allowedSigners.path
        guard let signers = try? String(contentsOfFile: signersPath, encoding: .utf8) else {
            throw refuse("cannot read the allowed signers file \(signersPath), so \(path) cannot be verified; give one with --allowed-signers")
        }
        let reader: RecordReader
        do {
            reader = try RecordReader(data: data, path: path, verifier: RecordVerifier(allowed: AllowedSigner.parse(signers)))
        } catch {
            throw refuse("\(error)")
        }
        let source = reader.source
        if source.training != training {
            throw refuse(source.training
                ? "\(path) is a training record; a training record can only start a training interview: add --training"
                : "\(path) is an operational record; a training interview never takes answers from one: leave out --training")
        }
        guard flow.takesFrom.contains(where: { $0.flow == source.flow }) else {
            let takes = flow.takesFrom.map(\.flow)
            throw refuse("\(flow.id) does not take answers from \(source.flow) records"
                + (takes.isEmpty ? "; start it without --from" : " (only from: \(takes.joined(separator: ", ")))"))
        }
        let sourceFlow: Flow
        do {
            sourceFlow = try FlowLocator.load(source.flow)
        } catch {
            throw refuse("the record was made with the flow \(source.flow), which cannot be loaded here, so its answers cannot be read: \(error)")
        }
        let (values, unreadable) = reader.values(for: sourceFlow)
        guard let plan = Carry.plan(into: flow, from: sourceFlow, answers: values, unreadable: unreadable) else {
            throw refuse("\(flow.id) does not take answers from \(source.flow) records")
        }
        if sourceFlow.version != source.version {
            printError("warning: \(source.id) was made with \(source.flow) \(source.version); this intake has \(sourceFlow.version). Only answers that read back exactly are taken.")
        }
        return StartFrom(source: source, plan: plan)
    }

    /// What the officer is told before the first screen.
    func announce() {
        printError("Starting from \(source.id) (\(source.flow) \(source.version)), signed by \(source.signer) \(source.fingerprint).")
        printError("\(plan.proposals.count) answers are filled in from it. Each still opens on its screen, to keep as it is or change.")
        for left in plan.left { printError("  not taken over: [\(left.id)] \(left.why)") }
    }

    /// The events that offer the answers.
    func events(at: Date) -> [Event] {
        plan.proposals.map { .proposed($0.id, $0.value, from: source.id, at: at) }
    }
}
