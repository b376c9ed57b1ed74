import CNCurses
import Foundation
import IntakeCore

/// The ncurses adapter: draws `render`'s lines and turns `get_wch` results into `Key`s. No layout
/// decisions live here. The screen is drawn on standard error, so standard output stays free for the
/// record.
public struct CursesFront {
    /// How a run ended.
    public enum Outcome: Equatable {
        /// The officer confirmed the end.
        case finished(Interview)
        /// The officer confirmed quitting.
        case quit(Interview)
        /// A signal (SIGTERM, SIGHUP, SIGINT) ended the run; the terminal was restored first.
        case signalled(Int32, Interview)
    }

    /// Why the full-screen front could not start.
    public struct Unavailable: Error, CustomStringConvertible {
        /// Says why, and what to do instead.
        public var description: String
    }

    private var front: Front
    private let persist: ((Interview) throws -> Void)?

    /// Creates the front over an interview. `persist` is called after every accepted event, before the
    /// next screen is drawn; if it throws, the event is undone and the message shown.
    public init(interview: Interview, parser: AnswerParser = AnswerParser(), resumeHint: String? = nil,
                persist: ((Interview) throws -> Void)? = nil) {
        front = Front(interview: interview, parser: parser)
        front.resumeHint = resumeHint
        self.persist = persist
    }

    /// Runs until the interview ends; the terminal is restored on every way out.
    public mutating func run() throws -> Outcome {
        let window = try Terminal.open()
        defer { endwin() }
        let palette = Palette(window: window)
        var painter = Painter(window: window, palette: palette)
        // Every key is stamped with the generation last drawn: a key typed before a new screen (or a
        // dialog) appeared cannot answer it. Queued input is flushed when the screen changes.
        var shown = front.generation
        painter.paint(render(front, size: painter.size))
        // Keys already waiting (a paste, a burst) are all applied before the screen is drawn once:
        // drawing after each one made a long paste cost time in proportion to its square.
        var dirty = false
        func paintUnlessMoreInput() {
            guard dirty, !Terminal.inputPending(window) else { return }
            painter.paint(render(front, size: painter.size))
            shown = front.generation
            dirty = false
        }
        while true {
            var code: wint_t = 0
            var status = Terminal.read(window, &code)
            let signal = intake_take_signal()
            if signal != 0 { return .signalled(signal, front.interview) }
            // A closed terminal ends the run as a hang-up would, within one read's time-out.
            if status == ERR, intake_input_closed() != 0 { return .signalled(SIGHUP, front.interview) }
            guard status != ERR, !Terminal.resolveEscape(&status, &code, window),
                  let key = Terminal.key(status: status, code: code) else {
                paintUnlessMoreInput()
                continue
            }
            // Counts only: a copy of the whole front on every key made long pastes quadratic.
            let (events, generation) = (front.interview.events.count, front.generation)
            let command = front.update(key, now: Date(), typedOn: shown)
            dirty = true
            if front.generation != generation { flushinp() }
            if front.interview.events.count > events, let persist {
                do {
                    try persist(front.interview)
                } catch {
                    front.undoLastEvent("not saved, so not accepted: \(error)")
                    painter.paint(render(front, size: painter.size))
                    shown = front.generation
                    dirty = false
                    continue
                }
            }
            switch command {
            case .finished?: return .finished(front.interview)
            case .quit?: return .quit(front.interview)
            case nil: break
            }
            paintUnlessMoreInput()
        }
    }
}

/// The trainer demo on the full screen: a key steps through the scenario.
public enum CursesDemo {
    /// Runs until the trainer leaves; the terminal is restored on every way out.
    public static func run(_ demo: Demo) throws {
        var demo = demo
        let window = try Terminal.open()
        defer { endwin() }
        var painter = Painter(window: window, palette: Palette(window: window))
        painter.paint(render(demo, size: painter.size))
        while true {
            var code: wint_t = 0
            var status = Terminal.read(window, &code)
            if intake_take_signal() != 0 { return }
            if status == ERR, intake_input_closed() != 0 { return }
            guard status != ERR, !Terminal.resolveEscape(&status, &code, window),
                  let key = Terminal.key(status: status, code: code) else { continue }
            guard demo.update(key) else { return }
            painter.paint(render(demo, size: painter.size))
        }
    }
}

/// Terminal plumbing: start-up, the locale and key decoding.
enum Terminal {
    /// Starts curses on standard error (keys from standard input) in raw mode with signal handlers.
    static func open() throws -> UnsafeMutablePointer<WINDOW> {
        prepareLocale()
        intake_install_signal_handlers()
        guard let window = intake_open(intake_stderr(), intake_stdin()) else {
            intake_default_signal_handlers()
            throw CursesFront.Unavailable(description: "this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")) cannot show the full screen")
        }
        raw()
        noecho()
        keypad(window, true)
        set_escdelay(25)
        wtimeout(window, 200)
        return window
    }

    /// ncursesw draws UTF-8 only under a UTF-8 locale; fall back to C.UTF-8 when the environment has none.
    static func prepareLocale() {
        if let name = setlocale(LC_ALL, ""), String(cString: name).lowercased().contains("utf") { return }
        if setlocale(LC_ALL, "C.UTF-8") == nil { _ = setlocale(LC_ALL, "C.utf8") }
    }

    /// Reads one key as `wget_wch` would (OK with a character, KEY_CODE_YES with a key code, or ERR
    /// on time-out), but decodes UTF-8 itself: ncurses' own decoder stops returning anything at
    /// all after some invalid byte sequences, which froze the keyboard. Invalid bytes are dropped.
    static func read(_ window: UnsafeMutablePointer<WINDOW>, _ code: inout wint_t) -> Int32 {
        let first = wgetch(window)
        if first == ERR { return ERR }
        if first >= 0x100 { code = wint_t(first); return KEY_CODE_YES }
        let lead = UInt8(truncatingIfNeeded: first)
        let length: Int
        switch lead {
        case 0x00...0x7F: code = wint_t(lead); return OK
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return ERR  // a stray continuation byte or a byte UTF-8 never uses
        }
        var bytes = [lead]
        wtimeout(window, 0)
        defer { wtimeout(window, 200) }
        while bytes.count < length {
            let next = wgetch(window)
            if next == ERR { return ERR }
            guard next < 0x100, (0x80...0xBF).contains(next) else {
                ungetch(next)  // not a continuation: it starts the next key
                return ERR
            }
            bytes.append(UInt8(next))
        }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return ERR }
        code = wint_t(scalar.value)
        return OK
    }

    /// Whether a key is already waiting, without taking it.
    static func inputPending(_ window: UnsafeMutablePointer<WINDOW>) -> Bool {
        wtimeout(window, 0)
        defer { wtimeout(window, 200) }
        let c = wgetch(window)
        if c == ERR { return false }
        ungetch(c)
        return true
    }

    /// After an Escape, whether more input is already waiting: then it began an escape sequence
    /// curses did not decode. A cursor or editing key in the terminal's normal mode (`ESC [ B`, sent
    /// by terminals that ignore the keypad-mode request) becomes that key when it arrives alone, as a
    /// key press does; anything else, and any sequence with more input right behind it (pasted
    /// colour codes, a screen clear, a title change, a mouse report), is read to its end and dropped,
    /// so it can neither act as a key nor be typed as text. Returns true when the input is dropped.
    static func resolveEscape(_ status: inout Int32, _ code: inout wint_t, _ window: UnsafeMutablePointer<WINDOW>) -> Bool {
        guard status != KEY_CODE_YES, code == 27 else { return false }
        wtimeout(window, 0)
        defer { wtimeout(window, 200) }
        var next: wint_t = 0
        let after = read(window, &next)
        if after == ERR { return false }
        if after == KEY_CODE_YES { return true }
        var c: wint_t = 0
        var translated: Int32?
        switch next {
        case 0x5B:  // CSI: parameter bytes, then one final byte from @ to ~
            var parameters = ""
            while read(window, &c) != ERR, !(0x40...0x7E).contains(c) {
                if let scalar = Unicode.Scalar(UInt32(c)), parameters.unicodeScalars.count < 16 { parameters.unicodeScalars.append(scalar) }
            }
            translated = cursorKey(final: c, parameters: parameters)
        case 0x4F:  // SS3: one final byte, as keypad mode sends arrows
            if read(window, &c) != ERR { translated = cursorKey(final: c, parameters: "") }
        case 0x5D, 0x50, 0x5E, 0x5F:  // OSC, DCS, PM, APC: up to BEL or ESC \
            while read(window, &c) != ERR {
                if c == 7 { break }
                if c == 27 { _ = read(window, &c); break }
            }
        default:
            break  // ESC and one character, as Alt-key combinations send
        }
        guard let translated, !inputPending(window) else { return true }
        status = KEY_CODE_YES
        code = wint_t(translated)
        return false
    }

    /// The key a CSI or SS3 sequence stands for, when it is a plain cursor or editing key.
    static func cursorKey(final: wint_t, parameters: String) -> Int32? {
        switch (final, parameters) {
        case (0x41, ""): return KEY_UP
        case (0x42, ""): return KEY_DOWN
        case (0x43, ""): return KEY_RIGHT
        case (0x44, ""): return KEY_LEFT
        case (0x48, ""), (0x7E, "1"), (0x7E, "7"): return KEY_HOME
        case (0x46, ""), (0x7E, "4"), (0x7E, "8"): return KEY_END
        case (0x7E, "3"): return KEY_DC
        case (0x7E, "5"): return KEY_PPAGE
        case (0x7E, "6"): return KEY_NPAGE
        default: return nil
        }
    }

    static func key(status: Int32, code: wint_t) -> Key? {
        if status == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_RESIZE: return .resize
            case intake_key_f(1): return .function(1)
            case intake_key_f(2): return .function(2)
            case intake_key_f(10): return .function(10)
            default: return nil
            }
        }
        switch code {
        case 1: return .home            // Ctrl-A
        case 3: return .interrupt
        case 4: return .endOfText
        case 5: return .end             // Ctrl-E
        case 21: return .deleteToStart  // Ctrl-U
        case 23: return .deleteWord     // Ctrl-W
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 0..<32, 0x7F...0x9F: return nil  // C0 and C1 controls are never text
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }
}

/// Maps styles to attributes: colour when the terminal has it and NO_COLOR is unset, plain
/// attributes otherwise. Selection is always reverse video, never colour alone.
struct Palette {
    let colour: Bool

    init(window: UnsafeMutablePointer<WINDOW>) {
        let wanted = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        colour = wanted && has_colors()
        if colour {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_CYAN), -1)
            init_pair(2, Int16(COLOR_RED), -1)
            init_pair(3, Int16(COLOR_BLACK), Int16(COLOR_CYAN))
        }
    }

    func attributes(_ style: Style) -> Int32 {
        switch style {
        case .normal: return 0
        case .title: return intake_a_bold() | (colour ? intake_color_pair(1) : 0)
        case .dim: return intake_a_dim()
        case .selected: return intake_a_reverse() | intake_a_bold()
        case .error: return intake_a_bold() | (colour ? intake_color_pair(2) : 0)
        case .bar: return colour ? intake_color_pair(3) : intake_a_reverse()
        }
    }
}

/// Draws rendered lines. It erases and redraws the whole frame in curses' memory; curses then sends
/// the terminal only the cells that changed, so a keystroke costs a few bytes, not a repaint.
struct Painter {
    let window: UnsafeMutablePointer<WINDOW>
    let palette: Palette

    var size: Size { Size(columns: Int(intake_cols(window)), rows: Int(intake_rows(window))) }
    /// The size last drawn at. After a resize the whole screen is sent again: a terminal that cut a
    /// line mid-character when it shrank leaves cells curses believes are already right.
    private var drawnSize: Size?

    init(window: UnsafeMutablePointer<WINDOW>, palette: Palette) {
        self.window = window
        self.palette = palette
    }

    mutating func paint(_ rendered: Rendered) {
        if let drawnSize, drawnSize != size { clearok(window, true) }
        drawnSize = size
        werase(window)
        for (row, line) in rendered.lines.enumerated() {
            wmove(window, Int32(row), 0)
            for span in line.spans {
                let attributes = palette.attributes(span.style)
                wattr_on(window, attr_t(UInt32(bitPattern: attributes)), nil)
                waddstr(window, span.text)
                wattr_off(window, attr_t(UInt32(bitPattern: attributes)), nil)
            }
        }
        if let cursor = rendered.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wrefresh(window)
    }
}
