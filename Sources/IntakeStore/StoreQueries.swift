import Foundation
import IntakeRecords
import PostgresNIO

/// The filters of `intake records`, done in SQL against the stored columns. What is shown is then
/// verified from its bytes here, so a column altered in the database cannot make a bad record look good.
package struct StoreQuery: Sendable {
    package var awaitingReview = false
    package var undetermined = false
    package var finishedBefore: Date?
    package var officer: String?
    package var training: Bool?
    package var unapproved = false
    package var limit = 10_000

    package init() {}
}

/// One disposal decision.
package struct Disposal: Sendable, Equatable {
    /// `disposed`, `held` or `open`.
    package var status: String
    package var caseId: String
    package var recordId: String?
    package var sha256: String?
}

/// The columns a force's records system takes from the store.
package struct ExportRow: Codable, Sendable, Equatable {
    package var id: String
    package var caseId: String
    package var supersedes: String?
    package var finished: String?
    package var officer: String
    package var flow: String?
    package var flowVersion: String?
    package var classification: String?
    package var outcome21: String
    package var review: String
    package var reviewer: String?
    /// `21` only once a senior officer's review agreed; empty before.
    package var outcomeCode: String
    package var sha256: String
    package var latest: Bool
}

extension StoreConnection {
    /// The records matching `query` that this user may read, each case's latest first by finish
    /// time: ids and the SHA-256 the server holds, no bytes (see `records(_:)`).
    package func list(_ query: StoreQuery) async throws(StoreError) -> [(id: String, sha256: String)] {
        // Only the filters asked for go into the SQL, so the planner sees each as it is: written as
        // `NOT $1 OR …`, the latest-of-case test ran once a row and the queue took ten times psql's.
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 512, interpolationCount: 4)
        sql.appendLiteral("SELECT r.id, r.sha256 FROM intake.records r WHERE true")
        if query.awaitingReview || query.undetermined {
            sql.appendLiteral(" AND NOT EXISTS (SELECT 1 FROM intake.records s WHERE s.supersedes = r.id)")
        }
        if query.awaitingReview { sql.appendLiteral(" AND r.review_state = 'awaiting review'") }
        if query.undetermined { sql.appendLiteral(" AND r.outcome21 = 'pending'") }
        if let before = query.finishedBefore {
            sql.appendLiteral(" AND r.finished < ")
            sql.appendInterpolation(before)
        }
        if let officer = query.officer {
            let pattern = "%" + officer.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            sql.appendLiteral(" AND (r.signer ILIKE ")
            sql.appendInterpolation(pattern)
            sql.appendLiteral(" OR r.pushed_by ILIKE ")
            sql.appendInterpolation(pattern)
            sql.appendLiteral(")")
        }
        if let training = query.training { sql.appendLiteral(training ? " AND r.training" : " AND NOT r.training") }
        if query.unapproved { sql.appendLiteral(" AND (r.flow_policy IS NULL OR r.flow_policy LIKE 'NOT APPROVED%')") }
        sql.appendLiteral(" ORDER BY r.finished NULLS LAST, r.id LIMIT ")
        sql.appendInterpolation(query.limit)
        return try each(try await rows(PostgresQuery(stringInterpolation: sql))) { row throws(StoreError) in
            let (id, sha) = try decode(row, (String, String).self)
            return (id, sha)
        }
    }

    /// The stored bytes of records `ids` this user may read.
    package func records(_ ids: [String]) async throws(StoreError) -> [StoredRecord] {
        guard !ids.isEmpty else { return [] }
        return try each(try await rows("SELECT id, bytes, sha256, changed_at FROM intake.records WHERE id = ANY(\(ids))")) { row throws(StoreError) in
            let (id, bytes, sha, changed) = try decode(row, (String, Data, String, Date).self)
            return StoredRecord(id: id, bytes: bytes, sha256: sha, changed: changed)
        }
    }

    /// The panel's counts: each case's latest operational record by month and Outcome 21 state.
    package func summary() async throws(StoreError) -> [RecordListing.MonthCount] {
        var months: [String: RecordListing.MonthCount] = [:]
        for row in try await rows("SELECT coalesce(month, 'unknown'), outcome21, cases FROM intake.summary") {
            let (month, state, n) = try decode(row, (String, String, Int).self)
            var count = months[month] ?? RecordListing.MonthCount(
                month: month, outcomes: Dictionary(uniqueKeysWithValues: RecordListing.Outcome21.allCases.map { ($0.rawValue, 0) }),
                unverified: 0, total: 0)
            count.outcomes[state, default: 0] += n
            count.total += n
            months[month] = count
        }
        return months.values.sorted { $0.month < $1.month }
    }

    /// Deletes cases whose latest record finished before `before`, except those on hold or open.
    package func dispose(before: Date, reason: String) async throws(StoreError) -> [Disposal] {
        try each(try await rows("SELECT status, case_id, record_id, sha256 FROM intake.dispose(\(before), \(reason))")) { row throws(StoreError) in
            let (status, caseId, id, sha) = try decode(row, (String, String, String?, String?).self)
            return Disposal(status: status, caseId: caseId, recordId: id, sha256: sha)
        }
    }

    /// Puts a case on hold (a reason) or lifts it (nil): a held case is never disposed.
    package func hold(case caseId: String, reason: String?) async throws(StoreError) -> Int {
        guard let row = try await rows("SELECT intake.set_hold(\(caseId), \(reason ?? ""))").first else { return 0 }
        return try decode(row, Int.self)
    }
}

extension ExportRow {
    /// The row of a record that verified here, or nil: a record that fails is never exported.
    package init?(_ entry: RecordListing.Entry, sha256: String) {
        guard entry.verified, let id = entry.id else { return nil }
        self.init(id: id, caseId: entry.caseId ?? id, supersedes: nil, finished: entry.finished, officer: entry.signer ?? entry.officer ?? "",
                  flow: entry.flow, flowVersion: entry.version, classification: entry.classification,
                  outcome21: entry.outcome21.rawValue, review: entry.review, reviewer: entry.reviewer,
                  outcomeCode: entry.outcome21 == .agreed && entry.reviewer != nil ? "21" : "", sha256: sha256,
                  latest: entry.supersededBy == nil)
    }
}
