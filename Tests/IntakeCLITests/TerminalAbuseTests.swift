import Foundation
import XCTest

/// Hostile input on the full-screen front: pasted escape sequences, invalid UTF-8, a burst of
/// 10,000 keystrokes and a storm of resizes. The screen must stay whole and the record clean.
final class TerminalAbuseTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path] }

    override func setUpWithError() throws {
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTAssertTrue(Tmux.available, ".ci/run installs tmux") }
        try XCTSkipUnless(Tmux.available, "tmux is needed for the end-to-end tests")
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-abuse-\(UUID().uuidString)")
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC Test", "--collar", "9", "--organisation", "Testshire"], environment: env).status, 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    /// The experimental scenario without its rationale, so the interview opens on that text screen
    /// near the end and the abuse is typed there.
    func answersWithoutRationale() throws -> String {
        let text = try String(contentsOfFile: Binary.operational("experimental"), encoding: .utf8)
        var kept: [String] = []
        var skipping = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("  experimental_rationale:") { skipping = true; continue }
            if skipping, line.hasPrefix("    ") { continue }
            skipping = false
            kept.append(line)
        }
        return try Binary.temporaryFile("abuse.yaml", kept.joined(separator: "\n"))
    }

    func testHostileInputNeitherBreaksTheScreenNorReachesTheRecord() throws {
        let t = try Tmux(["run", "--answers", try answersWithoutRationale()], columns: 80, rows: 24, environment: env)
        try t.waitFor("Record why you judge this experimental")
        // Pasted colour codes, a terminal-title sequence, a screen clear, invalid UTF-8 and C1 bytes.
        try t.type("Start ")
        // One burst, as a terminal delivers a paste without bracketed paste: none of these is a key.
        try t.sendBytes(Array("\u{1B}[31mRED\u{1B}[0m\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[?25l".utf8) + [0xFF, 0xFE, 0xC3, 0x28, 0x80, 0xC2, 0x85])
        try t.type(" end. ")
        var screen = try t.waitFor("end.")
        XCTAssertTrue(screen.contains("Ctrl-D accept · Esc back"), "the footer is intact:\n\(screen)")
        XCTAssertTrue(screen.contains("Record why you judge this experimental"), screen)
        // Resize storm while on the text screen: nothing typed is lost.
        for i in 0..<40 { try t.resize(columns: 60 + (i * 7) % 60, rows: 16 + (i * 5) % 20) }
        try t.resize(columns: 80, rows: 24)
        // Let the last resize be drawn: a frame of an earlier size can still be on the screen.
        Thread.sleep(forTimeInterval: 0.5)
        screen = try t.waitFor("end.")
        XCTAssertTrue(screen.contains("Ctrl-D accept"), screen)
        // Redrawn whole at the final size: no line left cut mid-character by a shrink.
        XCTAssertEqual(screen.components(separatedBy: "\n").dropFirst().first, String(repeating: "─", count: 80), screen)
        XCTAssertFalse(screen.contains("\u{FFFD}"), screen)
        // A burst of 10,000 keystrokes, sent as large pastes.
        let chunk = String(repeating: "abcdefghij", count: 100)
        for _ in 0..<10 { try t.type(chunk) }
        try t.press("C-d")
        try t.waitFor("Do not seize devices", timeout: 60)
        try t.answerEach("ddd")
        try t.waitFor("Do not explain Outcome 21 to the family")
        try t.press("Enter")
        try t.waitFor("Your record carries a draft")
        try t.press("Enter")
        try t.waitFor("Tell each child"); try t.answerEach("d")
        try t.waitFor("Which children's families get a letter"); try t.type("Ελένη"); try t.press("C-d")
        try t.waitFor("How can the family reach you"); try t.type("101"); try t.press("Enter")
        try t.waitFor("Raise a child contact"); try t.answerEach("d")
        screen = try t.waitFor("Classification: Experimental")
        let rows = screen.components(separatedBy: "\n")
        XCTAssertTrue(rows[0].hasPrefix(" Initial response"), "the header is in place: \(rows[0])")
        XCTAssertTrue(rows.contains { $0.hasPrefix(" Enter finish") }, "the footer is in place:\n\(screen)")
        try t.press("Enter")
        try t.waitFor("Finish and sign the record?")
        try t.type("y")
        XCTAssertEqual(try t.exitStatus(timeout: 30), 0)
        let record = t.stdout
        XCTAssertTrue(record.hasSuffix("-----END SSH SIGNATURE-----\n"), "signed: \(record.suffix(200))")
        XCTAssertFalse(record.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value) },
                       "no escape, bell or C1 control reaches the record")
        XCTAssertFalse(record.contains("\u{FFFD}"), "invalid bytes are dropped, not turned into replacement characters")
        let rationale = try XCTUnwrap(record.components(separatedBy: "\n").first { $0.contains("Start ") })
        XCTAssertTrue(rationale.contains("Start RED( end. abcdefghij"), "sequences dropped, text kept: \(rationale.prefix(80))")
        let burst = try XCTUnwrap(record.components(separatedBy: "\n").first { $0.contains("abcdefghij") })
        XCTAssertEqual(burst.components(separatedBy: "abcdefghij").count - 1, 1000, "all 10,000 keystrokes arrived")
    }

    /// Issue 13, part 4: arrows, Home and End are keys wherever they fall in a read (a batched SSH
    /// link sends several in one packet, mid-text), in both the `ESC [` and `ESC O` forms and as
    /// `ESC [ n ~`; other sequences in the same burst are dropped. A bracketed paste fills a text field
    /// and never answers a question.
    func testSequencesAnywhereInABurstAreKeysAndPastesNeverAnswer() throws {
        let t = try Tmux(["run"], columns: 80, rows: 24, environment: env)
        try t.waitFor("This interview guides")
        try t.press("Enter")
        // Safeguarding first: danger now and self-harm, then the crime record's checklist.
        try t.waitFor("Is any child in immediate danger?")
        try t.answerEach("nn")
        var screen = try t.waitFor("Record the report as a crime")
        XCTAssertFalse(screen.contains("›"), "a new checklist has nothing highlighted:\n\(screen)")
        try t.sendBytes(Array("\u{1B}[B\u{1B}[B\u{1B}[A".utf8))
        try t.waitFor("› d  Done")
        try t.sendBytes(Array("\u{1B}OB\u{1B}[31m".utf8))
        try t.waitFor("› n  Not done")
        // A pasted "d" and line end answer nothing.
        try t.paste("d\n")
        screen = try t.waitFor("Pasted text is taken only where an answer is written")
        XCTAssertTrue(screen.contains("Record the report as a crime"), screen)
        try t.type("d")
        try t.waitFor("Crime reference number")
        try t.type("abc")
        try t.waitFor("abc")
        try t.sendBytes(Array("X\u{1B}[D\u{1B}[DY\u{1B}OHS\u{1B}[4~E\u{1B}[1~<\u{1B}[F>".utf8))
        try t.waitFor("<SabYcXE>")
        try t.paste("12\n34")
        screen = try t.waitFor("<SabYcXE>12 34")
        XCTAssertTrue(screen.contains("Crime reference number"), "the line end in the paste accepted nothing:\n\(screen)")
        try t.press("C-c")
        try t.waitFor("Quit")
        try t.type("y")
        XCTAssertNotNil(try t.exitStatus())
    }
}
