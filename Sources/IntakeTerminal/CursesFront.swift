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
        defer { Terminal.close() }
        let palette = Palette(window: window)
        var painter = Painter(window: window, palette: palette)
        var reader = KeyReader(window: window)
        // Every key is stamped with the generation last drawn: a key typed before a new screen (or a
        // dialog) appeared cannot answer it. Queued input is flushed when the screen changes.
        var shown = front.generation
        painter.paint(render(front, size: painter.size))
        // Keys already waiting (a paste, a burst) are all applied before the screen is drawn once:
        // drawing after each one made a long paste cost time in proportion to its square.
        var dirty = false
        func paintUnlessMoreInput() {
            guard dirty, !reader.pending else { return }
            painter.paint(render(front, size: painter.size))
            shown = front.generation
            dirty = false
        }
        while true {
            let key = reader.next()
            let signal = intake_take_signal()
            if signal != 0 { return .signalled(signal, front.interview) }
            guard let key else {
                // A closed terminal ends the run as a hang-up would, within one read's time-out.
                if intake_input_closed() != 0 { return .signalled(SIGHUP, front.interview) }
                paintUnlessMoreInput()
                continue
            }
            // Counts only: a copy of the whole front on every key made long pastes quadratic.
            let (events, generation) = (front.interview.events.count, front.generation)
            let command = front.update(key, now: Date(), typedOn: shown)
            dirty = true
            if front.generation != generation { reader.flush() }
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
        defer { Terminal.close() }
        var painter = Painter(window: window, palette: Palette(window: window))
        var reader = KeyReader(window: window)
        painter.paint(render(demo, size: painter.size))
        while true {
            let key = reader.next()
            if intake_take_signal() != 0 { return }
            guard let key else {
                if intake_input_closed() != 0 { return }
                continue
            }
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
        // Keys are decoded by `KeyDecoder`, not by curses: keypad mode off hands over every byte.
        keypad(window, false)
        wtimeout(window, 200)
        intake_bracketed_paste(1)
        return window
    }

    /// ncursesw draws UTF-8 only under a UTF-8 locale; fall back to C.UTF-8 when the environment has none.
    static func prepareLocale() {
        if let name = setlocale(LC_ALL, ""), String(cString: name).lowercased().contains("utf") { return }
        if setlocale(LC_ALL, "C.UTF-8") == nil { _ = setlocale(LC_ALL, "C.utf8") }
    }

    /// Whether a byte is already waiting, without taking it.
    static func inputPending(_ window: UnsafeMutablePointer<WINDOW>) -> Bool {
        wtimeout(window, 0)
        defer { wtimeout(window, 200) }
        let c = wgetch(window)
        if c == ERR { return false }
        ungetch(c)
        return true
    }

    /// Restores the terminal: bracketed paste off, then curses' own ending.
    static func close() {
        intake_bracketed_paste(0)
        endwin()
    }
}

/// Reads raw bytes from curses (keypad mode off) and decodes them with `KeyDecoder`, so a sequence
/// is a key wherever it falls in a read. Everything already waiting is read at once: one paint per
/// burst, not per key.
struct KeyReader {
    let window: UnsafeMutablePointer<WINDOW>
    private var decoder = KeyDecoder()
    private var queue: [Key] = []
    private var head = 0

    init(window: UnsafeMutablePointer<WINDOW>) {
        self.window = window
    }

    /// Whether keys are waiting, decoded or not, or a sequence is unfinished: the screen is drawn
    /// only when none is.
    var pending: Bool { head < queue.count || decoder.waiting != .nothing || Terminal.inputPending(window) }

    /// The next key, or nil when none came within the poll interval (the caller then checks signals
    /// and a closed terminal).
    mutating func next() -> Key? {
        if head < queue.count { head += 1; return queue[head - 1] }
        queue.removeAll(keepingCapacity: true)
        head = 0
        // A lone Escape is told from a sequence's start by silence; a paste may pause mid-way.
        switch decoder.waiting {
        case .nothing: wtimeout(window, 200)
        case .sequence: wtimeout(window, 50)
        case .paste: wtimeout(window, 500)
        }
        defer { wtimeout(window, 200) }
        let first = wgetch(window)
        if first == ERR {
            queue = decoder.timeOut()
        } else if first >= 0x100 {
            return first == KEY_RESIZE ? .resize : nil
        } else {
            var bytes = [UInt8(first)]
            wtimeout(window, 0)
            while bytes.count < 1 << 16 {
                let c = wgetch(window)
                if c == ERR { break }
                if c >= 0x100 { ungetch(c); break }
                bytes.append(UInt8(c))
            }
            queue = decoder.feed(bytes)
        }
        guard !queue.isEmpty else { return nil }
        head = 1
        return queue[0]
    }

    /// Drops input typed before the screen changed. Keys already decoded are kept: the front drops
    /// them by their stamp, except Ctrl-C, which is always safe to act on.
    mutating func flush() {
        flushinp()
        decoder.forgetUnfinishedSequence()
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
