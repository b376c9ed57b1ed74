/// A composed YAML value as flow, answers and scenario files use it: text, mappings and lists, each
/// with where it starts. No tags, anchors or aliases: `YAMLDocument` refuses the last two.
enum Node: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(List)

    /// Line and column (1-based, in characters) where a value starts, as libyaml counts them.
    struct Mark: Sendable, Equatable {
        // 32 bits each: a 100,000-question flow has millions of nodes, and every byte of a node counts
        // (files are at most 32 MiB, so neither number can overflow).
        private var storedLine: Int32
        private var storedColumn: Int32
        var line: Int { Int(storedLine) }
        var column: Int { Int(storedColumn) }
        init(line: Int, column: Int) {
            storedLine = Int32(clamping: line)
            storedColumn = Int32(clamping: column)
        }
    }

    /// Text, with how it was written (quoted scalars start one column after their mark).
    struct Scalar: Sendable {
        enum Style: UInt8, Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }
        var string: String
        var style: Style
        var mark: Mark
    }

    /// Key-value pairs in file order, duplicates already refused.
    struct Mapping: Sendable, RandomAccessCollection {
        var pairs: [(key: Node, value: Node)]
        var mark: Mark
        var startIndex: Int { pairs.startIndex }
        var endIndex: Int { pairs.endIndex }
        subscript(position: Int) -> (key: Node, value: Node) { pairs[position] }
        /// The value of the first key written as this text.
        subscript(key: String) -> Node? { pairs.first { $0.key.scalar?.string == key }?.value }
        var keys: [Node] { pairs.map(\.key) }
    }

    /// Items in file order.
    struct List: Sendable, RandomAccessCollection {
        var items: [Node]
        var mark: Mark
        var startIndex: Int { items.startIndex }
        var endIndex: Int { items.endIndex }
        subscript(position: Int) -> Node { items[position] }
    }

    var mark: Mark {
        switch self {
        case .scalar(let s): return s.mark
        case .mapping(let m): return m.mark
        case .sequence(let l): return l.mark
        }
    }

    var scalar: Scalar? {
        if case .scalar(let s) = self { return s }
        return nil
    }
}
