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
    static let units: [[String]] = [[""], ["n"], ["n"], ["d"], ["CR/9/26"], ["Indecent image of a child"],
                                    ["yesterday 16:30"], ["3"], ["A; 15; pictured, sent", "B; 15; received", "."], ["A sent B one image.", "."]]
        + Array(repeating: ["n"], count: 13) + [["1"]] + [["d"]] + Array(repeating: ["n"], count: 6) + [["d"], ["1"], ["1"], ["d"], ["d"], ["d"], ["4"]]
        + [["Both families favour support.", "."], ["No suspect: a willing exchange.", "."]]
        + [["Both researched; nothing of concern.", "."]] + Array(repeating: ["d"], count: 3)
        + [[""], [""], ["d"], ["A", "."], ["101"], ["d"], ["f", "y"]]

    /// Journal lines before the first answer: the header, then name, number and force given by the key.
    static let linesBeforeAnswers = 1 + 3

    static func input(_ units: ArraySlice<[String]>) -> String { units.flatMap { $0 }.map { $0 + "\n" }.joined() }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-resume-\(UUID().uuidString)")
        let made = try Binary.run(["keys", "init", "--name", "PC Test", "--collar", "1", "--organisation", "Testshire"], environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    /// Trusts this test's own key to approve flows, as a force trusts its policy owner.
    func trustForFlows() throws {
        let pub = try String(contentsOf: home.appendingPathComponent("config/intake/id_ed25519.pub"), encoding: .utf8)
        let line = "1@testshire namespaces=\"intake-flow\" " + pub.split(separator: " ").prefix(2).joined(separator: " ") + "\n"
        let handle = try FileHandle(forWritingTo: home.appendingPathComponent("config/intake/allowed_signers"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.close()
    }

    func journalIds() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? []).map { String($0.dropLast(6)) }
    }

    /// The record with its times, id and signature taken out, for comparing runs.
    static func normalised(_ record: String) -> String {
        var text = record
        if let cut = text.range(of: "-----BEGIN SSH SIGNATURE-----") { text = String(text[..<cut.lowerBound]) }
        for (pattern, replacement) in [(#"\d{4}-\d{2}-\d{2} \d{2}:\d{2} [^(]*\(UTC \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\)"#, "<time>"),
                                       (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#, "<time>"), (#"IR-\d{8}-[0-9A-F]{12}"#, "<id>"), (#"SHA256:[A-Za-z0-9+/]+"#, "<key>")] {
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
        XCTAssertTrue(listed.stdout.hasPrefix("\(id)  ref CR/9/26  by PC Test  started "), listed.stdout)
        XCTAssertTrue(listed.stdout.contains("step 13"), listed.stdout)
        let resumed = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[12...]), environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("Continuing \(id) at step 13."), resumed.stderr)
        XCTAssertEqual(Self.normalised(resumed.stdout), Self.normalised(whole))
        XCTAssertTrue(resumed.stdout.contains("Record: \(id)"), "the record keeps the interview's id")
        XCTAssertEqual(journalIds(), [], "the journal goes once the record is saved")
        XCTAssertEqual(try Binary.run(["verify", records.appendingPathComponent(id + ".txt").path], environment: env).status, 0)
    }

    /// Issue 15: an edit to the flow file mid-interview neither strands the interview nor changes
    /// A place for a copy of the initial-response flow, in a folder of its own: a flow file is named
    /// after its id, so copies that differ live apart.
    func flowFile(_ folder: String) -> String {
        let dir = home.appendingPathComponent(folder)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("initial-response.yaml").path
    }

    /// the flow its record cites; without the kept copy, a changed file is refused and --flow helps.
    func testAChangedFlowResumesOnTheFlowItBeganWith() throws {
        let original = try String(contentsOfFile: Binary.initialResponse, encoding: .utf8)
        let copy = flowFile("flow")
        let kept = flowFile("flow-original")
        try original.write(toFile: copy, atomically: true, encoding: .utf8)
        try original.write(toFile: kept, atomically: true, encoding: .utf8)
        let sha = try XCTUnwrap(try Binary.runTool("/usr/bin/sha256sum", [kept]).split(separator: " ").first).description
        XCTAssertEqual(try Binary.run(["run", "--plain", "--flow", copy], stdin: Self.input(Self.units[..<5]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        let edited = original.replacingOccurrences(of: "Your force", with: "Your police force")
        XCTAssertNotEqual(edited, original)
        try edited.write(toFile: copy, atomically: true, encoding: .utf8)
        let resumed = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[5...]), environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("(SHA-256 \(sha))"), "the record cites the flow used: \(resumed.stdout)")
        XCTAssertFalse(resumed.stdout.contains("Your police force"), resumed.stdout)

        // With no copy kept (a journal from before copies, or the copy removed), the change is refused.
        // (The edited file is not approved policy, so it runs only as training: issue 31.)
        XCTAssertEqual(try Binary.run(["run", "--plain", "--training", "--flow", copy], stdin: Self.input(Self.units[..<5]), environment: env).status, 2)
        let second = try XCTUnwrap(journalIds().first)
        try FileManager.default.removeItem(at: home.appendingPathComponent("data/intake/flows"))
        try original.write(toFile: copy, atomically: true, encoding: .utf8)
        let refused = try Binary.run(["resume", second, "--plain"], environment: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("has changed since interview \(second) began"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("resume with --flow"), refused.stderr)
        // The second interview began on the edited file: a copy of those bytes is what --flow needs.
        let editedCopy = flowFile("flow-edited")
        try edited.write(toFile: editedCopy, atomically: true, encoding: .utf8)
        let given = try Binary.run(["resume", second, "--plain", "--flow", editedCopy], stdin: Self.input(Self.units[5...]), environment: env)
        XCTAssertEqual(given.status, 0, given.stderr)
    }

    /// `resume --flow` moves an interview to a new version on purpose; the record says when and from what.
    func testResumeWithFlowMovesToANewVersionOnlyWhenTheAnswersReadTheSame() throws {
        let original = try String(contentsOfFile: Binary.initialResponse, encoding: .utf8)
        let flow = flowFile("flow")
        try original.write(toFile: flow, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Binary.run(["run", "--plain", "--flow", flow], stdin: Self.input(Self.units[..<5]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        let journal = journals.appendingPathComponent(id + ".jsonl")
        let before = try Data(contentsOf: journal)

        // The crime reference, already answered, is worded differently in 3.3.0: refused, journal untouched.
        let reworded = original.replacingOccurrences(of: "version: 3.2.2", with: "version: 3.3.0")
            .replacingOccurrences(of: "prompt: Crime reference number", with: "prompt: Crime reference number (from the crime system)")
        let rewordedPath = flowFile("reworded")
        try reworded.write(toFile: rewordedPath, atomically: true, encoding: .utf8)
        let refused = try Binary.run(["resume", id, "--plain", "--flow", rewordedPath], environment: env)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("[crime_reference] is worded differently"), refused.stderr)
        XCTAssertEqual(try Data(contentsOf: journal), before)

        // Only a question still to come is reworded: moved, and the record says so.
        let later = original.replacingOccurrences(of: "version: 3.2.2", with: "version: 3.3.0")
            .replacingOccurrences(of: "prompt: Who made the report?", with: "prompt: Who reported it?")
        XCTAssertNotEqual(later, original)
        let laterPath = flowFile("later")
        try later.write(toFile: laterPath, atomically: true, encoding: .utf8)
        let sha = try XCTUnwrap(try Binary.runTool("/usr/bin/sha256sum", [laterPath]).split(separator: " ").first).description
        // Issue 31: the version moved to asks the rest of the questions, so it must be approved policy.
        let unapproved = try Binary.run(["resume", id, "--plain", "--flow", laterPath], environment: env)
        XCTAssertEqual(unapproved.status, 1, unapproved.stderr)
        XCTAssertTrue(unapproved.stderr.contains("is not moved to \(laterPath): it is not the force's approved policy"), unapproved.stderr)
        XCTAssertEqual(try Data(contentsOf: journal), before, "the journal is untouched by a refused move")
        try trustForFlows()
        XCTAssertEqual(try Binary.run(["flows", "approve", laterPath], environment: env).status, 0)
        let moved = try Binary.run(["resume", id, "--plain", "--flow", laterPath], stdin: Self.input(Self.units[5...]), environment: env)
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertTrue(moved.stdout.contains("\nFlow policy: approved by 1@testshire (SHA256:"), moved.stdout)
        XCTAssertTrue(moved.stderr.contains("moved from initial-response 3.2.2 to 3.3.0"), moved.stderr)
        XCTAssertTrue(moved.stdout.contains("Flow: initial-response version 3.3.0 (SHA-256 \(sha))"), moved.stdout)
        XCTAssertTrue(moved.stdout.contains("Moved to this version: "), moved.stdout)
        XCTAssertTrue(moved.stdout.contains("Who reported it?"), moved.stdout)
    }

    /// The flow file edited while the interview is running: the record cites the bytes it ran on.
    func testAFlowEditedMidInterviewIsNotTheOneTheRecordCites() throws {
        let original = try String(contentsOfFile: Binary.initialResponse, encoding: .utf8)
        let flow = flowFile("live")
        try original.write(toFile: flow, atomically: true, encoding: .utf8)
        let sha = try XCTUnwrap(try Binary.runTool("/usr/bin/sha256sum", [flow]).split(separator: " ").first).description
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["run", "--plain", "--flow", flow]
        process.environment = ProcessInfo.processInfo.environment.merging(env.merging(["TZ": "UTC"]) { $1 }) { $1 }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(Self.input(Self.units[..<10]).utf8))
        // Once ten answers are in the journal, the file changes under the running interview.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let id = journalIds().first,
               let text = try? String(contentsOf: journals.appendingPathComponent(id + ".jsonl"), encoding: .utf8),
               text.split(separator: "\n").count >= Self.linesBeforeAnswers + 10 { break }
            usleep(50_000)
        }
        try original.replacingOccurrences(of: "Your force", with: "Your police force").write(toFile: flow, atomically: true, encoding: .utf8)
        input.fileHandleForWriting.write(Data(Self.input(Self.units[10...]).utf8))
        try input.fileHandleForWriting.close()
        let record = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(record.contains("Flow: initial-response version 3.2.2 (SHA-256 \(sha))"), record)
    }

    /// Only the interview's own signed record ends its journal: an empty file or anything else at that
    /// path leaves every answer in place (17 answers were lost to an empty file).
    func testAJournalLeftAfterItsRecordWasSavedIsRecognised() throws {
        XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[..<3]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        let journal = journals.appendingPathComponent(id + ".jsonl")
        let saved = try Data(contentsOf: journal)
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        let record = records.appendingPathComponent(id + ".txt")
        for impostor in ["", "a signed record\n"] {
            try impostor.write(to: record, atomically: true, encoding: .utf8)
            let refused = try Binary.run(["resume", id], environment: env)
            XCTAssertEqual(refused.status, 1, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("is not interview \(id)'s signed record; the journal is kept"), refused.stderr)
            XCTAssertEqual(journalIds(), [id])
        }
        try FileManager.default.removeItem(at: record)
        // Finished for real, then the journal put back as a kill before its removal would leave it.
        let finished = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[3...]), environment: env)
        XCTAssertEqual(finished.status, 0, finished.stderr)
        try saved.write(to: journal)
        let result = try Binary.run(["resume", id], environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
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

    /// A second process never opens a journal another has open: it is refused, and nothing is mixed.
    func testAnInterviewOpenElsewhereIsRefusedNotShared() throws {
        XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: Self.input(Self.units[..<3]), environment: env).status, 2)
        let id = try XCTUnwrap(journalIds().first)
        let journal = journals.appendingPathComponent(id + ".jsonl")
        let before = try Data(contentsOf: journal)
        // Another intake holding the interview, as flock(1) holds the same kind of lock.
        let lock = home.appendingPathComponent("data/intake/locks/\(id).lock").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell becomes the sleep with the locked descriptor, so ending it releases the lock.
        holder.arguments = ["-c", "exec 9>\"$0\"; flock 9; exec sleep 30", lock]
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        var held = false
        for _ in 0..<50 where !held {
            usleep(100_000)
            held = isHeld(lock)
        }
        XCTAssertTrue(held, "the other process holds the lock")
        let second = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[3...]), environment: env)
        XCTAssertEqual(second.status, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("cannot be continued here: it is open in another intake"), second.stderr)
        XCTAssertEqual(try Data(contentsOf: journal), before, "nothing written to the other's journal")
        let discard = try Binary.run(["discard", id, "--yes"], environment: env)
        XCTAssertEqual(discard.status, 1, "never removed from under another process")
        XCTAssertEqual(journalIds(), [id])
    }

    /// Issue 15: killed at a save's write or fsync (strace's fault injection), the interview resumes
    /// to the same record as one never interrupted: nothing lost, nothing shifted to another question.
    func testKilledAtAnySyscallOfASaveNothingIsLostOrShifted() throws {
        let strace = "/usr/bin/strace"
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTAssertTrue(FileManager.default.isExecutableFile(atPath: strace), ".ci/run installs strace") }
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: strace), "strace is not installed")
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: strace)
        probe.arguments = ["-qq", "-o", "/dev/null", "/bin/true"]
        try probe.run()
        probe.waitUntilExit()
        try XCTSkipUnless(probe.terminationStatus == 0, "strace cannot trace here (ptrace not permitted)")
        let whole = Self.normalised(try uninterrupted())
        var resumedCount = 0
        // fsyncs 1 to 4 keep the flow's and its translation's copies (issue 31); 5 on make the journal.
        for (call, n) in [("fsync", 1), ("fsync", 6), ("fsync", 9), ("fsync", 23), ("write", 12), ("write", 60), ("write", 140)] {
            try? FileManager.default.removeItem(at: home.appendingPathComponent("data"))
            let killed = try Binary.runTool(strace, ["-f", "-qq", "-o", "/dev/null", "-e", "trace=\(call)",
                                                     "-e", "inject=\(call):signal=SIGKILL:when=\(n)", "-E", "XDG_CONFIG_HOME=\(env["XDG_CONFIG_HOME"]!)",
                                                     "-E", "XDG_DATA_HOME=\(env["XDG_DATA_HOME"]!)", "-E", "TZ=UTC",
                                                     Binary.path, "run", "--plain"], stdin: Self.input(Self.units[...]))
            XCTAssertFalse(killed.contains("INTAKE RECORD"), "\(call) #\(n): killed before the end")
            XCTAssertFalse(FileManager.default.fileExists(atPath: records.path) && !((try? FileManager.default.contentsOfDirectory(atPath: records.path))?.isEmpty ?? true),
                           "\(call) #\(n): killed before any record was made")
            guard let id = journalIds().first else { continue }  // killed before the journal existed
            let listed = try Binary.run(["resume", id, "--plain"], stdin: "", environment: env)
            let step = try XCTUnwrap(listed.stderr.components(separatedBy: "at step ").dropFirst().first?.prefix { $0.isNumber }, "\(call) #\(n): \(listed.stderr)")
            let resumed = try Binary.run(["resume", id, "--plain"], stdin: Self.input(Self.units[(Int(step)! - 1)...]), environment: env)
            XCTAssertEqual(resumed.status, 0, "\(call) #\(n): \(resumed.stderr)")
            XCTAssertEqual(Self.normalised(resumed.stdout), whole, "\(call) #\(n): the record differs from an uninterrupted one")
            if resumed.status == 0 { resumedCount += 1 }
        }
        XCTAssertGreaterThanOrEqual(resumedCount, 6, "most kills land mid-interview, with a journal to resume")
    }

    private func isHeld(_ lock: String) -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        probe.arguments = ["-n", lock, "true"]
        try? probe.run()
        probe.waitUntilExit()
        return probe.terminationStatus != 0
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
        XCTAssertTrue(result.stderr.contains("cannot create /proc/intake-data: No such file or directory"), result.stderr)
    }

    /// SIGKILL at 20 points — right after an accepted answer, or half-way through typing the next —
    /// then resume: every accepted answer and its time survives, and the record matches an
    /// uninterrupted run apart from times.
    func testKillingTheProcessAtTwentyPointsLosesNothing() throws {
        try XCTSkipUnless(Tmux.available, "tmux is needed (.ci/run installs it)")
        let whole = Self.normalised(try uninterrupted())
        let points = (0..<20).map { 1 + $0 * 39 / 20 }  // spread over the answers, first to nearly last
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
