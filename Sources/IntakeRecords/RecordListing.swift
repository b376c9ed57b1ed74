import Foundation
import IntakeCore

/// `intake records`: what a supervisor or a scrutiny panel needs to know of each record, read from the
/// signed files themselves (they stay the truth; nothing is kept beside them).
public enum RecordListing {
    /// Where a record's Outcome 21 stands.
    public enum Outcome21: String, Codable, Sendable, CaseIterable {
        /// Proposed by the officer, no senior review yet.
        case proposed
        /// Proposed, and a senior officer's countersigned review agreed.
        case agreed
        /// Proposed, and the review disagreed.
        case disagreed
        /// Facts, checks or decisions outstanding.
        case pending
        /// Ruled out, or the flow has no lenient outcome.
        case notApplicable = "not applicable"
    }

    /// One record, as listed.
    public struct Entry: Codable, Sendable, Equatable {
        public var path: String
        public var id: String?
        /// The first record of the case (its `Case:` line), else the record's own id.
        public var caseId: String?
        /// When the interview finished, UTC (ISO 8601), from the `Finished:` line.
        public var finished: String?
        public var crimeReference: String?
        /// The Officer line: name, collar number and force.
        public var officer: String?
        /// The officer's signing principal.
        public var signer: String?
        public var flow: String?
        public var version: String?
        public var classification: String?
        public var outcome21: Outcome21
        /// `awaiting review`, `agreed`, `disagreed` or `not needed`.
        public var review: String
        /// The reviewer's principal, once reviewed.
        public var reviewer: String?
        /// The listed record that supersedes this one.
        public var supersededBy: String?
        /// Question ids the record lists as still to establish.
        public var outstanding: [String]
        public var training: Bool
        /// Every signature good and trusted, and the chain sound.
        public var verified: Bool
        /// What failed, when not verified.
        public var problems: [String]
    }

    /// Reads the listing fields of one record. `checks` are its signatures' results.
    static func entry(path: String, data: Data, checks: [SignatureCheck]) -> Entry {
        let text = String(decoding: data, as: UTF8.self)
        let officerEnd = text.range(of: "\n-----END SSH SIGNATURE-----")?.upperBound ?? text.endIndex
        let body = text[..<officerEnd]
        var header: [Substring: Substring] = [:]
        for line in body.prefix(RecordHeader.prefixLength).split(separator: "\n").prefix(40) {
            guard let colon = line.range(of: ": ") else { continue }
            let label = line[..<colon.lowerBound]
            if header[label] == nil { header[label] = line[colon.upperBound...] }
        }
        let data = dataFields(body)
        let flowParts = header["Flow"]?.split(separator: " ") ?? []
        let training = checks.first?.namespace == Namespace.trainingRecord
        var entry = Entry(path: path, id: header["Record"].map(String.init), caseId: (header["Case"] ?? header["Record"]).map(String.init),
                          finished: header["Finished"].flatMap(utc), crimeReference: header["Crime reference"].map(String.init),
                          officer: (header["Officer"] ?? header["Staff member"]).map(String.init), signer: checks.first?.signer,
                          flow: flowParts.first.map(String.init), version: flowParts.count > 2 ? String(flowParts[2]) : nil,
                          classification: data["classification"], outcome21: .notApplicable, review: "not needed",
                          reviewer: nil, supersededBy: nil, outstanding: outstanding(body), training: training,
                          verified: !checks.isEmpty && checks.allSatisfy(\.good),
                          problems: checks.filter { !$0.good }.map { "signature \($0.index): \($0.message)" })
        if checks.isEmpty { entry.problems.append("no signature: not a signed intake record") }
        if entry.id == nil { entry.verified = false; entry.problems.append("no Record: line: not an intake record") }
        // A review counts only when its countersignature is there and good, in the review namespace.
        let reviewNamespace = training ? Namespace.trainingReview : Namespace.review
        var decision: String?
        if checks.count == 2, checks[1].good, checks[1].namespace == reviewNamespace {
            decision = ReviewText.decision(in: String(text[officerEnd...]))
            entry.reviewer = checks[1].signer
        }
        switch data["outcome21"] {
        case "may-be-considered":
            switch decision {
            case "agreed": entry.outcome21 = .agreed; entry.review = "agreed"
            case "disagreed": entry.outcome21 = .disagreed; entry.review = "disagreed"
            default: entry.outcome21 = .proposed; entry.review = "awaiting review"
            }
        case "pending": entry.outcome21 = .pending
        default: break
        }
        if let decision, entry.outcome21 != .agreed, entry.outcome21 != .disagreed { entry.review = decision }
        return entry
    }

    /// The fields of the ANSWERS DATA block before its answers (classification, outcome21).
    static func dataFields(_ body: Substring) -> [String: String] {
        guard let start = body.range(of: "\n" + AnswersData.begin + "\n") else { return [:] }
        var out: [String: String] = [:]
        for line in body[start.upperBound...].split(separator: "\n") {
            if line == "answers:" || line == AnswersData.end { break }
            guard !line.hasPrefix("#"), let colon = line.range(of: ": ") else { continue }
            out[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return out
    }

    /// The ids in the STILL TO ESTABLISH section: lines `  - prompt [id]` up to the first empty line.
    static func outstanding(_ body: Substring) -> [String] {
        guard let start = body.range(of: "\nSTILL TO ESTABLISH") else { return [] }
        var ids: [String] = []
        for line in body[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if line.isEmpty { break }
            if line.hasPrefix("  - "), line.hasSuffix("]"), let open = line.range(of: " [", options: .backwards) {
                ids.append(String(line[open.upperBound..<line.index(before: line.endIndex)]))
            }
        }
        return ids
    }

    /// `2026-11-23T10:04:00Z` from a time as records print it, `… (UTC 2026-11-23T10:04:00Z)`.
    static func utc(_ printed: Substring) -> String? {
        guard let open = printed.range(of: "(UTC "), let close = printed.lastIndex(of: ")"), open.upperBound < close else { return nil }
        return String(printed[open.upperBound..<close])
    }
}
