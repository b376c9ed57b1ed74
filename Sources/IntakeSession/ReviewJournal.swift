import FoundationEssentials
import Glibc
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

extension RecordReview {
    /// A review ready to ask: the record locked and checked, the review flow read once and allowed
    /// to run, the lines the review section states about its policy, and its journal open.
    package struct Ready {
        package let review: RecordReview
        package let flow: LoadedFlow
        package let policyLines: [String]
        package var journal: Interviews.Open
    }

    /// Everything a review needs before its first question, or a report saying why not (each
    /// signature that failed, a policy refusal, a journal that cannot be kept). `answers` fills a
    /// new review in; a review begun before continues from its journal instead, and says so.
    package static func ready(_ record: String, verifier: RecordVerifier, reviewerKey: URL, flowPath: String, language: Language,
                              answers: String?, dataFolder: URL) -> (report: Report, ready: Ready?) {
        var report = Report()
        func refuse(_ message: String) -> (report: Report, ready: Ready?) {
            if !message.isEmpty { report.error(message) }
            report.failed = true
            return (report, nil)
        }
        do {
            let review = try RecordReview.begin(URL(fileURLWithPath: record), verifier: verifier, reviewerKey: reviewerKey) { check in
                report.error("\(Visible.line(record)): \(check.index == 0 ? "record" : "signature \(check.index)"): \(Visible.line(check.message))")
            }
            let loaded = try LoadedFlow.read(path: flowPath)
            // The review flow is policy too: a countersignature is only asked by an approved one.
            let policy = loaded.policy(FlowApproval.fromEnvironment())
            report.append(FlowReports.gate(policy, flow: loaded.flow.id, language: language, training: review.training))
            if report.failed { return refuse("") }
            let lines = RecordPolicy.reviewLines(flow: loaded.flow.id, version: loaded.flow.version, sha256: loaded.sha256, policy: policy.flow.words,
                                                 translation: language == .en ? nil : policy.translations[language]?.words)
            // Journalled as an interview is: every answer saved before the next question, so a crash or
            // a closed terminal loses none, and the same command continues it next time.
            var (journal, continued): (Interviews.Open, Int?)
            do {
                (journal, continued) = try review.openJournal(flow: loaded, dataFolder: dataFolder)
            } catch {
                return refuse("intake: the review cannot be kept as it goes (\(error)); stopping before anything is asked")
            }
            if let continued {
                report.error(continued == 1 ? language(.reviewContinuingOne, Visible.line(record)) : language(.reviewContinuing, Visible.line(record), String(continued)))
            } else if let answers {
                try journal.prepare(identity: nil, prefill: try AnswersFile.load(path: answers, flow: loaded.flow), at: Date())
            }
            return (report, Ready(review: review, flow: loaded, policyLines: lines, journal: journal))
        } catch let error as FlowError {
            return refuse(error.description)
        } catch {
            return refuse("intake: \(error)")
        }
    }
}

extension RecordReview.Ready {
    /// The finished review countersigned into the record (its section on standard output), the
    /// journal gone, the copies in `folders` brought up to date (the officer's folder and a team's
    /// shared one must not keep the unreviewed record), and the store sent it. Failed with
    /// `Exit.unsigned` when the review could not be added; the journal then stays.
    package func countersign(_ done: Interview, record: String, folders: [URL], say: Language) -> Report {
        var report = Report()
        let signed: String
        do {
            let completed = try review.complete(done, policyLines: policyLines)
            report.out(completed.section, terminator: "")
            report.error(say(.reviewAdded, record))
            signed = completed.signed
            journal.end()
        } catch {
            report.error(say(.reviewNotSaved, "\(error)"))
            report.failed = true
            report.status = Exit.unsigned
            return report
        }
        for result in review.writeBack(signed, to: folders) {
            switch result {
            case .written(let copy): report.error(say(.reviewWrittenBack, copy.path))
            case .differs(let copy): report.error(say(.reviewCopyDiffers, copy.path))
            case .failed(let copy, let why): report.error(say(.reviewWriteBackFailed, copy.path, why))
            }
        }
        report.append(StoreLink.pushReport(record, say: say))
        return report
    }
}
