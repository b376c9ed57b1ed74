import Foundation
import IntakeCore
import IntakeRecords

extension Interviews {
    /// The unfinished interviews, after removing any whose start was cut off before an answer (each
    /// said in `report`: nothing was lost).
    package func unfinished(report: inout Report, say: Language = .en) -> [Unfinished] {
        for id in removeEmpty() { report.error(say(.resumeEmptyRemoved, id)) }
        return unfinished()
    }

    /// What `intake` alone does first: lists the unfinished interviews (one open in another terminal
    /// is mentioned, never offered: two processes must not share a journal) and, when `ask` can ask,
    /// asks which to continue. Enter alone, or the end of input, starts a new interview instead
    /// (nil); anything but one of the numbers is asked again.
    package func offer(ask: ((String) -> String?)?, tell: (String) -> Void, say: Language) -> String? {
        var report = Report()
        let all = unfinished(report: &report, say: say)
        for (_, text) in report.texts { tell(text) }
        for u in all where u.heldBy != nil { tell(say(.resumeOpenElsewhere, u.summary())) }
        let open = all.filter { $0.heldBy == nil }
        guard !open.isEmpty else { return nil }
        tell(say(.resumeTitle))
        for (n, u) in open.enumerated() { tell("  \(n + 1)) \(u.summary())") }
        guard let ask else {
            tell(say(.resumeContinueWith))
            return nil
        }
        while true {
            guard let answer = ask(say(.resumePick)), !answer.isEmpty else { return nil }
            if let n = Int(answer), n >= 1, n <= open.count { return open[n - 1].id }
            tell(say(.resumeNotANumber, Visible.line(answer), String(open.count)))
        }
    }
}

extension Interviews.Unfinished {
    /// One line that tells the officer which interview this is: the case at a glance, who, when it
    /// started and was last answered, how far it got, and whether another intake holds it.
    package func summary(timeZone: TimeZone = .current) -> String {
        let held = heldBy.map { "  (\($0))" } ?? ""
        guard let header else { return "\(id)  (\(problem ?? ""))" + held }
        let started = Describe.localTime(Date(timeIntervalSinceReferenceDate: header.started), timeZone: timeZone)
        guard let i = interview else { return "\(id)  \(header.flow)  started \(started)  (\(problem ?? ""))" + held }
        func text(_ id: String) -> String {
            if case .text(let t)? = i.result[id] ?? i.given[id]?.value, !t.isEmpty { return Visible.line(t) }
            return "—"
        }
        let last = i.answers.values.map(\.at).max().map { Describe.localTime($0, timeZone: timeZone) } ?? "no answers yet"
        let glance = i.flow.glance(i.result).map { "  \(Visible.line($0.label.lowercased())) \(Visible.line($0.text))" } ?? ""
        let who = i.flow.identity[.name].map { "  by \(text($0))" } ?? ""
        return "\(id)\(glance)\(who)  started \(started)  last answer \(last)  step \(i.step)"
            + (header.training ? "  TRAINING" : "") + held
    }
}

extension Interviews {
    /// `intake resume ID`: the interview reopened (on `flowPath`, a newer version of its flow, when
    /// given), with the key's answers given if a kill came before they reached the journal — else
    /// nil, and the report says why (finished already: its record is named; or it cannot open).
    package func reopen(_ id: String, flowPath: String?, identity: Identity?, say: Language) -> (report: Report, open: Open?) {
        var report = Report()
        do {
            switch try resume(id, flowPath: flowPath) {
            case .alreadyFinished(let record):
                report.error(say(.resumeAlreadyFinished, id, record))
                return (report, nil)
            case .open(var open):
                for warning in open.warnings { report.error("warning: \(warning)") }
                // Killed after the journal was made but before the key's answers reached it: they are
                // given now, or the officer would be asked their own name and every later line land
                // one screen on.
                try open.prepare(identity: identity, at: Date())
                report.error(say(.resumeContinuing, id, String(open.interview.step)))
                return (report, open)
            }
        } catch {
            report.error("intake: \(error)")
            report.failed = true
            return (report, nil)
        }
    }
}

extension Interviews {
    /// `intake discard ID`: removes an unfinished interview's journal once `confirm` (nil: already
    /// confirmed) gets "yes". Failed when there is no such interview or it cannot be removed.
    package func discard(_ id: String, confirm: ((String) -> String?)?) -> Report {
        var report = Report()
        // Only whether it exists: listing would replay every journal just to find one name.
        guard isUnfinished(id) else {
            report.error("intake: no unfinished interview \(Visible.line(id))")
            report.failed = true
            return report
        }
        if let confirm, confirm("Remove unfinished interview \(id) and every answer in it? Type yes to confirm: ")?.lowercased() != "yes" {
            report.error("Kept.")
            return report
        }
        do {
            try discard(id)
            report.error("Removed \(id).")
        } catch {
            report.error("intake: \(error)")
            report.failed = true
        }
        return report
    }
}
