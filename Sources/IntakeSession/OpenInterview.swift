import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// What an open interview does with its journal: the one place where an answer is saved before it
/// is accepted, and where a finished interview becomes a signed record and its journal goes.
extension Interviews.Open {
    /// What the record says about this interview beyond its answers.
    package var context: RecordContext {
        var context = RecordContext(recordId: header.id, flowSHA256: flow.sha256, training: header.training, source: header.source,
                                    flowMoves: header.movedFrom ?? [], supersedes: header.supersedes)
        context.translationSHA256 = flow.translationSHA256
        context.flowPolicy = header.policy
        for (code, words) in header.translationPolicy ?? [:] {
            if let language = Language(rawValue: code) { context.translationPolicy[language] = words }
        }
        return context
    }

    /// Saves `event` to the journal, flushed, before the front may accept it. On failure the journal
    /// is exactly as before and the error says why; the front keeps the screen as it was.
    package func send(_ event: Event) throws(JournalError) { try journal.append(event) }

    /// Gives the interview what it has before its first screen, then writes it to the journal or
    /// throws, so nothing is asked that could not be kept:
    /// - the answers the signing key gives (name, number, organisation), unless the journal already
    ///   has them or the officer typed them (a resume after a kill before they reached the journal);
    /// - offers from a starting record (`--from`), to keep or change on their screens;
    /// - an answers file; when it answers everything, the interview is finished.
    /// - a follow-up's earlier answers, with their own times; it then opens on its review, showing
    ///   what is still unknown, and `prefill` changes answers on top.
    package mutating func prepare(identity: Identity?, start: StartingRecord? = nil, followUp: FollowUp? = nil,
                                 prefill: AnswersFile? = nil, at now: Date) throws(SessionError) {
        let next = Self.prepared(interview, identity: identity, start: start, followUp: followUp, prefill: prefill, at: now)
        do {
            try journal.sync(next)
        } catch {
            throw SessionError("\(error)")
        }
        interview = next
    }

    /// What `prepare` gives the interview, without touching the journal: pure, so a new interview's
    /// first screen can be drawn from it while its journal is still being made (`Interviews.Starting`).
    static func prepared(_ interview: Interview, identity: Identity?, start: StartingRecord?, followUp: FollowUp?,
                         prefill: AnswersFile?, at now: Date) -> Interview {
        var next = interview
        let identityMissing = next.given.isEmpty && next.flow.identity.values.allSatisfy { next.answers[$0] == nil }
        if let identity, identityMissing {
            for event in identity.givenEvents(for: next.flow, at: now) { reduce(&next, event) }
        }
        if let start { for event in start.events(at: now) { reduce(&next, event) } }
        if let followUp {
            Prefill.apply(followUp.answers, to: &next, at: now)
            if let prefill { Prefill.overlay(prefill, on: &next, at: now) }
        } else if let prefill {
            Prefill.apply(prefill, to: &next, at: now)
        }
        if prefill != nil, next.isComplete {
            reduce(&next, .finish(at: now))
        } else if followUp != nil, next.phase == .asking {
            reduce(&next, .review)
        }
        return next
    }

    /// Makes `done`'s signed record with the key at `key` and stores it in the records folder; only
    /// once it is safely there do the journal and the lock go. Whatever fails, the text comes back.
    package func finish(_ done: Interview, key: URL, records: URL) -> Finish.Result {
        do {
            try journal.sync(done)
        } catch {
            return .notSaved(text: RecordText.render(done, context: context), why: "NOT signed or saved: the journal could not be brought up to date (\(error))")
        }
        // The check that no other follow-up of the record was saved, and this one's save, under one
        // lock: checked apart, two follow-ups finished at once were both signed (a forked case).
        var followUps: FileLock?
        if let earlier = header.supersedes {
            do {
                try PrivateFolder.prepare(records)
                followUps = try FileLock(records.appendingPathComponent(".follow-ups.lock"), makeFolder: false, wait: true)
            } catch {
                return .notSaved(text: RecordText.render(done, context: context),
                                 why: "NOT signed or saved: the follow-up lock in \(records.path) cannot be taken (\(error)); the answers are kept in \(journal.url.path)")
            }
            if let newer = FollowUp.supersededBy(earlier.record.id, in: records) {
                // Two follow-ups of one record would fork the case: the second is kept, not signed.
                return .notSaved(text: RecordText.render(done, context: context),
                                 why: "NOT signed or saved: \(earlier.record.id) was followed up meanwhile by \(newer); follow up \(newer) instead (the answers above are kept in \(journal.url.path))")
            }
        }
        let result = Finish.record(done, context: context, key: key, records: RecordStore(directory: records))
        withExtendedLifetime(followUps) {}
        if case .saved = result {
            journal.remove()
            lock.remove()
        }
        return result
    }
}
