import ArgumentParser
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
        (runner, self.signing, self.plain, self.language) = (InterviewRunner(pending), signing, plain, language)
    }

    /// Runs `interview` to its end. Every accepted event is in the journal before the next screen.
    func run(_ interview: Interview) throws {
        var interview = interview
        let languages = runner.pending.flow.languages
        LanguageChoice.open(&interview, in: language, languages: languages)
        let ending: InterviewEnding
        do {
            if interview.phase == .finished {
                try runner.pending.begin()
                ending = .finished(interview)
            } else {
                ending = try Fronts.drive(interview, runner: runner, plain: plain, resumeHint: "intake resume \(runner.pending.id)", languages: languages,
                                          training: signing.training)
            }
        } catch let error as SessionError {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        // At a terminal, what the record says and what is next; to a file or a pipe, the record itself.
        try show(runner.conclude(ending, key: signing.keyURL, records: signing.locations.records, summaryOnly: Output.outputIsTerminal))
    }
}

extension Fronts {
    /// `Fronts.drive`, with the front chosen as the settings say and what it tells on standard error.
    static func drive(_ interview: Interview, runner: InterviewRunner, plain: Bool, resumeHint: String, languages: FlowLanguages?,
                      training: Bool) throws -> InterviewEnding {
        try drive(interview, runner: runner, plain: plain || FrontChoice.prefersPlain(), resumeHint: resumeHint, languages: languages,
                  training: training, tell: { printError($0) })
    }
}

extension Signing {
    /// Says now, not at the end, when the key cannot sign, so the officer can fix it meanwhile; gives
    /// the key's identity.
    func warnIfUnusable() -> Identity? {
        let (identity, unusable) = readiness()
        if let unusable { printError(unusable) }
        return identity
    }
}
