/// An expression kept as one string in prefix form, for the compiled flow (issue 37, item 3).
/// Synthesised coding spent most of a compiled flow's reading time on expressions: a nested keyed
/// container per node, each found through generic metadata. One string read in a tight loop is
/// several times faster and reads back the same tree, offsets included.
///
/// Form: a tag, then its fields. Numbers are decimal with a `,` after; strings `length:bytes`.
/// `l` literal (`y`/`n` tri, `u`, `t`/`f` bool, `i`number, `s`string) offset · `r` name offset ·
/// `!` offset expr · `b` operator offset left right · `[` count offset items · `a` name offset ·
/// `p` `1`/`0` (first) name offset.
extension Expr: Codable {
    package init(from decoder: any Decoder) throws {
        var text = try decoder.singleValueContainer().decode(String.self)
        let expr = try text.withUTF8 { utf8 -> Expr in
            var reader = PrefixReader(bytes: utf8)
            let expr = try reader.expr(depth: 0)
            guard reader.at == utf8.count else { throw PrefixReader.Corrupt() }
            return expr
        }
        self = expr
    }

    package func encode(to encoder: any Encoder) throws {
        var out = ""
        write(into: &out)
        var container = encoder.singleValueContainer()
        try container.encode(out)
    }

    private func write(into out: inout String) {
        func string(_ s: String) { out += "\(s.utf8.count):"; out += s }
        func number(_ n: Int) { out += "\(n)," }
        switch self {
        case .literal(let literal, let offset):
            out += "l"
            switch literal {
            case .tri(let b): out += b ? "y" : "n"
            case .unknown: out += "u"
            case .bool(let b): out += b ? "t" : "f"
            case .int(let n): out += "i"; number(n)
            case .string(let s): out += "s"; string(s)
            }
            number(offset)
        case .reference(let name, let offset): out += "r"; string(name); number(offset)
        case .not(let e, let offset): out += "!"; number(offset); e.write(into: &out)
        case .binary(let op, let l, let r, let offset):
            out += "b"; string(op.rawValue); number(offset); l.write(into: &out); r.write(into: &out)
        case .list(let items, let offset):
            out += "["; number(items.count); number(offset)
            for item in items { item.write(into: &out) }
        case .answered(let name, let offset): out += "a"; string(name); number(offset)
        case .applies(let name, let first, let offset): out += first ? "p1" : "p0"; string(name); number(offset)
        }
    }
}

/// Reads the prefix form; anything else throws, and the compiled flow is not used.
private struct PrefixReader {
    struct Corrupt: Error {}
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    /// Deeper than the parser ever builds: a damaged file cannot exhaust the stack.
    static let maximumDepth = 512

    mutating func byte() throws -> UInt8 {
        guard at < bytes.count else { throw Corrupt() }
        defer { at += 1 }
        return bytes[at]
    }

    /// Decimal digits up to `end`, at most `limit` of them.
    mutating func digits(until end: UInt8, limit: Int) throws -> Int {
        var n = 0
        var count = 0
        while true {
            let b = try byte()
            if b == end { break }
            guard b >= 0x30, b <= 0x39, count < limit else { throw Corrupt() }
            n = n * 10 + Int(b - 0x30)
            count += 1
        }
        guard count > 0 else { throw Corrupt() }
        return n
    }

    mutating func number() throws -> Int {
        var negative = false
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { negative = true; at += 1 }
        let n = try digits(until: UInt8(ascii: ","), limit: 18)
        return negative ? -n : n
    }

    mutating func string() throws -> String {
        let n = try digits(until: UInt8(ascii: ":"), limit: 9)
        guard n <= bytes.count - at else { throw Corrupt() }
        defer { at += n }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<at + n]), as: UTF8.self)
    }

    mutating func expr(depth: Int) throws -> Expr {
        guard depth < Self.maximumDepth else { throw Corrupt() }
        switch try byte() {
        case UInt8(ascii: "l"):
            let literal: Literal
            switch try byte() {
            case UInt8(ascii: "y"): literal = .tri(true)
            case UInt8(ascii: "n"): literal = .tri(false)
            case UInt8(ascii: "u"): literal = .unknown
            case UInt8(ascii: "t"): literal = .bool(true)
            case UInt8(ascii: "f"): literal = .bool(false)
            case UInt8(ascii: "i"): literal = .int(try number())
            case UInt8(ascii: "s"): literal = .string(try string())
            default: throw Corrupt()
            }
            return .literal(literal, offset: try number())
        case UInt8(ascii: "r"):
            let name = try string()
            return .reference(name, offset: try number())
        case UInt8(ascii: "!"):
            let offset = try number()
            return .not(try expr(depth: depth + 1), offset: offset)
        case UInt8(ascii: "b"):
            guard let op = BinaryOperator(rawValue: try string()) else { throw Corrupt() }
            let offset = try number()
            let left = try expr(depth: depth + 1)
            return .binary(op, left, try expr(depth: depth + 1), offset: offset)
        case UInt8(ascii: "["):
            let count = try number()
            let offset = try number()
            guard count >= 0, count <= bytes.count - at else { throw Corrupt() }
            var items: [Expr] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try expr(depth: depth + 1)) }
            return .list(items, offset: offset)
        case UInt8(ascii: "a"):
            let name = try string()
            return .answered(name, offset: try number())
        case UInt8(ascii: "p"):
            let first: Bool
            switch try byte() {
            case UInt8(ascii: "1"): first = true
            case UInt8(ascii: "0"): first = false
            default: throw Corrupt()
            }
            let name = try string()
            return .applies(name, first: first, offset: try number())
        default:
            throw Corrupt()
        }
    }
}
