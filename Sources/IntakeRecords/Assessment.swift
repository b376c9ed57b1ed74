import FoundationEssentials
import Glibc
import IntakeCore

/// The result of `intake assess`: a determination in JSON or text.
package struct Assessment: Codable, Sendable, Equatable {
    /// A reason with its fact and source.
    package struct Reason: Codable, Sendable, Equatable {
        /// The question or derived fact it concerns.
        package var fact: String
        /// The reason in words.
        package var text: String
        /// Where it comes from.
        package var source: String
    }

    /// An action with its source.
    package struct Action: Codable, Sendable, Equatable {
        /// Stable id.
        package var id: String
        /// What to do.
        package var text: String
        /// Where it comes from.
        package var source: String
    }

    /// The flow's id.
    package var flow: String
    /// The flow's version.
    package var flowVersion: String
    /// The classification.
    package var classification: String
    /// The Outcome 21 status, or nil when the flow decides none.
    package var outcome21: String?
    /// Why.
    package var reasons: [Reason]
    /// What to do.
    package var actions: [Action]
    /// Facts still to be established.
    package var outstanding: [String]

    /// Builds the assessment of `answers` against `flow`.
    package init(flow: Flow, determination d: Determination) {
        self.flow = flow.id
        self.flowVersion = flow.version
        classification = d.classification
        outcome21 = d.outcome21?.rawValue
        reasons = d.reasons.map { Reason(fact: $0.fact, text: $0.text, source: $0.source) }
        actions = d.actions.map { Action(id: $0.id, text: $0.text, source: $0.source) }
        outstanding = d.outstanding
    }

    /// Pretty JSON with keys in a stable order.
    package func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and arrays cannot fail.
        return Visible.json(String(decoding: try! encoder.encode(self), as: UTF8.self)) + "\n"
    }

    /// The same for people.
    package func text() -> String {
        var lines = ["Flow: \(flow) \(flowVersion)", "Classification: \(classification)",
                     "Outcome 21: \(outcome21 ?? "not decided by this flow")", ""]
        lines.append("Reasons:")
        lines += reasons.isEmpty ? ["  (none)"] : reasons.map { "  - [\($0.fact)] \($0.text) (\($0.source))" }
        lines.append("Actions:")
        lines += actions.map { "  - [\($0.id)] \($0.text) (\($0.source))" }
        lines.append("Still to establish:")
        lines += outstanding.isEmpty ? ["  (nothing)"] : outstanding.map { "  - \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
