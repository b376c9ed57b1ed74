import Foundation
import XCTest

/// Nothing lost: interrupted interviews resume where they stopped, and come out as if never interrupted.
final class ResumeTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path] }
    var journals: URL { home.appendingPathComponent("data/intake/journal") }
    var records: URL { home.appendingPathComponent("data/intake/records") }

    /// The experimental path, one group of input lines per accepted event.
    static let units: [[String]] = [[""], ["d"], ["CR/9/26"], ["Indecent image of a child"],
                                    ["yesterday 16:30"], ["3"], ["A (15), B (15)", "."], ["A sent B one image.", "."]]
        + Array(repeating: ["n"], count: 13) + [["d"]] + Array(repeating: ["n"], count: 5) + [["d"], ["d"], ["d"]]
        + [["Both families favour support.", "."], ["No suspect: a willing exchange.", "."]]
        + [["Both researched; nothing of concern.", "."]] + Array(repeating: ["d"], count: 3) + [[""], [""], ["d"], ["d"], ["f"]]

    /// Journal lines before the first answer: the header, then name, number and force given by the key.
    static let linesBeforeAnswers = 1 + 3

    static func input(_ units: ArraySlice<[String]>) -> String { units.flatMap { $0 }.map { $0 + "\n" }.joined() }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-resume-\(UUID().uuidString)")
        let made = try Binary.run(["keys", "init", "--name", "PC Test", "--collar", "1", "--organisation", "Testshire"], environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    func journalIds() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? []).map { String($0.dropLast(6)) }
    }

    /// The record with its times, id and signature taken out, for comparing runs.
    static func normalised(_ record: String) -> String {
        var text = record
        if let cut = text.range(of: "-----BEGIN SSH SIGNATURE-----") { text = String(text[..<cut.lowerBound]) }
        for (pattern, replacement) in [(#"\d{4}-\d{2}-\d{2} \d{2}:\d{2} [^(]*\(UTC \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\)"#, "<time>"),
                                       (#"IR-\d{8}-[0-9A-F]{12}"#, "<id>"), (#"SHA256:[A-Za-z0-9+/]+"#, "<key>")] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    func uninterrupted() throws -> String {
        let result = try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[...]), environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    func testAnInterruptedInterviewResumesToTheSameRecord() throws {
        let whole = try uninterrupted()
        let first = try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[..<12]), environment: env)
        XCTAssertEqual(first.status, 2)
        let id = try XCTUnwrap(journalIds().first)
        XCTAssertTrue(first.stderr.contains("Continue with: intake resume \(id)"), first.stderr)
        let listed = try Binary.run(["resume"], environment: env)
        XCTAssertTrue(listed.stdout.hasPrefix("\(id)  ref CR/9/26  officer PC Test  started "), listed.stdout)
        XCTAssertTrue(listed.stdout.contains("step 13"), listed.stdout)
        let resumed = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[12...]), environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("Continuing \(id) at step 13."), resumed.stderr)
        XCTAssertEqual(Self.normalised(resumed.stdout), Self.normalised(whole))
        XCTAssertTrue(resumed.stdout.contains("Record: \(id)"), "the record keeps the interview's id")
        XCTAssertEqual(journalIds(), [], "the journal goes once the record is saved")
        XCTAssertEqual(try Binary.run(["verify", records.appendingPathComponent(id + ".txt").path], environment: env).status, 0)
    }

    func testAChangedFlowIsRefusedAndTheOriginalCanBeGiven() throws {
        let original = try String(contentsOfFile: Binary.initialResponse, encoding: .utf8)
        let copy = home.appendingPathComponent("flow.yaml").path
        let kept = home.appendingPathComponent("flow-original.yaml").path
        try original.write(toFile: copy, atomically: true, encoding: .utf8)
        try original.write(toFile: kept, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Binary.run(["run", "--plain", "--flow", copy], stdin: Self.input(Self.units[..<5]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        try original.replacingOccurrences(of: "Your force", with: "Your police force").write(toFile: copy, atomically: true, encoding: .utf8)
        let refused = try Binary.run(["resume", id, "--plain"], environment: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("has changed since interview \(id) began"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("resume with --flow"), refused.stderr)
        let resumed = try Binary.run(["resume", id, "--plain", "--flow", kept], stdin: Self.input(Self.units[5...]), environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
    }

    func testAJournalLeftAfterItsRecordWasSavedIsRecognised() throws {
        XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[..<3]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        try "a signed record\n".write(to: records.appendingPathComponent(id + ".txt"), atomically: true, encoding: .utf8)
        let result = try Binary.run(["resume", id], environment: env)
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("had already finished"), result.stderr)
        XCTAssertEqual(journalIds(), [])
    }

    func testATornLastLineIsReportedAndTheRestResumes() throws {
        XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[..<8]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        let handle = try FileHandle(forWritingTo: journals.appendingPathComponent(id + ".jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"event\":\"answer\",\"at\":8145".utf8))
        try handle.close()
        let resumed = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[8...]), environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("warning: \(id).jsonl:\(Self.linesBeforeAnswers + 9): the last line was cut off mid-write"), resumed.stderr)
        XCTAssertEqual(Self.normalised(resumed.stdout), Self.normalised(try uninterrupted()))
    }

    func testACorruptedJournalIsReportedWithItsLineAndKept() throws {
        XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[..<8]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        let url = journals.appendingPathComponent(id + ".jsonl")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        lines[3] = "garbage"
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let result = try Binary.run(["resume", id, "--plain"], environment: env)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(id).jsonl:4: the journal is damaged here"), result.stderr)
        XCTAssertEqual(journalIds(), [id], "never silently dropped")
    }

    func testDiscardRemovesAfterConfirmation() throws {
        XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[..<3]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        XCTAssertTrue(try Binary.run(["discard", id], stdin: "no\n", environment: env).stderr.contains("Kept."))
        XCTAssertEqual(journalIds(), [id])
        XCTAssertEqual(try Binary.run(["discard", id], stdin: "yes\n", environment: env).status, 0)
        XCTAssertEqual(journalIds(), [])
    }

    func testAnUnwritableDataFolderIsAClearError() throws {
        var broken = env
        broken["XDG_DATA_HOME"] = "/proc/intake-data"
        let result = try Binary.run(["run", "--plain"], stdin: "\n", environment: broken)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("cannot create the journal /proc/intake-data/intake/journal/"), result.stderr)
    }

    /// SIGKILL at 20 points — right after an accepted answer, or half-way through typing the next —
    /// then resume: every accepted answer and its time survives, and the record matches an
    /// uninterrupted run apart from times.
    func testKillingTheProcessAtTwentyPointsLosesNothing() throws {
        try XCTSkipUnless(Tmux.available, "tmux is needed (.ci/run installs it)")
        let whole = Self.normalised(try uninterrupted())
        let points = (0..<20).map { 1 + $0 * 37 / 20 }  // spread over the 39 events, first to last
        for (n, accepted) in points.enumerated() {
            let midKeystroke = n % 2 == 1
            try FileManager.default.removeItem(at: journals)
            let t = try Tmux(["run", "--plain"], environment: env)
            try t.waitFor("[1] This interview guides")
            for unit in Self.units[..<accepted] {
                for line in unit { try t.type(line); try t.press("Enter") }
            }
            if midKeystroke { try t.type("par") }
            // The journal exists from the first screen on; wait until it holds every typed answer.
            let url = journals.appendingPathComponent(try XCTUnwrap(journalIds().first) + ".jsonl")
            try waitForLines(url, Self.linesBeforeAnswers + accepted)
            let shell = try t.tmux(["list-panes", "-t", t.name, "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let pid = try XCTUnwrap(Int32(try Binary.runTool("/usr/bin/pgrep", ["-P", shell, "-f", "intake"]).split(separator: "\n").first ?? ""))
            kill(pid, SIGKILL)
            let journalled = try String(contentsOf: url, encoding: .utf8)
            XCTAssertEqual(journalled.split(separator: "\n").count, Self.linesBeforeAnswers + accepted, "point \(n): every accepted answer is on disk")
            let id = String(url.lastPathComponent.dropLast(6))
            let resumed = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[accepted...]), environment: env)
            XCTAssertEqual(resumed.status, 0, "point \(n): \(resumed.stderr)")
            XCTAssertEqual(Self.normalised(resumed.stdout), whole, "point \(n): the record differs")
            for at in Self.answerTimes(journalled) {
                XCTAssertTrue(resumed.stdout.contains("(UTC \(at))"), "point \(n): the time \(at) of an accepted answer was lost")
            }
        }
    }

    /// Waits until the journal has at least `count` lines (each accepted event is one).
    func waitForLines(_ url: URL, _ count: Int, timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: url, encoding: .utf8), text.split(separator: "\n").count >= count { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        XCTFail("the journal never reached \(count) lines")
    }

    /// The UTC times of the answers in a journal, as the record prints them.
    static func answerTimes(_ journal: String) -> [String] {
        let format = ISO8601DateFormatter()
        return journal.split(separator: "\n").dropFirst().compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["event"] as? String == "answer", let at = object["at"] as? Double else { return nil }
            return format.string(from: Date(timeIntervalSinceReferenceDate: at))
        }
    }
}
