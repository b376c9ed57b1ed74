import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeStore

/// `intake records` when a store is set: the filters run in SQL, every record shown is verified here.
struct StoreRecords: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List records from the store (intake records does this when a store is set); --summary counts for the panel.")

    @Flag(help: "Only Outcome 21 proposals no senior officer has reviewed yet, latest of their case.") var awaitingReview = false
    @Flag(help: "Only records whose Outcome 21 is pending, latest of their case.") var undetermined = false
    @Option(help: "Only records finished longer ago than this: a number and d, h or w.") var olderThan: String?
    @Option(help: "Only records by an officer whose principal contains this.") var officer: String?
    @Flag(inversion: .prefixedNo, help: "Only training records, or only operational ones.") var training: Bool?
    @Flag(help: "Only records made on a flow that is not approved policy.") var unapproved = false
    @Option(help: "Output: table, json or csv.") var format: String = "table"
    @Flag(help: "Count cases by month and Outcome 21 state (the panel's view).") var summary = false
    @Flag(help: .hidden) var noCache = false
    /// For scripts/bench-store: runs the query, says how long it took, verifies and prints nothing.
    @Flag(help: .hidden) var queryOnly = false
    @OptionGroup var options: StoreOptions

    func run() async throws {
        guard ["table", "json", "csv"].contains(format) else { throw fail("--format is table, json or csv", code: 1) }
        if summary {
            let counts: [RecordListing.MonthCount] = try await options.using { store throws(StoreError) in try await store.summary() }
            print(format == "json" ? RecordListing.json(counts) : RecordListing.summaryText(counts, csv: format == "csv"), terminator: "")
            return
        }
        var query = StoreQuery()
        query.awaitingReview = awaitingReview
        query.undetermined = undetermined
        query.officer = officer
        query.training = training
        query.unapproved = unapproved
        if let olderThan {
            guard let seconds = Self.age(olderThan) else { throw fail("--older-than is a number and d, h or w (7d, 36h, 2w)", code: 1) }
            query.finishedBefore = Date().addingTimeInterval(-seconds)
        }
        _ = try options.address()
        let trust = try options.trust()
        let store = try await options.connect()
        let started = Date()
        let listed: [(id: String, sha256: String)]
        do { listed = try await store.list(query) } catch { await store.close(); throw storeFailure(error) }
        if queryOnly {
            await store.close()
            printError("\(listed.count) rows, query \(Int(Date().timeIntervalSince(started) * 1000)) ms")
            return
        }
        var cache = VerifiedCache(url: Locations.cache().appendingPathComponent("store-verified.json"), trustText: trust.text)
        let missing = listed.filter { cache.entry($0.sha256) == nil }.map(\.id)
        let fetched: [StoredRecord]
        do { fetched = try await store.records(missing) } catch { await store.close(); throw storeFailure(error) }
        await store.close()
        let fresh = Dictionary(Self.verified(fetched, verifier: trust.verifier).compactMap { e in e.id.map { ($0, e) } }, uniquingKeysWith: { a, _ in a })
        for row in fetched { if let e = fresh[row.id] { cache.keep(row.sha256, e) } }
        cache.save()
        let entries = listed.compactMap { cache.entry($0.sha256) ?? fresh[$0.id] }
        switch format {
        case "json": print(RecordListing.json(entries), terminator: "")
        case "csv": print(RecordListing.csv(entries), terminator: "")
        default: print(entries.isEmpty ? "No records match.\n" : RecordListing.table(entries), terminator: "")
        }
        let bad = entries.filter { !$0.verified }
        printError("\(entries.count) record\(entries.count == 1 ? "" : "s") listed from the store"
                   + (bad.isEmpty ? "; every one verified" : "; \(bad.count) NOT VERIFIED (its bytes in the store fail)"))
        if !bad.isEmpty { throw ExitCode(4) }
    }

    /// Each row verified from its bytes, as a file would be, on every core (rows are independent).
    static func verified(_ rows: [StoredRecord], verifier: RecordVerifier) -> [RecordListing.Entry] {
        let reports = Reports(count: rows.count)
        DispatchQueue.concurrentPerform(iterations: rows.count) { i in
            let row = rows[i]
            var report = RecordFiles.report(row.bytes, name: "store:\(row.id)", with: verifier)
            if sha256Hex(row.bytes) != row.sha256 || report.id != row.id {
                report.good = false
                report.entry?.verified = false
                report.entry?.problems.append("the store's columns do not match its bytes")
            }
            reports.set(i, report)
        }
        return RecordListing.entries(RecordFiles.chained(reports.all))
    }

    /// Reports filled from several threads, each index once.
    final class Reports: @unchecked Sendable {
        private var slots: [RecordFiles.Report?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: RecordFiles.Report) { lock.lock(); slots[i] = value; lock.unlock() }
        var all: [RecordFiles.Report] { slots.map { $0! } }
    }

    static func age(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["h": 3600, "d": 86400, "w": 604800]
        guard let unit = text.last.flatMap({ units[$0] }), let n = Double(text.dropLast()), n >= 0, n.isFinite else { return nil }
        return n * unit
    }
}

/// `intake store export`: the columns a force's records system takes, from records verified here.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every operational record you may read, verified, as CSV or JSON for the force's records system (outcome code 21 only once a senior officer agreed).")

    @Option(help: "csv or json.") var format: String = "csv"
    @OptionGroup var options: StoreOptions

    func run() async throws {
        guard ["csv", "json"].contains(format) else { throw fail("--format is csv or json", code: 1) }
        _ = try options.address()
        let verifier = try options.trust().verifier
        var query = StoreQuery()
        query.training = false
        query.limit = 1_000_000
        let rows: [StoredRecord] = try await options.using { store throws(StoreError) in try await store.records(try await store.list(query).map { $0.id }) }
        let entries = StoreRecords.verified(rows, verifier: verifier)
        let shas = Dictionary(rows.map { ($0.id, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let out = entries.compactMap { e in e.id.flatMap { shas[$0] }.flatMap { ExportRow(e, sha256: $0) } }
        if format == "json" {
            print(RecordListing.json(out), terminator: "")
        } else {
            let header = ["id", "case_id", "finished", "officer", "flow", "flow_version", "classification", "outcome21", "review",
                          "reviewer", "outcome_code", "latest", "sha256"]
            var text = header.joined(separator: ",") + "\r\n"
            for r in out {
                let fields = [r.id, r.caseId, r.finished ?? "", r.officer, r.flow ?? "", r.flowVersion ?? "", r.classification ?? "",
                              r.outcome21, r.review, r.reviewer ?? "", r.outcomeCode, r.latest ? "yes" : "no", r.sha256]
                text += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
            }
            print(text, terminator: "")
        }
        let bad = entries.count - out.count
        printError("\(out.count) record\(out.count == 1 ? "" : "s") exported" + (bad > 0 ? "; \(bad) NOT VERIFIED and left out" : ""))
        if bad > 0 { throw ExitCode(4) }
    }

    /// A CSV field, quoted when needed, with a leading =, +, - or @ defused for spreadsheets.
    static func csvField(_ value: String) -> String {
        var v = Visible.line(value)
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        return v.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
    }
}
