import FoundationEssentials
import Glibc

/// What a signed record says about the policy it was made under (issue 31): the lines it carries,
/// and whether a record, as it stands, may be countersigned, given to a family or counted as
/// operational. A record made before intake wrote these lines is judged by its flow's hash alone.
package enum RecordPolicy {
    /// The officer's interview: `Flow policy: shipped with intake 0.14.0`.
    package static let flowLabel = "Flow policy: "
    /// The translation the record is in, when it is not English.
    package static let translationLabel = "Translation policy: "
    /// The review section's flow: `Review flow: supervisor-review version 2.0.0 (SHA-256 …)`.
    package static let reviewFlowLabel = "Review flow: "
    /// And its policy.
    package static let reviewPolicyLabel = "Review flow policy: "
    /// The review's translation, when it was not in English.
    package static let reviewTranslationLabel = "Review translation policy: "

    /// The policy lines of the officer's part of a record (`body`, up to its first signature), and
    /// of its review section if it has one: each label with its words.
    package static func lines(in text: String) -> [(label: String, words: String)] {
        var text = text
        return text.withUTF8 { lines(in: UnsafeRawBufferPointer($0)) }
    }

    /// `lines(in:)` of a record's bytes, read in place (a listing need not decode the whole text).
    package static func lines(in data: Data) -> [(label: String, words: String)] {
        data.withUnsafeBytes { lines(in: $0) }
    }

    private static func lines(in bytes: UnsafeRawBufferPointer) -> [(label: String, words: String)] {
        // By bytes, with memchr: splitting a 20 KB record into Characters (and then its UTF-8 view
        // with the generic split) made `intake verify` of 10,000 records seven times slower once
        // policy lines came in (8.5 s against 1.1 s).
        var out: [(label: String, words: String)] = []
        forEachLine(bytes) { line in
            guard let first = line.first, first == 0x46 || first == 0x54 || first == 0x52 else { return true }  // F, T, R
            for label in labelBytes where line.starts(with: label.1) {
                out.append((label.0, String(decoding: UnsafeBufferPointer(rebasing: line[label.1.count...]), as: UTF8.self)))
                break
            }
            return true
        }
        return out
    }

    private static let labelBytes = [flowLabel, translationLabel, reviewFlowLabel, reviewPolicyLabel, reviewTranslationLabel].map { ($0, Array($0.utf8)) }

    /// The flow hash a record's `Flow:` line cites.
    package static func flowSHA256(in text: String) -> String? {
        var text = text
        return text.withUTF8 { flowSHA256(in: UnsafeRawBufferPointer($0)) }
    }

    /// `flowSHA256(in:)` of a record's bytes, read in place.
    package static func flowSHA256(in data: Data) -> String? {
        data.withUnsafeBytes { flowSHA256(in: $0) }
    }

    private static func flowSHA256(in bytes: UnsafeRawBufferPointer) -> String? {
        let prefix = Array("Flow: ".utf8)
        var found: String?
        forEachLine(bytes) { line in
            guard line.starts(with: prefix) else { return true }
            found = String(decoding: line, as: UTF8.self)
            return false
        }
        guard let line = found, let open = line.firstRange(of: "(SHA-256 ") else { return nil }
        return String(line[open.upperBound...].prefix(64))
    }

    /// Calls `body` with each line's bytes (no line feed) until it returns false.
    static func forEachLine(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        let all = bytes.bindMemory(to: UInt8.self)
        guard let base = all.baseAddress else { return }
        var start = 0
        while start < all.count {
            let end = memchr(base + start, 0x0A, all.count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? all.count
            if !body(UnsafeBufferPointer(start: base + start, count: end - start)) { return }
            start = end + 1
        }
    }

    /// The review section's lines: its flow, that flow's policy, and its translation's.
    package static func reviewLines(flow: String, version: String, sha256: String, policy: String, translation: String?) -> [String] {
        ["\(reviewFlowLabel)\(flow) version \(version) (SHA-256 \(sha256))", "\(reviewPolicyLabel)\(policy)"]
            + (translation.map { ["\(reviewTranslationLabel)\($0)"] } ?? [])
    }

    /// Why the record is not on approved policy, or nil when it is: a policy line that says NOT
    /// APPROVED, or — for a record made before intake wrote them — a flow hash intake never shipped.
    package static func problem(in text: String, flowSHA256: String?) -> String? {
        problem(lines: lines(in: text), flowSHA256: flowSHA256)
    }

    /// `problem(in:flowSHA256:)` of policy lines already read.
    package static func problem(lines found: [(label: String, words: String)], flowSHA256: String?) -> String? {
        if let bad = found.first(where: { $0.label != reviewFlowLabel && $0.words.hasPrefix("NOT APPROVED") }) {
            return "its \(bad.label.dropLast(2).lowercased()) says \(bad.words)"
        }
        if !found.contains(where: { $0.label == flowLabel }) {
            guard let sha = flowSHA256, ShippedFlows.sha256[sha] != nil else {
                return "it names no flow policy, and its flow is not one intake shipped"
            }
        }
        return nil
    }
}
