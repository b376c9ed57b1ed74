import FoundationEssentials
import Glibc
import IntakeCore

/// The one way intake's commands write to standard output and standard error (issue 33, item 2).
/// Outside text (a file name, a flow's words, a record's bytes, a server's message) reaches a terminal
/// only inside intake's own sentences, so the whole text is made visible here rather than trusting
/// each caller to remember: ESC, BEL, DEL, C1 controls and bidi overrides are shown as `\x1b` or
/// `\u{202e}`, never obeyed. Writes are unbuffered, retried when short, and never fail: when the
/// terminal has gone the bytes go nowhere (FileHandle.write traps on a closed descriptor).
package enum Output {
    /// Writes `text`, made visible, to standard output.
    package static func out(_ text: String) { write(visible(text), to: STDOUT_FILENO) }

    /// Writes `text`, made visible, to standard error.
    package static func error(_ text: String) { write(visible(text), to: STDERR_FILENO) }

    /// `text` made visible, except CRLF line ends, which CSV (RFC 4180) is written with: a carriage
    /// return just before a line feed moves nothing a reader can be misled by. A lone one, which
    /// could write over a line already shown, is made visible as `\x0d`.
    static func visible(_ text: String) -> String {
        // By bytes: a carriage return before a line feed is always one Character with it, so this
        // is `contains("\r\n")` without _StringProcessing's searcher (9 ms of a long listing).
        guard text.containsBytes(of: "\r\n") else { return Visible.text(text) }
        return text.components(separatedBy: "\r\n").map(Visible.text).joined(separator: "\r\n")
    }

    /// Ends the process with `status`, saying `message` first (on standard output when the status is
    /// 0, as help and version are; on standard error otherwise), made visible.
    package static func exit(saying message: String, status: Int32) -> Never {
        if !message.isEmpty {
            let line = message.hasSuffix("\n") ? message : message + "\n"
            if status == 0 { out(line) } else { error(line) }
        }
        Glibc.exit(status)
    }

    static func write(_ text: String, to descriptor: Int32) { write(Data(text.utf8), to: descriptor) }

    /// Whether standard input, output and error are terminals: what the command line asks of them,
    /// so it needs no C library of its own.
    package static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    package static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    package static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes all of `bytes` (a PNG, say) to standard output, as they are.
    package static func out(_ bytes: Data) { write(bytes, to: STDOUT_FILENO) }

    /// Writes all of `bytes`, as they are.
    static func write(_ bytes: Data, to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            guard var base = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let n = Glibc.write(descriptor, base, left)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                base += n
                left -= n
            }
        }
    }
}

/// What a command has to say, in order, built below the command line and printed by it in one call
/// (`Output.show`): the work and its wording live in the modules, the command only parses and prints.
package struct Report: Equatable, Sendable {
    /// Where a piece of text goes.
    package enum Stream: Equatable, Sendable { case out, error }
    /// The texts, in the order they are to be written.
    package private(set) var texts: [(stream: Stream, text: String)] = []
    /// Whether the command failed (it then exits with its failure status).
    package var failed = false
    /// The exit status for a failure, when not the command's usual one (a letter that could not be
    /// written exits as a record that could not be saved does).
    package var status: Int32?

    package init() {}

    /// A line (or text ending as `terminator` says) for standard output.
    package mutating func out(_ text: String, terminator: String = "\n") { texts.append((.out, text + terminator)) }

    /// A line for standard error.
    package mutating func error(_ text: String) { texts.append((.error, text.hasSuffix("\n") ? text : text + "\n")) }

    /// Adds `other`'s texts after these; failed if either failed.
    package mutating func append(_ other: Report) {
        texts += other.texts
        failed = failed || other.failed
    }

    package static func == (a: Report, b: Report) -> Bool {
        a.failed == b.failed && a.status == b.status && a.texts.elementsEqual(b.texts) { $0.stream == $1.stream && $0.text == $1.text }
    }
}

extension Output {
    /// Writes a report's texts, each made visible, in order.
    package static func show(_ report: Report) {
        for (stream, text) in report.texts {
            switch stream {
            case .out: out(text)
            case .error: error(text)
            }
        }
    }
}
