import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// `intake update RECORD`: a signed record opened again, all its answers in place, to be finished
/// as a new record that supersedes it. A case decided over days is a chain of such records.
package struct FollowUp: Sendable {
    /// The record followed up, its case and its answers as data.
    package var supersedes: Supersession
    /// The exact flow the record was made with.
    package var flow: LoadedFlow
    /// Its answers, each with the time it was first given.
    package var answers: AnswersFile

    /// Verifies `data` (read from `path`): every signature good and trusted. Refuses a record already
    /// followed up (`supersededBy` names the newer one): a case goes on from its latest record.
    /// `flow` loads the flow the record was made with, given its id; its SHA-256 must match the
    /// record's, so every answer is read against the very questions it answered.
    package static func read(_ data: Data, path: String, verifier: RecordVerifier, supersededBy: (String) -> String?,
                            flow locate: (String, String) -> LoadedFlow?) throws(SessionError) -> FollowUp {
        let reader: RecordReader
        do {
            reader = try RecordReader(data: data, path: path, verifier: verifier)
        } catch {
            throw SessionError("\(error)".replacing("can be started from", with: "can be followed up"))
        }
        let record = reader.source
        if let newer = supersededBy(record.id) {
            throw SessionError("\(record.id) has already been followed up by \(newer); follow up that record instead")
        }
        guard let block = AnswersData.extract(reader.body) else {
            throw SessionError("\(path) has no ANSWERS DATA block (it was made before records carried their answers as data), so its answers cannot be read back; start a new interview with intake run")
        }
        guard let sha = reader.flowSHA256, let flow = locate(record.flow, sha) else {
            throw SessionError("""
            \(record.id) was made with \(record.flow) \(record.version) (SHA-256 \(reader.flowSHA256 ?? "not given")), and no copy of \
            that flow is here; give that flow file with --flow
            """)
        }
        let answers: AnswersFile
        do {
            answers = try AnswersFile.parse(text: reader.body, file: path, flow: flow.flow)
        } catch {
            throw SessionError("the answers of \(record.id) cannot be read back: \(error)")
        }
        return FollowUp(supersedes: Supersession(record: record, caseId: reader.caseId, answers: block), flow: flow, answers: answers)
    }
}

extension Interviews {
    /// The record in the records folder that supersedes record `id`, if there is one.
    package func supersededBy(_ id: String) -> String? { FollowUp.supersededBy(id, in: records) }

    /// Finds the record superseding a given one in the folder of `path` (a shared records folder) and
    /// in this records folder.
    package func supersededBy(near path: String) -> (String) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        return { id in FollowUp.supersededBy(id, in: folder) ?? FollowUp.supersededBy(id, in: records) }
    }
}

extension FollowUp {
    /// The record in `records` that supersedes record `id`, if there is one.
    static func supersededBy(_ id: String, in records: URL) -> String? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: records.path)) ?? []).filter { $0.hasSuffix(".txt") }
        for name in names.sorted() where RecordHeader(path: records.appendingPathComponent(name).path)?.supersedes == id {
            return String(name.dropLast(4))
        }
        return nil
    }
}

extension FollowUp {
    /// The policy a follow-up runs on. It runs on the kept copy of its record's flow, which has no
    /// signature beside it: its policy is what intake knows of the bytes, else what the record
    /// (`recordText`, as signed) states — unless the record says it was not approved.
    package func policy(_ approval: FlowApproval, recordText: String) -> InterviewPolicy {
        var policy = flow.policy(approval)
        let stated = RecordPolicy.lines(in: recordText)
        func recorded(_ label: String) -> FlowProvenance? {
            guard let words = stated.first(where: { $0.label == label })?.words, !words.hasPrefix("NOT APPROVED") else { return nil }
            return .recorded(words)
        }
        if !policy.flow.isApproved, let recorded = recorded(RecordPolicy.flowLabel) { policy.flow = recorded }
        for (language, provenance) in policy.translations where !provenance.isApproved {
            if let recorded = recorded(RecordPolicy.translationLabel) { policy.translations[language] = recorded }
        }
        return policy
    }
}

extension Interviews {
    /// `intake update`: the follow-up's interview begun and journalled on the exact flow of the
    /// record, opening on its review with every earlier answer in place (`prefill` on top), under
    /// `policy`; or nil, and the report says why.
    package func beginFollowUp(_ followUp: FollowUp, policy: InterviewPolicy, identity: Identity?, prefill: AnswersFile?,
                               say: Language, at started: Date = Date()) -> (report: Report, open: Open?) {
        var report = Report()
        let earlier = followUp.supersedes.record
        do {
            var open = try begin(followUp.flow, id: RecordContext.newRecordId(at: started, prefix: followUp.flow.flow.record.idPrefix),
                                 started: started, training: earlier.training, source: nil, supersedes: followUp.supersedes, policy: policy)
            for warning in open.warnings { report.error("warning: \(warning)") }
            report.error(say(.followingUp, earlier.id, followUp.supersedes.caseId, earlier.signer))
            try open.prepare(identity: identity, followUp: followUp, prefill: prefill, at: started)
            return (report, open)
        } catch {
            report.error("intake: \(error)")
            report.failed = true
            return (report, nil)
        }
    }
}
