import Foundation
import XCTest

/// Issue 34, item 5: accessible mode is a contract (docs/accessibility.md). With `ACCESSIBLE=1`, a
/// whole interview, a resumed one, a Welsh one, a supervisor's review and `keys init` write no escape
/// byte at all to the terminal — no colour, no cursor movement, no pager — so a screen reader or a
/// braille display reads exactly the words. Each runs on a pseudo-terminal of its own, as at a desk.
final class AccessibleModeTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = URL(fileURLWithPath: try Binary.temporaryFile("x", "")).deletingLastPathComponent()
    }

    var environment: [String: String] {
        ["ACCESSIBLE": "1", "TERM": "xterm-256color", "TZ": "UTC", "LANG": "C.UTF-8", "HOME": home.path,
         "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "PAGER": "less",
         "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
         "XDG_DATA_HOME": home.appendingPathComponent("data").path, "XDG_CACHE_HOME": home.appendingPathComponent("cache").path]
    }

    /// Runs `arguments` on a terminal, typing `lines`; the exit status and every byte written.
    func run(_ arguments: [String], _ lines: [String], file: StaticString = #filePath, line: UInt = #line) throws -> (Int32, PseudoTerminal) {
        let terminal = try PseudoTerminal(arguments, environment: environment)
        try terminal.settle()
        let status = try terminal.answer(lines)
        return (status, terminal)
    }

    func assertNoEscape(_ terminal: PseudoTerminal, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if let at = terminal.bytes.firstIndex(of: 0x1B) {
            let context = String(decoding: terminal.bytes[max(0, at - 60)..<min(terminal.bytes.count, at + 20)], as: UTF8.self)
            XCTFail("\(what): an escape byte at \(at) of \(terminal.bytes.count): …\(context.debugDescription)", file: file, line: line)
        }
        XCTAssertGreaterThan(terminal.bytes.count, 200, "\(what) said something", file: file, line: line)
    }

    /// The path after "Signed record saved: " (or its Welsh) in what the terminal showed.
    func saved(_ terminal: PseudoTerminal) throws -> String {
        for prefix in ["Signed record saved: ", "Cofnod wedi'i lofnodi a'i gadw: "] {
            if let at = terminal.output.range(of: prefix, options: .backwards) {
                return String(terminal.output[at.upperBound...].prefix { !$0.isWhitespace })
            }
        }
        XCTFail(String(terminal.output.suffix(1500)))
        throw CancellationError()
    }

    var interview: [String] { ResumeTests.units.flatMap { $0 } }

    func testKeysInitRunAndResumeWriteNoEscapeByte() throws {
        let (made, keys) = try run(["keys", "init", "--name", "PC Test", "--collar", "1", "--organisation", "Testshire"], [])
        XCTAssertEqual(made, 0, keys.output)
        assertNoEscape(keys, "keys init")

        let (finished, whole) = try run(["run"], interview)
        XCTAssertEqual(finished, 0, String(whole.output.suffix(1500)))
        assertNoEscape(whole, "a whole interview")
        XCTAssertTrue(whole.output.contains("1) "), "choices are numbered")

        let (stopped, first) = try run(["run"], Array(interview.prefix(8)) + ["q"])
        XCTAssertEqual(stopped, 2, String(first.output.suffix(800)))
        assertNoEscape(first, "an interview stopped")
        let id = try XCTUnwrap(first.output.range(of: #"IR-\d{8}-[0-9A-F]{12}"#, options: .regularExpression).map { String(first.output[$0]) })
        let (resumedStatus, resumed) = try run(["resume", id], Array(interview.dropFirst(8)))
        XCTAssertEqual(resumedStatus, 0, String(resumed.output.suffix(1500)))
        assertNoEscape(resumed, "a resumed interview")

        // A follow-up opens on the review of what the record says: Enter leaves it, f signs.
        let (updated, update) = try run(["update", try saved(resumed)], ["", "f", "y"])
        XCTAssertEqual(updated, 0, String(update.output.suffix(1500)))
        assertNoEscape(update, "a follow-up")
    }

    /// Issue 34, item 4 (part): setting up a key as a Welsh interview starts is said in Welsh, and the
    /// Welsh "i" (ie) makes one.
    func testAKeyIsSetUpInTheLanguageOfTheInterview() throws {
        let terminal = try PseudoTerminal(["run", "--lang", "cy"], environment: environment)
        try terminal.waitFor("Nid oes allwedd llofnodi eto")
        try terminal.waitFor("Ei chreu nawr? [i/N]")
        for line in ["i", "", "PC Gwen Jones", "1", "Heddlu Dyfed-Powys"] { terminal.type(line + "\r"); try terminal.settle() }
        try terminal.waitFor("mae angen hwn ar gyfer llinell Swyddog y cofnod")
        try terminal.waitFor("Crëwyd ")
        XCTAssertFalse(terminal.output.contains("Your full name"), terminal.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("config/intake/id_ed25519").path))
        assertNoEscape(terminal, "setting up a key in Welsh")
    }

    func testAWelshRunAndAReviewWriteNoEscapeByte() throws {
        XCTAssertEqual(try run(["keys", "init", "--name", "PC Test", "--collar", "1", "--organisation", "Testshire"], []).0, 0)
        let supervisor = home.appendingPathComponent("supervisor_key").path
        XCTAssertEqual(try run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire", "--key", supervisor], []).0, 0)

        let (welshStatus, welsh) = try run(["run", "--lang", "cy"], interview)
        XCTAssertEqual(welshStatus, 0, String(welsh.output.suffix(1500)))
        assertNoEscape(welsh, "an interview in Welsh")

        let facts = Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path
        let first = Binary.root.appendingPathComponent("flows/scenarios/facts-unknown.yaml").path
        let env = environment.filter { $0.key.hasPrefix("XDG_") }
        func saved(_ result: Binary.Result) throws -> String {
            let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
            return String(line.dropFirst("Signed record saved: ".count))
        }
        let r1 = try saved(try Binary.run(["run", "--answers", first], environment: env))
        let r2 = try saved(try Binary.run(["update", r1, "--answers", facts], environment: env))
        let (reviewed, review) = try run(["review", r2, "--key", supervisor],
                                         ["", "inspector", "agree", "Both 15; nothing aggravating; checks clear.", ".", "f", "y"])
        XCTAssertEqual(reviewed, 0, String(review.output.suffix(1500)))
        assertNoEscape(review, "a review (no pager)")
        XCTAssertTrue(review.output.contains("INTAKE RECORD"), "the record is read out before the questions")
    }
}
