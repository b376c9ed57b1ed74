// libyaml from Debian (libyaml-0-2, opened on first use: Sources/CLibYAML/shim.h). Building our own
// nodes from libyaml's events takes a tenth of the time of Yams' composer (which makes a tagged,
// hashable node per value and resolves each scalar), and it lets us refuse anchors, aliases and deep
// nesting while reading rather than afterwards.
import CLibYAML
import FoundationEssentials
import Glibc

/// Composing YAML into `Node`s, with every libyaml error turned into a located diagnostic.
enum YAMLDocument {
    /// Nesting deeper than this is refused; flows need about six levels.
    static let maximumDepth = 200

    /// The single document of `text`; throws "the file is empty" when there is none.
    static func compose(_ text: String, file: String) throws(FlowError) -> Node {
        var text = text
        let result = text.withUTF8 { bytes in Composer(bytes: bytes, file: file).run() }
        switch result {
        case .success(let node?): return node
        case .success(nil):
            throw FlowError([Diagnostic(SourceLocation(file: file, line: 1, column: 1), "the file is empty",
                                        hint: "a flow file starts with id:, title:, version: and screens:")])
        case .failure(let error): throw error
        }
    }

    /// The text of the file at `path`; `what` names it in the errors ("the answers file").
    static func text(path: String, what: String, hint: String) throws(FlowError) -> String {
        // Answers and scenario files are YAML as flows are: the same limit, checked before reading.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > FlowLoader.maximumBytes {
            throw FlowError([Diagnostic(SourceLocation(file: path, line: 1, column: 1),
                                        "\(what) is \(info.st_size) bytes; it may be at most \(FlowLoader.maximumBytes)", hint: hint)])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError([Diagnostic(SourceLocation(file: path, line: 1, column: 1), "cannot read \(what)", hint: hint)])
        }
        return try text(data: data, file: path, what: what)
    }

    /// Bytes decoded as UTF-8, or an error at the first byte that is not.
    static func text(data: Data, file: String, what: String) throws(FlowError) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = firstInvalidUTF8(data)
            throw FlowError([Diagnostic(SourceLocation(file: file, line: line, column: column), "\(what) is not valid UTF-8 text here",
                                        hint: "save it as UTF-8")])
        }
        return text
    }

    /// Line and column (in characters) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ data: some Collection<UInt8>) -> (line: Int, column: Int) { Visible.firstInvalidUTF8(data) }
}

/// One pass over libyaml's events, building nodes on an explicit stack (no recursion to overflow).
private struct Composer {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String

    /// A mapping or list still open; a mapping's children alternate key, value.
    struct Open {
        var isMapping: Bool
        var mark: Node.Mark
        var children: [Node] = []
    }

    func run() -> Result<Node?, FlowError> {
        if let problem = intake_yaml_open() {
            return .failure(fail(1, 1, "libyaml could not be opened to read this file: \(Visible.text(String(cString: problem)))",
                                 hint: "install Debian's libyaml-0-2 (apt-get install libyaml-0-2)"))
        }
        var parser = yaml_parser_t()
        guard intake_yaml_parser_initialize(&parser) == 1 else { return .failure(fail(1, 1, "libyaml could not start (out of memory?)")) }
        defer { intake_yaml_parser_delete(&parser) }
        intake_yaml_parser_set_input_string(&parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1), bytes.count)
        intake_yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)

        var stack: [Open] = []
        var root: Node?
        var documents = 0
        var event = yaml_event_t()
        while true {
            guard intake_yaml_parser_parse(&parser, &event) == 1 else { return .failure(error(parser)) }
            defer { intake_yaml_event_delete(&event) }
            let mark = Node.Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            var finished: Node?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return .success(root)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return .failure(fail(mark.line, mark.column, "a second YAML document starts here; a flow file holds one",
                                         hint: "remove the --- line, or split the file"))
                }
            case YAML_ALIAS_EVENT:
                return .failure(fail(mark.line, mark.column, "aliases (*name) are not used in these files",
                                     hint: "write the value out in full"))
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                if s.anchor != nil { return .failure(anchor(mark)) }
                if s.tag != nil { return .failure(tag(mark, s.tag)) }
                let string = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
                if let bad = Visible.firstHidden(in: string) {
                    // A flow's texts reach the screen and the signed record; an answer reaches the
                    // record. A character that acts on a terminal or hides (ESC, DEL, a bidi override,
                    // a tab) is refused here, in every file, so none is ever shown or signed.
                    return .failure(fail(mark.line, mark.column, "this text holds \(Visible.name(bad)), a character that would act on a terminal or hide instead of showing",
                                         hint: bad == "\t" ? "use spaces instead of the tab" : "remove it (a \\e, \\t or \\u escape in quotes counts too)"))
                }
                finished = .scalar(Node.Scalar(string: string, style: style(s.style), mark: mark))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let named = event.type == YAML_MAPPING_START_EVENT ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                if named != nil { return .failure(anchor(mark)) }
                let tagged = event.type == YAML_MAPPING_START_EVENT ? event.data.mapping_start.tag : event.data.sequence_start.tag
                if tagged != nil { return .failure(tag(mark, tagged)) }
                guard stack.count < YAMLDocument.maximumDepth else {
                    return .failure(fail(mark.line, mark.column, "the YAML nests more than \(YAMLDocument.maximumDepth) levels deep"))
                }
                stack.append(Open(isMapping: event.type == YAML_MAPPING_START_EVENT, mark: mark))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let open = stack.popLast() else { break }
                if open.isMapping {
                    switch mapping(open) {
                    case .success(let node): finished = node
                    case .failure(let error): return .failure(error)
                    }
                } else {
                    finished = .sequence(Node.List(items: open.children, mark: open.mark))
                }
            default:
                break
            }
            if let finished {
                if stack.isEmpty { root = finished } else { stack[stack.count - 1].children.append(finished) }
            }
        }
    }

    func mapping(_ open: Open) -> Result<Node, FlowError> {
        var pairs: [(key: Node, value: Node)] = []
        pairs.reserveCapacity(open.children.count / 2)
        // Small mappings (nearly all of them) are searched; hashing every key cost more than that.
        let small = open.children.count <= 32
        var seen: [String: Node.Mark] = [:]
        var i = 0
        while i + 1 < open.children.count {
            let key = open.children[i], value = open.children[i + 1]
            if let text = key.scalar?.string {
                let first = small ? pairs.first { $0.key.scalar?.string == text }?.key.mark : seen[text]
                if let first {
                    return .failure(fail(key.mark.line, key.mark.column,
                                         "the key '\(text.prefix(40))' appears twice in one mapping (first at line \(first.line))",
                                         hint: "keep one of them"))
                }
                if !small { seen[text] = key.mark }
            }
            pairs.append((key, value))
            i += 2
        }
        return .success(.mapping(Node.Mapping(pairs: pairs, mark: open.mark)))
    }

    /// A tag (`!!binary`, `!!str`, `!custom`) would change what a value means, and intake would
    /// otherwise drop it silently: refused.
    func tag(_ mark: Node.Mark, _ tag: UnsafeMutablePointer<yaml_char_t>?) -> FlowError {
        let name = tag.map { String(cString: $0) } ?? "!"
        return fail(mark.line, mark.column, "YAML tags (here \(name.replacing("tag:yaml.org,2002:", with: "!!"))) are not used in these files",
                    hint: "remove the tag; put text in quotes if it must be read as text")
    }

    func anchor(_ mark: Node.Mark) -> FlowError {
        fail(mark.line, mark.column, "anchors (&name) are not used in these files", hint: "remove it, and write out in full any value that repeats it")
    }

    func style(_ style: yaml_scalar_style_t) -> Node.Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    func fail(_ line: Int, _ column: Int, _ message: String, hint: String? = nil) -> FlowError {
        FlowError([Diagnostic(SourceLocation(file: file, line: line, column: column), message, hint: hint)])
    }

    func error(_ parser: yaml_parser_t) -> FlowError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        switch parser.error {
        case YAML_READER_ERROR:
            // Only control characters get here (the text is valid UTF-8); libyaml gives a byte offset.
            let at = YAMLDocument.firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes.prefix(parser.problem_offset)))
            return fail(at.line, at.column, "the file cannot be read as YAML: \(problem)",
                        hint: "remove control characters; save the file as UTF-8 text")
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let mark = parser.problem_mark
            // libyaml's own limit (1,000 levels) can trip first, since its scanner reads ahead of our stack.
            if problem.hasPrefix("Maximum nesting level") {
                return fail(Int(mark.line) + 1, Int(mark.column) + 1, "the YAML nests more than \(YAMLDocument.maximumDepth) levels deep")
            }
            if problem == "mapping values are not allowed in this context" {
                return fail(Int(mark.line) + 1, Int(mark.column) + 1,
                            "a colon followed by a space inside text makes YAML read it as a new key",
                            hint: "put the whole text in double quotes, e.g. prompt: \"Note: ask the school first\"")
            }
            let detail = parser.context.map {
                " (\(String(cString: $0)) at \(parser.context_mark.line + 1):\(parser.context_mark.column + 1))"
            } ?? ""
            return fail(Int(mark.line) + 1, Int(mark.column) + 1, "YAML syntax: \(problem)\(detail)",
                        hint: "check indentation, colons and quotes on this line; a quote left open higher up also ends up reported here")
        default:
            return fail(1, 1, "the YAML could not be read: \(problem)")
        }
    }
}
