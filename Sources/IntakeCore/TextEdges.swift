import Glibc

/// The few string operations intake took from Foundation's `NSString` bridge, written over the
/// standard library so the interview's modules need only FoundationEssentials, which has no ICU
/// (issue 37, item 2). White space is the standard library's (`Character.isWhitespace`).
extension StringProtocol {
    /// Without white space, line ends included, at either end.
    package func trimmed() -> String { trimmed { $0.isWhitespace } }

    /// Without spaces and tabs at either end; line ends are kept.
    package func trimmedSpaces() -> String { trimmed { $0.isWhitespace && !$0.isNewline } }

    /// Without line ends at either end.
    package func trimmedNewlines() -> String { trimmed { $0.isNewline } }

    /// Without any of `characters` at either end.
    package func trimmed(of characters: String) -> String { trimmed { characters.contains($0) } }

    /// Without the characters `drop` says at either end.
    package func trimmed(where drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }

    /// The last place `other` occurs, or nil.
    package func lastRange(of other: some StringProtocol) -> Range<Index>? {
        guard !other.isEmpty else { return nil }
        var found: Range<Index>?
        var from = startIndex
        while from < endIndex, let range = self[from...].firstRange(of: other) {
            found = range
            from = index(after: range.lowerBound)
        }
        return found
    }

    /// Exactly `width` characters: cut, or filled with spaces on the right (a table's column).
    package func fitted(to width: Int) -> String {
        count >= width ? String(prefix(width)) : String(self) + String(repeating: " ", count: width - count)
    }

    /// Whether `other` occurs, letters compared without case.
    package func containsIgnoringCase(_ other: some StringProtocol) -> Bool {
        lowercased().contains(other.lowercased())
    }
}

extension String {
    /// Whether `other` occurs in these UTF-8 bytes: for a marker of ASCII text such as a PEM line,
    /// the same answer as `contains`, without the generic searcher of _StringProcessing, whose first
    /// use cost a start a tenth of a millisecond.
    package func containsBytes(of other: String) -> Bool {
        var haystack = self
        var needle = other
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in n.isEmpty || firstOffset(of: UnsafeRawBufferPointer(n), in: UnsafeRawBufferPointer(h)) != nil }
        }
    }
}

/// Where `needle` first lies wholly in `haystack[from..<limit]` (limit: the end when nil), or nil;
/// nil for an empty needle. memchr to each candidate first byte, then memcmp: memmem is a GNU
/// extension Swift does not see. The one byte search: records (`ByteSearch`) and text use it.
package func firstOffset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from: Int = 0, limit: Int? = nil) -> Int? {
    let limit = min(limit ?? haystack.count, haystack.count)
    guard let base = haystack.baseAddress, let pattern = needle.baseAddress, let first = needle.first, from >= 0 else { return nil }
    var at = from
    while limit - at >= needle.count, let hit = memchr(base + at, Int32(first), limit - at - needle.count + 1) {
        let offset = base.distance(to: UnsafeRawPointer(hit))
        if memcmp(hit, pattern, needle.count) == 0 { return offset }
        at = offset + 1
    }
    return nil
}

extension Unicode.Scalar {
    /// `a`–`z`, `A`–`Z` or `0`–`9` (what `CharacterSet.alphanumerics` and `isASCII` together allowed).
    package var isASCIILetterOrDigit: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

/// Numbers as fixed-width text, instead of `String(format:)` (Foundation's, with ICU under it).
package enum Digits {
    /// `n` in `radix`, padded with zeros to `width`: `padded(7, 4)` is `0007`, `padded(0o644, 4, radix: 8)` is `0644`.
    package static func padded(_ n: some BinaryInteger, _ width: Int, radix: Int = 10, uppercase: Bool = false) -> String {
        let text = String(n, radix: radix, uppercase: uppercase)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `x` with one digit after the point: `1.25` is `1.3` (rounded half away from zero).
    package static func oneDecimal(_ x: Double) -> String {
        guard x.isFinite else { return String(x) }
        let tenths = (x * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths.truncatingRemainder(dividingBy: 10)))
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
