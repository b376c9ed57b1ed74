import Foundation
import XCTest

/// Runs the built `intake` binary, as a user would.
enum Binary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var path: String {
        // XCTest runs from the build products folder, where `swift build` put intake.
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("intake").path,
                          root.appendingPathComponent(".build/debug/intake").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    static var initialResponse: String { root.appendingPathComponent("flows/initial-response.yaml").path }

    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        // Hermetic: never the real ~/.config or ~/.local/share, unless a test names its own.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("intake-env-\(UUID().uuidString)")
        env["XDG_CONFIG_HOME"] = scratch.appendingPathComponent("config").path
        env["XDG_DATA_HOME"] = scratch.appendingPathComponent("data").path
        env["XDG_CACHE_HOME"] = scratch.appendingPathComponent("cache").path
        // Nor the developer's ssh-agent: a test that signs through an agent starts its own.
        env["SSH_AUTH_SOCK"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // Files rather than pipes: a child that writes a lot can never stall on a full pipe.
        let stdinPath = try temporaryFile("stdin", stdin)
        let outPath = try temporaryFile("stdout", ""), errPath = try temporaryFile("stderr", "")
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        // The run's own files go when it is over: its scratch home (no test can name it) and its
        // standard streams, once read.
        defer {
            try? FileManager.default.removeItem(at: scratch)
            for path in [stdinPath, outPath, errPath] { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        }
        try process.run()
        process.waitUntilExit()
        let out = try Data(contentsOf: URL(fileURLWithPath: outPath))
        let err = try Data(contentsOf: URL(fileURLWithPath: errPath))
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs any tool and returns its standard output.
    static func runTool(_ path: String, _ arguments: [String], stdin: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: try temporaryFile("tool-in", stdin))) }
        let out = try temporaryFile("tool-out", "")
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        try process.run()
        process.waitUntilExit()
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    /// Folders made by `temporaryFile` during the current test, removed when it finishes.
    nonisolated(unsafe) static var made: [URL] = []
    nonisolated(unsafe) static var cleaner: Cleaner?

    final class Cleaner: NSObject, XCTestObservation {
        func testCaseDidFinish(_ testCase: XCTestCase) {
            for url in Binary.made { try? FileManager.default.removeItem(at: url) }
            Binary.made = []
        }
    }

    /// The answers of the teaching scenario `flows/scenarios/NAME.yaml` as an operational answers file
    /// (its title and description left out): a teaching scenario itself is signed only as training
    /// (issue 35, item 6), and these tests are about operational records.
    static func operational(_ name: String) -> String {
        let text = try! String(contentsOf: root.appendingPathComponent("flows/scenarios/\(name).yaml"), encoding: .utf8)
        var kept: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("title:") || line.hasPrefix("about:") { skipping = true; continue }
            if skipping, line.hasPrefix(" ") { continue }
            skipping = false
            kept.append(line)
        }
        return try! temporaryFile("\(name).yaml", kept.joined(separator: "\n"))
    }

    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if cleaner == nil {
            cleaner = Cleaner()
            XCTestObservationCenter.shared.addTestObserver(cleaner!)
        }
        made.append(dir)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
