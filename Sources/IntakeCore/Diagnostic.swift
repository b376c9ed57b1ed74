/// A place in a source file: 1-based line and column (columns count Unicode scalars, as libyaml does).
package struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file's path as the user gave it.
    package var file: String
    /// Line number starting from 1.
    package var line: Int
    /// Column number starting from 1.
    package var column: Int

    /// Creates a location.
    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and compilers use.
    package var description: String { "\(file):\(line):\(column)" }

    /// The same line, `offset` scalars further right.
    package func shifted(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }
}

/// One problem found in a flow or answers file: where, what, and what to do about it.
package struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is.
    package var location: SourceLocation
    /// What is wrong, in one sentence.
    package var message: String
    /// What the author should do, when there is something specific to suggest.
    package var hint: String?
    /// A problem that causes others (an id used twice makes references to it look wrong): listed
    /// first, so the author fixes the cause before its consequences.
    package var isCause = false

    /// `d`, marked as the cause of others.
    package static func cause(_ d: Diagnostic) -> Diagnostic {
        var out = d
        out.isCause = true
        return out
    }

    /// Creates a diagnostic.
    package init(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message (hint)`.
    package var description: String {
        var text = "\(location): error: \(message)"
        if let hint { text += "\n    \(hint)" }
        return text
    }
}

/// The loader's and validator's failure: every problem found, in file order.
package struct FlowError: Error, Sendable, CustomStringConvertible {
    /// The problems, sorted by location.
    package var diagnostics: [Diagnostic]

    /// Creates an error from its diagnostics, sorted by line and column.
    package init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted {
            ($0.isCause ? 0 : 1, $0.location.line, $0.location.column) < ($1.isCause ? 0 : 1, $1.location.line, $1.location.column)
        }
    }

    /// Every diagnostic on its own line.
    package var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
