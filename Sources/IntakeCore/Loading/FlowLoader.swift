import Foundation
import Yams

/// Loads flow files: YAML in, a validated `Flow` out, or a `FlowError` listing every problem with its
/// file:line:column. It never traps on bad input.
public enum FlowLoader {
    /// Files larger than this are refused before parsing. Real flows are a few dozen kilobytes; the
    /// limit leaves room for the 100,000-question flows of the scaling benchmark (about 14 MB).
    public static let maximumBytes = 32 * 1024 * 1024

    /// Reads and loads the flow at `path`.
    public static func load(path: String) throws(FlowError) -> Flow {
        var phases = Phases()
        return try load(path: path, phases: &phases)
    }

    /// Reads and loads the flow at `path`, recording the time of each phase in `phases`.
    public static func load(path: String, phases: inout Phases) throws(FlowError) -> Flow {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError([Diagnostic(start, "cannot read the flow file", hint: "check the path and that the file is readable")])
        }
        return try load(data: data, file: path, phases: &phases)
    }

    /// Loads a flow from the bytes of a file; `file` names it in diagnostics.
    public static func load(data: Data, file: String) throws(FlowError) -> Flow {
        var phases = Phases()
        return try load(data: data, file: file, phases: &phases)
    }

    static func load(data: Data, file: String, phases: inout Phases) throws(FlowError) -> Flow {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard data.count <= maximumBytes else {
            throw FlowError([Diagnostic(start, "the file is \(data.count) bytes; flow files may be at most \(maximumBytes)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = YAMLDocument.firstInvalidUTF8(data)
            throw FlowError([Diagnostic(SourceLocation(file: file, line: line, column: column), "the file is not valid UTF-8 text here",
                                        hint: "save it as UTF-8")])
        }
        return try load(text: text, file: file, phases: &phases)
    }

    /// Loads a flow from YAML text; `file` names it in diagnostics.
    public static func load(text: String, file: String) throws(FlowError) -> Flow {
        var phases = Phases()
        return try load(text: text, file: file, phases: &phases)
    }

    /// Where loading spends its time, for `intake flows check --timings` and the benchmarks.
    public struct Phases: Sendable {
        /// Nanoseconds in libyaml and Yams, building the node tree.
        public var compose: UInt64 = 0
        /// Nanoseconds turning nodes into the flow model.
        public var read: UInt64 = 0
        /// Nanoseconds in the validator.
        public var validate: UInt64 = 0
        /// Creates empty timings.
        public init() {}
    }

    /// Loads a flow from YAML text, recording the time of each phase in `phases`.
    public static func load(text: String, file: String, phases: inout Phases) throws(FlowError) -> Flow {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let root = try YAMLDocument.compose(text, file: file)
        let t1 = DispatchTime.now().uptimeNanoseconds
        var reader = NodeReader(file: file)
        let flow = FlowReader.read(root, &reader)
        let t2 = DispatchTime.now().uptimeNanoseconds
        phases.compose = t1 - t0
        phases.read = t2 - t1
        guard let flow, reader.diagnostics.isEmpty else {
            throw FlowError(reader.diagnostics)
        }
        let problems = FlowValidator.validate(flow)
        phases.validate = DispatchTime.now().uptimeNanoseconds - t2
        guard problems.isEmpty else { throw FlowError(problems) }
        return flow
    }
}

/// Composing YAML into nodes with every libyaml error turned into a located diagnostic.
enum YAMLDocument {
    /// Nesting deeper than this is refused before libyaml sees it; flows need about six levels.
    static let maximumDepth = 200

    static func compose(_ text: String, file: String) throws(FlowError) -> Node {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if let deep = tooDeep(text) {
            throw FlowError([Diagnostic(SourceLocation(file: file, line: deep.line, column: deep.column),
                                        "the YAML nests more than \(maximumDepth) levels deep")])
        }
        let node: Node?
        do {
            // The basic resolver: the loader reads every scalar as text itself, and the default one runs
            // ICU regular expressions on each scalar (most of the load time of a flow).
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw FlowError([diagnostic(error, file: file)])
        } catch {
            throw FlowError([Diagnostic(start, "the YAML could not be read: \(error)")])
        }
        guard let node else {
            throw FlowError([Diagnostic(start, "the file is empty", hint: "a flow file starts with id:, title:, version: and screens:")])
        }
        if let alias = tooLarge(node) {
            let at = alias.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? start
            throw FlowError([Diagnostic(at, "the YAML expands to more than \(maximumNodes) values; aliases (*name) repeat what they point to",
                                        hint: "flows need no anchors or aliases: write the values out")])
        }
        return node
    }

    /// Line and column (in characters) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var decoder = UTF8()
        var bytes = data.makeIterator()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return (line, column)
            case .error:
                return (line, column)
            }
        }
    }

    /// Values a document may expand to. Aliases share storage, so composing an alias bomb is cheap,
    /// but reading it would visit every copy: a few lines of "billion laughs" would never finish.
    /// The 100,000-question benchmark flow has about 700,000.
    static let maximumNodes = 5_000_000

    /// The first node past the limit, counting every alias as the copy it stands for; nil if within.
    static func tooLarge(_ root: Node) -> Node? {
        var count = 0
        var stack = [root]
        while let node = stack.popLast() {
            count += 1
            if count > maximumNodes { return node }
            switch node {
            case .scalar, .alias: break
            case .mapping(let mapping):
                for (key, value) in mapping { stack.append(key); stack.append(value) }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            }
        }
        return nil
    }

    /// Finds where flow-style brackets nest beyond the limit (block nesting is bounded by line length).
    static func tooDeep(_ text: String) -> (line: Int, column: Int)? {
        var depth = 0, line = 1, column = 0
        var quote: Unicode.Scalar?
        for c in text.unicodeScalars {
            column += 1
            if c == "\n" { line += 1; column = 0; quote = nil; continue }
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": quote = c
            case "[", "{":
                depth += 1
                if depth > maximumDepth { return (line, column) }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    static func diagnostic(_ error: YamlError, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        let start = SourceLocation(file: file, line: 1, column: 1)
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return Diagnostic(at(mark), "YAML syntax: \(problem)\(detail)", hint: "check indentation, colons and quotes on this line; a quote left open higher up also ends up reported here")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(at(context.mark), "the key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping",
                              hint: "keep one of them")
        case .reader(let problem, _, _, _):
            return Diagnostic(start, "the file cannot be read as YAML: \(problem)", hint: "save it as UTF-8 without control characters")
        default:
            return Diagnostic(start, "the YAML could not be read: \(error)")
        }
    }
}
