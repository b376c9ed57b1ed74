import FoundationEssentials
import Glibc

/// What Windows, e-mail or Notepad does to a text file on the way: CRLF line endings, a byte-order
/// mark, UTF-16, a lost final line feed. intake never writes any of them (a record's text has no
/// carriage return: one typed or read is refused), so finding one means the file was changed in
/// transit, which is not the same as a record altered, and has a simple fix — except a carriage
/// return inside a line, which no tool adds by accident and nothing can safely undo.
package struct TransportDamage: Equatable, Sendable {
    /// One kind of damage and its fix.
    package enum Kind: String, Sendable, CaseIterable {
        case utf16 = "saved as UTF-16"
        case byteOrderMark = "a byte-order mark at the start"
        case crlf = "CRLF (Windows) line endings"
        case noFinalNewline = "no line feed after the last line"
        case carriageReturn = "a carriage return inside a line"
    }

    /// Whether undoing the damage gives the file as intake wrote it (false for a carriage return
    /// inside a line: it is left, and the record is not taken as good however its signatures read).
    package var isRepairable: Bool { !kinds.contains(.carriageReturn) }

    /// What was found, in order.
    package var kinds: [Kind]
    /// The bytes with the damage undone.
    package var repaired: Data

    /// The damage in `data`, or nil when it has none.
    package init?(_ data: Data) {
        var bytes = data
        var kinds: [Kind] = []
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: bytes, encoding: .utf16) else { return nil }
            kinds.append(.utf16)
            bytes = Data(text.utf8)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            kinds.append(.byteOrderMark)
            bytes = bytes.dropFirst(3)
        }
        // memchr: every record is scanned, and a byte-by-byte Collection search tripled verify's time.
        let hasCarriageReturn = bytes.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, 0x0D, raw.count) != nil } ?? false }
        if hasCarriageReturn {
            var out = Data(capacity: bytes.count)
            var previous: UInt8 = 0
            var crlf = false
            for byte in bytes {
                if byte == 0x0A, previous == 0x0D { out.removeLast(); crlf = true }
                out.append(byte)
                previous = byte
            }
            if crlf { kinds.append(.crlf); bytes = out }
            // One not before a line feed is not line-ending damage: it is left, and the record fails
            // as damaged even when its signatures cover it (scripts/verify-with-openssh refuses any CR).
            if out.contains(0x0D) { kinds.append(.carriageReturn) }
        }
        if !bytes.isEmpty, bytes.last != 0x0A, Self.endsWithSignature(bytes) {
            kinds.append(.noFinalNewline)
            bytes.append(0x0A)
        }
        guard !kinds.isEmpty else { return nil }
        self.kinds = kinds
        repaired = Data(bytes)
    }

    /// Only a file whose last line is an END marker lost its final line feed; other text there is
    /// appended text, which the structure check reports.
    static func endsWithSignature(_ bytes: Data) -> Bool {
        bytes.suffix(SSHSignature.endMarker.utf8.count).elementsEqual(SSHSignature.endMarker.utf8)
    }

    /// What was found and how to fix the file at `path`.
    package func message(path: String) -> String {
        let quoted = "'" + path.replacing("'", with: "'\\''") + "'"
        var fixes: [String] = []
        if kinds.contains(.utf16) || kinds.contains(.byteOrderMark) || kinds.contains(.crlf) {
            // dos2unix also converts UTF-16 to UTF-8 and removes a byte-order mark.
            fixes.append("dos2unix \(quoted) (or re-save it as UTF-8 with Unix line endings and no byte-order mark)")
        }
        if kinds.contains(.noFinalNewline) { fixes.append("echo >> \(quoted)") }
        let found = "damaged in transit (" + kinds.map(\.rawValue).joined(separator: ", ") + ")"
        guard isRepairable else {
            return found + ": intake never writes a carriage return and none can be undone safely; ask for the record as intake saved it"
        }
        return found + ", as copying through Windows, e-mail or Notepad does; fix the file with " + fixes.joined(separator: ", then ")
    }
}
