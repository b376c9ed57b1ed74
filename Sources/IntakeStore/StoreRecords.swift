import Foundation
import IntakeCore
import IntakeRecords
import NIOCore
import PostgresNIO

/// What the server said to a push.
package struct PushResult: Sendable, Equatable {
    package enum Status: String, Sendable {
        /// Stored now, or these very bytes were stored before.
        case stored
        /// Other bytes are stored under this id: nothing changed.
        case refused
        /// The record it supersedes was followed up already: `sha256` names the winning record.
        case forked
        /// Another review came first; this one is kept as a conflicting review.
        case conflict
        /// The record a review is of is not in the store yet.
        case missing
    }
    package var status: Status
    package var id: String
    /// The SHA-256 the server holds for the id (or, when forked, the winner's id).
    package var sha256: String?
    package var detail: String?
}

/// One stored record, as read back.
package struct StoredRecord: Sendable {
    package var id: String
    package var bytes: Data
    package var sha256: String
    package var changed: Date
}

/// The columns a record is pushed with, read from bytes that verified here. The server reads the id,
/// case and supersedes from the bytes itself; these describe the record for listing and counting.
package struct RecordColumns: Sendable, Equatable {
    package var json: String

    /// Columns given as a JSON object (tests, and tools that read records some other way).
    package init(json: String) { self.json = json }

    package init(report: RecordFiles.Report, data: Data) {
        let entry = report.entry
        var fields: [String: Any] = [
            "outcome21": entry?.outcome21.rawValue ?? "not applicable",
            "review": entry?.review ?? "not needed",
            "training": entry?.training ?? false,
            "outstanding": entry?.outstanding.count ?? 0,
        ]
        let text = String(decoding: data, as: UTF8.self)
        let optional: [String: String?] = [
            "flow": entry?.flow, "version": entry?.version, "signer": entry?.signer, "finished": entry?.finished,
            "classification": entry?.classification, "reviewer": entry?.reviewer, "policy": entry?.policy,
            "fingerprint": report.signatures.first?.fingerprint, "flowSHA256": RecordPolicy.flowSHA256(in: text),
        ]
        for (key, value) in optional { if let value { fields[key] = value } }
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        json = String(decoding: data, as: UTF8.self)
    }
}

extension StoreConnection {
    /// Pushes a record's signed bytes. The same bytes twice is a no-op.
    package func push(_ data: Data, columns: RecordColumns) async throws(StoreError) -> PushResult {
        try result(try await rows("SELECT status, record_id, sha256, detail FROM intake.push_record(\(ByteBuffer(bytes: data)), \(columns.json)::jsonb)"))
    }

    /// Pushes a review: `data` is the record as stored (SHA-256 `expected`) with the countersigned
    /// review after it. Refused, and kept as a conflicting review, if the record changed meanwhile.
    package func pushReview(id: String, expected: String, _ data: Data, columns: RecordColumns) async throws(StoreError) -> PushResult {
        try result(try await rows("SELECT status, record_id, sha256, detail FROM intake.push_review(\(id), \(expected), \(ByteBuffer(bytes: data)), \(columns.json)::jsonb)"))
    }

    private func result(_ rows: [PostgresRow]) throws(StoreError) -> PushResult {
        guard let row = rows.first else { throw .server("the store did not answer the push") }
        let (status, id, sha, detail) = try decode(row, (String, String, String?, String?).self)
        guard let s = PushResult.Status(rawValue: status) else { throw .server("the store answered \(Visible.line(status))") }
        return PushResult(status: s, id: id, sha256: sha, detail: detail)
    }

    /// What changed for this user after `since`: their cases, and (for a supervisor) the team's
    /// records awaiting review. Each is logged as pulled.
    package func pull(since: Date) async throws(StoreError) -> [StoredRecord] {
        try each(try await rows("SELECT id, bytes, sha256, changed_at FROM intake.pull(\(since))")) { row throws(StoreError) in
            let (id, bytes, sha, changed) = try decode(row, (String, Data, String, Date).self)
            return StoredRecord(id: id, bytes: bytes, sha256: sha, changed: changed)
        }
    }

    /// One record this user may read, by id.
    package func fetch(_ id: String) async throws(StoreError) -> StoredRecord? {
        let found = try await rows("SELECT id, bytes, sha256, changed_at FROM intake.records WHERE id = \(id)")
        guard let row = found.first else { return nil }
        let (rid, bytes, sha, changed) = try decode(row, (String, Data, String, Date).self)
        _ = try? await rows("SELECT intake.log('fetch', \(rid), \(sha))")
        return StoredRecord(id: rid, bytes: bytes, sha256: sha, changed: changed)
    }

    /// The record that supersedes `id` in the store, with who signed it, if any.
    package func followUp(of id: String) async throws(StoreError) -> (id: String, signer: String)? {
        let found = try await rows("SELECT record_id, signer FROM intake.follow_up_of(\(id))")
        guard let row = found.first else { return nil }
        let (winner, signer) = try decode(row, (String, String).self)
        return (winner, signer)
    }

    /// Conflicting reviews this user may see, by record id: who reviewed, and who won.
    package func conflictingReviews() async throws(StoreError) -> [(record: String, reviewer: String, sha256: String)] {
        try each(try await rows("SELECT record_id, reviewer, sha256 FROM intake.conflicting_reviews ORDER BY n")) { row throws(StoreError) in
            let (id, reviewer, sha) = try decode(row, (String, String, String).self)
            return (id, reviewer, sha)
        }
    }
}
