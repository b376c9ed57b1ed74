import FoundationEssentials
import Glibc

/// Turns typed text into an answer for a screen. Shared by the line-mode front, the answers file and
/// the full-screen front, so "y", "1" and "yes" mean the same everywhere.
package struct AnswerParser: Sendable {
    /// The zone a typed date-time without an offset is read in: the one given, else the system's.
    package var timeZone: Zone {
        get { chosen ?? .current }
        set { chosen = newValue }
    }
    // The system's zone is read when first needed, not when a parser is made: reading the zone
    // file was 0.15 ms of a start whose first screen parses no date.
    private var chosen: Zone?

    /// Creates a parser for a time zone, or the system's.
    package init(timeZone: Zone? = nil) {
        chosen = timeZone
    }

    /// Parses `input` for `screen`. `now` is used for the word "now" on date-time screens.
    /// Throws a message saying what was expected.
    package func parse(_ input: String, for screen: Screen, now: Date) throws(AnswerInputError) -> AnswerValue {
        let trimmed = input.trimmed()
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
        var rest = String(text.dropFirst(head.count)).trimmedSpaces()
        if rest.hasPrefix(":") { rest = String(rest.dropFirst()).trimmedSpaces() }
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
        // A time of day alone, or after "today" or "yesterday".
        let dayOffsets = ["today": 0, "yesterday": -1, "heddiw": 0, "ddoe": -1]
        if let clock = words.last, words.count <= 2, let (hour, minute) = Self.clock(clock),
           words.count == 1 || dayOffsets[words[0]] != nil {
            let today = timeZone.civil(now)
            let day = CivilTime(seconds: CivilTime(year: today.year, month: today.month, day: today.day).seconds
                                + Int64(words.count == 2 ? dayOffsets[words[0]]! : 0) * 86_400)
            return timeZone.date(CivilTime(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
        }
        // `yyyy-mm-dd hh:mm[:ss]` (or with a T), or `d/m/yyyy[,] h:mm`; nothing looser, so 23-11-2026
        // is never read as some other day. A two-digit year reads as the first century: refused.
        guard let reading = Self.dashed(text) ?? Self.slashed(text), reading.isValid, reading.year >= 1900 else { return nil }
        return timeZone.date(reading)
    }

    /// `2026-11-23 14:30`, `2026-11-23T14:30` or either with `:05` seconds.
    static func dashed(_ text: String) -> CivilTime? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2, text.filter({ $0 == " " || $0 == "T" }).count == 1 else { return nil }
        let day = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard day.count == 3, day[0].count == 4, (1...2).contains(day[1].count), (1...2).contains(day[2].count),
              (2...3).contains(time.count), (1...2).contains(time[0].count), time.dropFirst().allSatisfy({ $0.count == 2 }),
              let numbers = Self.numbers(day + time) else { return nil }
        return CivilTime(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4],
                         second: numbers.count == 6 ? numbers[5] : 0)
    }

    /// `23/11/2026 14:30` or `23/11/2026, 14:30`, as UK forms write it.
    static func slashed(_ text: String) -> CivilTime? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, text.filter({ $0 == " " }).count == 1 else { return nil }
        let dayText = parts[0].hasSuffix(",") ? parts[0].dropLast() : parts[0]
        let day = dayText.split(separator: "/", omittingEmptySubsequences: false)
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard day.count == 3, (1...2).contains(day[0].count), (1...2).contains(day[1].count), day[2].count == 4,
              time.count == 2, (1...2).contains(time[0].count), time[1].count == 2,
              let numbers = Self.numbers(day + time) else { return nil }
        return CivilTime(year: numbers[2], month: numbers[1], day: numbers[0], hour: numbers[3], minute: numbers[4])
    }

    /// Each part as a number of ASCII digits, or nil.
    private static func numbers(_ parts: [Substring]) -> [Int]? {
        var out: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(part) else { return nil }
            out.append(n)
        }
        return out
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
        timeZone.civil(date).formText
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
