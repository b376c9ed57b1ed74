import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// `intake run --from RECORD`: the signed record an interview starts from, verified, and the answers
/// it offers to the new interview (issue 14).
package struct StartingRecord: Sendable {
    /// Who the record is, as the new record names it.
    package var source: SourceRecord
    /// The answers to offer, and the shared questions left out with why.
    package var plan: Carry.Plan
    /// Said before the first screen.
    package var warnings: [String]

    /// Verifies `data` (read from `path`) with `verifier` and plans what `flow` takes from it.
    /// `locate` loads a flow by its id; `translations` gives it in other languages, so a record made
    /// in Welsh reads back by its Welsh labels. Every refusal says why and what to do.
    package static func read(_ data: Data, path: String, verifier: RecordVerifier, into flow: Flow, training: Bool,
                            locate: (String) throws -> Flow,
                            translations: (String) -> [Flow] = { _ in [] }) throws(SessionError) -> StartingRecord {
        let reader: RecordReader
        do {
            reader = try RecordReader(data: data, path: path, verifier: verifier)
        } catch {
            throw SessionError("\(error)")
        }
        let source = reader.source
        if source.training != training {
            throw SessionError(source.training
                ? "\(path) is a training record; a training record can only start a training interview: add --training"
                : "\(path) is an operational record; a training interview never takes answers from one: leave out --training")
        }
        guard flow.takesFrom.contains(where: { $0.flow == source.flow }) else {
            let takes = flow.takesFrom.map(\.flow)
            throw SessionError("\(flow.id) does not take answers from \(source.flow) records"
                + (takes.isEmpty ? "; start it without --from" : " (only from: \(takes.joined(separator: ", ")))"))
        }
        let sourceFlow: Flow
        do {
            sourceFlow = try locate(source.flow)
        } catch {
            throw SessionError("the record was made with the flow \(source.flow), which cannot be loaded here, so its answers cannot be read: \(error)")
        }
        let (values, unreadable) = reader.values(for: sourceFlow, translations: translations(source.flow))
        guard let plan = Carry.plan(into: flow, from: sourceFlow, answers: values, unreadable: unreadable) else {
            throw SessionError("\(flow.id) does not take answers from \(source.flow) records")
        }
        var warnings: [String] = []
        if sourceFlow.version != source.version {
            warnings.append("\(source.id) was made with \(source.flow) \(source.version); this intake has \(sourceFlow.version). Only answers that read back exactly are taken.")
        }
        return StartingRecord(source: source, plan: plan, warnings: warnings)
    }

    /// The events that offer the answers.
    package func events(at: Date) -> [Event] {
        plan.proposals.map { .proposed($0.id, $0.value, from: source.id, at: at) }
    }
}

extension StartingRecord {
    /// `intake run --from RECORD`: the verified record read into `flow`, with whatever it had to
    /// warn of; or nil, and the report says why (nothing is asked then).
    package static func read(_ data: Data, path: String, verifier: RecordVerifier, into flow: Flow, training: Bool) -> (report: Report, start: StartingRecord?) {
        var report = Report()
        do {
            let start = try read(data, path: path, verifier: verifier, into: flow, training: training,
                                 locate: { try FlowLocator.load($0) },
                                 translations: { id in
                                     guard let path = try? FlowLocator.resolve(id), let loaded = try? LoadedFlow.read(path: path) else { return [] }
                                     return loaded.translations.keys.compactMap { loaded.flow(in: $0) }
                                 })
            for warning in start.warnings { report.error("warning: \(warning)") }
            return (report, start)
        } catch {
            report.error("intake: \(error)")
            report.failed = true
            return (report, nil)
        }
    }

    /// What the officer is told before the first screen: where the answers come from, how many, and
    /// what was not taken over and why.
    package func announcement(_ say: Language) -> [String] {
        [say(.startingFrom, source.id, source.flow, source.version, source.signer, source.fingerprint),
         say(.startingFilled, String(plan.proposals.count))] + plan.left.map { say(.startingLeft, $0.id, $0.why) }
    }
}
