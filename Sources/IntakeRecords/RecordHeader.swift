import Foundation

/// The few header lines of a record that link it to others, read from its first bytes only (the
/// header is at the top): listing a folder or checking a chain never reads whole records.
public struct RecordHeader: Sendable, Equatable {
    /// How many bytes are enough for the header.
    public static let prefixLength = 4096

    /// `Record:`: the record's id.
    public var id: String?
    /// `Supersedes:`: the record a follow-up supersedes, and the SHA-256 of the file it names.
    public var supersedes: String?
    public var supersedesSHA256: String?

    /// Reads the header from the start of a record.
    public init(_ prefix: Data) {
        let lines = String(decoding: prefix.prefix(Self.prefixLength), as: UTF8.self).split(separator: "\n").prefix(40)
        id = lines.first { $0.hasPrefix("Record: ") }.map { String($0.dropFirst(8)) }
        if let line = lines.first(where: { $0.hasPrefix("Supersedes: ") }) {
            supersedes = line.dropFirst(12).split(separator: " ").first.map(String.init)
            supersedesSHA256 = line.range(of: "record file SHA-256 ").map { String(line[$0.upperBound...].prefix(64)) }
        }
    }

    /// Reads the header of the file at `path`, or nil if it cannot be read.
    public init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        self.init(handle.readData(ofLength: Self.prefixLength))
    }
}
