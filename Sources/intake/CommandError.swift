import ArgumentParser
import Foundation
import IntakeRecords
import IntakeCore

/// Exit codes, documented in docs/cli.md.
enum Exit {
    /// A flow or answers file is invalid.
    static let invalidInput: Int32 = 1
    /// The interview was not finished (input ended or the officer quit).
    static let unfinished: Int32 = 2
    /// The interview finished but the record could not be signed or saved (it was printed).
    static let unsigned: Int32 = 3
    /// `verify`, `records`: a record's text is not as signed, or the record is not made as intake makes them.
    static let badSignature: Int32 = 4
    /// A signature is sound but its key is unknown, not the one the text names, or not trusted then.
    static let untrustedSigner: Int32 = 5
    /// A record file cannot be read.
    static let unreadable: Int32 = 6
    /// A record was damaged in transit (CRLF, byte-order mark, lost final line feed): fixable.
    static let damaged: Int32 = 7
    /// `verify --operational`: a record made or reviewed on a flow that is not approved policy.
    static let unapproved: Int32 = 8

    /// The status for records that failed in these ways: the most serious one's.
    static func status(_ failures: [SignatureCheck.Failure]) -> Int32? {
        switch failures.min() {
        case nil: return nil
        case .bad: return badSignature
        case .signer: return untrustedSigner
        case .unreadable: return unreadable
        case .damaged: return damaged
        }
    }
}

/// Reports a flow or answers problem with its locations and ends with exit code 1.
func fail(_ error: FlowError) -> ExitCode {
    printError(error.description)
    return ExitCode(Exit.invalidInput)
}

/// Writes `text` to `path`, replacing the file whole (a temporary file renamed over it), or stops with
/// exit 1 saying which file could not be written and why.
func writeWhole(_ text: String, to path: String) throws {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        printError("intake: cannot write \(Visible.line(path)): \(error.localizedDescription)")
        throw ExitCode(Exit.invalidInput)
    }
}
