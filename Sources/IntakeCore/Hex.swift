/// Lower-case hex of bytes, as hashes are written in records, file names and translations. By hand:
/// `String(format: "%02x")` per byte was a twentieth of a Welsh start (issue 37).
package func lowerHex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
