/// A POSIX `TZ` rule (POSIX.1-2017, 8.3, with RFC 8536's extensions): a standard time, and perhaps a
/// summer time with the days and times it starts and ends, e.g. `GMT0BST,M3.5.0/1,M10.5.0`. A TZif
/// file's footer holds one for every moment after its last listed change; `TZ` may hold one too.
struct PosixRule: Sendable, Equatable {
    var standard: Zone.Kind
    var summer: Summer?

    struct Summer: Sendable, Equatable {
        var kind: Zone.Kind
        var start: Day, startTime: Int
        var end: Day, endTime: Int
    }

    /// A day of the year: `Jn` (1–365, 29 February never counted), `n` (0–365), or `Mm.w.d` (day d
    /// of week w of month m, week 5 meaning the last).
    enum Day: Sendable, Equatable {
        case julian(Int), zeroBased(Int), weekday(month: Int, week: Int, day: Int)

        /// Days from 1970-01-01 to this day in `year`.
        func days(in year: Int) -> Int64 {
            let january1 = CivilTime.days(year: year, month: 1, day: 1)
            switch self {
            case .julian(let n):
                return january1 + Int64(n - 1) + (CivilTime.isLeap(year) && n >= 60 ? 1 : 0)
            case .zeroBased(let n):
                return january1 + Int64(n)
            case .weekday(let month, let week, let day):
                let first = CivilTime(year: year, month: month, day: 1)
                var date = 1 + (day - first.weekday + 7) % 7 + (week - 1) * 7
                let length = CivilTime.daysIn(month: month, year: year)
                while date > length { date -= 7 }
                return CivilTime.days(year: year, month: month, day: date)
            }
        }
    }

    init?(_ text: String) {
        var scanner = RuleScanner(Array(text.utf8))
        guard let name = scanner.name(), let offset = scanner.offset() else { return nil }
        // POSIX offsets are west of Greenwich; intake's, like TZif's, are east.
        standard = Zone.Kind(offset: -offset, abbreviation: name)
        if scanner.done {
            summer = nil
            return
        }
        guard let summerName = scanner.name() else { return nil }
        // Without its own offset, summer time is an hour ahead of standard time.
        let summerOffset = scanner.done || scanner.peek(",") ? standard.offset + 3600 : scanner.offset().map { -$0 }
        guard let summerOffset else { return nil }
        var start = Day.weekday(month: 3, week: 2, day: 0), startTime = 7200
        var end = Day.weekday(month: 11, week: 1, day: 0), endTime = 7200
        if scanner.take(",") {
            // An explicit rule; without one, the United States' (the POSIX default most systems use).
            guard let s = scanner.day() else { return nil }
            start = s
            if scanner.take("/") { guard let t = scanner.offset(allowLong: true) else { return nil }; startTime = t }
            guard scanner.take(","), let e = scanner.day() else { return nil }
            end = e
            if scanner.take("/") { guard let t = scanner.offset(allowLong: true) else { return nil }; endTime = t }
        }
        guard scanner.done else { return nil }
        summer = Summer(kind: Zone.Kind(offset: summerOffset, abbreviation: summerName),
                        start: start, startTime: startTime, end: end, endTime: endTime)
    }

    /// The kind of time in force at `t` (seconds since 1970, UTC).
    func kind(at t: Int64) -> Zone.Kind {
        guard let summer else { return standard }
        let year = CivilTime(seconds: t + Int64(standard.offset)).year
        // Both changes of the year, as moments: the start is read on standard time, the end on summer.
        let begins = summer.start.days(in: year) * 86_400 + Int64(summer.startTime - standard.offset)
        let ends = summer.end.days(in: year) * 86_400 + Int64(summer.endTime - summer.kind.offset)
        let inSummer = begins < ends ? (t >= begins && t < ends) : !(t >= ends && t < begins)
        return inSummer ? summer.kind : standard
    }
}

/// Reads the parts of a POSIX rule from its bytes.
private struct RuleScanner {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var done: Bool { at == bytes.count }

    func peek(_ c: Character) -> Bool { at < bytes.count && bytes[at] == c.asciiValue! }

    mutating func take(_ c: Character) -> Bool {
        guard peek(c) else { return false }
        at += 1
        return true
    }

    /// `GMT`, or a quoted `<+0330>`: at least three characters.
    mutating func name() -> String? {
        let start = at
        if take("<") {
            while at < bytes.count, bytes[at] != UInt8(ascii: ">") { at += 1 }
            guard at < bytes.count, at - start - 1 >= 3 else { return nil }
            at += 1
            return String(decoding: bytes[(start + 1)..<(at - 1)], as: UTF8.self)
        }
        while at < bytes.count, (bytes[at] | 0x20) >= UInt8(ascii: "a"), (bytes[at] | 0x20) <= UInt8(ascii: "z") { at += 1 }
        guard at - start >= 3 else { return nil }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    /// `[+-]hh[:mm[:ss]]` as seconds; hours up to 24, or 167 for a change's time (RFC 8536, 3.3.1).
    mutating func offset(allowLong: Bool = false) -> Int? {
        var sign = 1
        if take("-") { sign = -1 } else { _ = take("+") }
        guard let hours = number(max: allowLong ? 167 : 24) else { return nil }
        var seconds = hours * 3600
        if take(":") {
            guard let minutes = number(max: 59) else { return nil }
            seconds += minutes * 60
            if take(":") {
                guard let s = number(max: 59) else { return nil }
                seconds += s
            }
        }
        return sign * seconds
    }

    mutating func day() -> PosixRule.Day? {
        if take("J") {
            guard let n = number(max: 365), n >= 1 else { return nil }
            return .julian(n)
        }
        if take("M") {
            guard let m = number(max: 12), m >= 1, take("."), let w = number(max: 5), w >= 1, take("."),
                  let d = number(max: 6) else { return nil }
            return .weekday(month: m, week: w, day: d)
        }
        return number(max: 365).map { .zeroBased($0) }
    }

    mutating func number(max: Int) -> Int? {
        let start = at
        var n = 0
        while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39, at - start < 3 {
            n = n * 10 + Int(bytes[at] - 0x30)
            at += 1
        }
        return at > start && n <= max ? n : nil
    }
}
