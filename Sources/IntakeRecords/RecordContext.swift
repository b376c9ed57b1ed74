import FoundationEssentials
import Glibc
import IntakeCore

/// What a record says beyond the interview itself: its id, the flow file's hash, who signs, training.
package struct RecordContext: Sendable {
    /// The banner at the top and bottom of a training record.
    package static let trainingBanner = "*** TRAINING RECORD — NOT AN OPERATIONAL RECORD ***"

    /// The signer shown in the header.
    package struct Signer: Sendable {
        /// Who.
        package var identity: Identity
        /// Their key's fingerprint.
        package var fingerprint: String

        /// Creates a signer.
        package init(identity: Identity, fingerprint: String) {
            self.identity = identity
            self.fingerprint = fingerprint
        }
    }

    /// The record id, e.g. `IR-20261122-3F9A2C7E1B04`.
    package var recordId: String?
    /// SHA-256 of the flow file's bytes, in hex.
    package var flowSHA256: String?
    /// Who signs the record.
    package var officer: Signer?
    /// A training record.
    package var training: Bool
    /// Whether to end with the support and advice list.
    package var signposting: Bool
    /// The signed record the interview took answers from (`intake run --from`).
    package var source: SourceRecord?
    /// The flow versions the interview was moved from before it finished, oldest first.
    package var flowMoves: [FlowMove]
    /// The record this one follows up, if any (`intake update`).
    package var supersedes: Supersession?
    /// SHA-256 of each translation file the interview could be shown in, by language: the record
    /// cites the one its words come from, as it cites the flow.
    package var translationSHA256: [Language: String] = [:]
    /// Where the flow's policy came from when the interview began (`FlowProvenance.words`); kept in
    /// the journal, so a resumed interview cites what it started under (issue 31).
    package var flowPolicy: String?
    /// The same for each translation the interview could be shown in, by language.
    package var translationPolicy: [Language: String] = [:]

    /// Creates a context.
    package init(recordId: String? = nil, flowSHA256: String? = nil, officer: Signer? = nil, training: Bool = false,
                signposting: Bool = true, source: SourceRecord? = nil, flowMoves: [FlowMove] = [],
                supersedes: Supersession? = nil) {
        self.recordId = recordId
        self.flowSHA256 = flowSHA256
        self.officer = officer
        self.training = training
        self.signposting = signposting
        self.source = source
        self.flowMoves = flowMoves
        self.supersedes = supersedes
    }

    /// A new record id from the flow's prefix, the time and random bits.
    package static func newRecordId(at date: Date, prefix: String = "IR") -> String {
        // The UTC day and twelve random hex digits: a DateFormatter loaded locale data and a
        // formatter's set-up took half a millisecond before the first screen.
        let day = String(Zone.utc.civil(date).isoText.prefix(10).filter(\.isNumber))
        let random = Digits.padded(UInt64.random(in: 0..<(1 << 48)), 12, radix: 16, uppercase: true)
        return "\(prefix)-\(day)-\(random)"
    }
}

/// This program's release, printed by `intake --version` and in every record it makes.
package enum IntakeRelease {
    /// The version, e.g. `0.13.0`.
    package static let version = "0.17.1"
    /// When this version was made; the manual page carries it (scripts/man).
    package static let date = "2026-12-05"
    /// As a record names its maker.
    package static let name = "intake \(version)"
}
