import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// Wiring for `run`, `resume` and `update`: the interview goes to a front through the session's
/// runner, and what came of it is printed.
struct Conduct {
    let runner: InterviewRunner
    var signing: Signing
    var plain: Bool
    /// The language the interview opens in (`--lang`, the locale or the config file).
    var language: Language

    init(_ pending: PendingInterview, signing: Signing, plain: Bool, language: Language) {
        runner = InterviewRunner(pending)
        self.signing = signing
        self.plain = plain
        self.language = language
    }

    init(open: Interviews.Open, signing: Signing, plain: Bool, language: Language) {
        self.init(PendingInterview(open), signing: signing, plain: plain, language: language)
    }

    init(starting: Interviews.Starting, signing: Signing, plain: Bool, language: Language) {
        self.init(PendingInterview(starting), signing: signing, plain: plain, language: language)
    }

    var recordId: String { runner.pending.id }

    /// Runs `interview` to its end. Every accepted event is in the journal before the next screen.
    func run(_ interview: Interview) throws {
        do {
            var interview = interview
            let languages = runner.pending.flow.languages
            LanguageChoice.open(&interview, in: language, languages: languages)
            if interview.phase == .finished {
                try runner.pending.begin()
                return try complete(interview)
            }
            let ending = try Fronts.drive(interview, runner: runner, plain: plain, resumeHint: "intake resume \(recordId)", languages: languages)
            let say = ending.interview.flow.language
            switch ending {
            case .finished(let done): try complete(done)
            case .quit(let partial): throw try unfinished(partial, say(.stoppedBeforeEnd))
            case .inputEnded(let partial): throw try unfinished(partial, say(.inputEndedFirst))
            case .signalled(let signal, let partial): throw try unfinished(partial, say(.endedBySignal, String(signal)), code: 128 + signal)
            }
        } catch let error as SessionError {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
    }

    /// Signs and saves through the session, and prints the record whatever happened to it.
    private func complete(_ interview: Interview) throws {
        switch try runner.finish(interview, key: signing.keyURL, records: signing.locations.records) {
        case .saved(let text, let path):
            print(text, terminator: "")
            printError(interview.flow.language(.recordSaved, path))
            try StoreHelper.pushSaved(path)
        case .notSaved(let text, let why):
            print(text, terminator: "")
            printError("intake: the record above is \(why)")
            throw ExitCode(Exit.unsigned)
        case .followedUpAlready(let text, let earlier, let winner, let journal):
            print(text, terminator: "")
            printError("intake: NOT signed: \(earlier) was followed up already by \(winner) (the store says so). Follow up \(winner) instead: intake update \(winner). The answers above are kept in \(journal); intake discard \(recordId) when done.")
            throw ExitCode(10)
        }
    }

    /// Nothing typed is lost: the answers so far are printed, and the journal keeps them for resume.
    private func unfinished(_ partial: Interview, _ why: String, code: Int32 = Exit.unfinished) throws -> ExitCode {
        let (text, journal) = try runner.kept(partial)
        printError("\n" + text)
        let say = partial.flow.language
        printError("\(why) " + say(.answersKeptIn, journal))
        printError(say(.continueWith, "intake resume \(recordId)", "intake discard \(recordId)"))
        return ExitCode(code)
    }
}

/// Which front an interview runs on, and running it there through the session's runner: the full
/// screen at a terminal unless the line front is asked for (`--plain`, ACCESSIBLE, config `front =`),
/// else line by line. Interviews, follow-ups and reviews all come through here.
enum Fronts {
    static func drive(_ interview: Interview, runner: InterviewRunner, plain: Bool, resumeHint: String,
                      languages: FlowLanguages?) throws -> InterviewEnding {
        if !plain, !FrontChoice.prefersPlain(), isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
            var front = Front(interview: interview, languages: languages)
            front.resumeHint = resumeHint
            do {
                // The first screen is up before a new interview's journal is made; no key is read
                // until it is.
                let ending = try CursesFront.run(&front, beforeFirstKey: { try runner.pending.begin() },
                                                 perform: { runner.perform($0, on: &$1) })
                sayWarnings(runner)
                return ending
            } catch let error as CursesFront.Unavailable {
                printError("\(error); continuing line by line.")
            }
        }
        try runner.pending.begin()
        sayWarnings(runner)
        var front = LineFront(interview: interview, resumeHint: resumeHint, languages: languages)
        return LineFront.run(&front, read: LineInput.reader(), write: { writeError($0) }, perform: { runner.perform($0, on: &$1) })
    }

    private static func sayWarnings(_ runner: InterviewRunner) {
        for warning in runner.pending.takeWarnings() { printError("warning: \(warning)") }
    }
}

extension Signing {
    /// Says now, not at the end, when the key cannot sign, so the officer can fix it meanwhile.
    func warnIfUnusable() {
        if let why = unusable() { printError(why) }
    }
}
