/// A value kept as compact bytes and read back without a general decoder: how a validated flow is
/// kept beside its copy so the next start reads it without parsing YAML or validating it again, and
/// how `intake records` keeps what it verified (issue 37, items 3 and 6).
///
/// Written by hand, field by field, because reading through `Codable` — even into a coder of our own
/// — spent most of a warm start's flow time finding generic metadata and boxing containers: 1.4 ms of
/// the police flow's 1.6 ms. Here each type reads its fields in the order it writes them.
///
/// A field added to a type and not to its `write(compact:)` is caught by `CompactWriter.recording`,
/// which a test runs over every shipped flow: each value's written fields must be exactly its
/// stored properties, by name and in order. One forgotten in `init(compact:)` leaves the fields
/// after it misread, so the value does not read back equal (another test) or the bytes do not end
/// where the value does (refused here).
package protocol Compact {
    /// Reads the value `write(compact:)` wrote; throws `CompactCorrupt` for anything else.
    init(compact r: inout CompactReader) throws
    /// Writes the value's fields, each through `CompactWriter.field`.
    func write(compact w: inout CompactWriter)
}

/// Bytes that are not a value of the type asked for. Callers then take the slow, full path.
package struct CompactCorrupt: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

extension Compact {
    /// The value as bytes. `file`, when given, is left out of every location in that file.
    package func compactBytes(file: String? = nil) -> [UInt8] {
        var w = CompactWriter(file: file)
        write(compact: &w)
        return w.bytes
    }

    /// The value `bytes` hold, all of them; `file` is the one the bytes were written with.
    package init(compactBytes bytes: UnsafeBufferPointer<UInt8>, file: String? = nil) throws {
        var r = CompactReader(bytes, file: file)
        self = try Self(compact: &r)
        guard r.atEnd else { throw CompactCorrupt("bytes after the value") }
    }

    package init(compactBytes bytes: [UInt8], file: String? = nil) throws {
        self = try bytes.withUnsafeBufferPointer { try Self(compactBytes: $0, file: file) }
    }
}

/// Layout: integers are varints (signed ones zigzagged), a string or list is its count then its
/// bytes or items, an optional a 0 or 1 byte then the value, a truth value one byte.
package struct CompactWriter {
    package private(set) var bytes: [UInt8] = []
    /// The file locations are written without.
    let file: String?
    /// With `recording`, each object's fields as written beside its stored properties as Swift sees
    /// them (`Mirror`), for the test that no field is forgotten.
    package private(set) var objects: [RecordedObject] = []
    private let recording: Bool
    private var open: [Int] = []

    /// One object as written, when recording.
    package struct RecordedObject {
        /// The type's name.
        package var type: String
        /// The fields written, in order.
        package var written: [String] = []
        /// The stored properties rebuilt from the others when read, so not written.
        package var derived: [String]
        /// Every stored property, in declaration order.
        package var stored: [String]
    }

    package init(file: String? = nil, recording: Bool = false) {
        self.file = file
        self.recording = recording
    }

    /// Writes `value`'s fields in `body`; `derived` names stored properties rebuilt from the others
    /// on reading, so not written.
    package mutating func object<T>(_ value: T, derived: [String] = [], _ body: (inout CompactWriter) -> Void) {
        guard recording else { return body(&self) }
        objects.append(RecordedObject(type: String(reflecting: T.self), derived: derived,
                                      stored: Mirror(reflecting: value).children.compactMap(\.label)))
        open.append(objects.count - 1)
        body(&self)
        open.removeLast()
    }

    /// Writes one field of the object being written.
    package mutating func field<V: Compact>(_ name: String, _ value: V) {
        if recording, let at = open.last { objects[at].written.append(name) }
        value.write(compact: &self)
    }

    package mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    package mutating func byte(_ b: UInt8) { bytes.append(b) }

    package mutating func utf8(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what `CompactWriter` wrote, never past the end of its bytes.
package struct CompactReader {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var at: Int
    /// The file locations written without one are in.
    let file: String?

    package init(_ buffer: UnsafeBufferPointer<UInt8>, file: String? = nil) {
        self.buffer = buffer
        at = 0
        self.file = file
    }

    var atEnd: Bool { at == buffer.count }

    /// The next value, of the type asked for.
    package mutating func read<T: Compact>() throws -> T { try T(compact: &self) }

    package mutating func byte() throws -> UInt8 {
        guard at < buffer.count else { throw CompactCorrupt("the bytes end early") }
        defer { at += 1 }
        return buffer[at]
    }

    package mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while at < buffer.count, shift < 64 {
            let b = buffer[at]
            at += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        throw CompactCorrupt("a number runs past the end")
    }

    /// A count of things still to read: never more than the bytes left, so a damaged count cannot
    /// make a reader reserve memory for things that are not there.
    package mutating func count() throws -> Int {
        let n = try varint()
        guard n <= UInt64(buffer.count - at) else { throw CompactCorrupt("a count runs past the end") }
        return Int(n)
    }

    package mutating func utf8() throws -> UnsafeBufferPointer<UInt8> {
        let n = try count()
        defer { at += n }
        return UnsafeBufferPointer(rebasing: buffer[at..<at + n])
    }
}

// MARK: The standard library's types

extension String: Compact {
    package init(compact r: inout CompactReader) throws { self = String(decoding: try r.utf8(), as: UTF8.self) }
    package func write(compact w: inout CompactWriter) { w.utf8(self) }
}

extension Int: Compact {
    package init(compact r: inout CompactReader) throws {
        let v = try r.varint()
        self = Int(truncatingIfNeeded: Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1))
    }
    package func write(compact w: inout CompactWriter) {
        let v = Int64(self)
        w.varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }
}

extension Bool: Compact {
    package init(compact r: inout CompactReader) throws {
        switch try r.byte() {
        case 0: self = false
        case 1: self = true
        default: throw CompactCorrupt("a truth value is not 0 or 1")
        }
    }
    package func write(compact w: inout CompactWriter) { w.byte(self ? 1 : 0) }
}

extension Optional: Compact where Wrapped: Compact {
    package init(compact r: inout CompactReader) throws {
        switch try r.byte() {
        case 0: self = nil
        case 1: self = try Wrapped(compact: &r)
        default: throw CompactCorrupt("an optional is marked neither absent nor present")
        }
    }
    package func write(compact w: inout CompactWriter) {
        if let self { w.byte(1); self.write(compact: &w) } else { w.byte(0) }
    }
}

extension Array: Compact where Element: Compact {
    package init(compact r: inout CompactReader) throws {
        let n = try r.count()
        self = []
        reserveCapacity(n)
        for _ in 0..<n { append(try Element(compact: &r)) }
    }
    package func write(compact w: inout CompactWriter) {
        w.varint(UInt64(count))
        for e in self { e.write(compact: &w) }
    }
}

extension Dictionary: Compact where Key: Compact, Value: Compact {
    package init(compact r: inout CompactReader) throws {
        let n = try r.count()
        self = [:]
        reserveCapacity(n)
        for _ in 0..<n {
            let key = try Key(compact: &r)
            guard updateValue(try Value(compact: &r), forKey: key) == nil else { throw CompactCorrupt("a key is there twice") }
        }
    }
    package func write(compact w: inout CompactWriter) {
        w.varint(UInt64(count))
        for (k, v) in self { k.write(compact: &w); v.write(compact: &w) }
    }
}

/// An enumeration kept by its raw text, so reordering its cases changes nothing kept.
package protocol CompactByName: Compact, RawRepresentable where RawValue == String {}

extension CompactByName {
    package init(compact r: inout CompactReader) throws {
        guard let v = Self(rawValue: try String(compact: &r)) else { throw CompactCorrupt("\(Self.self) has no such case") }
        self = v
    }
    package func write(compact w: inout CompactWriter) { rawValue.write(compact: &w) }
}

/// A location as line and column, and its file only when it is not the writer's: a flow's
/// hundreds of locations share one path instead of carrying a copy each.
extension SourceLocation: Compact {
    package init(compact r: inout CompactReader) throws {
        let file: String
        switch try r.byte() {
        case 0:
            guard let shared = r.file else { throw CompactCorrupt("a location has no file") }
            file = shared
        case 1: file = try r.read()
        default: throw CompactCorrupt("a location's file is marked neither shared nor its own")
        }
        self.init(file: file, line: try r.read(), column: try r.read())
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            if file == w.file {
                w.byte(0)
                w.field("file", Skipped())
            } else {
                w.byte(1)
                w.field("file", file)
            }
            w.field("line", line)
            w.field("column", column)
        }
    }
}

/// A field written as a mark instead of its value (a location's shared file).
private struct Skipped: Compact {
    init() {}
    init(compact r: inout CompactReader) throws {}
    func write(compact w: inout CompactWriter) {}
}
