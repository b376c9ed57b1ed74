import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

extension Interviews {
    /// A new interview ready to be shown but not yet on disk. Its first screen is drawn from
    /// `interview` while `begin()` makes the journal (lock, kept flow copy, header, the prepared
    /// events, each flushed): about a millisecond and a half the officer would otherwise wait
    /// through. Nothing can be answered before `begin()` has returned, so every answer is still in
    /// the journal before it is accepted; if `begin()` fails, the interview stops there, with nothing
    /// typed into it.
    package struct Starting: Sendable {
        /// What the first screen shows: exactly what `begin()` writes.
        package let interview: Interview
        /// The record id the journal and the record will carry.
        package let id: String
        /// The flow, read once, that it runs on.
        package let flow: LoadedFlow
        let interviews: Interviews
        let started: Date
        let training: Bool
        let source: SourceRecord?
        let policy: InterviewPolicy?

        /// Makes it durable: the same steps as `Interviews.begin` then `Open.prepare`, with the
        /// interview already prepared.
        package func begin() throws(SessionError) -> Open {
            // The other translations' policy (for a switch of language mid-interview) is decided here,
            // after the first screen is drawn: the gate needed only the language it opened in.
            var complete = policy
            if let policy {
                let rest = flow.translationLanguages.filter { policy.translations[$0] == nil }
                if !rest.isEmpty {
                    complete?.translations.merge(flow.policy(interviews.approval ?? FlowApproval.fromEnvironment(), languages: rest).translations) { a, _ in a }
                }
            }
            var open = try interviews.begin(flow, id: id, started: started, training: training, source: source, policy: complete)
            do {
                try open.journal.sync(interview)
            } catch {
                open.lock.remove()
                unlink(open.journal.url.path)
                throw SessionError("\(error)")
            }
            open.interview = interview
            return open
        }
    }

    /// A new interview `id` on `flow`, prepared as `Open.prepare` would prepare it (the signing key's
    /// answers, a starting record's offers, an answers file), without touching the disk.
    package func starting(_ flow: LoadedFlow, id: String, started: Date, training: Bool, source: SourceRecord?,
                         identity: Identity?, start: StartingRecord? = nil, prefill: AnswersFile? = nil,
                         policy: InterviewPolicy? = nil) -> Starting {
        let interview = Open.prepared(Interview(flow: flow.flow, startedAt: started), identity: identity, start: start,
                                      followUp: nil, prefill: prefill, at: started)
        return Starting(interview: interview, id: id, flow: flow, interviews: self, started: started, training: training,
                        source: source, policy: policy)
    }
}
