import Foundation

/// `2026-12-05T04:22:10Z` (fractional seconds allowed) read by hand. `ISO8601DateFormatter` sets up
/// an ICU date format each time it is made: made once per record, it was the largest cost of
/// listing 10,000 records after verifying them (issue 37).
package enum UTCTime {
    /// The moment `text` names, or nil when it is not `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
    package static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b.last == 0x5A else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var n = 0
            for i in from..<from + count {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if b.count > 20 {
            guard b[19] == 0x2E, b.count > 21 else { return nil }
            var scale = 0.1
            for i in 20..<b.count - 1 {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
            }
        } else if b[19] != 0x5A {
            return nil
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        guard parts.tm_mday == Int32(day) else { return nil }  // 31 February rolled over: not a date
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
