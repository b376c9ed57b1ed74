import ArgumentParser
import Foundation
import IntakeRecords

/// Graphviz's `dot`, run to turn DOT into SVG or PNG. Found on PATH; when it is not there, the
/// message says how to get it and how to do without.
enum Graphviz {
    static func render(_ dot: String, format: String) throws -> Data {
        let path = (Environment.variables["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            printError("intake: --format \(format) needs Graphviz's dot, which is not installed: apt install graphviz "
                       + "(or give --format dot and render it elsewhere)")
            throw ExitCode(Exit.invalidInput)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("flow.dot"), rendered = folder.appendingPathComponent("flow.\(format)")
        let errors = folder.appendingPathComponent("errors")
        try Data(dot.utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // 96 dpi: a 1920×1080 projector shows the PNG at its own size.
        process.arguments = ["-T\(format)", "-Gdpi=96", "-o", rendered.path, input.path]
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: rendered.path) else {
            let why = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            printError("intake: dot could not draw the flow: \(why.trimmingCharacters(in: .whitespacesAndNewlines))")
            throw ExitCode(Exit.invalidInput)
        }
        return data
    }
}
