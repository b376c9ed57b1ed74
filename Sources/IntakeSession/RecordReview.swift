import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// A supervisor's review of a signed record (briefing note, Action 11): the officer's signature is
/// checked, the reviewer must hold another key, and the countersigned review is added under the
/// record's lock, only if the record has not changed since it was read.
package struct RecordReview: @unchecked Sendable {
    /// The record, locked and read.
    package let update: RecordUpdate
    /// A training record: reviewed in the training namespace.
    package let training: Bool
    let reviewer: (key: SigningKey, identity: Identity)

    /// Locks and checks `record` for review by the holder of `reviewerKey`. `problems` receives
    /// each signature check that failed, to print before the refusal.
    package static func begin(_ record: URL, verifier: RecordVerifier, reviewerKey: URL,
                             problems: (SignatureCheck) -> Void = { _ in }) throws(SessionError) -> RecordReview {
        let update = try RecordUpdate(record)
        let checks = verifier.verify(update.original, path: record.path)
        guard checks.allSatisfy(\.good), let officer = checks.first else {
            for check in checks where !check.good { problems(check) }
            // A sound signature by a key not trusted here is a colleague not yet trusted, not a bad
            // record: say how to trust them (issue 36).
            if checks.contains(where: { !$0.good && $0.keyUnknown }) {
                throw SessionError("the record's signer is not trusted here yet: check their key with them (intake keys show prints its code to read aloud), trust it with intake keys trust \(record.path), then review it")
            }
            throw SessionError("only a record whose signature is good, and that ends with it, can be reviewed: intake verify says what is wrong; ask the officer for the record as they signed it")
        }
        guard checks.count == 1 else { throw SessionError("this record has already been reviewed") }
        let reviewer: (key: SigningKey, identity: Identity)
        do {
            reviewer = try KeyRing.load(key: reviewerKey)
        } catch {
            throw SessionError("\(error)")
        }
        guard reviewer.key.publicKey.fingerprint != officer.fingerprint, reviewer.identity.principal != officer.signer else {
            throw SessionError("the record was signed with this same key; a review must come from another officer")
        }
        // Only a record made on the force's policy is countersigned (issue 31); a training record is
        // practice, and says so.
        let text = String(decoding: update.original, as: UTF8.self)
        if officer.namespace != Namespace.trainingRecord, let why = RecordPolicy.problem(in: text, flowSHA256: RecordPolicy.flowSHA256(in: text)) {
            throw SessionError("this record cannot be countersigned: \(why). Its flow must be shipped or approved (docs/flow-approval.md); the officer follows it up on an approved flow with intake update")
        }
        return RecordReview(update: update, training: officer.namespace == Namespace.trainingRecord, reviewer: reviewer)
    }

    /// Adds the finished review, countersigned, to the record. Returns the section added and the
    /// whole countersigned record.
    package func complete(_ review: Interview, policyLines: [String] = []) throws(SessionError) -> (section: String, signed: String) {
        let signer = RecordContext.Signer(identity: reviewer.identity, fingerprint: reviewer.key.publicKey.fingerprint)
        let section = ReviewText.render(review, reviewer: signer, training: training, policyLines: policyLines)
        let text = String(decoding: update.original, as: UTF8.self) + section
        let signed: String
        do {
            signed = try SignedRecord.sign(text, namespace: training ? Namespace.trainingReview : Namespace.review, key: reviewer.key)
        } catch {
            throw SessionError("\(error)")
        }
        try update.replace(with: signed)
        return (section, signed)
    }

    /// What became of the record's copy in one records folder.
    package enum WriteBack: Equatable, Sendable {
        /// The copy was the record as read, and now carries the review.
        case written(URL)
        /// The copy differs from the record that was reviewed (reviewed meanwhile, or another
        /// record of the same name): left as it is.
        case differs(URL)
        /// The copy could not be locked or replaced.
        case failed(URL, String)
    }

    /// Writes the countersigned record `signed` back over each copy of the reviewed record in
    /// `folders` (the records folder it came from, a team's shared folder): a supervisor often
    /// reviews a copy, and the officer's folder must not keep the unreviewed one. A copy is replaced
    /// only if it is byte for byte the record that was reviewed, under its own lock.
    package func writeBack(_ signed: String, to folders: [URL]) -> [WriteBack] {
        // A copy of the record as it was reviewed is the countersigned record before its review:
        // the rule `NewerCopy` keeps newer copies by, in one place.
        NewerCopy.replaceEarlier(with: Data(signed.utf8), from: update.url, in: folders)
    }
}
