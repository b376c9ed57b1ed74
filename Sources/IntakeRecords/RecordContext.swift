import Foundation

/// What a record says beyond the interview itself: its id, the flow file's hash, who signs, training.
public struct RecordContext: Sendable {
    /// The banner at the top and bottom of a training record.
    public static let trainingBanner = "*** TRAINING RECORD — NOT AN OPERATIONAL RECORD ***"

    /// The signer shown in the header.
    public struct Signer: Sendable {
        /// Who.
        public var identity: Identity
        /// Their key's fingerprint.
        public var fingerprint: String

        /// Creates a signer.
        public init(identity: Identity, fingerprint: String) {
            self.identity = identity
            self.fingerprint = fingerprint
        }
    }

    /// The record id, e.g. `IR-20261122-3F9A2C7E1B04`.
    public var recordId: String?
    /// SHA-256 of the flow file's bytes, in hex.
    public var flowSHA256: String?
    /// Who signs the record.
    public var officer: Signer?
    /// A training record.
    public var training: Bool
    /// Whether to end with the support and advice list.
    public var signposting: Bool

    /// Creates a context.
    public init(recordId: String? = nil, flowSHA256: String? = nil, officer: Signer? = nil, training: Bool = false,
                signposting: Bool = true) {
        self.recordId = recordId
        self.flowSHA256 = flowSHA256
        self.officer = officer
        self.training = training
        self.signposting = signposting
    }

    /// A new record id from the time and random bits.
    public static func newRecordId(at date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd"
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)
        return "IR-\(f.string(from: date))-\(random)"
    }
}

/// Fixed texts of the record, in our own words, each citing its source.
enum Notices {
    static let outcome21 = [
        "OUTCOME 21 NOTICE FOR THE CHILD AND FAMILY",
        "To be explained in person and given in writing once Outcome 21 has been decided.",
        "- The report has been recorded on police systems under the crime type that applies, as the",
        "  Home Office crime recording rules require.",
        "- Having weighed everything relevant, the police will take no further action this time.",
        "- The child has not been convicted of, or cautioned for, any offence in this investigation.",
        "- If an enhanced DBS check is needed in future, this record is unlikely to appear on it, unless",
        "  later investigations or action point to a relevant pattern of behaviour.",
        "- Whether anything is disclosed is decided by the chief officer of the force handling that",
        "  request, on all that is known at the time.",
        "Source: College of Policing briefing note, Actions 12 and 13 and its template for a formal record.",
    ]

    static let support = [
        "SUPPORT AND ADVICE",
        "- Internet Watch Foundation (IWF): report sexual images of anyone under 18 online, including on",
        "  sites that have no reporting tool of their own.",
        "- Childline: support for children and young people; works with the IWF to have images removed.",
        "- CEOP (National Crime Agency): for anyone worried that a child is being groomed, exploited or",
        "  sexually abused online.",
        "- NSPCC helpline for adults: advice for parents and carers on online safety, 0808 800 5002.",
        "- Professionals Online Safety Helpline: for staff supporting children, 0844 381 4772.",
        "Source: College of Policing briefing note, resources for professionals.",
    ]
}
