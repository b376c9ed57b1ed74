import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// One interview from its current state to its end: the front, the journal, signing and saving.
/// Shared by `run` (new interviews) and `resume` (journalled ones).
struct Session {
    /// The interview open in this process: journal, lock and the exact flow it runs on.
    var open: Interviews.Open
    var signing: Signing
    var plain: Bool

    /// Writes what the interview has gained before its first screen (the key's answers, prefill,
    /// offers) to its journal, or stops: nothing is asked that could not be kept.
    static func keep(_ interview: Interview, in open: inout Interviews.Open) throws {
        do {
            try open.journal.sync(interview)
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        open.interview = interview
    }

    var recordId: String { open.header.id }
    var journal: JournalWriter { open.journal }
    var source: SourceRecord? { open.header.source }

    /// Runs `interview` to its end. Every accepted event is in the journal before the next screen.
    func run(_ interview: Interview) throws {
        // Each accepted event is in the journal, flushed, before the next screen; a failure takes it back.
        let save: (Event) throws -> Void = { try journal.append($0) }
        if interview.phase == .finished {
            try complete(interview)
            return
        }
        if !plain, !FrontChoice.prefersPlain(), isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
            var front = CursesFront(interview: interview, resumeHint: "intake resume \(recordId)", save: save)
            do {
                switch try front.run() {
                case .finished(let done):
                    try complete(done)
                    return
                case .quit(let partial):
                    throw unfinished(partial, "Interview stopped before its end.")
                case .signalled(let signal, let partial):
                    throw unfinished(partial, "Interview ended by signal \(signal) before its end.", code: 128 + signal)
                }
            } catch let error as CursesFront.Unavailable {
                printError("\(error); continuing line by line.")
            }
        }
        var front = PlainFront(interview: interview, save: save, resumeHint: "intake resume \(recordId)",
                               read: LineInput.reader(), output: { text in writeError(text) })
        switch front.run() {
        case .finished(let done):
            try complete(done)
        case .inputEnded(let partial):
            throw unfinished(partial, "Input ended before the interview was finished.")
        case .quit(let partial):
            throw unfinished(partial, "Interview stopped before its end.")
        }
    }

    /// Signs and saves; the journal goes only once the record is safely on disk.
    private func complete(_ interview: Interview) throws {
        try journal.sync(interview)
        // The hash of the bytes the interview ran on, read once at its start: never the file as it is now.
        try signing.finish(interview, flowSHA256: open.flow.sha256, recordId: recordId, source: source)
        journal.remove()
        open.lock.remove()
    }

    /// Nothing typed is lost: the answers so far are printed, and the journal keeps them for resume.
    private func unfinished(_ partial: Interview, _ why: String, code: Int32 = Exit.unfinished) -> ExitCode {
        printError("\n" + RecordText.render(partial, context: RecordContext(recordId: recordId, training: signing.training, source: source)))
        printError("\(why) The answers so far are above and kept in \(journal.url.path).")
        printError("Continue with: intake resume \(recordId)   (or drop it: intake discard \(recordId))")
        return ExitCode(code)
    }
}
