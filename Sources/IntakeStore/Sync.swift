import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// What this machine has told the store, kept beside the records (`sync.json`, 0600): for each record
/// id, the SHA-256 the server acknowledged and when, or why it refused. An officer proves what they
/// sent with it; a record whose bytes differ from what was acknowledged is waiting again.
package struct SyncState: Codable, Sendable, Equatable {
    package struct Ack: Codable, Sendable, Equatable {
        /// `stored`, `refused`, `forked` or `conflict`.
        package var status: String
        /// The SHA-256 of the bytes pushed.
        package var sha256: String
        /// The SHA-256 the server holds (a follow-up refused as forked: the winning record's id).
        package var server: String?
        package var at: String
        package var detail: String?
    }

    package var sent: [String: Ack] = [:]
    /// The server's change time of the newest row pulled.
    package var pulledUntil: Date?

    package init() {}

    static func load(_ url: URL) -> SyncState {
        guard let data = FileManager.default.contents(atPath: url.path),
              let state = try? JSONDecoder().decode(SyncState.self, from: data) else { return SyncState() }
        return state
    }

    func save(_ url: URL) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(self) else { return }
        do {
            try RecordStore(directory: url.deletingLastPathComponent()).replace(url, contents: String(decoding: data, as: UTF8.self))
        } catch {
            throw .server("cannot keep what the store acknowledged in \(url.path): \(error)")
        }
    }
}

/// `intake sync`: pushes what this machine has not sent, pulls what concerns its user. The local
/// files stay the truth for this officer; the store is the force's meeting place. Every record read
/// from the store is verified here before it is written anywhere.
package struct Sync: Sendable {
    /// `$XDG_DATA_HOME/intake`.
    package let dataFolder: URL
    package let verifier: RecordVerifier

    package init(dataFolder: URL, verifier: RecordVerifier) {
        self.dataFolder = dataFolder
        self.verifier = verifier
    }

    /// This officer's records: the outbox.
    package var records: URL { dataFolder.appendingPathComponent("records") }
    /// Records pulled from the store that are not this officer's own (a team's, awaiting review).
    package var pulled: URL { dataFolder.appendingPathComponent("store") }
    package var stateFile: URL { dataFolder.appendingPathComponent("sync.json") }

    /// One line of what happened.
    package struct Line: Sendable, Equatable {
        package enum Kind: String, Sendable { case sent, already, refused, forked, conflict, failed, pulled, updated, unverified }
        package var kind: Kind
        package var id: String
        package var text: String
    }

    /// A record file's place in the outbox.
    package struct Waiting: Sendable, Equatable {
        package var path: String
        package var id: String
        package var sha256: String
        /// What the server last said of these bytes, nil when not yet sent.
        package var ack: SyncState.Ack?
    }

    /// Every record in the outbox with what the store acknowledged of it: this officer's records,
    /// and records fetched from the store that were reviewed here (a supervisor's review is sent
    /// from the copy it was made on).
    package func status() -> [Waiting] {
        let state = SyncState.load(stateFile)
        let files = RecordFiles.expand(records.path) + (FileManager.default.fileExists(atPath: pulled.path) ? RecordFiles.expand(pulled.path) : [])
        return files.compactMap { path in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let id = RecordHeader(data).id ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let sha = sha256Hex(data)
            let ack = state.sent[id].flatMap { $0.sha256 == sha ? $0 : nil }
            return Waiting(path: path, id: id, sha256: sha, ack: ack)
        }
    }

    /// Holds the sync lock: one sync per data folder at a time.
    func lock() throws(StoreError) -> FileLock {
        do {
            return try FileLock(dataFolder.appendingPathComponent("locks").appendingPathComponent("sync.lock"))
        } catch {
            throw .server("another intake sync is running here (\(error)); wait for it to finish")
        }
    }

    /// Pushes `files` (default: every record in the outbox not acknowledged as it now is). Each answer
    /// is kept as soon as it comes, so a sync killed half way sends only the rest next time.
    package func push(_ store: StoreConnection, files: [String]? = nil, now: Date = Date()) async throws(StoreError) -> [Line] {
        let held = try lock()
        defer { _ = held }
        var state = SyncState.load(stateFile)
        var lines: [Line] = []
        let paths = files ?? status().filter { $0.ack == nil }.map(\.path)
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                lines.append(Line(kind: .failed, id: path, text: "cannot read \(path)"))
                continue
            }
            let report = RecordFiles.report(data, name: path, with: verifier)
            let id = report.id ?? path
            let sha = sha256Hex(data)
            if let ack = state.sent[id], ack.sha256 == sha, ack.status == "stored" {
                lines.append(Line(kind: .already, id: id, text: "\(id): acknowledged before (SHA-256 \(sha))"))
                continue
            }
            guard report.good, report.id != nil else {
                let why = report.signatures.filter { !$0.good }.map(\.message).first ?? "it does not verify"
                lines.append(Line(kind: .failed, id: id, text: "\(id): NOT sent: \(why); intake verify \(path) says more"))
                continue
            }
            let result: PushResult
            do {
                if report.signatures.count >= 2 {
                    result = try await pushReviewed(store, data: data, report: report, id: id, path: path)
                } else {
                    result = try await store.push(data, columns: RecordColumns(report: report, data: data))
                }
            } catch {
                try? state.save(stateFile)
                throw error
            }
            state.sent[id] = SyncState.Ack(status: result.status.rawValue, sha256: sha, server: result.sha256,
                                           at: ISO8601DateFormatter().string(from: now), detail: result.detail)
            lines.append(Self.line(result, sha: sha))
            // Kept every hundred answers and at the end (an fsync each made a push of 1,000 seven
            // times slower than psql's); a sync killed between sends those again, a no-op.
            if lines.count % 100 == 0 { try state.save(stateFile) }
        }
        try state.save(stateFile)
        return lines
    }

    /// A record with a review: the record as the officer signed it goes first (a no-op when there),
    /// then the review, as a compare-and-swap on that record's SHA-256.
    private func pushReviewed(_ store: StoreConnection, data: Data, report: RecordFiles.Report, id: String, path: String) async throws(StoreError) -> PushResult {
        let original = Self.officerPart(data)
        let originalReport = RecordFiles.report(original, name: path, with: verifier)
        let first = try await store.push(original, columns: RecordColumns(report: originalReport, data: original))
        if first.status == .refused || first.status == .forked { return first }
        return try await store.pushReview(id: id, expected: sha256Hex(original), data, columns: RecordColumns(report: report, data: data))
    }

    /// The record as its officer signed it: everything up to the end of its first signature.
    package static func officerPart(_ data: Data) -> Data {
        let end = Data("\n-----END SSH SIGNATURE-----\n".utf8)
        guard let r = data.range(of: end) else { return data }
        return data.subdata(in: data.startIndex..<r.upperBound)
    }

    static func line(_ result: PushResult, sha: String) -> Line {
        let id = result.id
        switch result.status {
        case .stored:
            return result.detail == "already stored"
                ? Line(kind: .already, id: id, text: "\(id): the store already holds these bytes (SHA-256 \(sha))")
                : Line(kind: .sent, id: id, text: "\(id): sent; the store acknowledged SHA-256 \(result.sha256 ?? sha)")
        case .refused:
            return Line(kind: .refused, id: id, text: "\(id): REFUSED: \(Visible.line(result.detail ?? "other bytes are stored under this id")); nothing was changed. Keep this file and tell the force's administrator")
        case .forked:
            return Line(kind: .forked, id: id, text: "\(id): REFUSED: \(Visible.line(result.detail ?? "followed up already")). This record is kept here; follow up \(result.sha256 ?? "that record") instead (intake update \(result.sha256 ?? "ID") --answers this record's file)")
        case .conflict:
            return Line(kind: .conflict, id: id, text: "\(id): REFUSED: \(Visible.line(result.detail ?? "reviewed already")). Your countersigned review is kept, in the store and here")
        case .missing:
            return Line(kind: .failed, id: id, text: "\(id): \(Visible.line(result.detail ?? "not in the store"))")
        }
    }

    /// Pulls what changed since the last pull (with five minutes' overlap, for transactions that
    /// committed late; the same bytes again change nothing). A row that does not verify is reported
    /// and written nowhere. A review of one of this officer's records replaces its copy in the
    /// records folder when that copy is exactly the record reviewed.
    package func pull(_ store: StoreConnection) async throws(StoreError) -> [Line] {
        let held = try lock()
        defer { _ = held }
        var state = SyncState.load(stateFile)
        let since = (state.pulledUntil ?? Date(timeIntervalSince1970: 0)).addingTimeInterval(-300)
        let rows = try await store.pull(since: since)
        var lines: [Line] = []
        for row in rows {
            let taken = take(row)
            lines += taken
            if !taken.contains(where: { $0.kind == .unverified || $0.kind == .failed }) {
                // What came from the store is what the store holds: nothing to send back.
                state.sent[row.id] = SyncState.Ack(status: "stored", sha256: row.sha256, server: row.sha256,
                                                   at: ISO8601DateFormatter().string(from: Date()), detail: "fetched from the store")
            }
            state.pulledUntil = max(state.pulledUntil ?? row.changed, row.changed)
        }
        try state.save(stateFile)
        return lines
    }

    /// Verifies one row from the store and keeps it, if it is good.
    package func take(_ row: StoredRecord) -> [Line] {
        // Bytes already kept here were verified when they were written: nothing to do.
        for folder in [records, pulled] where FileManager.default.contents(atPath: folder.appendingPathComponent(row.id + ".txt").path) == row.bytes {
            return []
        }
        let name = "store:\(row.id)"
        let report = RecordFiles.report(row.bytes, name: name, with: verifier)
        guard report.good, report.id == row.id, sha256Hex(row.bytes) == row.sha256 else {
            let why = report.signatures.filter { !$0.good }.map(\.message).first
                ?? (report.id != row.id ? "its Record: line says \(report.id ?? "nothing"), not \(row.id)" : "its bytes do not hash to the SHA-256 the store gives")
            return [Line(kind: .unverified, id: row.id, text: "\(row.id): NOT VERIFIED, not kept: \(Visible.line(why)). The store's copy was altered or is not a good record; tell the force's administrator")]
        }
        var lines: [Line] = []
        let own = records.appendingPathComponent(row.id + ".txt")
        if let local = FileManager.default.contents(atPath: own.path) {
            if local != row.bytes, row.bytes.starts(with: local) {
                do {
                    let update = try RecordUpdate(own)
                    try update.replace(with: String(decoding: row.bytes, as: UTF8.self))
                    lines.append(Line(kind: .updated, id: row.id, text: "\(row.id): reviewed; your copy now carries the review (\(own.path))"))
                } catch {
                    lines.append(Line(kind: .failed, id: row.id, text: "\(row.id): the review could not be added to \(own.path): \(error)"))
                }
            }
            return lines
        }
        let copy = pulled.appendingPathComponent(row.id + ".txt")
        if FileManager.default.contents(atPath: copy.path) == row.bytes { return lines }
        do {
            let folder = RecordStore(directory: pulled)
            if FileManager.default.fileExists(atPath: copy.path) {
                try folder.replace(copy, contents: String(decoding: row.bytes, as: UTF8.self))
            } else {
                _ = try folder.create(row.id + ".txt", contents: String(decoding: row.bytes, as: UTF8.self))
            }
            lines.append(Line(kind: .pulled, id: row.id, text: "\(row.id): pulled to \(copy.path)"))
        } catch {
            lines.append(Line(kind: .failed, id: row.id, text: "\(row.id): cannot keep it in \(copy.path): \(error)"))
        }
        return lines
    }
}
