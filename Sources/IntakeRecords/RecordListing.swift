import FoundationEssentials
import Glibc
import IntakeCore

/// `intake records`: what a supervisor or a scrutiny panel needs to know of each record, read from the
/// signed files themselves (they stay the truth; nothing is kept beside them).
package enum RecordListing {
    /// Where a record's Outcome 21 stands.
    package enum Outcome21: String, Codable, Sendable, CaseIterable {
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
    package struct Entry: Codable, Sendable, Equatable {
        package var path: String
        package var id: String?
        /// The first record of the case (its `Case:` line), else the record's own id.
        package var caseId: String?
        /// When the interview finished, UTC (ISO 8601), from the `Finished:` line.
        package var finished: String?
        package var crimeReference: String?
        /// The Officer line: name, collar number and force.
        package var officer: String?
        /// The officer's signing principal.
        package var signer: String?
        package var flow: String?
        package var version: String?
        package var classification: String?
        package var outcome21: Outcome21
        /// `awaiting review`, `agreed`, `disagreed` or `not needed`.
        package var review: String
        /// The reviewer's principal, once reviewed.
        package var reviewer: String?
        /// The listed record that supersedes this one.
        package var supersededBy: String?
        /// Question ids the record lists as still to establish.
        package var outstanding: [String]
        package var training: Bool
        /// Every signature good and trusted, and the chain sound.
        package var verified: Bool
        /// What failed, when not verified.
        package var problems: [String]
        /// The most serious way it failed, when not verified.
        package var failure: SignatureCheck.Failure? = nil
        /// Where the record's flow policy came from, as it says (`shipped with intake …`), and why it
        /// is not on approved policy, if it is not (issue 31).
        package var policy: String? = nil
        package var policyProblem: String? = nil
        /// The first item of the record's to-do list, in its words.
        package var nextToDo: String? = nil

        enum CodingKeys: String, CodingKey {
            case path, id, caseId, finished, crimeReference, officer, signer, flow, version, classification, outcome21
            case review, reviewer, supersededBy, outstanding, training, verified, problems, failure, policy, policyProblem, nextToDo
        }

        /// Every field, a missing one as null: a program reading the listing gets the same keys for
        /// every record, and never a display string such as "(left blank)" for a value (issue 36).
        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path); try c.encode(id, forKey: .id); try c.encode(caseId, forKey: .caseId)
            try c.encode(finished, forKey: .finished); try c.encode(crimeReference, forKey: .crimeReference)
            try c.encode(officer, forKey: .officer); try c.encode(signer, forKey: .signer); try c.encode(flow, forKey: .flow)
            try c.encode(version, forKey: .version); try c.encode(classification, forKey: .classification)
            try c.encode(outcome21, forKey: .outcome21); try c.encode(review, forKey: .review); try c.encode(reviewer, forKey: .reviewer)
            try c.encode(supersededBy, forKey: .supersededBy); try c.encode(outstanding, forKey: .outstanding)
            try c.encode(training, forKey: .training); try c.encode(verified, forKey: .verified); try c.encode(problems, forKey: .problems)
            try c.encode(failure, forKey: .failure); try c.encode(policy, forKey: .policy); try c.encode(policyProblem, forKey: .policyProblem)
            try c.encode(nextToDo, forKey: .nextToDo)
        }
    }

    /// Reads the listing fields of one record. `checks` are its signatures' results. Only the few
    /// regions it needs are decoded as text, found by byte search: decoding and searching whole
    /// records as Strings made listing four times slower than verifying them.
    static func entry(path: String, data: Data, checks: [SignatureCheck]) -> Entry {
        let bytes = ByteSearch(data)
        let officerEnd = bytes.find("\n-----END SSH SIGNATURE-----\n").map { $0 + 29 } ?? data.count
        var header: [Substring: Substring] = [:]
        for line in RecordHeader.lines(data.prefix(officerEnd)) {
            guard let (label, value) = RecordHeader.field(line) else { continue }
            if header[label] == nil { header[label] = value }
        }
        var fields: [String: String] = [:]
        if let start = bytes.find("\n" + AnswersData.begin + "\n", before: officerEnd) {
            let end = bytes.find("\nanswers:", from: start, before: officerEnd) ?? start
            fields = dataFields(bytes.text(start, end))
        }
        var outstanding: [String] = []
        var nextToDo: String?
        if let start = bytes.find("\nSTILL TO ESTABLISH", before: officerEnd) {
            (outstanding, nextToDo) = Self.toDo(bytes.text(start, bytes.find("\n\n", from: start + 1, before: officerEnd) ?? officerEnd))
        }
        let flowParts = header["Flow"]?.split(separator: " ") ?? []
        let training = checks.first?.namespace == Namespace.trainingRecord
        var entry = Entry(path: path, id: header["Record"].map(String.init), caseId: (header["Case"] ?? header["Record"]).map(String.init),
                          finished: header["Finished"].flatMap(utc), crimeReference: header["Crime reference"].map(String.init).flatMap { Self.blanks.contains($0) ? nil : $0 },
                          officer: (header["Officer"] ?? header["Staff member"]).map(String.init), signer: checks.first?.signer,
                          flow: flowParts.first.map(String.init), version: flowParts.count > 2 ? String(flowParts[2]) : nil,
                          classification: fields["classification"], outcome21: .notApplicable, review: "not needed",
                          reviewer: nil, supersededBy: nil, outstanding: outstanding, training: training,
                          verified: !checks.isEmpty && checks.allSatisfy(\.good),
                          problems: checks.filter { !$0.good }.map { ($0.index == 0 ? "record: " : "signature \($0.index): ") + $0.message },
                          failure: checks.compactMap(\.failure).min())
        entry.nextToDo = nextToDo
        if checks.isEmpty { entry.problems.append("no signature: not a signed intake record") }
        if entry.id == nil {
            entry.verified = false
            entry.failure = entry.failure ?? .bad
            entry.problems.append("no Record: line: not an intake record")
        }
        // A review counts only when its countersignature is there and good, in the review namespace.
        let reviewNamespace = training ? Namespace.trainingReview : Namespace.review
        var decision: String?
        if checks.count == 2, checks[1].good, checks[1].namespace == reviewNamespace {
            decision = ReviewText.decision(in: "\n" + bytes.text(officerEnd, data.count))
            entry.reviewer = checks[1].signer
        }
        switch fields["outcome21"] {
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

    /// How a record prints an answer left blank, in each language: not a value (JSON gives null).
    static let blanks = Set(Language.allCases.map { $0(.leftBlank) })

    /// The fields of the ANSWERS DATA block before its answers (classification, outcome21).
    static func dataFields(_ block: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in block.utf8.split(separator: 0x0A).map({ String(decoding: $0, as: UTF8.self) }) {
            guard !line.hasPrefix("#"), let (label, value) = RecordHeader.field(line) else { continue }
            // A quoted value is JSON-quoted; the ones read here (ids) have no escapes.
            out[String(label)] = value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? String(value.dropFirst().dropLast()) : String(value)
        }
        return out
    }

    /// The ids in the STILL TO ESTABLISH section: lines `  - prompt [id]` up to the first empty line.
    static func outstanding(_ section: String) -> [String] { toDo(section).ids }

    /// The ids of the to-do list, and the first item in words (what the listing calls the next step).
    static func toDo(_ section: String) -> (ids: [String], first: String?) {
        // By bytes: splitting into Strings and searching each from its end was 3 % of a cold listing.
        // A line's words are what lies between "  - " and its last " [", and nothing when the " ["
        // comes sooner (a crafted "  - [x]" made the old reading trap).
        var section = section
        return section.withUTF8 { bytes in
            var ids: [String] = []
            var first: String?
            var start = 0
            var number = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                defer { start = end + 1; number += 1 }
                guard number >= 2 else { continue }
                if end == start { break }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                guard line.count >= 5, line.starts(with: [0x20, 0x20, 0x2D, 0x20]), line[line.count - 1] == 0x5D else { continue }
                var open = line.count - 2
                while open >= 0, !(line[open] == 0x20 && open + 1 < line.count && line[open + 1] == 0x5B) { open -= 1 }
                guard open >= 0 else { continue }
                ids.append(String(decoding: UnsafeBufferPointer(rebasing: line[(open + 2)..<(line.count - 1)]), as: UTF8.self))
                if first == nil { first = open >= 4 ? String(decoding: UnsafeBufferPointer(rebasing: line[4..<open]), as: UTF8.self) : "" }
            }
            return (ids, first)
        }
    }

    /// `2026-11-23T10:04:00Z` from a time as records print it, `… (UTC 2026-11-23T10:04:00Z)`.
    static func utc(_ printed: Substring) -> String? {
        guard let open = printed.firstRange(of: "(UTC "), let close = printed.lastIndex(of: ")"), open.upperBound < close else { return nil }
        return String(printed[open.upperBound..<close])
    }
}

/// Byte search in a record, and text decoded from a range of it.
struct ByteSearch {
    let data: Data

    init(_ data: Data) { self.data = data }

    /// The offset of the first `needle` at or after `from` that ends before `before`.
    func find(_ needle: String, from: Int = 0, before: Int? = nil) -> Int? {
        let pattern = Array(needle.utf8)
        return data.withUnsafeBytes { raw in
            pattern.withUnsafeBytes { firstOffset(of: $0, in: raw, from: from, limit: before) }
        }
    }

    /// The bytes `start..<end` as text.
    func text(_ start: Int, _ end: Int) -> String {
        let s = data.startIndex
        return String(decoding: data[(s + Swift.max(0, start))..<(s + Swift.max(start, Swift.min(end, data.count)))], as: UTF8.self)
    }
}
