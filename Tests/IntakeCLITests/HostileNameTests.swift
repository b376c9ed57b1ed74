import Foundation
import IntakeCore
import XCTest

/// Issue 33, item 2: every command, given a file name or an argument that holds terminal escapes (an
/// OSC 52 clipboard write, a screen clear, a bidi override), shows it and never obeys it — on standard
/// output, standard error, in JSON, whether the file exists or not.
final class HostileNameTests: XCTestCase {
    /// OSC 52 (write the clipboard), clear the screen, DEL, a C1 CSI, right-to-left override.
    static let hostile = "ev\u{1b}]52;c;aGk=\u{07}il\u{1b}[2J\u{7f}\u{9b}1m\u{202e}txt.yaml"

    /// What a test would see if anything were obeyed: the first hidden character, else nil.
    func raw(_ result: Binary.Result) -> String? {
        for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            if let bad = Visible.firstHidden(in: text) { return "\(stream) holds \(Visible.name(bad)): \(Visible.line(text))" }
        }
        return nil
    }

    func testEveryCommandShowsAHostileNameAndNeverObeysIt() throws {
        let folder = URL(fileURLWithPath: try Binary.temporaryFile("x", "")).deletingLastPathComponent()
        let existing = folder.appendingPathComponent(Self.hostile)
        try "id: x\n".write(to: existing, atomically: true, encoding: .utf8)
        let missing = folder.appendingPathComponent("nope-" + Self.hostile).path
        var ran = 0
        for name in [existing.path, missing] {
            let commands: [[String]] = [
                [name], ["run", "--flow", name], ["run", "--answers", name], ["run", "--from", name],
                ["resume", name], ["update", name], ["discard", name], ["assess", "--flow", name, "--answers", name],
                ["verify", name], ["verify", "--format", "json", name], ["review", name], ["notice", name],
                ["notice", "--output", name, name], ["records", name], ["records", "--format", "json", name],
                ["keys", "trust", name], ["keys", "revoke", name], ["flows", "check", name], ["flows", "explain", name], ["flows", "graph", name], ["flows", "translate", name],
                ["flows", "approve", name], ["verify", "--allowed-signers", name, name], ["store", "records", "--store", name],
                ["sync", "--store", name], ["demo", name], ["run", "--lang", name], ["--\(Self.hostile)"],
            ]
            for arguments in commands {
                let result = try Binary.run(arguments, stdin: "")
                XCTAssertNil(raw(result), "intake \(arguments.map(Visible.line).joined(separator: " "))")
                XCTAssertFalse(result.stderr.isEmpty && result.stdout.isEmpty, "something is said: \(arguments.map(Visible.line))")
                ran += 1
            }
        }
        XCTAssertEqual(ran, 56)
    }
}
