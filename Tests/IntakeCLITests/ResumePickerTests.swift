import Foundation
import XCTest

/// Issue 35, item 7: resuming as documented. At a terminal `intake resume` offers a choice, in the
/// chosen language; `intake` alone needs a deliberate choice before a new interview starts; and an
/// interview left untouched for days is offered for discard, with confirmation.
final class ResumePickerTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                 "XDG_CACHE_HOME": home.appendingPathComponent("cache").path] }
    var terminal: [String: String] {
        env.merging(["TERM": "dumb", "LANG": "C.UTF-8", "HOME": home.path, "ACCESSIBLE": "1", "TZ": "UTC",
                     "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { $1 }
    }
    var journals: URL { home.appendingPathComponent("data/intake/journal") }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-picker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC Pick", "--collar", "1", "--organisation", "T"], environment: env).status, 0)
        // Two unfinished interviews, each with an answer or two.
        for _ in 0..<2 { XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: "\nn\n", environment: env).status, 2) }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    /// The program's exit status, waiting up to ten seconds for it to end.
    static func exitStatus(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        for _ in 0..<1000 {
            if waitpid(pid, &status, WNOHANG) == pid { return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 1000 + (status & 0x7F) }
            usleep(10_000)
        }
        return nil
    }

    func ids() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: journals.path).filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.sorted()
    }

    func testResumeAtATerminalOffersAChoiceAndContinuesTheOneChosen() throws {
        let ids = try ids()
        XCTAssertEqual(ids.count, 2)
        let run = try PseudoTerminal(["resume"], environment: terminal)
        try run.waitFor("Continue one? Its number, or Enter to leave:")
        XCTAssertTrue(run.output.contains("1) \(ids[0])"), run.output)
        run.type("7\r")
        try run.waitFor("'7' is not one of the numbers 1 to 2")
        run.type("2\r")
        try run.waitFor("Continuing \(ids[1]) at step")
        _ = run.hangUp()
    }

    func testResumeAtATerminalSpeaksWelsh() throws {
        let run = try PseudoTerminal(["resume", "--lang", "cy"], environment: terminal)
        try run.waitFor("Parhau ag un? Ei rif, neu Enter i adael:")
        XCTAssertTrue(run.output.contains("Cyfweliadau heb eu gorffen:"), run.output)
        XCTAssertTrue(run.output.contains("cam "), "each interview's step, in Welsh: \(run.output)")
        run.type("\r")
        XCTAssertEqual(Self.exitStatus(run.pid), 0, "Enter leaves")
    }

    func testANewInterviewAtStartUpIsADeliberateChoice() throws {
        let run = try PseudoTerminal([], environment: terminal)
        try run.waitFor("Continue one? Its number, or n for a new interview:")
        run.type("\r")
        try run.waitFor("is not a choice: type a number from 1 to 2 to continue that interview, or n for a new one")
        run.type("n\r")
        try run.waitFor("This interview guides")
        _ = run.hangUp()
    }

    func testAnInterviewUntouchedForLongIsOfferedForDiscard() throws {
        let old = try XCTUnwrap(try ids().first)
        // Its journal last changed 40 days ago.
        let then = Date().addingTimeInterval(-40 * 86_400)
        try FileManager.default.setAttributes([.modificationDate: then], ofItemAtPath: journals.appendingPathComponent(old + ".jsonl").path)
        let run = try PseudoTerminal(["resume"], environment: terminal)
        // A long prompt is wrapped by the line editor: its start is enough.
        try run.waitFor("Interview \(old) has not been touched for 40 days.")
        run.type("yes\r")
        try run.waitFor("Removed \(old).")
        try run.waitFor("Continue one? Its number, or Enter to leave:")
        run.type("\r")
        _ = run.hangUp()
        XCTAssertEqual(try ids().count, 1)
        // Never offered when the config says 0.
        try FileManager.default.createDirectory(at: home.appendingPathComponent("config/intake"), withIntermediateDirectories: true)
        try "stale_after_days = 0\n".write(to: home.appendingPathComponent("config/intake/config"), atomically: true, encoding: .utf8)
        let other = try XCTUnwrap(try ids().first)
        try FileManager.default.setAttributes([.modificationDate: then], ofItemAtPath: journals.appendingPathComponent(other + ".jsonl").path)
        let again = try PseudoTerminal(["resume"], environment: terminal)
        try again.waitFor("Continue one? Its number, or Enter to leave:")
        XCTAssertFalse(again.output.contains("has not been touched"), again.output)
        XCTAssertTrue(again.output.contains("(40 days ago)"), "the age is shown: \(again.output)")
        again.type("\r")
        _ = again.hangUp()
    }
}
