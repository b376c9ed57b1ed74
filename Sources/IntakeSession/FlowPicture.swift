import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// `intake flows graph`: a flow drawn for a room, as DOT or Mermaid text, or as SVG or PNG through
/// Graphviz's `dot` when it is installed (it is not a dependency: most officers never draw one).
package enum FlowPicture {
    /// What to draw it as.
    package enum Format: String, Sendable, CaseIterable { case dot, mermaid, svg, png }

    /// `flow` drawn as `format`, or why it cannot be (no such section, no Graphviz, dot failed).
    package static func draw(_ flow: Flow, format: Format, options: FlowDiagram.Options) -> Result<Data, SessionError> {
        if let section = options.section, !flow.screens.contains(where: { $0.section == section }) {
            let names = flow.screens.compactMap(\.section).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return .failure(SessionError("\(flow.id) has no section '\(section)'; its sections: " + (names.isEmpty ? "none" : names.map { "\"\($0)\"" }.joined(separator: ", "))))
        }
        let dot = FlowDiagram.dot(flow, options)
        switch format {
        case .dot: return .success(Data(dot.utf8))
        case .mermaid: return .success(Data(FlowDiagram.mermaid(flow).utf8))
        case .svg, .png: return graphviz(dot, format: format.rawValue)
        }
    }

    /// Runs `dot` on the text in a private temporary folder, removed after.
    static func graphviz(_ dot: String, format: String) -> Result<Data, SessionError> {
        let path = (Environment.variables["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            return .failure(SessionError("--format \(format) needs Graphviz's dot, which is not installed: apt install graphviz (or give --format dot and render it elsewhere)"))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-graph-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let input = folder.appendingPathComponent("flow.dot"), rendered = folder.appendingPathComponent("flow.\(format)")
            let errors = folder.appendingPathComponent("errors")
            try Data(dot.utf8).write(to: input)
            // 96 dpi: a 1920×1080 projector shows the PNG at its own size.
            guard let (status, _) = Spawn.run(path, ["-T\(format)", "-Gdpi=96", "-o", rendered.path, input.path],
                                             capture: false, errors: .file(errors.path)) else {
                return .failure(SessionError("dot could not be run: \(Visible.line(path))"))
            }
            guard status == 0, let data = FileManager.default.contents(atPath: rendered.path) else {
                let why = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                return .failure(SessionError("dot could not draw the flow: \(why.trimmed())"))
            }
            return .success(data)
        } catch {
            return .failure(SessionError("dot could not be run: \(error)"))
        }
    }
}
