import FoundationEssentials
import Glibc
import IntakeCore

/// Training scenarios for `intake demo`: the `scenarios` folder beside the first folder of flows that
/// has one (flows/scenarios in the source tree, share/intake/flows/scenarios when installed).
package enum Scenarios {
    /// The folder, if there is one.
    package static func directory() -> String? {
        FlowLocator.search.places.map { $0.folder + "/scenarios" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The scenario names, for completion: only the files the demo can play, as `listing` shows
    /// them (the folder also holds answers files such as review-agree, which are no scenario).
    package static func names(in folder: String? = directory()) -> [String] {
        guard let dir = folder, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") && (try? Scenario.load(path: dir + "/" + $0)) != nil }
            .map { String($0.dropLast(5)) }.sorted()
    }

    /// A path (anything with a slash or ending in .yaml) or a scenario's name.
    package static func resolve(_ reference: String) throws(FlowError) -> String {
        if reference.contains("/") || reference.hasSuffix(".yaml") { return reference }
        if let dir = directory(), FileManager.default.fileExists(atPath: "\(dir)/\(reference).yaml") {
            return "\(dir)/\(reference).yaml"
        }
        throw FlowError([Diagnostic(SourceLocation(file: reference, line: 1, column: 1), "no scenario is called '\(reference)'",
                                    hint: "run `intake demo` for the list, or give a path to a .yaml file")])
    }

    /// The demo of scenario `reference`, on `flow` when given, else the flow it names.
    package static func demo(_ reference: String, flow: String?) throws(FlowError) -> (title: String, about: String, walkthrough: Walkthrough) {
        let path = try resolve(reference)
        let header = try Scenario.load(path: path)
        let loaded = try FlowLocator.load(flow ?? header.flow)
        let answers = try AnswersFile.load(path: path, flow: loaded)
        return (header.title, header.about, try Walkthrough.build(flow: loaded, answers: answers, file: path))
    }

    /// Every scenario, a line each: its name, its flow and its title, in columns.
    package static func listing() -> String {
        guard let dir = directory(), let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            return "No scenarios found (looked for a scenarios folder beside each folder of flows; intake flows list names them).\n"
        }
        var rows: [(String, String, String)] = []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            guard let scenario = try? Scenario.load(path: dir + "/" + name) else { continue }
            rows.append((String(name.dropLast(5)), scenario.flow, scenario.title))
        }
        let width = rows.map(\.0.count).max() ?? 0
        let flowWidth = rows.map(\.1.count).max() ?? 0
        return rows.map { $0.0.fitted(to: width) + "  "
            + $0.1.fitted(to: flowWidth) + "  " + $0.2 }.joined(separator: "\n") + "\n"
    }
}
