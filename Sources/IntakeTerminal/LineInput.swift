import Foundation
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
        case .text(let line)?: return line.trimmingCharacters(in: .whitespaces)
        case .endOfText(let line)?:
            let line = line.trimmingCharacters(in: .whitespaces)
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
            let n = bytes[done...].withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            done += n
        }
    }
}

/// Which front an interview runs on, and running it there through the runner: the full screen at a
/// terminal unless the line front is asked for (`--plain`, ACCESSIBLE, config `front =`: `plain`),
/// else line by line. New interviews, resumed ones, follow-ups and reviews all come through here.
package enum Fronts {
    /// Runs `interview` to its end. `tell` says what the officer must read outside the screen (a
    /// full screen that cannot start, what beginning had to say).
    package static func drive(_ interview: Interview, runner: some FrontRunner, plain: Bool, resumeHint: String,
                              languages: FlowLanguages?, training: Bool, tell: (String) -> Void) throws -> InterviewEnding {
        if !plain, isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
            var front = Front(interview: interview, languages: languages)
            front.resumeHint = resumeHint
            front.training = training
            do {
                // The first screen is up before a new interview's journal is made; no key is read
                // until it is.
                let ending = try CursesFront.run(&front, beforeFirstKey: { try runner.begin() }, perform: { runner.perform($0, on: &$1) })
                for warning in runner.takeWarnings() { tell("warning: \(warning)") }
                return ending
            } catch let error as CursesFront.Unavailable {
                tell("\(error); continuing line by line.")
            }
        }
        try runner.begin()
        for warning in runner.takeWarnings() { tell("warning: \(warning)") }
        var front = LineFront(interview: interview, resumeHint: resumeHint, languages: languages)
        front.training = training
        return LineFront.run(&front, read: LineInput.reader(), write: LineInput.write, perform: { runner.perform($0, on: &$1) })
    }
}
