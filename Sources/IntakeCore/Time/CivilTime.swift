/// A wall-clock reading — year, month, day, hour, minute, second — with no zone of its own. Records,
/// answers and letters show an officer's local time in this form; `Zone` turns it to and from a moment.
package struct CivilTime: Equatable, Sendable {
    package var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    package init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// The reading `seconds` after 1970-01-01 00:00:00 on the same clock.
    package init(seconds: Int64) {
        let days = Self.floorDivide(seconds, 86_400)
        let rest = Int(seconds - days * 86_400)
        let (y, m, d) = Self.civil(days: days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)
    }

    /// Seconds from 1970-01-01 00:00:00 on the same clock to this reading.
    package var seconds: Int64 {
        Self.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Whether the reading names a real day and time (no 31 February, no 24:00).
    package var isValid: Bool {
        (1...12).contains(month) && (1...Self.daysIn(month: month, year: year)).contains(day)
            && (0..<24).contains(hour) && (0..<60).contains(minute) && (0..<60).contains(second)
    }

    /// 0 for Sunday to 6 for Saturday.
    package var weekday: Int { Int(((Self.days(year: year, month: month, day: day) % 7) + 11) % 7) }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    package static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Days from 1970-01-01 to a day of the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    package static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(y, 400)
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (civil_from_days).
    static func civil(days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yoe + era * 400) + (m <= 2 ? 1 : 0), m, d)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

extension CivilTime {
    /// `2026-11-22 21:04` — how records and screens write a local time.
    package var minuteText: String { "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2)) \(digits(hour, 2)):\(digits(minute, 2))" }

    /// `22/11/2026 21:04` — as UK forms write it, and as an officer types it.
    package var formText: String { "\(digits(day, 2))/\(digits(month, 2))/\(digits(year, 4)) \(digits(hour, 2)):\(digits(minute, 2))" }

    /// `2026-11-22T21:04:05` (the caller adds the zone).
    package var isoText: String { "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))T\(digits(hour, 2)):\(digits(minute, 2)):\(digits(second, 2))" }

    private func digits(_ n: Int, _ width: Int) -> String { (n < 0 ? "-" : "") + Digits.padded(abs(n), width) }
}
