/// Any `Codable` value as compact bytes and back: how a validated flow is kept beside its copy so the
/// next start reads it without parsing YAML or validating again (issue 37, item 3).
///
/// Written by hand because Foundation's coders were slower than the work they would save: the police
/// flow's JSON took 6.7 ms to decode and its binary property list 15 ms, against 3.7 ms to parse and
/// validate the YAML. Here every value is a length-prefixed run of bytes, so a reader can step over
/// anything, and keyed entries carry their key, so an absent optional, a dictionary and an enum's case
/// read back exactly as the synthesised `Codable` code expects.
///
/// Layout: a value is `varint(n + 1)` then `n` bytes, or `varint(0)` for nil. A keyed container is a
/// run of `varint(key length)`, the key's UTF-8, then the value; an unkeyed container a run of values.
/// Integers are zigzag varints, `Double` its 8 bit-pattern bytes, `Bool` one byte, strings UTF-8.
/// Anything that does not read back exactly throws; callers then fall back to the full path.
package enum CompactCoding {
    /// `value` as bytes. `file`, when given, is left out of every location in that file.
    package static func encode<T: Encodable>(_ value: T, file: String? = nil) throws -> [UInt8] {
        let encoder = CompactEncoder(Context(file: file))
        try value.encode(to: encoder)
        return encoder.payload()
    }

    /// The value `bytes` hold, or an error when they do not hold a `T` exactly. `file` is the one
    /// `encode` was given.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String? = nil) throws -> T {
        try bytes.withUnsafeBufferPointer { try decode(type, from: $0, file: file) }
    }

    /// The value the bytes in `buffer` hold, read in place (a file's bytes need no copy first).
    package static func decode<T: Decodable>(_ type: T.Type, from buffer: UnsafeBufferPointer<UInt8>, file: String? = nil) throws -> T {
        try T(from: CompactDecoder(buffer, buffer.startIndex..<buffer.endIndex, isNil: false, Context(file: file)))
    }

    /// The file every location of a flow is in, shared: one string, not one per location.
    final class Context: @unchecked Sendable {
        let userInfo: [CodingUserInfoKey: Any]
        init(file: String?) { userInfo = file.map { [.sourceFile: $0] } ?? [:] }
    }

    struct Corrupt: Error, CustomStringConvertible {
        let description: String
    }
}

// MARK: Writing

private func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
        out.append(UInt8(truncatingIfNeeded: v) | 0x80)
        v >>= 7
    }
    out.append(UInt8(v))
}

private func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
private func unzigzag(_ v: UInt64) -> Int64 { Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1) }

/// One value being written: its bytes, or nil. A container asked for by key (`nestedContainer`) is
/// filled after the call that made it returns, so it is kept as a child and its bytes joined in, at
/// the place it was asked for, when this value's bytes are taken.
private final class CompactEncoder: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }
    var bytes: [UInt8] = []
    var isNil = false
    let context: CompactCoding.Context
    private var children: [(offset: Int, child: CompactEncoder)] = []

    init(_ context: CompactCoding.Context) { self.context = context }

    /// This value's bytes, its nested containers joined in.
    func payload() -> [UInt8] {
        guard !children.isEmpty else { return bytes }
        var out: [UInt8] = []
        var from = 0
        for (offset, child) in children {
            out.append(contentsOf: bytes[from..<offset])
            child.appendValue(to: &out)
            from = offset
        }
        out.append(contentsOf: bytes[from...])
        return out
    }

    /// This value as its parent keeps it: length-prefixed, or the nil mark.
    func appendValue(to out: inout [UInt8]) {
        if isNil { out.append(0); return }
        let payload = payload()
        appendVarint(UInt64(payload.count) + 1, to: &out)
        out.append(contentsOf: payload)
    }

    /// A child value, placed here.
    func nested() -> CompactEncoder {
        let child = CompactEncoder(context)
        children.append((bytes.count, child))
        return child
    }

    func value<T: Encodable>(_ value: T) throws -> CompactEncoder {
        let child = CompactEncoder(context)
        try value.encode(to: child)
        return child
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedWriter<Key>(encoder: self))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedWriter(encoder: self) }
    func singleValueContainer() -> any SingleValueEncodingContainer { SingleWriter(encoder: self) }
}

/// The primitive forms, shared by every kind of container.
private protocol PrimitiveWriter {
    var encoder: CompactEncoder { get }
    /// A value's bytes: length-prefixed in a container, the whole value in a single-value one.
    func write(_ bytes: [UInt8])
    func writeNil()
}

extension PrimitiveWriter {
    func write(_ bytes: [UInt8]) {
        appendVarint(UInt64(bytes.count) + 1, to: &encoder.bytes)
        encoder.bytes.append(contentsOf: bytes)
    }
    func writeNil() { encoder.bytes.append(0) }
    func string(_ s: String) { write(Array(s.utf8)) }
    func integer(_ v: Int64) { var out: [UInt8] = []; appendVarint(zigzag(v), to: &out); write(out) }
    func unsigned(_ v: UInt64) { var out: [UInt8] = []; appendVarint(v, to: &out); write(out) }
    func bool(_ v: Bool) { write([v ? 1 : 0]) }
    func double(_ v: Double) { write(withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) }) }
    func value<T: Encodable>(_ v: T) throws { try encoder.value(v).appendValue(to: &encoder.bytes) }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol, PrimitiveWriter {
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func key(_ key: Key) {
        let utf8 = Array(key.stringValue.utf8)
        appendVarint(UInt64(utf8.count), to: &encoder.bytes)
        encoder.bytes.append(contentsOf: utf8)
    }

    mutating func encodeNil(forKey k: Key) throws { key(k); writeNil() }
    mutating func encode(_ v: Bool, forKey k: Key) throws { key(k); bool(v) }
    mutating func encode(_ v: String, forKey k: Key) throws { key(k); string(v) }
    mutating func encode(_ v: Double, forKey k: Key) throws { key(k); double(v) }
    mutating func encode(_ v: Float, forKey k: Key) throws { key(k); double(Double(v)) }
    mutating func encode(_ v: Int, forKey k: Key) throws { key(k); integer(Int64(v)) }
    mutating func encode(_ v: Int8, forKey k: Key) throws { key(k); integer(Int64(v)) }
    mutating func encode(_ v: Int16, forKey k: Key) throws { key(k); integer(Int64(v)) }
    mutating func encode(_ v: Int32, forKey k: Key) throws { key(k); integer(Int64(v)) }
    mutating func encode(_ v: Int64, forKey k: Key) throws { key(k); integer(v) }
    mutating func encode(_ v: UInt, forKey k: Key) throws { key(k); unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt8, forKey k: Key) throws { key(k); unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt16, forKey k: Key) throws { key(k); unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt32, forKey k: Key) throws { key(k); unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt64, forKey k: Key) throws { key(k); unsigned(v) }
    mutating func encode<T: Encodable>(_ v: T, forKey k: Key) throws { key(k); try value(v) }

    // A nil optional is written as nil, not left out, so the reader finds every key where it expects
    // it instead of searching the whole container for one that is not there.
    mutating func encodeIfPresent(_ v: Bool?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: String?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: Double?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: Float?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: Int?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: Int8?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: Int16?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: Int32?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: Int64?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: UInt?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: UInt8?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: UInt16?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: UInt32?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent(_ v: UInt64?, forKey k: Key) throws { try optional(v, k) }
    mutating func encodeIfPresent<T: Encodable>(_ v: T?, forKey k: Key) throws { try optional(v, k) }
    private mutating func optional<T: Encodable>(_ v: T?, _ k: Key) throws {
        if let v { try encode(v, forKey: k) } else { try encodeNil(forKey: k) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey k: Key) -> KeyedEncodingContainer<NestedKey> {
        key(k)
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(encoder: encoder.nested()))
    }
    mutating func nestedUnkeyedContainer(forKey k: Key) -> any UnkeyedEncodingContainer {
        key(k)
        return UnkeyedWriter(encoder: encoder.nested())
    }
    mutating func superEncoder() -> any Encoder {
        let utf8 = Array("super".utf8)
        appendVarint(UInt64(utf8.count), to: &encoder.bytes)
        encoder.bytes.append(contentsOf: utf8)
        return encoder.nested()
    }
    mutating func superEncoder(forKey k: Key) -> any Encoder { key(k); return encoder.nested() }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer, PrimitiveWriter {
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count = 0

    mutating func encodeNil() throws { writeNil(); count += 1 }
    mutating func encode(_ v: Bool) throws { bool(v); count += 1 }
    mutating func encode(_ v: String) throws { string(v); count += 1 }
    mutating func encode(_ v: Double) throws { double(v); count += 1 }
    mutating func encode(_ v: Int) throws { integer(Int64(v)); count += 1 }
    mutating func encode<T: Encodable>(_ v: T) throws { try value(v); count += 1 }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        count += 1
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(encoder: encoder.nested()))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        count += 1
        return UnkeyedWriter(encoder: encoder.nested())
    }
    mutating func superEncoder() -> any Encoder { count += 1; return encoder.nested() }
}

/// A single value is the value's own bytes: its parent has already said how long they are.
private struct SingleWriter: SingleValueEncodingContainer, PrimitiveWriter {
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    func write(_ bytes: [UInt8]) { encoder.bytes = bytes }
    func writeNil() { encoder.isNil = true }

    mutating func encodeNil() throws { writeNil() }
    mutating func encode(_ v: Bool) throws { bool(v) }
    mutating func encode(_ v: String) throws { string(v) }
    mutating func encode(_ v: Double) throws { double(v) }
    mutating func encode(_ v: Float) throws { double(Double(v)) }
    mutating func encode(_ v: Int) throws { integer(Int64(v)) }
    mutating func encode(_ v: Int8) throws { integer(Int64(v)) }
    mutating func encode(_ v: Int16) throws { integer(Int64(v)) }
    mutating func encode(_ v: Int32) throws { integer(Int64(v)) }
    mutating func encode(_ v: Int64) throws { integer(v) }
    mutating func encode(_ v: UInt) throws { unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt8) throws { unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt16) throws { unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt32) throws { unsigned(UInt64(v)) }
    mutating func encode(_ v: UInt64) throws { unsigned(v) }
    mutating func encode<T: Encodable>(_ v: T) throws {
        let child = try encoder.value(v)
        encoder.bytes = child.payload()
        encoder.isNil = child.isNil
    }
}

// MARK: Reading

/// One value being read: its bytes within the whole buffer.
private struct CompactDecoder: Decoder {
    let buffer: UnsafeBufferPointer<UInt8>
    let range: Range<Int>
    let isNil: Bool
    let context: CompactCoding.Context
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    init(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isNil: Bool, _ context: CompactCoding.Context) {
        self.buffer = buffer
        self.range = range
        self.isNil = isNil
        self.context = context
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard !isNil else { throw CompactCoding.Corrupt(description: "a keyed value is nil") }
        return KeyedDecodingContainer(KeyedReader<Key>(buffer: buffer, range: range, context: context))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard !isNil else { throw CompactCoding.Corrupt(description: "a list is nil") }
        return UnkeyedReader(buffer: buffer, cursor: range.lowerBound, end: range.upperBound, context: context)
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleReader(decoder: self) }
}

/// Reads varints and values from `buffer`, never past `end`.
private func readVarint(_ buffer: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, _ end: Int) throws -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while cursor < end, shift < 64 {
        let byte = buffer[cursor]
        cursor += 1
        value |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { return value }
        shift += 7
    }
    throw CompactCoding.Corrupt(description: "a number runs past its value")
}

/// The value at `cursor`: its range, or nil's mark; `cursor` moves past it.
private func readValue(_ buffer: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, _ end: Int) throws -> (Range<Int>, isNil: Bool) {
    let prefix = try readVarint(buffer, &cursor, end)
    if prefix == 0 { return (cursor..<cursor, true) }
    guard prefix - 1 <= UInt64(end - cursor) else { throw CompactCoding.Corrupt(description: "a value runs past its container") }
    let range = cursor..<cursor + Int(prefix - 1)
    cursor = range.upperBound
    return (range, false)
}

/// The primitive forms, read from a value's bytes.
private struct Primitive {
    let buffer: UnsafeBufferPointer<UInt8>
    let range: Range<Int>
    let isNil: Bool
    let context: CompactCoding.Context

    func present() throws {
        if isNil { throw CompactCoding.Corrupt(description: "a value is nil") }
    }
    func string() throws -> String {
        try present()
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }
    func unsigned() throws -> UInt64 {
        try present()
        var cursor = range.lowerBound
        let v = try readVarint(buffer, &cursor, range.upperBound)
        guard cursor == range.upperBound else { throw CompactCoding.Corrupt(description: "a number has bytes after it") }
        return v
    }
    func integer<T: FixedWidthInteger & SignedInteger>(_ type: T.Type) throws -> T {
        guard let v = T(exactly: unzigzag(try unsigned())) else { throw CompactCoding.Corrupt(description: "a number is out of range") }
        return v
    }
    func natural<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type) throws -> T {
        guard let v = T(exactly: try unsigned()) else { throw CompactCoding.Corrupt(description: "a number is out of range") }
        return v
    }
    func bool() throws -> Bool {
        try present()
        guard range.count == 1, buffer[range.lowerBound] <= 1 else { throw CompactCoding.Corrupt(description: "a truth value is not 0 or 1") }
        return buffer[range.lowerBound] == 1
    }
    func double() throws -> Double {
        try present()
        guard range.count == 8 else { throw CompactCoding.Corrupt(description: "a number is not 8 bytes") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(buffer[range.lowerBound + i]) << (8 * UInt64(i)) }
        return Double(bitPattern: bits)
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return try string() as! T
        case is Int.Type: return try integer(Int.self) as! T
        case is Bool.Type: return try bool() as! T
        case is Double.Type: return try double() as! T
        default: return try T(from: CompactDecoder(buffer, range, isNil: isNil, context))
        }
    }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let buffer: UnsafeBufferPointer<UInt8>
    let range: Range<Int>
    let context: CompactCoding.Context
    var codingPath: [any CodingKey] { [] }
    /// Where the next entry starts: synthesised code reads keys in the order it wrote them, so a key
    /// is almost always the next one; any other is found by a scan from the start.
    private let cursor: Cursor
    final class Cursor { var at: Int; init(_ at: Int) { self.at = at } }

    init(buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, context: CompactCoding.Context) {
        self.buffer = buffer
        self.range = range
        self.context = context
        cursor = Cursor(range.lowerBound)
    }

    /// The entry at `at`: its key's bytes and its value; `at` moves past it.
    private func entry(_ at: inout Int) throws -> (key: Range<Int>, value: Range<Int>, isNil: Bool) {
        let length = try readVarint(buffer, &at, range.upperBound)
        guard length <= UInt64(range.upperBound - at) else { throw CompactCoding.Corrupt(description: "a key runs past its container") }
        let key = at..<at + Int(length)
        at = key.upperBound
        let (value, isNil) = try readValue(buffer, &at, range.upperBound)
        return (key, value, isNil)
    }

    private func matches(_ bytes: Range<Int>, _ key: Key) -> Bool {
        var name = key.stringValue
        return name.withUTF8 { utf8 in
            utf8.count == bytes.count && utf8.elementsEqual(UnsafeBufferPointer(rebasing: buffer[bytes]))
        }
    }

    /// The value under `key`, or nil when the key is absent.
    private func find(_ key: Key) throws -> Primitive? {
        var at = cursor.at
        if at < range.upperBound {
            let e = try entry(&at)
            if matches(e.key, key) {
                cursor.at = at
                return Primitive(buffer: buffer, range: e.value, isNil: e.isNil, context: context)
            }
        }
        at = range.lowerBound
        while at < range.upperBound {
            let e = try entry(&at)
            if matches(e.key, key) { return Primitive(buffer: buffer, range: e.value, isNil: e.isNil, context: context) }
        }
        return nil
    }

    private func value(_ key: Key) throws -> Primitive {
        guard let found = try find(key) else { throw CompactCoding.Corrupt(description: "no value for \(key.stringValue)") }
        return found
    }

    var allKeys: [Key] {
        var keys: [Key] = []
        var at = range.lowerBound
        while at < range.upperBound, let e = try? entry(&at) {
            let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[e.key]), as: UTF8.self)
            if let key = Key(stringValue: name) { keys.append(key) }
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { (try? find(key)) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { try find(key)?.isNil ?? true }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try value(key).double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).integer(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).integer(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).integer(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).integer(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).integer(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).natural(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).natural(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).natural(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).natural(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).natural(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key).decode(type) }

    // Absent and nil read the same: the synthesised encoder leaves a nil optional out.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key)?.bool() }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key)?.string() }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key)?.double() }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key)?.integer(Int.self) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(key)?.decode(type) }
    private func present(_ key: Key) throws -> Primitive? {
        guard let found = try find(key), !found.isNil else { return nil }
        return found
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let v = try value(key)
        return try CompactDecoder(buffer, v.range, isNil: v.isNil, context).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let v = try value(key)
        return try CompactDecoder(buffer, v.range, isNil: v.isNil, context).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else { throw CompactCoding.Corrupt(description: "no super value") }
        return try superDecoder(forKey: key)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        let v = try value(key)
        return CompactDecoder(buffer, v.range, isNil: v.isNil, context)
    }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let buffer: UnsafeBufferPointer<UInt8>
    var cursor: Int
    let end: Int
    let context: CompactCoding.Context
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var isAtEnd: Bool { cursor >= end }
    var currentIndex = 0

    private mutating func next() throws -> Primitive {
        guard !isAtEnd else { throw CompactCoding.Corrupt(description: "a list ends early") }
        let (range, isNil) = try readValue(buffer, &cursor, end)
        currentIndex += 1
        return Primitive(buffer: buffer, range: range, isNil: isNil, context: context)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, buffer[cursor] == 0 else { return false }
        cursor += 1
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().double() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(Int.self) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let v = try next()
        return try CompactDecoder(buffer, v.range, isNil: v.isNil, context).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let v = try next()
        return try CompactDecoder(buffer, v.range, isNil: v.isNil, context).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let v = try next()
        return CompactDecoder(buffer, v.range, isNil: v.isNil, context)
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let decoder: CompactDecoder
    var codingPath: [any CodingKey] { [] }
    private var value: Primitive { Primitive(buffer: decoder.buffer, range: decoder.range, isNil: decoder.isNil, context: decoder.context) }

    func decodeNil() -> Bool { decoder.isNil }
    func decode(_ type: Bool.Type) throws -> Bool { try value.bool() }
    func decode(_ type: String.Type) throws -> String { try value.string() }
    func decode(_ type: Double.Type) throws -> Double { try value.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try value.double()) }
    func decode(_ type: Int.Type) throws -> Int { try value.integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value.integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value.integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value.integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value.integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try value.natural(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value.natural(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value.natural(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value.natural(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value.natural(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // A value that wraps another (a raw-value enum, an optional) reads the same bytes again.
        try value.decode(type)
    }
}

extension CodingUserInfoKey {
    /// The file a coded flow's locations are in (see `CompactCoding`).
    package static let sourceFile = CodingUserInfoKey(rawValue: "intake.sourceFile")!
}

/// A location as `line:column`, or `line:column:file` when it is not in the coder's file: a flow's
/// hundreds of locations then share one path instead of carrying a copy each.
extension SourceLocation: Codable {
    package init(from decoder: any Decoder) throws {
        var text = try decoder.singleValueContainer().decode(String.self)
        // Read by hand: splitting the string was a seventh of a compiled flow's reading time.
        let read = text.withUTF8 { utf8 -> (line: Int, column: Int, fileStart: Int?)? in
            var numbers = [0, 0]
            var at = 0
            for n in 0..<2 {
                var digits = 0
                while at < utf8.count, utf8[at] >= 0x30, utf8[at] <= 0x39, digits < 18 {
                    numbers[n] = numbers[n] * 10 + Int(utf8[at] - 0x30)
                    at += 1
                    digits += 1
                }
                guard digits > 0 else { return nil }
                if n == 0 { guard at < utf8.count, utf8[at] == 0x3A else { return nil }; at += 1 }
            }
            if at == utf8.count { return (numbers[0], numbers[1], nil) }
            guard utf8[at] == 0x3A else { return nil }
            return (numbers[0], numbers[1], at + 1)
        }
        guard let read else { throw CompactCoding.Corrupt(description: "a location is not line:column") }
        if let start = read.fileStart {
            self.init(file: String(text.utf8.dropFirst(start))!, line: read.line, column: read.column)
        } else if let file = decoder.userInfo[.sourceFile] as? String {
            self.init(file: file, line: read.line, column: read.column)
        } else {
            throw CompactCoding.Corrupt(description: "a location has no file")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let shared = encoder.userInfo[.sourceFile] as? String, shared == file {
            try container.encode("\(line):\(column)")
        } else {
            try container.encode("\(line):\(column):\(file)")
        }
    }
}
