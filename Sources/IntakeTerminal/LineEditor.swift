import CEdit
import FoundationEssentials
import Glibc

/// A line the officer entered on the line-by-line front, and what ended it.
package enum EnteredLine: Equatable, Sendable {
    /// Ended by Enter.
    case text(String)
    /// Ended by Ctrl-D: the end of a text. What was typed on the line is kept.
    case endOfText(String)
    /// Ctrl-C: the front asks whether to quit.
    case interrupt
}

/// Reads lines at a terminal with libedit (Debian's libedit2): cursor keys, Home/End, Ctrl-A/E/U/W,
/// and the history of this run on ↑↓. The history is never written to disk: answers hold children's
/// names and what happened to them. Ctrl-C and Ctrl-D are keys here, not a signal and the end of
/// input, so they can mean what they mean on the full screen.
package final class LineEditor {
    private let editor: UnsafeMutablePointer<intake_editor>

    /// Nil when standard input is not a terminal or libedit cannot start: read lines plainly then.
    package init?() {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        // libedit turns the prompt into wide characters through the C library: under the default "C"
        // locale a prompt holding ô or â (Welsh) fails to convert and libedit dereferences null.
        Terminal.prepareLocale()
        guard let editor = intake_editor_open("intake") else { return nil }
        self.editor = editor
    }

    deinit { intake_editor_close(editor) }

    /// The next line, after showing `prompt`; nil when input has ended or the terminal is gone.
    package func read(_ prompt: String) -> EnteredLine? {
        var endedBy: Int32 = 0
        guard let raw = intake_editor_read(editor, prompt, &endedBy) else { return nil }
        defer { free(raw) }
        let text = String(cString: raw)
        switch Int(endedBy) {
        case Int(INTAKE_LINE_INTERRUPT):
            _ = write(STDERR_FILENO, "^C\n", 3)
            return .interrupt
        case Int(INTAKE_LINE_END_OF_TEXT):
            _ = write(STDERR_FILENO, "\n", 1)
            return .endOfText(text)
        default:
            return .text(text)
        }
    }
}
