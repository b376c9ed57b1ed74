import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// Runs an open interview on a front to its end and prints what came of it; the session layer
/// saves, signs and stores. Shared by `run` (new interviews) and `resume` (journalled ones).
struct Conduct {
    /// The interview open in this process: journal, lock and the exact flow it runs on.
    var open: Interviews.Open
    var signing: Signing
    var plain: Bool
    /// The language the interview opens in (`--lang`, the locale or the config file).
    var language: Language

    var recordId: String { open.header.id }

    /// Runs `interview` to its end. Every accepted event is in the journal before the next screen.
    func run(_ interview: Interview) throws {
        var interview = interview
        // One set of languages for the whole interview: a translation is applied the first time it is
        // shown, then kept (FlowLanguages), so English opens without waiting for Welsh.
        let languages = open.flow.languages
        LanguageChoice.open(&interview, in: language, languages: languages)
        let save: (Event) throws -> Void = { [open] in try open.send($0) }
        if interview.phase == .finished {
            try complete(interview)
            return
        }
        if !plain, !FrontChoice.prefersPlain(), isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
            var front = CursesFront(interview: interview, resumeHint: "intake resume \(recordId)", save: save, languages: languages)
            do {
                switch try front.run() {
                case .finished(let done):
                    try complete(done)
                    return
                case .quit(let partial):
                    throw unfinished(partial, partial.flow.language(.stoppedBeforeEnd))
                case .signalled(let signal, let partial):
                    throw unfinished(partial, partial.flow.language(.endedBySignal, String(signal)), code: 128 + signal)
                }
            } catch let error as CursesFront.Unavailable {
                printError("\(error); continuing line by line.")
            }
        }
        var front = PlainFront(interview: interview, save: save, resumeHint: "intake resume \(recordId)",
                               languages: languages, read: LineInput.reader(), output: { text in writeError(text) })
        switch front.run() {
        case .finished(let done):
            try complete(done)
        case .inputEnded(let partial):
            throw unfinished(partial, partial.flow.language(.inputEndedFirst))
        case .quit(let partial):
            throw unfinished(partial, partial.flow.language(.stoppedBeforeEnd))
        }
    }

    /// Signs and saves through the session, and prints the record whatever happened to it.
    private func complete(_ interview: Interview) throws {
        switch open.finish(interview, key: signing.keyURL, records: signing.locations.records) {
        case .saved(let text, let path):
            print(text, terminator: "")
            printError(interview.flow.language(.recordSaved, path))
        case .notSaved(let text, let why):
            print(text, terminator: "")
            printError("intake: the record above is \(why)")
            throw ExitCode(Exit.unsigned)
        }
    }

    /// Nothing typed is lost: the answers so far are printed, and the journal keeps them for resume.
    private func unfinished(_ partial: Interview, _ why: String, code: Int32 = Exit.unfinished) -> ExitCode {
        printError("\n" + RecordText.render(partial, context: open.context))
        let say = partial.flow.language
        printError("\(why) " + say(.answersKeptIn, open.journal.url.path))
        printError(say(.continueWith, "intake resume \(recordId)", "intake discard \(recordId)"))
        return ExitCode(code)
    }
}
