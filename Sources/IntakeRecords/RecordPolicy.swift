import Foundation

/// What a signed record says about the policy it was made under (issue 31): the lines it carries,
/// and whether a record, as it stands, may be countersigned, given to a family or counted as
/// operational. A record made before intake wrote these lines is judged by its flow's hash alone.
public enum RecordPolicy {
    /// The officer's interview: `Flow policy: shipped with intake 0.14.0`.
    public static let flowLabel = "Flow policy: "
    /// The translation the record is in, when it is not English.
    public static let translationLabel = "Translation policy: "
    /// The review section's flow: `Review flow: supervisor-review version 2.0.0 (SHA-256 …)`.
    public static let reviewFlowLabel = "Review flow: "
    /// And its policy.
    public static let reviewPolicyLabel = "Review flow policy: "
    /// The review's translation, when it was not in English.
    public static let reviewTranslationLabel = "Review translation policy: "

    /// The policy lines of the officer's part of a record (`body`, up to its first signature), and
    /// of its review section if it has one: each label with its words.
    public static func lines(in text: String) -> [(label: String, words: String)] {
        let labels = [flowLabel, translationLabel, reviewFlowLabel, reviewPolicyLabel, reviewTranslationLabel]
        var out: [(label: String, words: String)] = []
        for line in text.split(separator: "\n") {
            guard let label = labels.first(where: { line.hasPrefix($0) }) else { continue }
            out.append((label, String(line.dropFirst(label.count))))
        }
        return out
    }

    /// The flow hash a record's `Flow:` line cites.
    public static func flowSHA256(in text: String) -> String? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Flow: ") }),
              let open = line.range(of: "(SHA-256 ") else { return nil }
        return String(line[open.upperBound...].prefix(64))
    }

    /// The review section's lines: its flow, that flow's policy, and its translation's.
    public static func reviewLines(flow: String, version: String, sha256: String, policy: String, translation: String?) -> [String] {
        ["\(reviewFlowLabel)\(flow) version \(version) (SHA-256 \(sha256))", "\(reviewPolicyLabel)\(policy)"]
            + (translation.map { ["\(reviewTranslationLabel)\($0)"] } ?? [])
    }

    /// Why the record is not on approved policy, or nil when it is: a policy line that says NOT
    /// APPROVED, or — for a record made before intake wrote them — a flow hash intake never shipped.
    public static func problem(in text: String, flowSHA256: String?) -> String? {
        let found = lines(in: text)
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
