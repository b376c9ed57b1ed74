import Foundation
import XCTest

/// The full-screen front as a person meets it: the real binary in a terminal, real keys, the screen read back.
final class TerminalEndToEndTests: KeyedTerminalCase {
    func tmux(_ arguments: [String], columns: Int = 80, rows: Int = 24) throws -> Tmux {
        try Tmux(arguments, columns: columns, rows: rows, environment: env)
    }

    func testWithoutAKeyTheFirstRunOffersToCreateOne() throws {
        let t = try Tmux(["run"], environment: ["XDG_CONFIG_HOME": home.appendingPathComponent("none").path])
        try t.waitFor("There is no signing key yet")
        try t.waitFor("Create it now? [y/N]")
        try t.type("y"); try t.press("Enter")
        try t.waitFor("Your full name:"); try t.type("PC New"); try t.press("Enter")
        try t.waitFor("Your collar or staff number:"); try t.type("7"); try t.press("Enter")
        try t.waitFor("Your force or organisation:"); try t.type("Testshire"); try t.press("Enter")
        try t.waitFor("This interview guides")
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("none/intake/id_ed25519").path))
    }

    func testTheFirstQuestionIsShown() throws {
        let t = try tmux(["run"])
        let screen = try t.waitFor("This interview guides your initial response")
        XCTAssertTrue(screen.contains("Initial response — nude or semi-nude images, under-18s"), screen)
        XCTAssertTrue(screen.contains("Step 1 of about"), screen)
        XCTAssertTrue(screen.contains("Enter continue · Esc back · F1 help · F2 review"), screen)
    }

    /// A new interview's journal is made just after its first screen is drawn (issue 20). When it
    /// cannot be made, the terminal comes back, the reason is said there, and nothing was answered.
    func testAJournalThatCannotBeMadeAfterTheFirstScreenIsSaidOnTheRestoredTerminal() throws {
        let data = home.appendingPathComponent("data-is-a-file")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: data.path, contents: Data()))
        let t = try Tmux(["run"], columns: 200, environment: ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "XDG_DATA_HOME": data.path])
        try t.type("y")  // typed ahead of the screen: must answer nothing
        XCTAssertEqual(try t.exitStatus(), 1)
        let screen = try t.screen()
        XCTAssertTrue(screen.contains("intake: cannot lock interview IR-"), screen)
        XCTAssertTrue(screen.contains("Not a directory"), screen)
        XCTAssertFalse(screen.contains("Step 1 of about"), "the terminal is restored: \(screen)")
        XCTAssertEqual(try Data(contentsOf: data), Data(), "nothing written")
    }

    /// Answers up to the immediate-danger question: safeguarding comes first, right after the opening.
    func reachImmediateDanger(_ t: Tmux) throws {
        try t.waitFor("This interview guides")
        try t.press("Enter")
        try t.waitFor("Is any child in immediate danger?")
    }

    /// Answers through safeguarding, the crime record and the report, to the first aggravating feature.
    func reachAdultQuestion(_ t: Tmux) throws {
        try reachImmediateDanger(t)
        try t.type("n")
        try t.waitFor("Is there any worry that a child involved might harm themselves")
        try t.type("n")
        try t.waitFor("Record the report as a crime")
        try t.type("d")
        try t.waitFor("Crime reference number")
        try t.type("CR/5/26"); try t.press("Enter")
        try t.waitFor("Which offence is the crime recorded as?")
        try t.type("Indecent image of a child"); try t.press("Enter")
        // Name, number and force come from the signing key: the next question is the report's time.
        try t.waitFor("When was the report received?")
        try t.type("now"); try t.press("Enter")
        try t.waitFor("Who made the report?")
        try t.type("4")
        try t.waitFor("Who is involved?")
        try t.type("A; 15; pictured, sent"); try t.press("Enter"); try t.type("B; 15; received"); try t.press("C-d")
        try t.waitFor("In a few lines, what happened?")
        try t.type("A sent B an image."); try t.press("C-d")
        try t.waitFor("Did an adult (aged 18 or over)")
    }

    func testABranchIsTakenOnAnAnswer() throws {
        let t = try tmux(["run"])
        try reachImmediateDanger(t)
        try t.type("y")
        let screen = try t.waitFor("Act on the danger now")
        XCTAssertTrue(screen.contains("Step 3 of about"), screen)
        try t.press("Left")
        try t.waitFor("Is any child in immediate danger?")
        try t.type("n")
        try t.waitFor("Is there any worry that a child involved might harm themselves")
    }

    /// A row of people that does not read is refused where it is, and nothing typed is lost.
    func testAPeopleRowThatDoesNotReadIsRefusedAndKept() throws {
        let t = try tmux(["run"])
        try reachImmediateDanger(t)
        try t.answerEach("nnd")
        try t.waitFor("Crime reference number"); try t.press("Enter")
        try t.waitFor("Which offence"); try t.press("Enter")
        try t.waitFor("When was the report received?"); try t.type("now"); try t.press("Enter")
        try t.waitFor("Who made the report?"); try t.type("4")
        try t.waitFor("Who is involved?")
        try t.type("A; 15; pictured; suspect"); try t.press("C-d")
        let screen = try t.waitFor("A is only pictured: a victim, not a suspect")
        XCTAssertTrue(screen.contains("A; 15; pictured; suspect"), "the row is kept to correct: \(screen)")
        XCTAssertTrue(screen.contains("Who is involved?"), screen)
    }

    func testBackAndEditFromTheReview() throws {
        let t = try tmux(["run"])
        try reachAdultQuestion(t)
        try t.press("F2")
        var screen = try t.waitFor("Review — every answer on this interview's path")
        XCTAssertTrue(screen.contains("CR/5/26"), screen)
        // The eighth answer is "Who made the report?" (the key's name, number and force are not
        // answers to review): move there and change it.
        XCTAssertFalse(screen.contains("Your name"), screen)
        for _ in 0..<7 { try t.press("Down") }
        screen = try t.waitFor("A school or college")
        try t.press("Enter")
        // Footers tell the screens apart: the review also lists every question as a row.
        try t.waitFor("↑↓ Enter choose · Esc back")
        try t.type("3")
        screen = try t.waitFor("↑↓ move · Enter change · Esc close")
        XCTAssertNotNil(screen.range(of: #"Who made the report\?\s+A parent or carer"#, options: .regularExpression), screen)
        try t.press("Escape")
        screen = try t.waitFor("y/n/u or ↑↓ Enter")
        XCTAssertTrue(screen.contains("Did an adult (aged 18 or over)"), screen)
    }

    func testResizeReLaysOutWithoutLosingInput() throws {
        let t = try tmux(["run"])
        try t.waitFor("This interview guides")
        try t.press("Enter"); try t.waitFor("Is any child in immediate danger?")
        try t.answerEach("nnd")
        try t.waitFor("Crime reference number")
        try t.type("CR/half-typed")
        try t.resize(columns: 50, rows: 12)
        try t.waitFor("Please enlarge it to at least 60×16.")
        try t.resize(columns: 60, rows: 16)
        var screen = try t.waitFor("│ CR/half-typed")
        XCTAssertTrue(screen.contains("Crime reference number"), screen)
        try t.resize(columns: 100, rows: 30)
        screen = try t.waitFor("│ CR/half-typed")
        XCTAssertTrue(screen.split(separator: "\n").first?.contains("Step 5 of about") ?? false, screen)
    }

    func testCtrlCAsksAndQuittingRestoresTheTerminalAndKeepsTheAnswers() throws {
        let t = try tmux(["run"])
        try t.waitFor("This interview guides")
        try t.press("Enter")
        try t.waitFor("Is any child in immediate danger?")
        try t.press("C-c")
        try t.waitFor("Quit the interview?")
        try t.type("n")
        try t.waitFor("Is any child in immediate danger?")
        try t.press("C-c")
        try t.waitFor("Quit the interview?")
        try t.type("y")
        XCTAssertEqual(try t.exitStatus(), 2)
        let screen = try t.waitFor("Interview stopped before its end.")
        XCTAssertTrue(try t.history().contains("Answer: Acknowledged"), screen)
        XCTAssertFalse(screen.contains("Quit the interview?"), "the full-screen display is gone")
    }

    func testSIGTERMRestoresTheTerminalAndKeepsTheAnswers() throws {
        let t = try tmux(["run"])
        try t.waitFor("This interview guides")
        try t.press("Enter")
        try t.waitFor("Is any child in immediate danger?")
        let shell = try t.tmux(["list-panes", "-t", t.name, "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let pgrep = try Binary.runTool("/usr/bin/pgrep", ["-P", shell, "-f", "intake"])
        let pid = try XCTUnwrap(Int32(pgrep.split(separator: "\n").first ?? ""), "no intake process under \(shell)")
        kill(pid, SIGTERM)
        XCTAssertEqual(try t.exitStatus(), 128 + SIGTERM)
        let screen = try t.waitFor("Interview ended by signal 15")
        XCTAssertFalse(screen.contains("Is any child in immediate danger?"), "the full-screen display is gone: \(screen)")
        XCTAssertTrue(try t.history().contains("Answer: Acknowledged"))
    }

    func testStartingOffersToResumeAnUnfinishedInterview() throws {
        let first = try Binary.run(["run", "--plain"], stdin: "\nn\nn\nd\nCR/77/26\n", environment: env)
        XCTAssertEqual(first.status, 2)
        let t = try tmux([])
        try t.waitFor("Unfinished interviews:")
        let screen = try t.waitFor("Continue one? Its number, or n for a new interview:")
        XCTAssertTrue(screen.contains("ref CR/77/26"), screen)
        // Issue 13: a wrong number is asked again rather than starting a new interview.
        try t.type("7"); try t.press("Enter")
        try t.waitFor("'7' is not a choice: type a number from 1 to 1")
        try t.type("1"); try t.press("Enter")
        let resumed = try t.waitFor("Which offence is the crime recorded as?")
        XCTAssertTrue(resumed.contains("Ref CR/77/26 · Step 6 of about"), resumed)
    }

    /// The whole flow with only the keyboard, non-ASCII text included, to the summary and the record.
    func testAWholeInterviewByKeyboardEndsInTheSummaryAndTheRecord() throws {
        let t = try tmux(["run"], columns: 80, rows: 24)
        try t.waitFor("This interview guides")
        try t.press("Enter"); try t.waitFor("Is any child in immediate danger?")
        try t.answerEach("nnd")
        try t.waitFor("Crime reference number"); try t.type("CR/6/26"); try t.press("Enter")
        try t.waitFor("Which offence"); try t.type("Indecent image of a child"); try t.press("Enter")
        try t.waitFor("When was the report")
        // Issue 13: a time in the future is refused; one long ago asks for a second Enter.
        try t.type("01/01/2099 10:00"); try t.press("Enter")
        try t.waitFor("01/01/2099 10:00 is in the future")
        for _ in 0..<16 { try t.press("BSpace") }
        try t.type("01/01/2020 10:00"); try t.press("Enter")
        try t.waitFor("01/01/2020 10:00 is more than a month ago: press Enter again to keep it")
        for _ in 0..<16 { try t.press("BSpace") }
        try t.type("yesterday 16:30"); try t.press("Enter")
        try t.waitFor("Who made the report?"); try t.type("3")
        try t.waitFor("Who is involved?")
        try t.type("Ελένη; 15; pictured, sent"); try t.press("Enter"); try t.type("張偉; 15; received"); try t.press("C-d")
        try t.waitFor("what happened?"); try t.type("One image, sent willingly."); try t.press("C-d")
        try t.waitFor("Did an adult")
        // The adult, the copy, ten aggravating features, and no device taken.
        try t.answerEach(String(repeating: "n", count: 13))
        // Carry on past first contact (issue 35).
        try t.waitFor("Carry on now with the checks"); try t.answerEach("1")
        try t.waitFor("Run background checks"); try t.type("d")
        try t.waitFor("younger than 13")
        try t.answerEach("nnnnnn")
        try t.waitFor("Check on every child's welfare")
        // Welfare; parents told; English; the talk; VPA; CSE screening; no strategy meeting.
        try t.answerEach("d11ddd4")
        try t.waitFor("What do the people who matter"); try t.type("Both families favour support."); try t.press("C-d")
        try t.waitFor("Whom, if anyone"); try t.type("No suspect: a willing exchange."); try t.press("C-d")
        try t.waitFor("Record why you judge this experimental")
        try t.type("Both researched; nothing of concern."); try t.press("C-d")
        try t.waitFor("Do not seize devices")
        try t.answerEach("ddd")
        try t.waitFor("Do not explain Outcome 21 to the family")
        try t.press("Enter")
        try t.waitFor("Your record carries a draft")
        try t.press("Enter")
        try t.waitFor("Tell each child"); try t.answerEach("d")
        try t.waitFor("Which children's families get a letter"); try t.type("Ελένη"); try t.press("C-d")
        try t.waitFor("How can the family reach you"); try t.type("101"); try t.press("Enter")
        try t.waitFor("Raise a child contact"); try t.answerEach("d")
        let summary = try t.waitFor("Classification: Experimental")
        XCTAssertTrue(summary.contains("Outcome 21: proposed, awaiting senior review"), summary)
        // Issue 13: Enter twice in a burst does not sign: the second was typed before the dialog was
        // drawn, so it is dropped, and the dialog waits.
        try t.sendBytes([0x0D, 0x0D])
        try t.waitFor("Finish and sign the record?")
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertNil(try t.exitStatus(timeout: 0.2), "two Enters must not sign the record")
        XCTAssertTrue(try t.screen().contains("Finish and sign the record?"))
        // Enter on the dialog itself means "not yet".
        try t.press("Enter")
        try t.waitForAbsence("Finish and sign the record?")
        XCTAssertNil(try t.exitStatus(timeout: 0.2))
        try t.press("Enter")
        try t.waitFor("Finish and sign the record?")
        try t.type("y")
        XCTAssertEqual(try t.exitStatus(), 0)
        let record = t.stdout
        XCTAssertTrue(record.hasPrefix("INTAKE RECORD"), record)
        XCTAssertTrue(record.hasSuffix("-----END SSH SIGNATURE-----\n"), "the record is signed")
        XCTAssertTrue(record.contains("\nOfficer: PC Test, collar 99, Testshire\n"), record)
        XCTAssertFalse(record.contains("(as answered)"), record)
        XCTAssertTrue(record.contains("Answer: Ελένη; 15; pictured, sent\n          張偉; 15; received"), record)
        XCTAssertTrue(record.contains("Classification: Experimental: nothing aggravating found [experimental]"), record)
        XCTAssertTrue(record.contains("- [Done] Ask a suitably senior or experienced officer to review the proposal"), record)
        XCTAssertTrue(record.contains("OUTCOME 21 NOTICE FOR THE CHILD AND FAMILY — DRAFT"), record)
    }

    /// Issue 13: "n" and Enter in one burst (a fast typist, or keys batched by an SSH link) answer only
    /// the question on the screen; the next one appears with nothing chosen and stays unanswered.
    func testKeysTypedAheadNeverAnswerTheNextQuestion() throws {
        let t = try tmux(["run"])
        try reachImmediateDanger(t)
        try t.sendBytes(Array("n\r".utf8))
        var screen = try t.waitFor("Is there any worry that a child involved might harm themselves")
        Thread.sleep(forTimeInterval: 0.5)
        screen = try t.screen()
        XCTAssertTrue(screen.contains("Is there any worry that a child involved might harm themselves"), "still on the question:\n\(screen)")
        XCTAssertFalse(screen.contains("›"), "nothing chosen for the officer:\n\(screen)")
        // A burst of letters answers one question, not three: the next screen, the crime record, is
        // left with nothing chosen (a typed-ahead "n" there would have asked why it was not done).
        try t.sendBytes(Array("nnn".utf8))
        screen = try t.waitFor("Record the report as a crime")
        Thread.sleep(forTimeInterval: 0.5)
        screen = try t.screen()
        XCTAssertTrue(screen.contains("Record the report as a crime"), screen)
        XCTAssertFalse(screen.contains("Why was it not done?"), "a typed-ahead key answered the checklist:\n\(screen)")
        // Enter alone on a new question says what answers it.
        try t.press("Enter")
        screen = try t.waitFor("Nothing is chosen yet: press d, n or a")
        try t.press("F2")
        screen = try t.waitFor("Review — every answer on this interview's path")
        XCTAssertNil(screen.range(of: #"Record the report as a crime[^\n]*(Done|Not done|Not applicable)"#, options: .regularExpression), screen)
    }

    /// Issue 13: a terminal that closes under intake ends it within a second, exit 129, answers kept;
    /// no write to the closed terminal can crash it.
    func testAClosedTerminalEndsIntakeWithItsAnswersKept() throws {
        let out = try endTerminal(term: "xterm-256color", ending: "close")
        let parts = out.split(separator: " ")
        XCTAssertEqual(parts.first, "exit", out)
        XCTAssertEqual(parts.count > 1 ? Int(parts[1]) : nil, 129, out)
        XCTAssertLessThan(parts.count > 3 ? Double(parts[3].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 9 : 9, 1.0, out)
        let journals = home.appendingPathComponent("data/intake/journal")
        let files = try FileManager.default.contentsOfDirectory(atPath: journals.path)
        XCTAssertEqual(files.count, 1, "the journal is kept for intake resume")
        let journal = try String(contentsOf: journals.appendingPathComponent(files[0]), encoding: .utf8)
        XCTAssertTrue(journal.contains("\"event\":\"answer\""), "the answer given before the close is in it")
    }

    /// The line front reached because the terminal cannot show the full screen ends on Ctrl-C and on a
    /// closed terminal, like the line front chosen outright (it once lingered, reading a dead terminal).
    func testTheLineFrontOnADumbTerminalEndsOnCtrlCAndOnClosing() throws {
        for ending in ["ctrl-c", "close"] {
            let out = try endTerminal(term: "dumb", ending: ending)
            XCTAssertTrue(out.hasPrefix("exit") || out.hasPrefix("signal"), "\(ending): \(out)")
            if ending == "ctrl-c" {
                XCTAssertTrue(out.hasPrefix("exit 2 "), "Ctrl-C asked, y quit with the answers kept: \(out)")
                XCTAssertTrue(out.contains("resume hint"), "the resume command is printed: \(out)")
            }
            try? FileManager.default.removeItem(at: home.appendingPathComponent("data/intake/journal"))
        }
    }

    /// Runs intake in a pseudo-terminal, answers the first screen, then closes the terminal (`close`) or
    /// types Ctrl-C (`ctrl-c`); says how and how soon intake ended.
    func endTerminal(term: String, ending: String) throws -> String {
        let script = """
        import os, pty, select, sys, time
        sys.stderr = sys.stdout
        binary, home, term, ending = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update(TERM=term, LANG="C.UTF-8", XDG_CONFIG_HOME=home + "/config", XDG_DATA_HOME=home + "/data")
            os.execv(binary, [binary, "run"])
        seen = b""
        end = time.monotonic() + 15
        while b"This interview guides" not in seen and time.monotonic() < end:
            if select.select([fd], [], [], 0.2)[0]:
                seen += os.read(fd, 65536)
        if b"This interview guides" not in seen:
            print("never showed the first screen:", seen[-300:])
            sys.exit(0)
        os.write(fd, b"\\r")
        time.sleep(0.5)
        if ending == "close":
            os.close(fd)
        else:
            # Ctrl-C asks on both fronts; y quits.
            os.write(fd, b"\\x03")
            asked = time.monotonic()
            while b"Quit" not in seen and time.monotonic() - asked < 5:
                if select.select([fd], [], [], 0.2)[0]:
                    seen += os.read(fd, 65536)
            os.write(fd, b"y\\r")
        ended = time.monotonic()
        while time.monotonic() - ended < 5:
            if ending != "close" and select.select([fd], [], [], 0)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    pass
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                how = "exit %d" % os.WEXITSTATUS(status) if os.WIFEXITED(status) else "signal %d" % os.WTERMSIG(status)
                print(how, "after", round(time.monotonic() - ended, 2), "resume hint" if b"intake resume" in seen else "")
                sys.exit(0)
            time.sleep(0.02)
        os.kill(pid, 9)
        print("still running 5 s after", ending)
        """
        let file = try Binary.temporaryFile("end-terminal.py", script)
        // Through the shell, so the PATH's python3 runs and its errors show in the failure message.
        return try Binary.runTool("/bin/sh", ["-c", "python3 \"$0\" \"$1\" \"$2\" \"$3\" \"$4\" 2>&1",
                                              file, Binary.path, home.path, term, ending])
    }

    /// Issue 13: a terminal that cannot place the cursor gets the line-by-line front, with a notice.
    func testADumbTerminalGetsTheLineFront() throws {
        let t = try Tmux(["run"], environment: env.merging(["TERM": "dumb"]) { $1 })
        let screen = try t.waitFor("continuing line by line")
        XCTAssertTrue(screen.contains("cannot show the full screen"), screen)
        try t.waitFor("[1] This interview guides")
        try t.press("C-c")
    }

    /// Issue 13: the line front, once chosen, lasts: by environment, as huh's ACCESSIBLE does, or config.
    func testThePlainFrontCanBeMadeToLast() throws {
        // Each run is stopped at its first screen; its journal is cleared so the next starts afresh.
        func stop(_ t: Tmux) throws {
            try t.press("C-c")
            try t.waitFor("Quit")
            try t.type("y"); try t.press("Enter")
            _ = try t.exitStatus(timeout: 1)
            try? FileManager.default.removeItem(at: home.appendingPathComponent("data/intake/journal"))
        }
        for extra in [["INTAKE_FRONT": "plain"], ["ACCESSIBLE": "1"]] {
            let t = try Tmux(["run"], environment: env.merging(extra) { $1 })
            try t.waitFor("[1] This interview guides")
            try stop(t)
        }
        let config = home.appendingPathComponent("config/intake/config")
        try "# intake settings\nfront = plain\n".write(to: config, atomically: true, encoding: .utf8)
        let t = try Tmux(["run"], environment: env)
        try t.waitFor("[1] This interview guides")
        try stop(t)
        // And INTAKE_FRONT=full overrides the file.
        let full = try Tmux(["run"], environment: env.merging(["INTAKE_FRONT": "full"]) { $1 })
        try full.waitFor("Enter continue · Esc back")
        try full.press("C-c")
    }

    /// Issue 13, part 7: on the line front the keys mean what they mean on the full screen. Lines are
    /// edited (arrows, Backspace, Ctrl-A) and recalled with ↑; Ctrl-D ends a text, not the interview;
    /// Ctrl-C asks, and quitting prints how to continue.
    func testTheLineFrontEditsLinesAndTakesCtrlDAndCtrlCAsTheFullScreenDoes() throws {
        let t = try tmux(["run", "--plain"], columns: 100, rows: 30)
        try t.waitFor("[1] This interview guides"); try t.press("Enter")
        try t.waitFor("[2] Is any child in immediate danger?"); try t.type("n"); try t.press("Enter")
        try t.waitFor("[3] Is there any worry"); try t.type("n"); try t.press("Enter")
        try t.waitFor("[4] Record the report"); try t.type("d"); try t.press("Enter")
        try t.waitFor("[5] Crime reference number")
        try t.type("R/5"); try t.press("C-a"); try t.type("C"); try t.press("End"); try t.type("x"); try t.press("BSpace")
        try t.press("Left"); try t.type("2"); try t.press("Enter")
        try t.waitFor("[6] Which offence"); try t.press("Up")
        // The history recalls the line just entered; Ctrl-U clears it.
        try t.waitFor("> CR/25")
        try t.press("C-u"); try t.type("Indecent image"); try t.press("Enter")
        try t.waitFor("[7] When was the report received?"); try t.type("now"); try t.press("Enter")
        try t.waitFor("Who made the report?"); try t.type("3"); try t.press("Enter")
        try t.waitFor("Who is involved?")
        try t.type("Child A; 15; pictured"); try t.press("Enter")
        try t.type("Child B; 15; received"); try t.press("C-d")
        try t.waitFor("In a few lines, what happened?")
        try t.press("C-c")
        try t.waitFor("Every answer so far is kept; intake resume IR-")
        try t.type("n"); try t.press("Enter")
        try t.waitFor("Carrying on.")
        try t.press("C-c")
        try t.waitFor("Quit? y quits"); try t.type("y"); try t.press("Enter")
        XCTAssertEqual(try t.exitStatus(), 2)
        let history = try t.history()
        XCTAssertTrue(history.contains("Continue with: intake resume IR-"), history)
        XCTAssertTrue(history.contains("Answer: CR/25"), "the edited line is the answer:\n\(history)")
        XCTAssertTrue(history.contains("Child A; 15; pictured"), history)
        XCTAssertTrue(history.contains("Child B; 15; received"), "Ctrl-D kept its line:\n\(history)")
    }
}
