import Foundation

/// Turns typed text into an answer for a screen. Shared by the line-mode front, the answers file and
/// the full-screen front, so "y", "1" and "yes" mean the same everywhere.
package struct AnswerParser: Sendable {
    /// The zone a typed date-time without an offset is read in.
    package var timeZone: TimeZone

    /// Creates a parser for a time zone.
    package init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
    }

    /// Parses `input` for `screen`. `now` is used for the word "now" on date-time screens.
    /// Throws a message saying what was expected.
    package func parse(_ input: String, for screen: Screen, now: Date) throws(AnswerInputError) -> AnswerValue {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        let word = trimmed.lowercased()
        if trimmed.isEmpty, screen.kind != .info { return .skipped }
        let say = screen.language
        // The words of both languages are read whichever is on screen: an officer who switches
        // language mid-interview keeps their habits ("anhysbys" is Welsh for unknown).
        if screen.allowUnknown, screen.kind != .yesNoUnknown, ["u", "unknown", "?unknown", "anhysbys"].contains(word) { return .unknown }
        switch screen.kind {
        case .yesNoUnknown:
            switch word {
            case "y", "yes", "1", "ie", "oes", "do", "ydy", "ydw": return .tri(true)
            case "n", "no", "2", "na", "nac oes", "naddo", "nac ydy", "nac ydw": return .tri(false)
            case "u", "unknown", "3", "not known", "anhysbys", "ddim yn gwybod": return .unknown
            default: throw AnswerInputError(say(.answerYesNo))
            }
        case .choice:
            guard let value = choice(word, screen) else {
                throw AnswerInputError(say(.answerNumberFrom, String(screen.choices.count)) + (screen.allowUnknown ? say(.orUForUnknown) : ""))
            }
            return .choice(value)
        case .multiChoice:
            var values: [String] = []
            for part in word.split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let value = choice(String(part), screen) else {
                    throw AnswerInputError(say(.notAChoiceList, String(part), String(screen.choices.count)))
                }
                if !values.contains(value) { values.append(value) }
            }
            let order = screen.choices.map(\.value)
            return .choices(values.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
        case .people:
            return .text(input)
        case .text:
            if !screen.multiLine, input.contains("\n") { throw AnswerInputError(say(.singleLine)) }
            return .text(input)
        case .number:
            guard let n = Int(trimmed) else { throw AnswerInputError(say(.wholeNumberAnswer)) }
            return .number(n)
        case .dateTime:
            guard let date = parseDate(trimmed, now: now) else {
                throw AnswerInputError(say(.dateTimeAnswer))
            }
            // A minute's grace for clocks that disagree; anything later has not happened yet.
            if date.timeIntervalSince(now) > 60 {
                throw AnswerInputError(say(.inFuture, localText(date), localText(now)))
            }
            return .dateTime(date)
        case .info:
            return .acknowledged
        case .checklist:
            return try checklist(trimmed, say)
        case .end:
            throw AnswerInputError(say(.interviewEnded))
        }
    }

    private func choice(_ word: String, _ screen: Screen) -> String? {
        if let n = Int(word), n >= 1, n <= screen.choices.count { return screen.choices[n - 1].value }
        return screen.choices.first { $0.value == word || $0.label.lowercased() == word }?.value
    }

    private func checklist(_ text: String, _ say: Language) throws(AnswerInputError) -> AnswerValue {
        let head = text.prefix { !$0.isWhitespace && $0 != ":" }.lowercased()
        var rest = String(text.dropFirst(head.count)).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix(":") { rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces) }
        let reason = rest.isEmpty ? nil : rest
        switch head {
        case "d", "done", "1": return .checklist(.done, reason: reason)
        case "n", "not-done", "notdone", "2": return .checklist(.notDone, reason: reason)
        case "a", "na", "n/a", "not-applicable", "3": return .checklist(.notApplicable, reason: reason)
        case "t", "not-yet", "notyet", "later", "4": return .checklist(.notYet, reason: reason)
        default: throw AnswerInputError(say(.answerChecklist))
        }
    }

    /// Reads a date and time as people type them, in local time: `dd/mm/yyyy hh:mm` (as UK forms
    /// write it), `yyyy-mm-dd hh:mm`, a bare `hh:mm` (today), `today hh:mm`, `yesterday hh:mm`, `now`,
    /// or ISO 8601 with an offset.
    package func parseDate(_ text: String, now: Date) -> Date? {
        let words = text.lowercased().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words == ["now"] || words == ["nawr"] || words == ["rŵan"] { return now }
        if let date = AnswersData.parseTime(text) { return date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // A time of day alone, or after "today" or "yesterday".
        let dayOffsets = ["today": 0, "yesterday": -1, "heddiw": 0, "ddoe": -1]
        if let clock = words.last, words.count <= 2, let (hour, minute) = Self.clock(clock),
           words.count == 1 || dayOffsets[words[0]] != nil {
            let day = calendar.date(byAdding: .day, value: words.count == 2 ? dayOffsets[words[0]]! : 0, to: now)!
            return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day)
        }
        // The shape first: the formatter alone reads things like 23-11-2026 as some other day.
        let shapes = [#"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2})?$"#, #"^\d{1,2}/\d{1,2}/\d{4},? \d{1,2}:\d{2}$"#]
        guard shapes.contains(where: { text.range(of: $0, options: .regularExpression) != nil }) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = timeZone
        formatter.isLenient = false
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss",
                       "d/M/yyyy H:mm", "d/M/yyyy, H:mm"] {
            formatter.dateFormat = format
            // A two-digit year reads as the first century; nobody means that.
            if let date = formatter.date(from: text), calendar.component(.year, from: date) >= 1900 { return date }
        }
        return nil
    }

    /// `14:30` or `9:05` as hour and minute, within a day.
    static func clock(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return (hour, minute)
    }

    /// A date-time answer the officer should look at twice before it is kept: more than a month old.
    /// Nil when there is nothing to confirm.
    package func confirmation(for value: AnswerValue, now: Date, language: Language = .en) -> String? {
        guard case .dateTime(let date) = value, now.timeIntervalSince(date) > 31 * 24 * 3600 else { return nil }
        return language(.monthAgo, localText(date))
    }

    /// `23/11/2026 14:30` in the parser's zone, as the officer typed or would type it.
    package func localText(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "dd/MM/yyyy HH:mm"
        return f.string(from: date)
    }
}

/// Typed input that does not fit the screen, with what to type instead.
package struct AnswerInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What to type instead.
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }

    /// The message.
    package var description: String { message }
}
