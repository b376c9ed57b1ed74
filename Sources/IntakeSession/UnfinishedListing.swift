import Foundation
import IntakeCore
import IntakeRecords

extension Interviews {
    /// The unfinished interviews, after removing any whose start was cut off before an answer (each
    /// said in `report`: nothing was lost).
    package func unfinished(report: inout Report) -> [Unfinished] {
        for id in removeEmpty() {
            report.error("Interview \(id) had not got as far as an answer (its start was cut off); its empty journal is removed. Nothing was lost.")
        }
        return unfinished()
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
