import Foundation
import IntakeCore

/// The result of `intake assess`: a determination in JSON or text.
public struct Assessment: Codable, Sendable, Equatable {
    /// A reason with its fact and source.
    public struct Reason: Codable, Sendable, Equatable {
        /// The question or derived fact it concerns.
        public var fact: String
        /// The reason in words.
        public var text: String
        /// Where it comes from.
        public var source: String
    }

    /// An action with its source.
    public struct Action: Codable, Sendable, Equatable {
        /// Stable id.
        public var id: String
        /// What to do.
        public var text: String
        /// Where it comes from.
        public var source: String
    }

    /// The flow's id.
    public var flow: String
    /// The flow's version.
    public var flowVersion: String
    /// The classification.
    public var classification: String
    /// The Outcome 21 status, or nil when the flow decides none.
    public var outcome21: String?
    /// Why.
    public var reasons: [Reason]
    /// What to do.
    public var actions: [Action]
    /// Facts still to be established.
    public var outstanding: [String]

    /// Builds the assessment of `answers` against `flow`.
    public init(flow: Flow, determination d: Determination) {
        self.flow = flow.id
        self.flowVersion = flow.version
        classification = d.classification
        outcome21 = d.outcome21?.rawValue
        reasons = d.reasons.map { Reason(fact: $0.fact, text: $0.text, source: $0.source) }
        actions = d.actions.map { Action(id: $0.id, text: $0.text, source: $0.source) }
        outstanding = d.outstanding
    }

    /// Pretty JSON with keys in a stable order.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and arrays cannot fail.
        return Visible.json(String(decoding: try! encoder.encode(self), as: UTF8.self)) + "\n"
    }

    /// The same for people.
    public func text() -> String {
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
