import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// The end of an interview: the record's text, signed with the officer's key and stored, never
/// overwriting another. Whatever fails, the text is handed back, so nothing the officer said is lost.
package enum Finish {
    /// How it went.
    package enum Result: Equatable, Sendable {
        /// Signed and stored at this path; `text` is the signed record.
        case saved(text: String, path: String)
        /// Not signed (no usable key) or not stored: `text` is all there is, and `why` says what failed.
        case notSaved(text: String, why: String)
    }

    /// Signs `interview`'s record with the key at `key` and stores it in `records` as `ID.txt`.
    package static func record(_ interview: Interview, context: RecordContext, key: URL, records: RecordStore) -> Result {
        var context = context
        let loaded: (key: SigningKey, identity: Identity)
        do {
            loaded = try KeyRing.load(key: key)
        } catch {
            return .notSaved(text: RecordText.render(interview, context: context), why: "NOT signed or saved: \(error)")
        }
        context.officer = RecordContext.Signer(identity: loaded.identity, fingerprint: loaded.key.publicKey.fingerprint)
        let body = RecordText.render(interview, context: context)
        do {
            let signed = try SignedRecord.sign(body, namespace: context.training ? Namespace.trainingRecord : Namespace.record, key: loaded.key)
            let saved = try records.create((context.recordId ?? "record") + ".txt", contents: signed)
            return .saved(text: signed, path: saved.path)
        } catch {
            return .notSaved(text: body, why: "NOT saved: \(error)")
        }
    }
}
