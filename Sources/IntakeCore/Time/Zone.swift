import FoundationEssentials
import Glibc

/// A time zone's rules, read from the system's tzdata (RFC 8536 TZif files) rather than through
/// Foundation's `TimeZone`: without ICU, `TimeZone` knows only GMT, and ICU is half of intake's binary
/// and a third of its start (issue 37). An officer's local times — answers, records, letters — need
/// the offset at a moment and the moment of a wall-clock reading; that is all this answers.
package struct Zone: Sendable, Equatable {
    /// The zone's name, e.g. `Europe/London`, or what `TZ` said.
    package let identifier: String
    /// Moments (seconds since 1970, UTC) at which the offset changed, ascending…
    private let changes: [Int64]
    /// …and the kind of time in force from each one.
    private let kinds: [UInt8]
    private let types: [Kind]
    /// The kind of time before the first change.
    private let first: Kind
    /// After the last change, the rule the file's footer gives (TZif version 2 and later).
    private let rule: PosixRule?

    struct Kind: Sendable, Equatable {
        var offset: Int
        var abbreviation: String
    }

    /// Coordinated Universal Time.
    package static let utc = Zone(identifier: "UTC", offset: 0, abbreviation: "UTC")

    /// A zone whose offset never changes.
    package init(identifier: String, offset: Int, abbreviation: String) {
        let kind = Kind(offset: offset, abbreviation: abbreviation)
        self.init(identifier: identifier, changes: [], kinds: [], types: [kind], first: kind, rule: nil)
    }

    private init(identifier: String, changes: [Int64], kinds: [UInt8], types: [Kind], first: Kind, rule: PosixRule?) {
        (self.identifier, self.changes, self.kinds, self.types, self.first, self.rule) = (identifier, changes, kinds, types, first, rule)
    }

    /// A zone from a POSIX `TZ` rule such as `GMT0BST,M3.5.0/1,M10.5.0`, or nil when it is not one.
    package init?(identifier: String, posix: String) {
        guard let rule = PosixRule(posix) else { return nil }
        let kind = Kind(offset: rule.standard.offset, abbreviation: rule.standard.abbreviation)
        self.init(identifier: identifier, changes: [], kinds: [], types: [kind], first: kind, rule: rule)
    }

    /// Reads a TZif file's bytes; nil when they are not one (a short file, a count past its end).
    package init?(identifier: String, tzif bytes: [UInt8]) {
        var reader = TZifReader(bytes: bytes)
        guard let zone = reader.read(identifier: identifier) else { return nil }
        self = zone
    }

    /// Seconds east of UTC in force at `date`.
    package func offset(at date: Date) -> Int { kind(at: Self.seconds(date)).offset }

    /// The zone's abbreviation at `date`, e.g. `GMT` or `BST`.
    package func abbreviation(at date: Date) -> String { kind(at: Self.seconds(date)).abbreviation }

    /// The wall-clock reading at `date`.
    package func civil(_ date: Date) -> CivilTime {
        let t = Self.seconds(date)
        return CivilTime(seconds: t + Int64(kind(at: t).offset))
    }

    /// The moment a wall-clock reading names. A reading the clocks skipped (the hour lost in spring)
    /// is read with the offset before the change, so it lands after it, as the C library's `mktime`
    /// does; a reading that happened twice (the hour repeated in autumn) is the earlier of the two.
    package func date(_ local: CivilTime) -> Date {
        let wall = local.seconds
        // Every offset in force within a day of the reading; the earliest moment that reads back is it.
        let candidates = Set([kind(at: wall - 86_400), kind(at: wall), kind(at: wall + 86_400),
                              kind(at: wall - 43_200), kind(at: wall + 43_200)].map(\.offset)).sorted(by: >)
        for offset in candidates where kind(at: wall - Int64(offset)).offset == offset {
            return Date(timeIntervalSince1970: Double(wall - Int64(offset)))
        }
        // Skipped: the offset in force a day before, that is before the gap.
        return Date(timeIntervalSince1970: Double(wall - Int64(kind(at: wall - 86_400).offset)))
    }

    private func kind(at t: Int64) -> Kind {
        guard let last = changes.last else { return rule?.kind(at: t) ?? first }
        if t >= last { return rule?.kind(at: t) ?? types[Int(kinds[kinds.count - 1])] }
        if t < changes[0] { return first }
        // The last change at or before t.
        var low = 0, high = changes.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if changes[mid] <= t { low = mid } else { high = mid - 1 }
        }
        return types[Int(kinds[low])]
    }

    private static func seconds(_ date: Date) -> Int64 {
        let t = date.timeIntervalSince1970.rounded(.down)
        guard t.isFinite, abs(t) < 1e15 else { return 0 }
        return Int64(t)
    }
}

/// RFC 8536: a header, a version-1 block of 32-bit times (skipped when a version-2 block follows),
/// then 64-bit times and a footer holding a POSIX rule for moments after the last change.
private struct TZifReader {
    let bytes: [UInt8]
    var at = 0

    mutating func read(identifier: String) -> Zone? {
        guard let v1 = header() else { return nil }
        if v1.version >= 2 {
            guard skip(v1, timeSize: 4), let v2 = header() else { return nil }
            return block(v2, timeSize: 8, identifier: identifier)
        }
        return block(v1, timeSize: 4, identifier: identifier)
    }

    struct Header { var version: Int, isut: Int, isstd: Int, leap: Int, time: Int, type: Int, chars: Int }

    mutating func header() -> Header? {
        guard at + 44 <= bytes.count, bytes[at..<at + 4].elementsEqual("TZif".utf8) else { return nil }
        let version = bytes[at + 4] == 0 ? 1 : Int(bytes[at + 4]) - 0x30
        at += 20
        var counts: [Int] = []
        for _ in 0..<6 { guard let n = integer(4), n >= 0, n < 1 << 20 else { return nil }; counts.append(Int(n)) }
        return Header(version: version, isut: counts[0], isstd: counts[1], leap: counts[2], time: counts[3], type: counts[4], chars: counts[5])
    }

    mutating func skip(_ h: Header, timeSize: Int) -> Bool {
        let size = h.time * (timeSize + 1) + h.type * 6 + h.chars + h.leap * (timeSize + 4) + h.isstd + h.isut
        guard at + size <= bytes.count else { return false }
        at += size
        return true
    }

    mutating func block(_ h: Header, timeSize: Int, identifier: String) -> Zone? {
        guard h.type >= 1 else { return nil }
        var changes: [Int64] = []
        for _ in 0..<h.time { guard let t = integer(timeSize) else { return nil }; changes.append(t) }
        guard at + h.time <= bytes.count else { return nil }
        let kinds = Array(bytes[at..<at + h.time])
        at += h.time
        guard kinds.allSatisfy({ Int($0) < h.type }) else { return nil }
        var raw: [(offset: Int, dst: Bool, name: Int)] = []
        for _ in 0..<h.type {
            guard let offset = integer(4), at + 2 <= bytes.count else { return nil }
            raw.append((Int(offset), bytes[at] != 0, Int(bytes[at + 1])))
            at += 2
        }
        guard at + h.chars <= bytes.count else { return nil }
        let chars = Array(bytes[at..<at + h.chars])
        at += h.chars
        let types = raw.map { type -> Zone.Kind in
            let name = type.name < chars.count ? chars[type.name...].prefix { $0 != 0 } : []
            return Zone.Kind(offset: type.offset, abbreviation: String(decoding: name, as: UTF8.self))
        }
        guard skipRest(h, timeSize: timeSize) else { return nil }
        var rule: PosixRule?
        if timeSize == 8, at < bytes.count, bytes[at] == 0x0A, let end = bytes[(at + 1)...].firstIndex(of: 0x0A) {
            rule = PosixRule(String(decoding: bytes[(at + 1)..<end], as: UTF8.self))
        }
        // Before the first change: the first standard-time kind (RFC 8536, 3.2), else the first.
        let first = raw.firstIndex { !$0.dst }.map { types[$0] } ?? types[0]
        return Zone(identifier: identifier, tzif: (changes, kinds, types, first, rule))
    }

    mutating func skipRest(_ h: Header, timeSize: Int) -> Bool {
        let size = h.leap * (timeSize + 4) + h.isstd + h.isut
        guard at + size <= bytes.count else { return false }
        at += size
        return true
    }

    mutating func integer(_ size: Int) -> Int64? {
        guard at + size <= bytes.count else { return nil }
        var n: UInt64 = 0
        for b in bytes[at..<at + size] { n = n << 8 | UInt64(b) }
        at += size
        // Two's complement of `size` bytes.
        let shift = UInt64(64 - size * 8)
        return Int64(bitPattern: n << shift) >> Int64(shift)
    }
}

extension Zone {
    fileprivate init(identifier: String, tzif parts: ([Int64], [UInt8], [Kind], Kind, PosixRule?)) {
        self.init(identifier: identifier, changes: parts.0, kinds: parts.1, types: parts.2, first: parts.3, rule: parts.4)
    }
}
