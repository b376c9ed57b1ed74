import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// The one interview runner, for both fronts and for every kind of interview (new, resumed,
/// follow-up, a supervisor's review): it carries out the effects a front's `update` returns — each
/// event saved to the journal before it is accepted, taken back when it cannot be — and says what
/// an ending comes to. The fronts' loops (the full screen's, the line front's) only move input in
/// and text out; the command line only prints what this returns.
package struct InterviewRunner: FrontRunner, Sendable {
    /// The interview, open or begun when first needed.
    package let pending: PendingInterview

    package init(_ pending: PendingInterview) { self.pending = pending }

    package func begin() throws { try pending.begin() }

    package func takeWarnings() -> [String] { pending.takeWarnings() }

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

    /// What an ending comes to, said in the interview's language, with the exit status when it is
    /// not 0: a finished interview signed, saved and sent (its record on standard output, whatever
    /// became of it); an unfinished one's answers printed and kept, with how to continue. A
    /// session that cannot open (`SessionError`) is said too.
    /// `summaryOnly` (a terminal): the record's outcome and next steps instead of its whole text,
    /// which stays in its file.
    package func conclude(_ ending: InterviewEnding, key: URL, records: URL, summaryOnly: Bool = false) -> Report {
        var report = Report()
        let say = ending.interview.flow.language
        func failed(_ status: Int32) -> Report {
            report.failed = true
            report.status = status
            return report
        }
        do {
            switch ending {
            case .finished(let done):
                switch try finish(done, key: key, records: records) {
                case .saved(let text, let path):
                    if summaryOnly {
                        for line in Summary.afterSigning(done, id: pending.id) { report.out(line) }
                    } else {
                        report.out(text, terminator: "")
                    }
                    report.error(say(.recordSaved, path))
                    report.append(StoreLink.pushReport(path, say: say))
                case .notSaved(let text, let why):
                    report.out(text, terminator: "")
                    report.error(say(.recordNotSaved, why))
                    return failed(Exit.unsigned)
                case .followedUpAlready(let text, let earlier, let winner, let journal):
                    report.out(text, terminator: "")
                    report.error(say(.followedUpAlready, earlier, winner, journal, pending.id))
                    return failed(Exit.refusedByStore)
                }
            case .quit(let partial): return unfinished(partial, say(.stoppedBeforeEnd), status: Exit.unfinished)
            case .inputEnded(let partial): return unfinished(partial, say(.inputEndedFirst), status: Exit.unfinished)
            case .signalled(let signal, let partial): return unfinished(partial, say(.endedBySignal, String(signal)), status: 128 + signal)
            }
        } catch {
            report.error("intake: \(error)")
            return failed(Exit.invalidInput)
        }
        return report
    }

    /// Nothing typed is lost: the answers so far are printed, and the journal keeps them for resume.
    private func unfinished(_ partial: Interview, _ why: String, status: Int32) -> Report {
        var report = Report()
        report.failed = true
        report.status = status
        let say = partial.flow.language
        do {
            let (text, journal) = try kept(partial)
            report.error("\n" + text)
            report.error("\(why) " + say(.answersKeptIn, journal))
            report.error(say(.continueWith, "intake resume \(pending.id)", "intake discard \(pending.id)"))
        } catch {
            report.error("intake: \(error)")
            report.status = Exit.invalidInput
        }
        return report
    }
}
