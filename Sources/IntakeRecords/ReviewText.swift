import FoundationEssentials
import Glibc
import IntakeCore

/// The supervisor's review section, appended after the officer's signature and countersigned.
package enum ReviewText {
    /// The line that gives the review's decision as data: `agreed` or `disagreed`.
    package static let decisionLabel = "Decision: "

    /// The decision a countersigned review section states, if it states one.
    package static func decision(in section: String) -> String? {
        guard let start = section.firstRange(of: "\nSUPERVISOR REVIEW") else { return nil }
        for line in section[start.upperBound...].split(separator: "\n") where line.hasPrefix(decisionLabel) {
            return String(line.dropFirst(decisionLabel.count))
        }
        return nil
    }

    /// The section for a finished review interview.
    package static func render(_ review: Interview, reviewer: RecordContext.Signer, training: Bool,
                              policyLines: [String] = [], timeZone: Zone = .current) -> String {
        let mark = training ? " [TRAINING]" : ""
        let say = review.flow.language
        // The lines above Conclusion are the record format's keys, read by intake and by
        // scripts/verify-with-openssh, and stay the same in every language.
        var out = ["", "SUPERVISOR REVIEW" + mark,
                   "Reviewer: \(reviewer.identity.description)",
                   "Signing key: \(reviewer.identity.principal) \(reviewer.fingerprint)",
                   "Reviewed: " + (review.finishedAt.map { Describe.time($0, timeZone: timeZone) } ?? "NOT FINISHED")]
            + policyLines.map(Visible.line) + [
                   say(.conclusion, review.determination.summary ?? review.determination.classification),
                   // Read by `intake notice` and `intake records`: the review flow's classification.
                   "\(decisionLabel)\(review.determination.classification)"]
        for id in review.path {
            guard let screen = review.flow.screen(id), screen.kind != .end, screen.kind != .info,
                  let answer = review.answers[id] else { continue }
            out.append("- \(Visible.line(screen.prompt)) [\(id)]")
            out += RecordText.answerLines(Describe.answer(answer.value, on: screen, timeZone: timeZone), say)
            out.append("  " + say(.given, Describe.time(answer.at, timeZone: timeZone)))
        }
        out.append(say(.reviewSource))
        return RecordText.guardMarkers(out).joined(separator: "\n") + "\n"
    }
}
