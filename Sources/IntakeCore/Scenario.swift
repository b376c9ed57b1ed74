import FoundationEssentials
import Glibc

/// A teaching scenario (`flows/scenarios/*.yaml`): a title, what it shows, the flow it is for, its
/// answers, and the determination it must reach. The answers are read with `AnswersFile`, which
/// accepts a scenario file as it is, so `intake run --answers` and `assess --answers` take one too.
package struct Scenario: Sendable, Equatable {
    /// What the determination must be; a field left out is not checked.
    package struct Expectation: Sendable, Equatable {
        /// The classification, e.g. `experimental`.
        package var classification: String?
        /// The Outcome 21 status, e.g. `may-be-considered`.
        package var outcome21: String?
        /// The facts whose reasons apply, in flow order.
        package var reasons: [String]?
        /// The actions that apply, by id, in flow order.
        package var actions: [String]?
        /// What must still be established, by question id.
        package var outstanding: [String]?
    }

    /// A short title for the trainer's screen.
    package var title: String
    /// What the scenario teaches, in a sentence or two.
    package var about: String
    /// The flow's id.
    package var flow: String
    /// What it must produce, if stated.
    package var expect: Expectation?

    /// Reads the scenario parts of the file at `path`; the answers are read against the flow later.
    package static func load(path: String) throws(FlowError) -> Scenario {
        let text = try YAMLDocument.text(path: path, what: "the scenario", hint: "check the path; scenarios live in flows/scenarios/")
        return try parse(text: text, file: path)
    }

    /// Reads the scenario parts of YAML text; `file` names it in diagnostics.
    package static func parse(text: String, file: String) throws(FlowError) -> Scenario {
        let root = try YAMLDocument.compose(text, file: file)
        var reader = NodeReader(file: file)
        guard let fields = reader.fields(root, "a scenario", allowed: ["title", "about", "flow", "answers", "expect"],
                                         required: ["title", "answers"]) else {
            throw FlowError(reader.diagnostics)
        }
        let title = reader.string(fields["title"], "title") ?? ""
        let about = fields["about"].flatMap { reader.string($0, "about") } ?? ""
        let flow = fields["flow"].flatMap { reader.identifier($0, "flow", allowHyphen: true) } ?? "initial-response"
        var expect: Expectation?
        if let node = fields["expect"] {
            expect = reader.fields(node, "expect", allowed: ["classification", "outcome21", "reasons", "actions", "outstanding"],
                                   required: []).map { fields in
                func list(_ key: String) -> [String]? {
                    fields[key].flatMap { reader.sequence($0, key) }.map { $0.compactMap { reader.string($0, key) } }
                }
                return Expectation(classification: fields["classification"].flatMap { reader.string($0, "classification") },
                                   outcome21: fields["outcome21"].flatMap { reader.string($0, "outcome21") },
                                   reasons: list("reasons"), actions: list("actions"), outstanding: list("outstanding"))
            }
        }
        guard reader.diagnostics.isEmpty else { throw FlowError(reader.diagnostics) }
        return Scenario(title: title, about: about, flow: flow, expect: expect)
    }

    /// Where `determination` differs from what the scenario expects, one line each; empty when it matches.
    package func differences(from determination: Determination) -> [String] {
        guard let expect else { return [] }
        var out: [String] = []
        func compare<T: Equatable>(_ name: String, _ wanted: T?, _ got: T) {
            if let wanted, wanted != got { out.append("\(name): expected \(wanted), got \(got)") }
        }
        compare("classification", expect.classification, determination.classification)
        compare("outcome21", expect.outcome21, determination.outcome21?.rawValue ?? "none")
        compare("reasons", expect.reasons, determination.reasons.map(\.fact))
        compare("actions", expect.actions, determination.actions.map(\.id))
        compare("outstanding", expect.outstanding, determination.outstanding)
        return out
    }
}
