import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

extension Interviews {
    /// The unfinished interviews, after removing any whose start was cut off before an answer (each
    /// said in `report`: nothing was lost).
    package func unfinished(report: inout Report, say: Language = .en) -> [Unfinished] {
        for id in removeEmpty() { report.error(say(.resumeEmptyRemoved, id)) }
        return unfinished()
    }

    /// The choice of an unfinished interview at a terminal: for `intake` alone (`newInterview`: n
    /// starts a new one instead) and for `intake resume` (Enter leaves). The list is said first (one
    /// open in another terminal is mentioned, never offered: two processes must not share a journal);
    /// any left untouched for `staleAfter` days or more is offered for discard, with confirmation.
    /// Without `ask` (not a terminal) it only lists. Returns the id chosen; nil for none.
    package func offer(ask: ((String) -> String?)?, tell: (String) -> Void, say: Language, newInterview: Bool,
                       staleAfter days: Int? = Interviews.staleAfterDays(), now: Date = Date()) -> String? {
        var report = Report()
        let all = unfinished(report: &report, say: say)
        for (_, text) in report.texts { tell(text) }
        for u in all where u.heldBy != nil { tell(say(.resumeOpenElsewhere, u.summary(say, now: now))) }
        var open = all.filter { $0.heldBy == nil }
        guard !open.isEmpty else {
            if !newInterview, all.isEmpty { tell(say(.resumeNone)) }
            return nil
        }
        if let ask, let days {
            for u in open where (u.idleDays(now: now) ?? 0) >= days {
                if ask(say(.resumeStale, u.id, String(u.idleDays(now: now) ?? 0)))?.lowercased() == "yes", (try? discard(u.id)) != nil {
                    tell(say(.resumeDiscarded, u.id))
                    open.removeAll { $0.id == u.id }
                } else {
                    tell(say(.resumeKept))
                }
            }
            if open.isEmpty { return nil }
        }
        tell(say(.resumeTitle))
        for (n, u) in open.enumerated() { tell("  \(n + 1)) \(u.summary(say, now: now))") }
        guard let ask else {
            tell(say(.resumeContinueWith))
            return nil
        }
        while true {
            guard let answer = ask(say(newInterview ? .resumePick : .resumePickOnly)) else { return nil }
            if let n = Int(answer), n >= 1, n <= open.count { return open[n - 1].id }
            if newInterview, answer.lowercased() == "n" { return nil }
            if !newInterview, answer.isEmpty { return nil }
            // A new interview is a deliberate choice: Enter alone, or anything else, asks again.
            tell(say(newInterview ? .resumeNeedChoice : .resumeNotANumber, Visible.line(answer), String(open.count)))
        }
    }
}

extension Interviews.Unfinished {
    /// Whole days since its journal last changed.
    package func idleDays(now: Date = Date()) -> Int? {
        touched.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) }
    }

    /// One line that tells the officer which interview this is: the case at a glance, who, when it
    /// started and was last answered, how far it got, and whether another intake holds it.
    package func summary(_ say: Language = .en, timeZone: Zone = .current, now: Date = Date()) -> String {
        let held = heldBy.map { "  (\($0))" } ?? ""
        guard let header else { return "\(id)  (\(problem ?? ""))" + held }
        let started = say(.listStarted, Describe.localTime(Date(timeIntervalSinceReferenceDate: header.started), timeZone: timeZone))
        guard let i = interview else { return "\(id)  \(header.flow)  \(started)  (\(problem ?? ""))" + held }
        func text(_ id: String) -> String {
            if case .text(let t)? = i.result[id] ?? i.given[id]?.value, !t.isEmpty { return Visible.line(t) }
            return "—"
        }
        let last = say(.listLastAnswer, (i.answers.values.map(\.at).max().map { Describe.localTime($0, timeZone: timeZone) } ?? say(.listNoAnswers))
            + (idleDays(now: now).map { $0 == 0 ? "" : " (" + say(.daysAgo, String($0)) + ")" } ?? ""))
        let glance = i.flow.glance(i.result).map { "  \(Visible.line($0.label.lowercased())) \(Visible.line($0.text))" } ?? ""
        let who = i.flow.identity[.name].map { "  " + say(.listBy, text($0)) } ?? ""
        return "\(id)\(glance)\(who)  \(started)  \(last)  \(say(.listStep, String(i.step)))"
            + (header.training ? "  " + say(.listTraining) : "") + held
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

extension Interviews {
    /// How many days an unfinished interview may lie untouched before it is offered for discard:
    /// `stale_after_days =` in the config file (0: never), else 30.
    package static func staleAfterDays() -> Int? {
        let days = Locations.fromEnvironment().settings.value("stale_after_days").flatMap { Int($0) } ?? 30
        return days > 0 ? days : nil
    }

    /// `intake resume` from a pipe: the unfinished interviews, a line each on standard output.
    package func listing(say: Language) -> Report {
        var report = Report()
        let open = unfinished(report: &report, say: say)
        if open.isEmpty { report.out(say(.resumeNone)) }
        for u in open { report.out(u.summary(say)) }
        return report
    }
}
