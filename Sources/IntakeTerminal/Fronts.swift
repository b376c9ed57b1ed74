import FoundationEssentials
import Glibc
import IntakeCore

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
