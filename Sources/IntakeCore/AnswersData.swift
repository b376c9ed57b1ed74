import FoundationEssentials
import Glibc

/// The answers of a record in a form intake reads back: a YAML block inside the signed body, between
/// `ANSWERS DATA` and `END ANSWERS DATA`, so a record is also an answers file (`--answers RECORD`,
/// `intake update RECORD`). Each answer is written as the answer parser reads it and carries the
/// exact time it was given, so a follow-up keeps both.
package enum AnswersData {
    /// The first and last lines of the block.
    package static let begin = "ANSWERS DATA"
    package static let end = "END ANSWERS DATA"

    /// The block for `interview`: its flow, determination and the answers the officer gave (not those
    /// the signing key gave: a follow-up by another officer is given theirs).
    package static func lines(_ interview: Interview) -> [String] {
        let d = interview.determination
        var out = [begin,
                   "# Read back by intake (intake run --answers, intake update). Times are UTC.",
                   "flow: \(quoted(interview.flow.id))",
                   "version: \(quoted(interview.flow.version))",
                   "classification: \(quoted(d.classification))"]
        if let outcome = d.outcome21 { out.append("outcome21: \(outcome.rawValue)") }
        out.append("answers:")
        for id in interview.path {
            guard let screen = interview.flow.screen(id), screen.kind != .end, interview.given[id] == nil,
                  let answer = interview.answers[id] else { continue }
            out.append("  \(id): {answer: \(value(answer.value)), at: \(quoted(time(answer.at)))}")
        }
        out.append(end)
        return out
    }

    /// The block's text from a record, with every line before it blank so that diagnostics give the
    /// record's own line numbers; nil when `text` has no block.
    package static func extract(_ text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0 == begin }),
              let last = lines[first...].firstIndex(where: { $0 == end }) else { return nil }
        return (Array(repeating: "", count: first + 1) + lines[(first + 1)..<last].map(String.init)).joined(separator: "\n")
    }

    /// The fields of the block other than the answers (flow, version, classification, outcome21).
    package static func fields(_ text: String) -> [String: String] {
        guard let block = extract(text) else { return [:] }
        var out: [String: String] = [:]
        for line in block.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            var value = line[line.index(after: colon)...].trimmedSpaces()
            if value.hasPrefix("\""), let data = value.data(using: .utf8), let s = try? JSONDecoder().decode(String.self, from: data) { value = s }
            out[String(line[..<colon])] = value
        }
        return out
    }

    /// UTC to the millisecond, e.g. `2026-11-23T14:30:05.250Z`.
    static func time(_ date: Date) -> String { UTCTime.text(date, milliseconds: true) }

    /// Reads `time`'s form back, a time without fractions, or one with an offset.
    package static func parseTime(_ text: String) -> Date? { UTCTime.parse(text) }

    /// A string as a YAML double-quoted scalar (JSON's quoting, which YAML reads the same).
    static func quoted(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// An answer as the answer parser reads it back to the same value.
    static func value(_ answer: AnswerValue) -> String {
        switch answer {
        case .tri(let yes): return yes ? "yes" : "no"
        case .unknown: return "unknown"
        case .skipped: return "\"\""
        case .choice(let value): return quoted(value)
        case .choices(let values): return "[" + values.map(quoted).joined(separator: ", ") + "]"
        case .text(let text): return quoted(text)
        case .number(let n): return "\(n)"
        case .dateTime(let date): return quoted(time(date))
        case .acknowledged: return "acknowledged"
        case .checklist(let status, let reason):
            return "{status: \(status.rawValue)" + (reason.map { ", reason: \(quoted($0))" } ?? "") + "}"
        }
    }
}
