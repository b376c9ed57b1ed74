import Foundation
import IntakeCore
import IntakeRecords

/// A supervisor's review in progress is journalled as an officer's interview is (issue 34, item 2):
/// every answer is saved before the next question, so a crash, a closed terminal or `q` keeps them,
/// and `intake review RECORD` again continues where it stopped. Review journals live apart from
/// interviews (`reviews/` in the data folder), so `intake resume` never offers one as an officer's
/// interview, and each is named after the exact bytes of the record under review.
extension RecordReview {
    /// Where reviews in progress are kept under `dataFolder`.
    package static func journals(in dataFolder: URL) -> Interviews {
        Interviews(dataFolder: dataFolder.appendingPathComponent("reviews"))
    }

    /// This review's journal id: the record file's SHA-256, so a record that changes is another review.
    package var journalId: String {
        "RV-" + String(sha256Hex(update.original).prefix(24)).uppercased()
    }

    /// The review's interview, open and locked: continued from its journal when this record's review
    /// was begun and not finished (`continued` counts the answers kept), else begun on `flow`.
    package func openJournal(flow: LoadedFlow, dataFolder: URL, now: Date = Date()) throws(SessionError) -> (open: Interviews.Open, continued: Int?) {
        let reviews = Self.journals(in: dataFolder)
        if reviews.isUnfinished(journalId) {
            switch try reviews.resume(journalId) {
            case .open(let open):
                return (open, open.interview.answers.count)
            case .alreadyFinished:
                break
            }
        }
        return (try reviews.begin(flow, id: journalId, started: now, training: training, source: nil), nil)
    }
}

extension Interviews.Open {
    /// The journal and the lock go: what was asked is now saved elsewhere (a review, once it is
    /// countersigned into the record).
    package func end() {
        journal.remove()
        lock.remove()
    }
}
