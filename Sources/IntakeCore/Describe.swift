import FoundationEssentials
import Glibc

/// Plain-words descriptions of answers and times, shared by records and fronts.
package enum Describe {
    /// An answer as a person reads it, e.g. "Yes", "Unknown — not yet established", "Done".
    /// With `brief`, times are shown in local time only, for lists with little room.
    package static func answer(_ value: AnswerValue, on screen: Screen, timeZone: Zone, brief: Bool = false) -> String {
        let say = screen.language
        switch value {
        case .tri(let yes): return yes ? say(.yes) : say(.no)
        case .unknown: return say(.unknown)
        case .choice(let v): return screen.label(of: v)
        case .choices(let vs): return vs.isEmpty ? say(.none) : vs.map { screen.label(of: $0) }.joined(separator: "; ")
        case .text(let s): return Visible.text(s.trimmedNewlines())
        case .number(let n): return String(n)
        case .dateTime(let d): return brief ? localTime(d, timeZone: timeZone) : time(d, timeZone: timeZone)
        case .acknowledged: return say(.acknowledged)
        case .checklist(let status, let reason):
            return status.label(in: say) + (reason.map { " — " + Visible.line($0) } ?? "")
        case .skipped: return say(.leftBlank)
        }
    }

    /// `2026-11-22 21:04 GMT (UTC 2026-11-22T21:04:05Z)`: local time first, as the officer read the clock.
    package static func time(_ date: Date, timeZone: Zone) -> String {
        "\(timeZone.civil(date).minuteText) \(timeZone.abbreviation(at: date)) (UTC \(UTCTime.text(date)))"
    }

    /// `2026-11-22 21:04` in `timeZone`.
    package static func localTime(_ date: Date, timeZone: Zone) -> String {
        timeZone.civil(date).minuteText
    }

    /// The Outcome 21 status in words.
    package static func outcome21(_ status: Outcome21?, in language: Language = .en) -> String {
        switch status {
        case .notApplicable?: return language(.outcome21NotApplicable)
        case .pending?: return language(.outcome21Pending)
        case .mayBeConsidered?: return language(.outcome21Proposed)
        case nil: return language(.outcome21NotDecided)
        }
    }

    /// A question's prompt, for listing.
    package static func prompt(of id: String, in flow: Flow) -> String {
        flow.screen(id)?.prompt ?? id
    }
}
