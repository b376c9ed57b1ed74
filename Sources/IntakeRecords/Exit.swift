import FoundationEssentials
import Glibc

/// Exit codes, documented in docs/cli.md.
package enum Exit {
    /// A flow or answers file is invalid.
    package static let invalidInput: Int32 = 1
    /// The interview was not finished (input ended or the officer quit).
    package static let unfinished: Int32 = 2
    /// The interview finished but the record could not be signed or saved (it was printed).
    package static let unsigned: Int32 = 3
    /// `verify`, `records`: a record's text is not as signed, or the record is not made as intake makes them.
    package static let badSignature: Int32 = 4
    /// A signature is sound but its key is unknown, not the one the text names, or not trusted then.
    package static let untrustedSigner: Int32 = 5
    /// A record file cannot be read.
    package static let unreadable: Int32 = 6
    /// A record was damaged in transit (CRLF, byte-order mark, lost final line feed): fixable.
    package static let damaged: Int32 = 7
    /// `verify --operational`: a record made or reviewed on a flow that is not approved policy.
    package static let unapproved: Int32 = 8
    /// The force's store refused it: a follow-up of a record followed up already, a second review.
    package static let refusedByStore: Int32 = 10

    /// The status for records that failed in these ways: the most serious one's.
    package static func status(_ failures: [SignatureCheck.Failure]) -> Int32? {
        switch failures.min() {
        case nil: return nil
        case .bad: return badSignature
        case .signer: return untrustedSigner
        case .unreadable: return unreadable
        case .damaged: return damaged
        }
    }
}
