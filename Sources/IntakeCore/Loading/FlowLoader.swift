import FoundationEssentials
import Glibc
import Dispatch

/// Loads flow files: YAML in, a validated `Flow` out, or a `FlowError` listing every problem with its
/// file:line:column. It never traps on bad input.
package enum FlowLoader {
    /// Files larger than this are refused before parsing. Real flows are a few dozen kilobytes; the
    /// limit leaves room for the 100,000-question flows of the scaling benchmark (about 14 MB).
    package static let maximumBytes = 32 * 1024 * 1024

    /// Reads and loads the flow at `path`.
    package static func load(path: String) throws(FlowError) -> Flow {
        var phases = Phases()
        return try load(path: path, phases: &phases)
    }

    /// Reads and loads the flow at `path`, recording the time of each phase in `phases`.
    package static func load(path: String, phases: inout Phases) throws(FlowError) -> Flow {
        let start = SourceLocation(file: path, line: 1, column: 1)
        // The size first: a 1 GB file is refused without being read.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maximumBytes {
            throw FlowError([Diagnostic(start, "the file is \(info.st_size) bytes; flow files may be at most \(maximumBytes)",
                                        hint: "a flow is a few dozen kilobytes; check that this is the flow file")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError([Diagnostic(start, "cannot read the flow file", hint: "check the path and that the file is readable")])
        }
        let flow = try load(data: data, file: path, phases: &phases)
        try checkFileName(flow, path: path, data: data)
        return flow
    }

    /// A flow file is named after its id (`initial-response.yaml` holds `id: initial-response`), or
    /// its id and version for a version kept beside the current one (`initial-response-2.3.0.yaml`):
    /// `--flow ID` finds it by that name and every record names the id, so a file whose name says one
    /// flow and whose id says another would put records under a flow nobody asked for. Refused at the
    /// `id:` line. (Kept copies of flows are named by their hash and loaded from their bytes.)
    package static func checkFileName(_ flow: Flow, path: String, data: Data) throws(FlowError) {
        let name = PathText.lastComponent(path)
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name.hasSuffix(".yml") ? String(name.dropLast(4)) : name
        guard stem != flow.id, stem != "\(flow.id)-\(flow.version)" else { return }
        // Top-level keys start at column 1; the first `id:` there is the flow's.
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = (lines.firstIndex { $0.hasPrefix("id:") } ?? 0) + 1
        throw FlowError([Diagnostic(SourceLocation(file: path, line: line, column: 1),
                                    "the file is named \(Visible.line(name)) but the flow's id is '\(flow.id)'",
                                    hint: "name the file \(flow.id).yaml (or \(flow.id)-\(flow.version).yaml), or change the id to \(Visible.line(stem)) (records name the id)")])
    }

    /// Loads a flow from the bytes of a file; `file` names it in diagnostics.
    package static func load(data: Data, file: String) throws(FlowError) -> Flow {
        var phases = Phases()
        return try load(data: data, file: file, phases: &phases)
    }

    static func load(data: Data, file: String, phases: inout Phases) throws(FlowError) -> Flow {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard data.count <= maximumBytes else {
            throw FlowError([Diagnostic(start, "the file is \(data.count) bytes; flow files may be at most \(maximumBytes)")])
        }
        let text = try YAMLDocument.text(data: data, file: file, what: "the file")
        return try load(text: text, file: file, phases: &phases)
    }

    /// Loads a flow from YAML text; `file` names it in diagnostics.
    package static func load(text: String, file: String) throws(FlowError) -> Flow {
        var phases = Phases()
        return try load(text: text, file: file, phases: &phases)
    }

    /// Where loading spends its time, for `intake flows check --timings` and the benchmarks.
    package struct Phases: Sendable {
        /// Nanoseconds in libyaml, building the node tree.
        package var compose: UInt64 = 0
        /// Nanoseconds turning nodes into the flow model.
        package var read: UInt64 = 0
        /// Nanoseconds in the validator.
        package var validate: UInt64 = 0
        /// Creates empty timings.
        package init() {}
    }

    /// Loads a flow from YAML text, recording the time of each phase in `phases`.
    package static func load(text: String, file: String, phases: inout Phases) throws(FlowError) -> Flow {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let root = try YAMLDocument.compose(text, file: file)
        let t1 = DispatchTime.now().uptimeNanoseconds
        var reader = NodeReader(file: file)
        let flow = FlowReader.read(root, &reader)
        let t2 = DispatchTime.now().uptimeNanoseconds
        phases.compose = t1 - t0
        phases.read = t2 - t1
        guard let flow, reader.diagnostics.isEmpty else {
            throw FlowError(reader.diagnostics)
        }
        let problems = FlowValidator.validate(flow)
        phases.validate = DispatchTime.now().uptimeNanoseconds - t2
        guard problems.isEmpty else { throw FlowError(problems) }
        return flow
    }
}
