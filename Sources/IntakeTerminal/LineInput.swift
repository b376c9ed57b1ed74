import FoundationEssentials
import Glibc
import CNCurses
import IntakeCore

/// Where the line-by-line front's lines come from, for `run`, `resume` and `review` alike.
package enum LineInput {
    /// Lines for the line-by-line front: edited with libedit at a terminal (Ctrl-C and Ctrl-D as
    /// keys), read plainly from a file or a pipe.
    package static func reader() -> (String) -> EnteredLine? {
        if let editor = LineEditor() {
            return { prompt in
                if terminalHungUp() { return nil }
                return editor.read(prompt)
            }
        }
        return { prompt in
            LineInput.write(prompt)
            return readInputLine().map(EnteredLine.text)
        }
    }

    /// One answer to a question outside an interview (a confirmation, a number, a name), read as the
    /// line front reads: with libedit at a terminal, checking for a hang-up first. Nil at the end of
    /// input, on Ctrl-D at an empty line, or on Ctrl-C. The answer is trimmed.
    package static func ask(_ prompt: String) -> String? {
        switch reader()(Visible.text(prompt)) {
        case .text(let line)?: return line.trimmedSpaces()
        case .endOfText(let line)?:
            let line = line.trimmedSpaces()
            return line.isEmpty ? nil : line
        case .interrupt?, nil: return nil
        }
    }

    /// Whether standard input is a terminal that has hung up.
    package static func terminalHungUp() -> Bool {
        var check = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&check, 1, 0) > 0 && check.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// The next line typed, or nil at the end of input, including a terminal that has hung up: a read
    /// from a closed terminal can fail at once, over and over, and the line front must not spin on it.
    package static func readInputLine() -> String? {
        // A pipe or a file reports a hang-up while lines are still buffered: only a terminal is checked.
        var info = stat()
        let terminal = fstat(STDIN_FILENO, &info) != 0 || (info.st_mode & S_IFMT) == S_IFCHR
        if terminal, terminalHungUp() { return nil }
        return readLine(strippingNewline: true)
    }

    /// Writes `text`, made visible, to standard error (the screen; standard output is the record's).
    package static func write(_ text: String) {
        let bytes = Array(Visible.text(text).utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            done += n
        }
    }
}
