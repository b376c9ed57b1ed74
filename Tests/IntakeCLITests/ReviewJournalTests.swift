import Foundation
import XCTest

/// Issue 34, item 2: the supervisor's review is journalled like any interview. Killed mid-review (or
/// its input ended), it keeps every answer given, and `intake review RECORD` again continues where it
/// stopped and countersigns; `intake resume` never offers a review as an officer's interview.
final class ReviewJournalTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                 "XDG_CACHE_HOME": home.appendingPathComponent("cache").path] }
    var supervisor: String { home.appendingPathComponent("supervisor_key").path }

    override func setUpWithError() throws {
        home = URL(fileURLWithPath: try Binary.temporaryFile("x", "")).deletingLastPathComponent()
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC First", "--collar", "1", "--organisation", "Testshire"], environment: env).status, 0)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire", "--key", supervisor],
                                      environment: env).status, 0)
    }

    func saved(_ result: Binary.Result) throws -> String {
        let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
        return String(line.dropFirst("Signed record saved: ".count))
    }

    /// A record awaiting senior review.
    func awaiting() throws -> String {
        let r1 = try saved(try Binary.run(["run", "--answers", Binary.root.appendingPathComponent("flows/scenarios/facts-unknown.yaml").path], environment: env))
        return try saved(try Binary.run(["update", r1, "--answers", Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path],
                                        environment: env))
    }

    func testAReviewWhoseInputEndedContinuesWhereItStopped() throws {
        let record = try awaiting()
        let before = try Data(contentsOf: URL(fileURLWithPath: record))
        let first = try Binary.run(["review", record, "--key", supervisor], stdin: "\ninspector\n", environment: env)
        XCTAssertEqual(first.status, 2, first.stderr)
        XCTAssertTrue(first.stderr.contains("Your answers are kept: intake review \(record) continues it."), first.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: record)), before, "the record is unchanged")
        // Not an officer's interview.
        XCTAssertTrue(try Binary.run(["resume"], environment: env).stdout.contains("No unfinished interviews."))

        let second = try Binary.run(["review", record, "--key", supervisor], stdin: "agree\nBoth 15; nothing aggravating.\n.\nf\ny\n", environment: env)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("where it stopped (2 answers kept)"), second.stderr)
        XCTAssertTrue(second.stdout.contains("Decision: agreed"), second.stdout)
        XCTAssertTrue(second.stdout.contains("inspector") || second.stdout.contains("Inspector"), "the kept role is in the review: \(second.stdout)")
        let reviews = home.appendingPathComponent("data/intake/reviews/journal")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: reviews.path), [], "the journal goes once the review is countersigned")
        XCTAssertEqual(try Binary.run(["verify", record], environment: env).status, 0)
    }

    func testAReviewKilledMidwayKeepsEveryAnswer() throws {
        let record = try awaiting()
        let environment = env.merging(["TERM": "dumb", "LANG": "C.UTF-8", "HOME": home.path, "ACCESSIBLE": "1",
                                       "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { $1 }
        let terminal = try PseudoTerminal(["review", record, "--key", supervisor], environment: environment)
        try terminal.settle()
        for line in ["", "inspector", "agree"] { terminal.type(line + "\r"); try terminal.settle() }
        kill(terminal.pid, SIGKILL)
        let resumed = try Binary.run(["review", record, "--key", supervisor], stdin: "Mutual; checks clear.\n.\nf\ny\n", environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("(3 answers kept)"), resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("Decision: agreed"), resumed.stdout)
    }

    /// The same on the full screen: the supervisor answers two questions there, the process is
    /// killed, and the review run again (line by line this time) continues from the kept answers.
    func testAFullScreenReviewKilledMidwayKeepsEveryAnswer() throws {
        let record = try awaiting()
        let environment = env.merging(["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home.path, "PAGER": "cat",
                                       "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { $1 }
        let terminal = try PseudoTerminal(["review", record, "--key", supervisor], environment: environment)
        try terminal.waitFor("Read the whole record")
        usleep(300_000)
        terminal.type("\r")
        try terminal.waitFor("rank or role")
        usleep(300_000)
        terminal.type("4")
        let journals = home.appendingPathComponent("data/intake/reviews/journal")
        let deadline = Date().addingTimeInterval(10)
        func lines() -> Int {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? []
            return files.compactMap { try? String(contentsOf: journals.appendingPathComponent($0), encoding: .utf8) }
                .map { $0.split(separator: "\n").count }.max() ?? 0
        }
        while Date() < deadline, lines() < 3 { usleep(50_000) }
        kill(terminal.pid, SIGKILL)
        let resumed = try Binary.run(["review", record, "--key", supervisor], stdin: "agree\nMutual; checks clear.\n.\nf\ny\n", environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("(2 answers kept)"), resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("Decision: agreed"), resumed.stdout)
        XCTAssertTrue(resumed.stdout.lowercased().contains("inspector"), resumed.stdout)
    }
}
