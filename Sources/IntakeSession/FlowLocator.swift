import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// Finds flows by id through `FlowSearch`: `$INTAKE_FLOWS`, the officer's and the force's own
/// folders, the flows shipped with the binary, then `$XDG_DATA_DIRS`.
package enum FlowLocator {
    package static let search = FlowSearch(places: FlowSearch.places(environment: Environment.variables, executable: executablePath()))

    package static func executablePath() -> String {
        // The link itself, read with the C library: FileManager's first use cost a share of a
        // millisecond before the first screen.
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// The YAML files of the flows found, one per id, sorted by id.
    package static func bundled() -> [String] { search.all().map(\.path) }

    /// A path (anything with a slash or ending in .yaml) or the id of a bundled flow.
    package static func resolve(_ reference: String) throws(FlowError) -> String {
        if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") { return reference }
        if let path = search.path(of: reference) { return path }
        let known = search.all().map(\.id)
        throw FlowError([Diagnostic(SourceLocation(file: reference, line: 1, column: 1),
                                    "no flow is called '\(reference)'",
                                    hint: known.isEmpty ? "no flows were found in \(search.places.map(\.folder).joined(separator: ", ")); set INTAKE_FLOWS to the folder holding them, or give a path"
                                        : "flows: \(known.joined(separator: ", ")); or give a path to a .yaml file")])
    }

    package static func load(_ reference: String) throws(FlowError) -> Flow {
        try FlowLoader.load(path: try resolve(reference))
    }

    /// The exact flow a record was made with (id, SHA-256): intake's kept copy, else the bundled flow
    /// of that id or the file `given` (--flow), only when its SHA-256 matches.
    package static func exact(_ interviews: Interviews, given: String?) -> (String, String) -> LoadedFlow? {
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
