import FoundationEssentials
import Glibc
import IntakeCore

extension RecordListing {
    /// The entries of verified reports, in the order given; a report whose file could not be read,
    /// or whose chain is broken, is an entry marked not verified, never left out.
    package static func entries(_ reports: [RecordFiles.Report]) -> [Entry] {
        reports.map { report in
            var entry = report.entry ?? Entry(path: report.record, id: report.id, caseId: nil, finished: nil, crimeReference: nil,
                                              officer: nil, signer: nil, flow: nil, version: nil, classification: nil,
                                              outcome21: .notApplicable, review: "not needed", reviewer: nil, supersededBy: nil,
                                              outstanding: [], training: false, verified: false,
                                              problems: report.signatures.map(\.message))
            entry.supersededBy = report.supersededBy
            if report.entry == nil { entry.policyProblem = report.policyProblem }
            if !report.good {
                entry.verified = false
                if report.signatures.allSatisfy(\.good) { entry.problems += report.chainProblems }
            }
            return entry
        }
    }

    /// What to list. Every filter narrows; a record that failed verification is listed whatever the
    /// filters say, so a bad file is flagged and never hidden.
    package struct Query: Sendable {
        /// Outcome 21 proposed, no review yet, and no later record of the case.
        package var awaitingReview = false
        /// Outcome 21 pending, and no later record of the case.
        package var undetermined = false
        /// Finished longer ago than this.
        package var olderThan: TimeInterval?
        /// Part of the officer's name, number, force or principal, any case.
        package var officer: String?
        /// Only training records (true), only operational ones (false), or both (nil).
        package var training: Bool?
        /// Only records made or reviewed on a flow that is not approved policy.
        package var unapproved = false
        /// The time `olderThan` counts back from.
        package var now = Date()
        /// The language of the 80-column table and the line that ends a listing (data formats are
        /// the same in every language).
        package var language: Language = .en

        package init() {}

        /// `before`: the time `olderThan` gives, worked out once for the whole list.
        func admits(_ e: Entry, before: String?) -> Bool {
            if !e.verified { return true }
            if awaitingReview, e.outcome21 != .proposed || e.supersededBy != nil { return false }
            if undetermined, e.outcome21 != .pending || e.supersededBy != nil { return false }
            if let training, e.training != training { return false }
            if unapproved, e.policyProblem == nil { return false }
            if let officer {
                let who = [e.officer, e.signer].compactMap { $0 }.joined(separator: " ")
                if !who.containsIgnoringCase(officer) { return false }
            }
            if let before {
                guard let finished = e.finished, finished < before else { return false }
            }
            return true
        }

        /// UTC ISO 8601 to the second: such times sort as text, so no record's time is parsed.
        static func utc(_ date: Date) -> String {
            UTCTime.text(date)
        }
    }

    /// The entries `query` admits, oldest first (records without a time last), then by id.
    package static func select(_ entries: [Entry], _ query: Query) -> [Entry] {
        let before = query.olderThan.map { Query.utc(query.now.addingTimeInterval(-$0)) }
        return entries.filter { query.admits($0, before: before) }.sorted { a, b in
            switch (a.finished, b.finished) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.id ?? a.path) < (b.id ?? b.path)
            }
        }
    }

    /// A column's heading and its value for an entry.
    static let columns: [(String, @Sendable (Entry) -> String)] = [
        ("ID", { $0.id ?? "-" }),
        ("FINISHED UTC", { $0.finished.map { String($0.prefix(16)).replacing("T", with: " ") } ?? "-" }),
        ("CRIME REF", { $0.crimeReference ?? "-" }),
        ("OFFICER", { $0.signer ?? $0.officer ?? "-" }),
        ("FLOW", { [$0.flow, $0.version].compactMap { $0 }.joined(separator: " ") }),
        ("CLASSIFICATION", { $0.classification ?? "-" }),
        ("OUTCOME 21", { $0.outcome21.rawValue }),
        ("REVIEW", { $0.review }),
        ("SUPERSEDED BY", { $0.supersededBy ?? "-" }),
        ("OUTSTANDING", { $0.outstanding.isEmpty ? "-" : $0.outstanding.joined(separator: ",") }),
        ("TRAINING", { $0.training ? "yes" : "no" }),
        ("POLICY", { $0.policyProblem == nil ? "approved" : "NOT APPROVED" }),
        ("VERIFIED", { $0.verified ? "yes" : "NO: " + $0.problems.joined(separator: "; ") }),
    ]

    /// The table a supervisor reads at 80 columns (issue 36): the record, how long ago it was
    /// finished, its state and the next step in words, each row cut to `width`. `--wide` has the rest.
    package static func narrow(_ entries: [Entry], now: Date, width: Int = 80, say: Language = .en) -> String {
        // The state is cut, not the next step: a long state ("training, child-needs, NOT APPROVED")
        // pushed "see IR-…" off the edge, and half an id names nothing.
        func capped(_ state: String) -> String { state.count > 17 ? state.prefix(16) + "…" : state }
        let rows = [[say(.listHeadId), say(.listHeadAge), say(.listHeadState), say(.listHeadNext)]] + entries.map { e in
            [e.id ?? "-", age(e.finished, now: now), capped(Visible.line(state(e, say))), next(e, say)].map(Visible.line)
        }
        return padded(rows, width: width)
    }

    /// `3h`, `2d`, `5w` since `finished` (UTC ISO 8601), or `-`.
    static func age(_ finished: String?, now: Date) -> String {
        guard let finished, let date = UTCTime.parse(finished) else { return "-" }
        let hours = max(0, Int(now.timeIntervalSince(date) / 3600))
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 14 { return "\(hours / 24)d" }
        return "\(hours / (24 * 7))w"
    }

    /// The record's state in a few words: what a supervisor scans the column for (Outcome 21's,
    /// where the flow decides one; else the classification).
    static func state(_ e: Entry, _ say: Language = .en) -> String {
        if !e.verified { return say(.listStateNotVerified) }
        var words: String
        if e.supersededBy != nil {
            words = say(.listStateSuperseded)
        } else {
            switch e.outcome21 {
            case .proposed: words = say(.listStateAwaiting)
            case .agreed: words = say(.listStateAgreed)
            case .disagreed: words = say(.listStateDisagreed)
            case .pending: words = say(.listStatePending)
            case .notApplicable: words = e.classification ?? "-"
            }
        }
        if e.policyProblem != nil { words = say(.listStateNotApproved, words) }
        return e.training ? say(.listStateTraining, words) : words
    }

    /// What happens next, in words.
    static func next(_ e: Entry, _ say: Language = .en) -> String {
        // The id is the first column: the commands are named, not repeated with it.
        if !e.verified { return say(.listNextVerify, e.problems.first ?? "why") }
        if let later = e.supersededBy { return say(.listNextSee, later) }
        switch e.outcome21 {
        case .proposed: return say(.listNextReview)
        case .agreed: return say(.listNextLetter)
        case .disagreed: return say(.listNextFollowUp)
        case .pending, .notApplicable: break
        }
        guard let first = e.nextToDo else { return "-" }
        // How many first: the line may be cut at the terminal's edge, the count never.
        return say(.listNextToDo, String(e.outstanding.count), first)
    }

    /// A table for the terminal, columns padded to their widest value.
    package static func table(_ entries: [Entry]) -> String {
        let rows = [columns.map(\.0)] + entries.map { e in columns.map { Visible.line($0.1(e)) } }
        return padded(rows)
    }

    /// Rows as lines, each column padded to its widest value (the last one left as it is); with
    /// `width`, a longer line is cut to it, ending "…".
    static func padded(_ rows: [[String]], width: Int? = nil) -> String {
        // Each row built once, and counted by its bytes when all are ASCII: counting every cell's
        // Characters and joining, splitting and joining the table again was a sixth of a cached
        // listing of 10,000 records.
        let plain = rows.map { $0.map(isASCII) }
        let lengths = zip(rows, plain).map { row, plain in zip(row, plain).map { $1 ? $0.utf8.count : $0.count } }
        let widths = (rows.first ?? []).indices.map { c in lengths.map { $0[c] }.max() ?? 0 }
        var out = ""
        for (r, row) in rows.enumerated() {
            var line = ""
            for c in row.indices {
                if c > 0 { line += "  " }
                line += row[c]
                if c < row.count - 1 { line += String(repeating: " ", count: widths[c] - lengths[r][c]) }
            }
            // Characters join across cells only where a cell is not ASCII: then the line is counted.
            let count = plain[r].allSatisfy { $0 } ? line.utf8.count : line.count
            if let width, count > width {
                var cut = line.prefix(width - 1)
                while cut.last == " " { cut.removeLast() }
                out += cut + "…"
            } else {
                out += line
            }
            out += "\n"
        }
        return out
    }

    /// Whether every byte of `text` is ASCII, so that its bytes are its Characters (a carriage
    /// return is not: before a line feed the two are one Character).
    static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
    }

    /// RFC 4180 CSV with a header row. A value a spreadsheet would run as a formula is prefixed `'`.
    package static func csv(_ entries: [Entry]) -> String {
        let header = ["id", "case", "finished", "crime_reference", "officer", "signer", "flow", "version", "classification",
                      "outcome21", "review", "reviewer", "superseded_by", "outstanding", "training", "verified", "problems", "path", "policy", "policy_problem"]
        let rows = entries.map { e in
            [e.id, e.caseId, e.finished, e.crimeReference, e.officer, e.signer, e.flow, e.version, e.classification,
             e.outcome21.rawValue, e.review, e.reviewer, e.supersededBy, e.outstanding.joined(separator: " "),
             e.training ? "yes" : "no", e.verified ? "yes" : "no", e.problems.joined(separator: "; "), e.path, e.policy, e.policyProblem].map { $0 ?? "" }
        }
        // Values come from records: shown, never obeyed, when the CSV is read on a terminal.
        return ([header] + rows).map { $0.map { csvField(Visible.line($0)) }.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+-@\t\r".contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacing("\"", with: "\"\"") + "\""
    }

    /// JSON: an array of entries, keys sorted.
    package static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Escaped so that no name or text in it acts on a terminal (DEL, C1, bidi overrides as \u202e).
        return Visible.json(String(decoding: (try? encoder.encode(value)) ?? Data("[]".utf8), as: UTF8.self)) + "\n"
    }

    /// One month's count of cases by Outcome 21 state, for a scrutiny panel.
    package struct MonthCount: Codable, Sendable, Equatable {
        /// `2026-11`, or `unknown` for records without a finish time.
        package var month: String
        /// Cases by Outcome 21 state (every state present, zero included).
        package var outcomes: [String: Int]
        /// Records that failed verification, counted apart: their contents cannot be relied on.
        package var unverified: Int
        package var total: Int

        package init(month: String, outcomes: [String: Int], unverified: Int, total: Int) {
            self.month = month
            self.outcomes = outcomes
            self.unverified = unverified
            self.total = total
        }
    }

    /// Counts by month and Outcome 21 state of each case's latest record (one superseded by a
    /// listed record is not counted again).
    package static func summary(_ entries: [Entry]) -> [MonthCount] {
        var months: [String: MonthCount] = [:]
        for e in entries where e.supersededBy == nil || !e.verified {
            let month = e.finished.map { String($0.prefix(7)) } ?? "unknown"
            var count = months[month] ?? MonthCount(month: month, outcomes: Dictionary(uniqueKeysWithValues: Outcome21.allCases.map { ($0.rawValue, 0) }),
                                                    unverified: 0, total: 0)
            if e.verified { count.outcomes[e.outcome21.rawValue, default: 0] += 1 } else { count.unverified += 1 }
            count.total += 1
            months[month] = count
        }
        return months.values.sorted { $0.month < $1.month }
    }

    /// The summary as a table (`csv` false) or CSV.
    package static func summaryText(_ counts: [MonthCount], csv: Bool) -> String {
        let states = Outcome21.allCases.map(\.rawValue)
        let header = ["month"] + states + ["unverified", "total"]
        let rows = counts.map { c in [c.month] + states.map { String(c.outcomes[$0] ?? 0) } + [String(c.unverified), String(c.total)] }
        if csv { return ([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n" }
        return padded([header.map { $0.uppercased() }] + rows)
    }
}

extension RecordListing {
    /// How `intake records` prints.
    package enum Format: String, Sendable, CaseIterable { case table, wide, json, csv }

    /// `intake records` on folders: every record under `sources` verified against `trust` (unchanged
    /// ones from `index`, when given), the same file in two folders listed once, `query` applied,
    /// printed as `format` (or counted, for `summary`). Returns the report and the failures of the
    /// records that did not verify, whose most serious sets the exit status.
    /// A refusal naming each of `named` (folders or files given on the command line) that does not
    /// exist, or nil when every one does: a mistyped folder is an error, never an empty listing or
    /// a row for a record that is not there (issue 36).
    package static func missing(_ named: [String]) -> Report? {
        let absent = named.filter { !FileManager.default.fileExists(atPath: $0) }
        guard !absent.isEmpty else { return nil }
        var report = Report()
        for path in absent {
            report.error("intake records: \(Visible.line(path)): no such folder or file; name a folder of records, or leave it out to list your own")
        }
        report.failed = true
        report.status = Exit.invalidInput
        return report
    }

    package static func report(_ sources: [String], trust: TrustFiles, index: RecordIndex?, query: Query, format: Format,
                               summary: Bool) -> (report: Report, failures: [SignatureCheck.Failure]) {
        var report = Report()
        let say = query.language
        var seen = Set<String>()
        let reports = RecordFiles.list(sources.flatMap(RecordFiles.expand), with: trust.verifier, index: index)
            .filter { seen.insert($0.sha256 ?? $0.record).inserted }
        let listed = select(entries(reports), query)
        if summary {
            // A scrutiny panel counts operational cases unless training ones are asked for.
            let counts = self.summary(listed.filter { $0.training == (query.training ?? false) || !$0.verified })
            report.out(format == .json ? json(counts) : summaryText(counts, csv: format == .csv), terminator: "")
        } else {
            switch format {
            case .table: report.out(listed.isEmpty ? say(.listNoMatch) + "\n" : narrow(listed, now: query.now, say: say), terminator: "")
            case .wide: report.out(listed.isEmpty ? "No records match.\n" : table(listed), terminator: "")
            case .json: report.out(json(listed), terminator: "")
            case .csv: report.out(csv(listed), terminator: "")
            }
        }
        let bad = listed.filter { !$0.verified }
        let from = Visible.line(sources.joined(separator: ", "))
        report.error((listed.count == 1 ? say(.listListedOne, from) : say(.listListedMany, String(listed.count), from))
                     + (bad.isEmpty ? say(.listAllVerified) : say(.listSomeNotVerified, String(bad.count))))
        return (report, bad.map { $0.failure ?? .bad })
    }
}

extension RecordListing.Query {
    /// `--older-than`: a number and h, d or w (36h, 7d, 2w), in seconds; nil when it is not one.
    package static func age(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["h": 3600, "d": 86400, "w": 604800]
        guard let unit = text.last.flatMap({ units[$0] }), let n = Double(text.dropLast()), n >= 0, n.isFinite else { return nil }
        return n * unit
    }
}
