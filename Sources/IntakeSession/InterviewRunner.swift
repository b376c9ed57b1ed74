import Foundation
import IntakeCore
import IntakeRecords

/// The one interview runner, for both fronts and for every kind of interview (new, resumed,
/// follow-up, a supervisor's review): it carries out the effects a front's `update` returns — each
/// event saved to the journal before it is accepted, taken back when it cannot be — and says what
/// an ending comes to. The fronts' loops (the full screen's, the line front's) only move input in
/// and text out; the command line only prints what this returns.
package struct InterviewRunner: Sendable {
    /// The interview, open or begun when first needed.
    package let pending: PendingInterview

    package init(_ pending: PendingInterview) { self.pending = pending }

    /// Carries out one effect of `front`: a `.save` goes to the journal (a new interview's journal
    /// is made first if need be), and on failure the front takes the event back and shows why.
    package func perform<F: InterviewFront>(_ effect: InterviewEffect, on front: inout F) -> FrontStep {
        let pending = self.pending
        return front.perform(effect) { event in try pending.opened().send(event) }
    }

    /// What finishing an interview came to.
    package enum Finished: Equatable, Sendable {
        /// Signed and saved at `path`; `text` is the signed record.
        case saved(text: String, path: String)
        /// Not signed or not saved; `text` is all there is and `why` says what failed.
        case notSaved(text: String, why: String)
        /// The force's store says record `earlier` was followed up already, by `winner`: this
        /// follow-up is not signed (a case never forks) and its answers stay in `journal`.
        case followedUpAlready(text: String, earlier: String, winner: String, journal: String)
    }

    /// Signs and saves the finished interview with the key at `key` into `records`. The store, when
    /// one is set, decides first which follow-up of a record counts, so one that lost is never
    /// signed (offline, it decides when it is next reached).
    package func finish(_ interview: Interview, key: URL, records: URL) throws(SessionError) -> Finished {
        let open = try pending.opened()
        if let earlier = open.header.supersedes, let winner = StoreLink.followUp(of: earlier.record.id) {
            return .followedUpAlready(text: RecordText.render(interview, context: open.context), earlier: earlier.record.id,
                                      winner: winner, journal: open.journal.url.path)
        }
        switch open.finish(interview, key: key, records: records) {
        case .saved(let text, let path): return .saved(text: text, path: path)
        case .notSaved(let text, let why): return .notSaved(text: text, why: why)
        }
    }

    /// An interview that stopped before its end: its answers so far as record text, and the journal
    /// that keeps them for `intake resume`.
    package func kept(_ partial: Interview) throws(SessionError) -> (text: String, journal: String) {
        let open = try pending.opened()
        return (RecordText.render(partial, context: open.context), open.journal.url.path)
    }
}
