import Foundation

/// Turns typed text into an answer for a screen. Shared by the line-mode front, the answers file and
/// the full-screen front, so "y", "1" and "yes" mean the same everywhere.
public struct AnswerParser: Sendable {
    /// The zone a typed date-time without an offset is read in.
    public var timeZone: TimeZone

    /// Creates a parser for a time zone.
    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
    }

    /// Parses `input` for `screen`. `now` is used for the word "now" on date-time screens.
    /// Throws a message saying what was expected.
    public func parse(_ input: String, for screen: Screen, now: Date) throws(AnswerInputError) -> AnswerValue {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        let word = trimmed.lowercased()
        if trimmed.isEmpty, screen.kind != .info { return .skipped }
        if screen.allowUnknown, screen.kind != .yesNoUnknown, ["u", "unknown", "?unknown"].contains(word) { return .unknown }
        switch screen.kind {
        case .yesNoUnknown:
            switch word {
            case "y", "yes", "1": return .tri(true)
            case "n", "no", "2": return .tri(false)
            case "u", "unknown", "3", "not known": return .unknown
            default: throw AnswerInputError("answer y (yes), n (no) or u (unknown — not yet established)")
            }
        case .choice:
            guard let value = choice(word, screen) else {
                throw AnswerInputError("answer with a number from 1 to \(screen.choices.count)" + (screen.allowUnknown ? ", or u for unknown" : ""))
            }
            return .choice(value)
        case .multiChoice:
            var values: [String] = []
            for part in word.split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let value = choice(String(part), screen) else {
                    throw AnswerInputError("'\(part)' is not a choice; list numbers from 1 to \(screen.choices.count) separated by commas")
                }
                if !values.contains(value) { values.append(value) }
            }
            let order = screen.choices.map(\.value)
            return .choices(values.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
        case .text:
            if !screen.multiLine, input.contains("\n") { throw AnswerInputError("this answer is a single line") }
            return .text(input)
        case .number:
            guard let n = Int(trimmed) else { throw AnswerInputError("answer with a whole number, e.g. 14") }
            return .number(n)
        case .dateTime:
            guard let date = parseDate(trimmed, now: now) else {
                throw AnswerInputError("answer with a date and time as YYYY-MM-DD HH:MM, or now")
            }
            return .dateTime(date)
        case .info:
            return .acknowledged
        case .checklist:
            return try checklist(trimmed)
        case .end:
            throw AnswerInputError("the interview has ended")
        }
    }

    private func choice(_ word: String, _ screen: Screen) -> String? {
        if let n = Int(word), n >= 1, n <= screen.choices.count { return screen.choices[n - 1].value }
        return screen.choices.first { $0.value == word || $0.label.lowercased() == word }?.value
    }

    private func checklist(_ text: String) throws(AnswerInputError) -> AnswerValue {
        let head = text.prefix { !$0.isWhitespace && $0 != ":" }.lowercased()
        var rest = String(text.dropFirst(head.count)).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix(":") { rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces) }
        let reason = rest.isEmpty ? nil : rest
        switch head {
        case "d", "done", "1": return .checklist(.done, reason: reason)
        case "n", "not-done", "notdone", "2": return .checklist(.notDone, reason: reason)
        case "a", "na", "n/a", "not-applicable", "3": return .checklist(.notApplicable, reason: reason)
        default: throw AnswerInputError("answer d (done), n (not done, then the reason) or a (not applicable)")
        }
    }

    /// Reads `YYYY-MM-DD HH:MM` (local), ISO 8601 with an offset, or `now`.
    public func parseDate(_ text: String, now: Date) -> Date? {
        if text.lowercased() == "now" { return now }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = timeZone
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

/// Typed input that does not fit the screen, with what to type instead.
public struct AnswerInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What to type instead.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
