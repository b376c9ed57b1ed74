import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// Runs an open interview on a front to its end and prints what came of it; the session layer
/// saves, signs and stores. Shared by `run` (new interviews) and `resume` (journalled ones).
struct Conduct {
    /// The interview: open in this process (journal, lock and the exact flow it runs on), or a new
    /// one made durable just after its first screen is drawn.
    let session: PendingInterview
    var signing: Signing
    var plain: Bool
    /// The language the interview opens in (`--lang`, the locale or the config file).
    var language: Language

    init(open: Interviews.Open, signing: Signing, plain: Bool, language: Language) {
        session = PendingInterview(open)
        self.signing = signing
        self.plain = plain
        self.language = language
    }

    init(starting: Interviews.Starting, signing: Signing, plain: Bool, language: Language) {
        session = PendingInterview(starting)
        self.signing = signing
        self.plain = plain
        self.language = language
    }

    var recordId: String { session.id }

    /// Runs `interview` to its end. Every accepted event is in the journal before the next screen.
    func run(_ interview: Interview) throws {
        do {
            try conduct(interview)
        } catch let error as SessionError {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
    }

    private func conduct(_ interview: Interview) throws {
        var interview = interview
        // One set of languages for the whole interview: a translation is applied the first time it is
        // shown, then kept (FlowLanguages), so English opens without waiting for Welsh.
        let languages = session.flow.languages
        LanguageChoice.open(&interview, in: language, languages: languages)
        let session = self.session
        let save: (Event) throws -> Void = { try session.opened().send($0) }
        if interview.phase == .finished {
            try session.begin()
            try complete(interview)
            return
        }
        if !plain, !FrontChoice.prefersPlain(), isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
            var front = CursesFront(interview: interview, resumeHint: "intake resume \(recordId)", save: save, languages: languages)
            do {
                // The first screen is up before a new interview's journal is made; no key is read
                // until it is.
                let outcome = try front.run(beforeFirstKey: { try session.begin() })
                for warning in session.takeWarnings() { printError("warning: \(warning)") }
                switch outcome {
                case .finished(let done):
                    try complete(done)
                    return
                case .quit(let partial):
                    throw try unfinished(partial, partial.flow.language(.stoppedBeforeEnd))
                case .signalled(let signal, let partial):
                    throw try unfinished(partial, partial.flow.language(.endedBySignal, String(signal)), code: 128 + signal)
                }
            } catch let error as CursesFront.Unavailable {
                printError("\(error); continuing line by line.")
            }
        }
        try session.begin()
        for warning in session.takeWarnings() { printError("warning: \(warning)") }
        var front = PlainFront(interview: interview, save: save, resumeHint: "intake resume \(recordId)",
                               languages: languages, read: LineInput.reader(), output: { text in writeError(text) })
        switch front.run() {
        case .finished(let done):
            try complete(done)
        case .inputEnded(let partial):
            throw try unfinished(partial, partial.flow.language(.inputEndedFirst))
        case .quit(let partial):
            throw try unfinished(partial, partial.flow.language(.stoppedBeforeEnd))
        }
    }

    /// Signs and saves through the session, and prints the record whatever happened to it.
    private func complete(_ interview: Interview) throws {
        let open = try session.opened()
        // The force's store decides which follow-up of a record counts: asked before signing, so a
        // follow-up that lost is never signed and its journal is kept (offline, the store decides
        // when it is next reached).
        if let earlier = open.header.supersedes, let winner = StoreHelper.followUp(of: earlier.record.id) {
            print(RecordText.render(interview, context: open.context), terminator: "")
            printError("intake: NOT signed: \(earlier.record.id) was followed up already by \(winner) (the store says so). Follow up \(winner) instead: intake update \(winner). The answers above are kept in \(open.journal.url.path); intake discard \(recordId) when done.")
            throw ExitCode(10)
        }
        switch open.finish(interview, key: signing.keyURL, records: signing.locations.records) {
        case .saved(let text, let path):
            print(text, terminator: "")
            printError(interview.flow.language(.recordSaved, path))
            try StoreHelper.pushSaved(path)
        case .notSaved(let text, let why):
            print(text, terminator: "")
            printError("intake: the record above is \(why)")
            throw ExitCode(Exit.unsigned)
        }
    }

    /// Nothing typed is lost: the answers so far are printed, and the journal keeps them for resume.
    private func unfinished(_ partial: Interview, _ why: String, code: Int32 = Exit.unfinished) throws -> ExitCode {
        let open = try session.opened()
        printError("\n" + RecordText.render(partial, context: open.context))
        let say = partial.flow.language
        printError("\(why) " + say(.answersKeptIn, open.journal.url.path))
        printError(say(.continueWith, "intake resume \(recordId)", "intake discard \(recordId)"))
        return ExitCode(code)
    }
}
