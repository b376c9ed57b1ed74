/// An expression in the compact form (`Compact`): a tag byte per node, then its fields; children
/// follow their parent. Expressions were most of a compiled flow's reading time when each node was
/// a keyed container; a tag and a few varints read in a tight loop are many times faster.
extension Expr: Compact {
    /// Deeper than the parser ever builds: a damaged file cannot exhaust the stack.
    static let maximumCompactDepth = 512

    package init(compact r: inout CompactReader) throws {
        self = try Self.read(&r, depth: 0)
    }

    private static func read(_ r: inout CompactReader, depth: Int) throws -> Expr {
        guard depth < maximumCompactDepth else { throw CompactCorrupt("an expression is nested too deeply") }
        switch try r.byte() {
        case Tag.literal:
            let literal: Literal
            switch try r.byte() {
            case Tag.triYes: literal = .tri(true)
            case Tag.triNo: literal = .tri(false)
            case Tag.unknown: literal = .unknown
            case Tag.true: literal = .bool(true)
            case Tag.false: literal = .bool(false)
            case Tag.int: literal = .int(try r.read())
            case Tag.string: literal = .string(try r.read())
            default: throw CompactCorrupt("an expression has an unknown literal")
            }
            return .literal(literal, offset: try r.read())
        case Tag.reference: return .reference(try r.read(), offset: try r.read())
        case Tag.not: return .not(try read(&r, depth: depth + 1), offset: try r.read())
        case Tag.binary:
            let op: BinaryOperator = try r.read()
            let left = try read(&r, depth: depth + 1)
            return .binary(op, left, try read(&r, depth: depth + 1), offset: try r.read())
        case Tag.list:
            let n = try r.count()
            var items: [Expr] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try read(&r, depth: depth + 1)) }
            return .list(items, offset: try r.read())
        case Tag.answered: return .answered(try r.read(), offset: try r.read())
        case Tag.applies: return .applies(try r.read(), first: try r.read(), offset: try r.read())
        default: throw CompactCorrupt("an expression has an unknown node")
        }
    }

    package func write(compact w: inout CompactWriter) {
        // Cases, not stored properties: the switch is exhaustive, so a new case cannot be left out.
        switch self {
        case .literal(let literal, let offset):
            w.byte(Tag.literal)
            switch literal {
            case .tri(let b): w.byte(b ? Tag.triYes : Tag.triNo)
            case .unknown: w.byte(Tag.unknown)
            case .bool(let b): w.byte(b ? Tag.true : Tag.false)
            case .int(let n): w.byte(Tag.int); n.write(compact: &w)
            case .string(let s): w.byte(Tag.string); s.write(compact: &w)
            }
            offset.write(compact: &w)
        case .reference(let name, let offset): w.byte(Tag.reference); name.write(compact: &w); offset.write(compact: &w)
        case .not(let e, let offset): w.byte(Tag.not); e.write(compact: &w); offset.write(compact: &w)
        case .binary(let op, let l, let r, let offset):
            w.byte(Tag.binary); op.write(compact: &w); l.write(compact: &w); r.write(compact: &w); offset.write(compact: &w)
        case .list(let items, let offset):
            w.byte(Tag.list)
            w.varint(UInt64(items.count))
            for item in items { item.write(compact: &w) }
            offset.write(compact: &w)
        case .answered(let name, let offset): w.byte(Tag.answered); name.write(compact: &w); offset.write(compact: &w)
        case .applies(let name, let first, let offset):
            w.byte(Tag.applies); name.write(compact: &w); first.write(compact: &w); offset.write(compact: &w)
        }
    }

    /// The tags, as letters so a dump of the bytes can be read.
    private enum Tag {
        static let literal = UInt8(ascii: "l"), reference = UInt8(ascii: "r"), not = UInt8(ascii: "!")
        static let binary = UInt8(ascii: "b"), list = UInt8(ascii: "["), answered = UInt8(ascii: "a")
        static let applies = UInt8(ascii: "p")
        static let triYes = UInt8(ascii: "y"), triNo = UInt8(ascii: "n"), unknown = UInt8(ascii: "u")
        static let `true` = UInt8(ascii: "t"), `false` = UInt8(ascii: "f"), int = UInt8(ascii: "i"), string = UInt8(ascii: "s")
    }
}

extension BinaryOperator: CompactByName {}
