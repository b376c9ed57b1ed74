import Foundation
import XCTest

/// Issue 14, part 5: a safer school officer goes from a signed school record to a signed police
/// record without typing anything twice, through the binary.
final class HandOffTests: XCTestCase {
    var env: [String: String] = [:]
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-handoff-\(UUID().uuidString)")
        env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path]
        let made = try Binary.run(["keys", "init", "--name", "PC Safer Schools", "--collar", "4471", "--organisation", "Testshire Police"], environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    /// The school record a safer school officer signs: an adult is involved, so the police respond.
    func schoolRecord() throws -> String {
        let scenario = try String(contentsOf: Binary.root.appendingPathComponent("flows/scenarios/school-adult-involved.yaml"), encoding: .utf8)
        var answers = String(scenario[scenario.range(of: "answers:\n")!.lowerBound..<scenario.range(of: "expect:")!.lowerBound])
        answers = answers.replacingOccurrences(of: "staff_role: dsl", with: "staff_role: safer-school-officer")
            .replacingOccurrences(of: "refer_police: done", with: "police_response: done")
        let file = try Binary.temporaryFile("sso.yaml", answers)
        let run = try Binary.run(["run", "--flow", "school-incident", "--answers", file], environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\nRecord: SI-"), "a school record has its own prefix: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("[police-response]"), run.stdout)
        return try XCTUnwrap(run.stderr.components(separatedBy: "Signed record saved: ").last?.components(separatedBy: "\n").first)
    }

    /// What the officer types: only what the school record does not hold. An empty line keeps an
    /// answer filled in from the school record; one of them (the age gap) is changed.
    static let typed: [String] = [
        // intro; immediate danger and self-harm, first and kept from the school record
        "", "", "",
        "d", "CR-1", "Sexual communication with a child", "2026-11-23 10:00", "4",
        // people (the school's rows), account, adult_involved: kept; no adult only holding a copy
        "", "", "", "n",
        // wide_age_gap: the officer knows better than the school record
        "y",
        // the other nine facts asked before the checks: kept; no device taken yet; carry on past first contact
        "", "", "", "", "", "", "", "", "", "n", "1",
        // background checks done; under 13, both vulnerabilities: kept; earlier concerns are the
        // police's own research, never the school's word: asked; plan, online: kept
        "d", "", "", "", "n", "", "",
        // welfare, parents told, English, the talk; VPA, CSE screening, referral; a criminal investigation
        "d", "1", "1", "d", "d", "d", "d", "2",
        "Parents support a police investigation.", ".",
        "Suspect: an adult known as Sam, identity unknown.", ".",
        "d", "Evidence of grooming by an adult.", ".",
        // removal, interview, adult investigated, next steps told; the letters (Pupil C's family), the
        // officer's contact; the child contact form
        "", "d", "d", "d", "Pupil C", ".", "01632 960000", "d", "f", "y",
    ]

    func testASchoolRecordStartsThePoliceInterviewAndThePoliceRecordNamesIt() throws {
        let school = try schoolRecord()
        let schoolText = try String(contentsOfFile: school, encoding: .utf8)
        let schoolId = try XCTUnwrap(schoolText.components(separatedBy: "Record: ").dropFirst().first?.components(separatedBy: "\n").first)
        let sha = try XCTUnwrap(try Binary.runTool("/usr/bin/sha256sum", [school]).split(separator: " ").first).description

        let run = try Binary.run(["run", "--flow", "initial-response", "--from", school, "--plain"],
                                 stdin: Self.typed.joined(separator: "\n") + "\n", environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("Starting from \(schoolId) (school-incident 3.0.1), signed by 4471@testshire-police"), run.stderr)
        XCTAssertTrue(run.stderr.contains("20 answers are filled in from it"), run.stderr)
        // Each carried answer was on screen before it was kept.
        XCTAssertTrue(run.stderr.contains("take part in the sexual conversation?\n    Step 11 of about"), run.stderr)
        XCTAssertTrue(run.stderr.contains("(from \(schoolId): Yes; Enter keeps it)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("(from \(schoolId), Enter keeps it:)\n    | Pupil C (Year 9); 13; pictured, sent"), run.stderr)
        // The police's own research is never the school's word: shown, attributed, and asked.
        XCTAssertTrue(run.stderr.contains("not taken over: [previous_concerns] only this interview's own research answers it; school-incident said: No"), run.stderr)

        let record = run.stdout
        XCTAssertTrue(record.contains("\nRecord: IR-"), record)
        XCTAssertTrue(record.contains("\nStarted from: \(schoolId) (school-incident 3.0.1), record file SHA-256 \(sha), signed by 4471@testshire-police SHA256:"), record)
        XCTAssertTrue(record.contains("[people_involved]\n  Answer: Pupil C (Year 9); 13; pictured, sent\n          Online contact \"Sam\" (says he is 19); ?; received, suspect\n"), record)
        XCTAssertTrue(record.contains("[previous_concerns]\n  Answer: No\n  Given: "), record)
        XCTAssertEqual(record.components(separatedBy: "\n  From: \(schoolId), kept\n").count - 1, 19, record)
        XCTAssertTrue(record.contains("[wide_age_gap]\n  Answer: Yes\n  Given: "), record)
        XCTAssertTrue(record.contains("\n  From: \(schoolId), which said: No\n"), record)
        XCTAssertTrue(record.contains("Classification: Aggravated: a full investigation follows [aggravated]"), record)
        XCTAssertTrue(record.contains("  - There is a wide age gap between the young people."), record)
        // Nothing the school did is recorded as the officer's task: no school checklist carried.
        XCTAssertFalse(record.contains("[secure_device]") || record.contains("[police_response]"), record)

        let saved = try XCTUnwrap(run.stderr.components(separatedBy: "Signed record saved: ").last?.components(separatedBy: "\n").first)
        let verified = try Binary.run(["verify", saved, school], environment: env)
        XCTAssertEqual(verified.status, 0, verified.stdout)
    }

    /// Stopped half way and resumed, the interview still offers the school's answers and names the source.
    func testAResumedInterviewKeepsItsSource() throws {
        let school = try schoolRecord()
        let first = try Binary.run(["run", "--flow", "initial-response", "--from", school, "--plain"],
                                   stdin: Self.typed.prefix(12).joined(separator: "\n") + "\n", environment: env)
        XCTAssertEqual(first.status, 2, first.stderr)
        let id = try XCTUnwrap(first.stderr.components(separatedBy: "intake resume ").dropFirst().first?.prefix { !$0.isWhitespace })
        let resumed = try Binary.run(["resume", String(id), "--plain"], stdin: Self.typed.dropFirst(12).joined(separator: "\n") + "\n", environment: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("\nStarted from: SI-"), resumed.stdout)
        XCTAssertTrue(resumed.stderr.contains("(from SI-"), "offers still shown after resuming: \(resumed.stderr)")
        XCTAssertEqual(resumed.stdout.components(separatedBy: ", kept\n").count - 1, 19, resumed.stdout)
    }

    func testARecordThatDoesNotVerifyIsRefusedBeforeAnythingIsAsked() throws {
        let school = try schoolRecord()
        let text = try String(contentsOfFile: school, encoding: .utf8)
        let tamperedText = text.replacingOccurrences(of: "[adult_involved]\n  Answer: Yes", with: "[adult_involved]\n  Answer: No")
        XCTAssertNotEqual(tamperedText, text, "the tampering must change the record")
        let tampered = try Binary.temporaryFile("tampered.txt", tamperedText)
        let bad = try Binary.run(["run", "--flow", "initial-response", "--from", tampered, "--plain"], stdin: "\n", environment: env)
        XCTAssertEqual(bad.status, 1, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("has changed since it was signed"), bad.stderr)
        XCTAssertFalse(bad.stderr.contains("[1]"), "nothing is asked: \(bad.stderr)")
        let journals = home.appendingPathComponent("data/intake/journal")
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: journals.path))?.count ?? 0, 0, "no interview begun")

        let empty = try Binary.temporaryFile("allowed", "")
        let untrusted = try Binary.run(["run", "--flow", "initial-response", "--from", school, "--allowed-signers", empty, "--plain"], environment: env)
        XCTAssertEqual(untrusted.status, 1)
        XCTAssertTrue(untrusted.stderr.contains("unknown key"), untrusted.stderr)

        let training = try Binary.run(["run", "--flow", "initial-response", "--from", school, "--training", "--plain"], environment: env)
        XCTAssertEqual(training.status, 1)
        XCTAssertTrue(training.stderr.contains("a training interview never takes answers from one"), training.stderr)

        let wrongWay = try Binary.run(["run", "--flow", "school-incident", "--from", school, "--plain"], environment: env)
        XCTAssertEqual(wrongWay.status, 1)
        XCTAssertTrue(wrongWay.stderr.contains("school-incident does not take answers from school-incident records; start it without --from"), wrongWay.stderr)

        let missing = try Binary.run(["run", "--flow", "initial-response", "--from", home.appendingPathComponent("none.txt").path], environment: env)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("cannot read the record"), missing.stderr)
    }

    /// A staff number is never a collar, and the school record's standing rule is information.
    func testAStaffKeySignsAsStaff() throws {
        let staffHome = ["XDG_CONFIG_HOME": home.appendingPathComponent("staff").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path]
        let both = try Binary.run(["keys", "init", "--name", "Ms Lead", "--collar", "1", "--staff-number", "12", "--organisation", "X"], environment: staffHome)
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("give either --collar (police) or --staff-number (school or other staff)"), both.stderr)
        let made = try Binary.run(["keys", "init", "--name", "Ms Lead", "--staff-number", "12", "--organisation", "Example Academy"], environment: staffHome)
        XCTAssertEqual(made.status, 0, made.stderr)
        let scenario = Binary.operational("school-adult-involved")
        let run = try Binary.run(["run", "--flow", "school-incident", "--answers", scenario], environment: staffHome)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\nStaff member: Ms Lead, staff number 12, Example Academy\n"), run.stdout)
        XCTAssertFalse(run.stdout.contains("collar"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\nSTANDING RULES\n- Never copy, print, forward or save an image."), run.stdout)
        XCTAssertFalse(run.stdout.contains("] Never copy"), run.stdout)
    }
}
