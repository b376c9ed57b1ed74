import Foundation
import XCTest

/// Issue 33, item 7: closing the terminal ends every command with 129 within a second — the line
/// front, the review (in its pager or at its questions), the demo and the full screen — with the
/// journal kept and the lock released. Each run gets a pseudo-terminal of its own as its controlling
/// terminal; closing its master side is what closing a terminal window does: the kernel hangs the
/// terminal up and sends SIGHUP to the program in front.
final class HangUpTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = URL(fileURLWithPath: try Binary.temporaryFile("x", "")).deletingLastPathComponent()
    }

    var environment: [String: String] {
        ["TERM": "xterm-256color", "TZ": "UTC", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
         "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
         "XDG_DATA_HOME": home.appendingPathComponent("data").path, "XDG_CACHE_HOME": home.appendingPathComponent("cache").path,
         "LANG": "C.UTF-8"]
    }

    func assertHungUp(_ run: PseudoTerminal, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let (status, seconds) = run.hangUp()
        XCTAssertEqual(status, 129, "\(what): 129, not \(status > 1000 ? "killed by signal \(status - 1000)" : "status \(status)"): \(run.output.suffix(600))",
                       file: file, line: line)
        XCTAssertLessThan(seconds, 1.5, "\(what) ended in \(seconds) s", file: file, line: line)
    }

    /// Lines in the one journal so far (its header and each event).
    func journalLines() throws -> Int {
        let folder = home.appendingPathComponent("data/intake/journal")
        guard let name = try FileManager.default.contentsOfDirectory(atPath: folder.path).first(where: { $0.hasSuffix(".jsonl") }) else { return 0 }
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").count
    }

    /// The journal and the lock of the one unfinished interview: kept, and free to take.
    func assertJournalKeptAndLockFree(resumesAt step: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = home.appendingPathComponent("data/intake/journal")
        let journals = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jsonl") }
        XCTAssertEqual(journals.count, 1, "the journal is kept: \(journals)", file: file, line: line)
        let resumed = try Binary.run(["resume", "--plain", String(journals[0].dropLast(".jsonl".count))], stdin: "",
                                     environment: environment.filter { $0.key.hasPrefix("XDG_") })
        XCTAssertFalse(resumed.stderr.contains("open in another intake"), "the lock was released: \(resumed.stderr)", file: file, line: line)
        if let step { XCTAssertTrue(resumed.stderr.contains(step), "resumed after the first answer: \(resumed.stderr)", file: file, line: line) }
    }

    func testTheLineFrontEndsWith129AndKeepsItsJournal() throws {
        try makeKey()
        let run = try PseudoTerminal(["run", "--plain"], environment: environment)
        try run.waitFor("[1]")
        try run.waitFor("> ")
        run.type("1\r")
        try run.waitFor("[2]")
        assertHungUp(run, "run --plain")
        try assertJournalKeptAndLockFree(resumesAt: "[2]")
    }

    func testTheFullScreenEndsWith129AndKeepsItsJournal() throws {
        try makeKey()
        let run = try PseudoTerminal(["run"], environment: environment)
        try run.waitFor("Press Enter when you have read this.")
        usleep(300_000)
        run.type("\r")
        // The screen is drawn by differences; the journal's second line is the sign the answer was taken.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (try? journalLines()) ?? 0 < 2 { usleep(50_000); try run.waitFor("") }
        assertHungUp(run, "run (full screen)")
        try assertJournalKeptAndLockFree()
    }

    func testTheDemoEndsWith129() throws {
        let run = try PseudoTerminal(["demo", "experimental"], environment: environment)
        try run.waitFor("\u{1b}[")
        usleep(300_000)
        assertHungUp(run, "demo")
    }

    func testTheReviewEndsWith129InItsPagerAndAtItsQuestions() throws {
        let (record, key) = try signedRecord()
        for (pager, waitFor) in [("less", "INTAKE RECORD"), ("cat", "Read the whole record")] {
            var env = environment
            env["PAGER"] = pager
            env["LESS"] = "X"
            let run = try PseudoTerminal(["review", record, "--key", key], environment: env)
            try run.waitFor(waitFor)
            usleep(300_000)
            assertHungUp(run, "review with PAGER=\(pager)")
            // The review's lock is free: another review can start at once.
            let again = try PseudoTerminal(["review", record, "--key", key], environment: env)
            try again.waitFor(waitFor)
            XCTAssertFalse(again.output.contains("open in another intake"), again.output)
            _ = again.hangUp()
        }
    }

    // MARK: Set-up

    func makeKey() throws {
        let made = try Binary.run(["keys", "init", "--name", "PC Test", "--collar", "1234", "--organisation", "Test Police"],
                                  environment: environment.filter { $0.key.hasPrefix("XDG_") })
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    /// A record awaiting senior review (Outcome 21 proposed), and the supervisor's own key.
    func signedRecord() throws -> (record: String, key: String) {
        try makeKey()
        let env = environment.filter { $0.key.hasPrefix("XDG_") }
        let supervisor = home.appendingPathComponent("supervisor_key").path
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Test Police", "--key", supervisor],
                                      environment: env).status, 0)
        func saved(_ result: Binary.Result) throws -> String {
            let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
            return String(line.dropFirst("Signed record saved: ".count))
        }
        let r1 = try saved(try Binary.run(["run", "--answers", Binary.root.appendingPathComponent("flows/scenarios/facts-unknown.yaml").path], environment: env))
        let r2 = try saved(try Binary.run(["update", r1, "--answers", Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path],
                                          environment: env))
        return (r2, supervisor)
    }
}
