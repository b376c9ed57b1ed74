/// Lower-case hex of bytes, as hashes are written in records, file names and translations. By hand:
/// `String(format: "%02x")` per byte was a twentieth of a Welsh start (issue 37).
package func lowerHex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    Array(bytes).withUnsafeBytes { lowerHex($0) }
}

/// `lowerHex` of bytes in place. Not generic: called from another module, the generic one ran
/// unspecialised, and a start spent a tenth of a millisecond hexing one hash.
package func lowerHex(_ bytes: UnsafeRawBufferPointer) -> String {
    let digits: StaticString = "0123456789abcdef"
    return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
        digits.withUTF8Buffer { digits in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0F)]
            }
        }
        return bytes.count * 2
    }
}
