import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// Finds bundled flows: `$INTAKE_FLOWS`, then a `flows` folder in the working directory or above the
/// executable (so `swift run intake` and an installed `share/intake/flows` both work).
enum FlowLocator {
    static func directory() -> String? {
        let fm = FileManager.default
        if let env = Environment.variables["INTAKE_FLOWS"], !env.isEmpty { return env }
        var candidates = [fm.currentDirectoryPath + "/flows"]
        var dir = URL(fileURLWithPath: executablePath()).deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("flows").path)
            candidates.append(dir.appendingPathComponent("share/intake/flows").path)
            dir.deleteLastPathComponent()
        }
        return candidates.first { fm.fileExists(atPath: $0 + "/initial-response.yaml") }
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The YAML files of the bundled flows, sorted.
    static func bundled() -> [String] {
        guard let dir = directory(),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") && !Translation.isTranslationPath($0) }.sorted().map { dir + "/" + $0 }
    }

    /// A path (anything with a slash or ending in .yaml) or the id of a bundled flow.
    static func resolve(_ reference: String) throws(FlowError) -> String {
        if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") { return reference }
        if let dir = directory(), FileManager.default.fileExists(atPath: "\(dir)/\(reference).yaml") {
            return "\(dir)/\(reference).yaml"
        }
        let known = bundled().map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        throw FlowError([Diagnostic(SourceLocation(file: reference, line: 1, column: 1),
                                    "no bundled flow is called '\(reference)'",
                                    hint: known.isEmpty ? "set INTAKE_FLOWS to the folder holding the flows, or give a path"
                                        : "bundled flows: \(known.joined(separator: ", ")); or give a path to a .yaml file")])
    }

    static func load(_ reference: String) throws(FlowError) -> Flow {
        try FlowLoader.load(path: try resolve(reference))
    }

    /// For shell completion: the bundled flows' ids (their file names), then YAML files nearby.
    static let completion = CompletionKind.custom { _, _, _ in
        let local = ((try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return bundled().map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } + local
    }

    /// The exact flow a record was made with (id, SHA-256): intake's kept copy, else the bundled flow
    /// of that id or the file `given` (--flow), only when its SHA-256 matches.
    static func exact(_ interviews: Interviews, given: String?) -> (String, String) -> LoadedFlow? {
        { id, sha in
            if var copy = interviews.flowCopies.load(sha256: sha, path: id) {
                // The copy is kept by hash alone; its translations are those beside the flow of that id.
                if let path = try? resolve(given ?? id) { copy.readTranslations(beside: path) }
                return copy
            }
            guard let path = try? resolve(given ?? id), let file = try? LoadedFlow.read(path: path) else { return nil }
            return file.sha256 == sha ? file : nil
        }
    }
}
