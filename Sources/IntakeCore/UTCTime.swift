import FoundationEssentials
import Glibc

/// ISO 8601 times, `2026-12-05T04:22:10Z`, read and written by hand. `ISO8601DateFormatter` set up an
/// ICU date format each time it was made (the largest cost of listing 10,000 records after verifying
/// them) and is not in FoundationEssentials at all (issue 37).
package enum UTCTime {
    /// `2026-11-23T14:30:05Z`, or with `milliseconds` `2026-11-23T14:30:05.250Z`.
    package static func text(_ date: Date, milliseconds: Bool = false) -> String {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e14 else { return "1970-01-01T00:00:00Z" }
        // To the nearest millisecond, carried into the seconds (59.9996 s is the next minute's 00.000).
        let ms = Int64((t * 1000).rounded())
        let seconds = CivilTime.floorDivide(ms, 1000)
        let civil = CivilTime(seconds: seconds).isoText
        return milliseconds ? civil + "." + Digits.padded(ms - seconds * 1000, 3) + "Z" : civil + "Z"
    }

    /// The moment `text` names: `YYYY-MM-DDTHH:MM:SS`, perhaps fractions of a second, then `Z` or an
    /// offset (`+01:00`, `-0500`). Nil for anything else, a day that does not exist included.
    package static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.count <= 64, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74,
              b[13] == 0x3A, b[16] == 0x3A else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for i in from..<from + count {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        let reading = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard reading.isValid else { return nil }
        var at = 19
        var fraction = 0.0
        if b[at] == 0x2E || b[at] == 0x2C {
            at += 1
            var scale = 0.1
            let start = at
            while at < b.count, b[at] >= 0x30, b[at] <= 0x39 {
                fraction += Double(b[at] - 0x30) * scale
                scale /= 10
                at += 1
            }
            guard at > start else { return nil }
        }
        guard at < b.count else { return nil }
        var offset = 0
        if b[at] == 0x5A || b[at] == 0x7A {
            at += 1
        } else if b[at] == 0x2B || b[at] == 0x2D {
            let sign = b[at] == 0x2D ? -1 : 1
            guard let hours = number(at + 1, 2), hours < 24 else { return nil }
            at += 3
            if at < b.count, b[at] == 0x3A { at += 1 }
            guard let minutes = number(at, 2), minutes < 60 else { return nil }
            at += 2
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard at == b.count else { return nil }
        return Date(timeIntervalSince1970: Double(reading.seconds - Int64(offset)) + fraction)
    }
}
