import CNCurses
import FoundationEssentials
import Glibc
import IntakeCore

/// The ncurses adapter: draws `render`'s lines and turns `get_wch` results into `Key`s. No layout
/// decisions live here. The screen is drawn on standard error, so standard output stays free for the
/// record.
package enum CursesFront {
    /// Why the full-screen front could not start.
    package struct Unavailable: Error, CustomStringConvertible {
        /// Says why, and what to do instead.
        package var description: String
    }

    /// Runs `front` until the interview ends; the terminal is restored on every way out. `perform`
    /// (the session's runner) carries out each effect before anything else is drawn or read.
    /// `beforeFirstKey` runs once the first screen is drawn and before any key is read (a new
    /// interview's journal is made there); if it throws, the terminal is restored and the error
    /// passed on.
    package static func run(_ front: inout Front, beforeFirstKey: (() throws -> Void)? = nil,
                            perform: (InterviewEffect, inout Front) -> FrontStep) throws -> InterviewEnding {
        let ending = try FullScreen.run(&front, afterFirstPaint: beforeFirstKey) { (effect: InterviewEffect, front: inout Front) -> FullScreen.Next<InterviewEnding> in
            switch perform(effect, &front) {
            case .go: return .go
            case .repaint: return .repaint
            case .stop(let ending): return .stop(ending)
            }
        }
        switch ending {
        case .stopped(let ending): return ending
        case .signalled(let signal): return .signalled(signal, front.interview)
        }
    }
}

extension Front: FullScreenProgram {
    func draw(_ size: Size) -> Rendered { render(self, size: size) }
}

/// The trainer demo on the full screen: a key steps through the scenario.
package enum CursesDemo {
    /// Runs until the trainer leaves; the terminal is restored on every way out. Returns the signal
    /// that ended it (a closed terminal is SIGHUP), or nil when the trainer left.
    package static func run(_ demo: Demo) throws -> Int32? {
        var demo = demo
        switch try FullScreen.run(&demo, perform: { (_: Demo.Effect, _: inout Demo) -> FullScreen.Next<Void> in .stop(()) }) {
        case .stopped: return nil
        case .signalled(let signal): return signal
        }
    }
}

extension Demo: FullScreenProgram {
    /// Leaving is the demo's only effect.
    enum Effect { case leave }
    var generation: Int { 0 }
    mutating func update(_ key: Key, now: Date, typedOn: Int?) -> [Effect] { update(key) ? [] : [.leave] }
    func draw(_ size: Size) -> Rendered { render(self, size: size) }
}

/// A state the full screen runs: keys in, effects out, lines drawn. The interview and the demo are
/// both one; `FullScreen.run` is the one loop for them (bubbletea's program loop).
protocol FullScreenProgram {
    associatedtype Effect
    /// Changes whenever the officer must look again; keys stamped with an older one are dropped.
    var generation: Int { get }
    mutating func update(_ key: Key, now: Date, typedOn: Int?) -> [Effect]
    func draw(_ size: Size) -> Rendered
}

/// The one terminal loop.
enum FullScreen {
    /// What the loop does after an effect.
    enum Next<Stop> {
        /// Carry on.
        case go
        /// Draw now, whatever input is waiting (a save failed: the officer must see why).
        case repaint
        /// End the run with this.
        case stop(Stop)
    }

    /// How a run ended.
    enum Ending<Stop> {
        case stopped(Stop)
        case signalled(Int32)
    }

    /// Runs `program` until an effect stops it or a signal or a closed terminal ends it. `perform`
    /// carries out each effect, in order, before anything else is drawn or read.
    static func run<P: FullScreenProgram, Stop>(_ program: inout P, afterFirstPaint: (() throws -> Void)? = nil,
                                                perform: (P.Effect, inout P) -> Next<Stop>) throws -> Ending<Stop> {
        let window = try Terminal.open()
        defer { Terminal.close() }
        var painter = Painter(window: window, palette: Palette(window: window))
        var reader = KeyReader(window: window)
        // Every key is stamped with the generation last drawn: a key typed before a new screen (or a
        // dialog) appeared cannot answer it. Queued input is flushed when the screen changes.
        var shown = program.generation
        painter.paint(program.draw(painter.size))
        try afterFirstPaint?()
        // Keys already waiting (a paste, a burst) are all applied before the screen is drawn once:
        // drawing after each one made a long paste cost time in proportion to its square.
        var dirty = false
        func paint() {
            painter.paint(program.draw(painter.size))
            shown = program.generation
            dirty = false
        }
        while true {
            let key = reader.next()
            let signal = intake_take_signal()
            if signal != 0 { return .signalled(signal) }
            guard let key else {
                // A closed terminal ends the run as a hang-up would, within one read's time-out.
                if intake_input_closed() != 0 { return .signalled(SIGHUP) }
                if dirty, !reader.pending { paint() }
                continue
            }
            let generation = program.generation
            let effects = program.update(key, now: Date(), typedOn: shown)
            dirty = true
            if program.generation != generation { reader.flush() }
            var repaint = false
            for effect in effects {
                switch perform(effect, &program) {
                case .go: continue
                case .repaint: repaint = true
                case .stop(let stop): return .stopped(stop)
                }
                if repaint { break }
            }
            if repaint || !reader.pending { paint() }
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
            HangUp.watch()
            throw CursesFront.Unavailable(description: "this terminal (TERM=\(getenv("TERM").map { String(cString: $0) } ?? "unset")) cannot show the full screen")
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
    /// Only the character type is set: it is all curses reads, and the other categories would load
    /// ten locale files before the first screen for nothing (intake formats dates and numbers itself).
    static func prepareLocale() {
        if let name = setlocale(LC_CTYPE, ""), String(cString: name).lowercased().containsBytes(of: "utf") { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C.utf8") }
    }

    /// Whether a byte is already waiting on standard input, without taking it. Asked of the
    /// descriptor, not of curses: `KeyReader` reads bursts past curses, and a byte taken and given
    /// back (`ungetch`) would sit in curses' queue where those reads never look.
    static func inputPending(_ window: UnsafeMutablePointer<WINDOW>) -> Bool {
        var waiting = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&waiting, 1, 0) > 0 && waiting.revents & Int16(POLLIN) != 0
    }

    /// Restores the terminal: bracketed paste off, then curses' own ending.
    static func close() {
        intake_bracketed_paste(0)
        endwin()
        // The loop's handlers only set a flag the loop reads; after it, Ctrl-C and SIGTERM act as
        // usual again, and a hang-up ends the command with 129 (`HangUp`).
        intake_default_signal_handlers()
        HangUp.watch()
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

    /// The most bytes decoded at once: a long paste is taken in pieces, each drawn in turn.
    static let burst = 1 << 16
    /// Where a burst is read, made once: a 64 KiB buffer made on every key was work on the
    /// per-keystroke path for the rare paste.
    private var chunk = [UInt8](repeating: 0, count: burst)

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
            // The rest of the burst straight from the descriptor, in large reads (issue 37): curses
            // polls and reads one byte per call, 51,240 reads and 52,367 polls for a 50 KB paste.
            // Curses reads no further ahead than the byte it returned, so nothing is skipped.
            var bytes = [UInt8(first)]
            while bytes.count < Self.burst, Terminal.inputPending(window) {
                let n = read(STDIN_FILENO, &chunk, Self.burst - bytes.count)
                guard n > 0 else { break }
                bytes.append(contentsOf: chunk[0..<n])
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
        let wanted = (getenv("NO_COLOR").map { String(cString: $0) } ?? "").isEmpty
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
