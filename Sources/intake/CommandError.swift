import ArgumentParser
import Foundation
import IntakeCore

/// Exit codes, documented in docs/cli.md.
enum Exit {
    /// A flow or answers file is invalid.
    static let invalidInput: Int32 = 1
    /// The interview was not finished (input ended or the officer quit).
    static let unfinished: Int32 = 2
    /// The interview finished but the record could not be signed or saved (it was printed).
    static let unsigned: Int32 = 3
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Reports a flow or answers problem with its locations and ends with exit code 1.
func fail(_ error: FlowError) -> ExitCode {
    printError(error.description)
    return ExitCode(Exit.invalidInput)
}
