import Foundation
import XCTest

/// A temporary home (config and data) with an officer's signing key made in it, removed by `remove`.
struct OfficerHome {
    let url: URL
    var env: [String: String] { ["XDG_CONFIG_HOME": url.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": url.appendingPathComponent("data").path] }
    var records: URL { url.appendingPathComponent("data/intake/records") }

    /// Makes the folder and `keys init` for PC First, collar 1, Testshire.
    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let officer = try Binary.run(["keys", "init", "--name", "PC First", "--collar", "1", "--organisation", "Testshire"],
                                     environment: ["XDG_CONFIG_HOME": url.appendingPathComponent("config").path,
                                                   "XDG_DATA_HOME": url.appendingPathComponent("data").path])
        XCTAssertEqual(officer.status, 0, officer.stderr)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// A supervisor's key beside the officer's, Sgt Senior, collar 9, Testshire, trusted here as a
    /// force's shared list would: its path, for `intake review --key`.
    func supervisor() throws -> String {
        let key = url.appendingPathComponent("supervisor_key").path
        let made = try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire", "--key", key],
                                  environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
        return key
    }

    /// The path after "Signed record saved: " in what a run said.
    static func saved(_ result: Binary.Result) throws -> String {
        let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
        return String(line.dropFirst("Signed record saved: ".count))
    }
}
