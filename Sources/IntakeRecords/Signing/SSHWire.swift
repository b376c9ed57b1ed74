import FoundationEssentials
import Glibc

/// The SSH wire encoding (RFC 4251): big-endian uint32 and length-prefixed strings.
struct SSHWriter {
    private(set) var data = Data()

    mutating func uint32(_ value: UInt32) {
        data.append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }

    mutating func string(_ bytes: Data) {
        uint32(UInt32(bytes.count))
        data.append(bytes)
    }

    mutating func string(_ text: String) { string(Data(text.utf8)) }

    mutating func raw(_ bytes: Data) { data.append(bytes) }
}

/// Reads the SSH wire encoding; every read checks its bounds, so malformed input is an error, not a trap.
struct SSHReader {
    private let data: [UInt8]
    private(set) var offset = 0

    init(_ data: Data) { self.data = Array(data) }

    var isAtEnd: Bool { offset == data.count }
    var remaining: Int { data.count - offset }

    mutating func raw(_ count: Int) throws(SignatureError) -> Data {
        guard count >= 0, count <= remaining else { throw SignatureError.malformed("the data ends early") }
        defer { offset += count }
        return Data(data[offset..<offset + count])
    }

    mutating func byte() throws(SignatureError) -> UInt8 { try raw(1)[0] }

    mutating func uint32() throws(SignatureError) -> UInt32 {
        let bytes = try raw(4)
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() throws(SignatureError) -> Data {
        let length = try uint32()
        guard length <= UInt32(remaining) else { throw SignatureError.malformed("a length field runs past the end") }
        return try raw(Int(length))
    }

    mutating func text() throws(SignatureError) -> String {
        guard let text = String(data: try string(), encoding: .utf8) else { throw SignatureError.malformed("a text field is not UTF-8") }
        return text
    }
}
