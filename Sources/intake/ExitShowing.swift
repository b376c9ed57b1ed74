import ArgumentParser
import IntakeRecords

extension ParsableCommand {
    /// Ends the process for `error` as swift-argument-parser would (help and version on standard
    /// output, a usage error or a failure on standard error, its exit code), but made visible, so that
    /// an argument echoed back (`Unknown option '--\e]52;…'`) is shown and never obeyed (issue 33,
    /// item 2): the parser's own `exit(withError:)` prints raw.
    static func exitShowing(_ error: Error) -> Never {
        Output.exit(saying: fullMessage(for: error), status: exitCode(for: error).rawValue)
    }
}
