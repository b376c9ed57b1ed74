import Crypto
import FoundationEssentials
import Glibc
import IntakeCore

/// The few header lines of a record that link it to others, read from its first bytes only (the
/// header is at the top): listing a folder or checking a chain never reads whole records.
package struct RecordHeader: Sendable, Equatable {
    /// How many bytes are enough for the header.
    package static let prefixLength = 4096

    /// `Record:`: the record's id.
    package var id: String?
    /// `Supersedes:`: the record a follow-up supersedes, and the SHA-256 of the file it names.
    package var supersedes: String?
    package var supersedesSHA256: String?
    /// What the officer's signature covers in the record it names, and who had countersigned that
    /// copy: how a copy without (or with) a later review is told from an altered one.
    package var supersedesSignedSHA256: String?
    package var supersedesCountersignedBy: String?

    /// Reads the header from the start of a record.
    package init(_ prefix: Data) {
        let lines = Self.lines(prefix)
        id = lines.first { $0.hasPrefix("Record: ") }.map { String($0.dropFirst(8)) }
        if let line = lines.first(where: { $0.hasPrefix("Supersedes: ") }) {
            supersedes = line.dropFirst(12).split(separator: " ").first.map(String.init)
            supersedesSHA256 = line.firstRange(of: "record file SHA-256 ").map { String(line[$0.upperBound...].prefix(64)) }
            supersedesSignedSHA256 = line.firstRange(of: "; officer-signed part SHA-256 ").map { String(line[$0.upperBound...].prefix(64)) }
            supersedesCountersignedBy = line.firstRange(of: ", countersigned by ").map { String(line[$0.upperBound...].prefix { $0 != ";" }) }
        }
    }

    /// Reads the header of the file at `path`, or nil if it cannot be read.
    package init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Self.prefixLength)
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        self.init(Data(bytes.prefix(filled)))
    }

    /// The first 40 lines of the header, split as bytes (splitting text by Characters was most of
    /// the time `intake records` took).
    static func lines(_ data: Data) -> [String] {
        data.prefix(prefixLength).withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [String] in
            guard let base = raw.baseAddress else { return [] }
            var lines: [String] = []
            var start = 0
            while start < raw.count, lines.count < 40 {
                let end = memchr(base + start, 0x0A, raw.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? raw.count
                if end > start { lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<end]), as: UTF8.self)) }
                start = end + 1
            }
            return lines
        }
    }

    /// `label` and value of a `Label: value` line.
    static func field(_ line: String) -> (label: Substring, value: Substring)? {
        let u = line.utf8
        guard let colon = u.firstIndex(of: 0x3A), let space = u.index(colon, offsetBy: 1, limitedBy: u.endIndex),
              space < u.endIndex, u[space] == 0x20 else { return nil }
        return (line[..<colon], line[u.index(after: space)...])
    }
}

/// Lower-case hex of a SHA-256 digest, as records and flow copies name files.
package func sha256Hex(_ data: Data) -> String {
    data.withUnsafeBytes { sha256Hex($0) }
}

/// Lower-case hex of the SHA-256 of bytes read in place.
package func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    SHA256.hash(data: bytes).withUnsafeBytes { lowerHex($0) }
}
