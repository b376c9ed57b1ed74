import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// `intake resume ID --flow FILE`: a deliberate move to another version, replayed and checked, or
/// refused with the journal exactly as it was.
final class FlowMovingTests: XCTestCase {
    var root: URL!
    var interviews: Interviews!
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-move-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func write(_ text: String, _ name: String) throws -> String {
        let path = root.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Interview IR-M on the tiny flow with "adult" answered No, left as a killed process leaves it.
    func begun() throws -> URL {
        let flow = try LoadedFlow.read(path: try write(InterviewsTests.flowText, "tiny.yaml"))
        var open = try interviews.begin(flow, id: "IR-M", started: t0, training: false, source: nil)
        reduce(&open.interview, .answer(.tri(false), at: t0 + 1))
        try open.journal.sync(open.interview)
        return interviews.journal("IR-M")
    }

    /// The policy owner who approves the versions moved to (issue 31: a move is to approved policy only).
    let owner = SigningKey(comment: "owner@test")

    /// Version 1.1.0 of the tiny flow, edited, and approved by the owner unless `approved` is false.
    func version(approved: Bool = true, _ edit: (String) -> String) throws -> String {
        let path = try write(edit(InterviewsTests.flowText.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.1.0")), "tiny-1.1.0.yaml")
        interviews.approval = FlowApproval(allowed: [AllowedSigner(principals: ["owner@test"], namespaces: [FlowApproval.namespace], key: owner.publicKey)])
        if approved {
            try FlowApproval.approve(try Data(contentsOf: URL(fileURLWithPath: path)), key: owner)
                .write(toFile: FlowApproval.signaturePath(for: path), atomically: true, encoding: .utf8)
        }
        return path
    }

    func testAMoveToAVersionThatIsNotApprovedIsRefusedAndTheJournalIsUntouched() throws {
        let journal = try begun()
        let before = try Data(contentsOf: journal)
        let path = try version(approved: false) { $0.replacingOccurrences(of: "prompt: Done.", with: "prompt: All done.") }
        XCTAssertThrowsError(try interviews.resume("IR-M", flowPath: path, now: t0 + 60)) { error in
            XCTAssertTrue("\(error)".contains("it is not the force's approved policy"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: journal), before)
    }

    func testAnUnansweredQuestionReworded_TheInterviewMovesAndTheRecordSaysSo() throws {
        let journal = try begun()
        let path = try version { $0.replacingOccurrences(of: "prompt: Pressure?", with: "prompt: Any pressure or threat?") }
        guard case .open(let open) = try interviews.resume("IR-M", flowPath: path, now: t0 + 60) else { return XCTFail("not resumed") }
        XCTAssertEqual(open.flow.flow.version, "1.1.0")
        XCTAssertEqual(open.interview.answers["adult"]?.value, .tri(false), "the answer is kept")
        XCTAssertEqual(open.interview.current, "coercion")
        XCTAssertTrue(open.warnings.contains { $0.contains("moved from tiny 1.0.0 to 1.1.0") }, "\(open.warnings)")
        // The journal now names the new version, and the one it left.
        let (header, events, _) = try JournalReader.read(journal)
        XCTAssertEqual(header.version, "1.1.0")
        XCTAssertEqual(header.sha256, open.flow.sha256)
        XCTAssertEqual(header.movedFrom?.map(\.version), ["1.0.0"])
        XCTAssertEqual(events.count, 1)
        let text = RecordText.render(open.interview, context: open.context, timeZone: Zone.utc)
        XCTAssertTrue(text.contains("Flow: tiny version 1.1.0 (SHA-256 \(open.flow.sha256))"), text)
        XCTAssertTrue(text.contains("Moved to this version: 2026-05-09 06:14 UTC (UTC 2026-05-09T06:14:20Z), from version 1.0.0 (SHA-256 "), text)
        // Next time it resumes on the new version without being told.
        withExtendedLifetime(open) {}
    }

    func testResumedAgainAfterAMoveItRunsOnTheNewVersion() throws {
        _ = try begun()
        let path = try version { $0.replacingOccurrences(of: "prompt: Done.", with: "prompt: All done.") }
        do {
            guard case .open = try interviews.resume("IR-M", flowPath: path, now: t0 + 60) else { return XCTFail("not resumed") }
        }
        try FileManager.default.removeItem(atPath: path)
        guard case .open(let again) = try interviews.resume("IR-M") else { return XCTFail("not resumed") }
        XCTAssertEqual(again.flow.flow.version, "1.1.0", "from the kept copy")
    }

    func testAnAnsweredQuestionWordedDifferentlyIsRefusedAndTheJournalIsUntouched() throws {
        let journal = try begun()
        let before = try Data(contentsOf: journal)
        let edits: [(String, (String) -> String)] = [
            ("is worded differently", { $0.replacingOccurrences(of: "prompt: An adult?", with: "prompt: An adult involved?") }),
        ]
        for (why, edit) in edits {
            let path = try version(edit)
            XCTAssertThrowsError(try interviews.resume("IR-M", flowPath: path)) { error in
                XCTAssertTrue("\(error)".contains("[adult] \(why)"), "\(error)")
                XCTAssertTrue("\(error)".contains("never recorded against words the officer did not see"), "\(error)")
            }
            XCTAssertEqual(try Data(contentsOf: journal), before, why)
        }
        guard case .open(let open) = try interviews.resume("IR-M") else { return XCTFail("still resumes on its own version") }
        XCTAssertEqual(open.flow.flow.version, "1.0.0")
    }

    func testAnotherFlowOrAnAnswerThatNoLongerAppliesIsRefused() throws {
        let journal = try begun()
        let before = try Data(contentsOf: journal)
        let other = try write(InterviewsTests.flowText.replacingOccurrences(of: "id: tiny", with: "id: other"), "other.yaml")
        XCTAssertThrowsError(try interviews.resume("IR-M", flowPath: other)) { error in
            XCTAssertTrue("\(error)".contains("is flow other, not a version of it"), "\(error)")
        }
        // The answered screen takes text now: the saved yes/no answer cannot be replayed.
        let path = try version {
            $0.replacingOccurrences(of: "kind: yes-no-unknown\n    prompt: An adult?", with: "kind: text\n    prompt: An adult?")
                .replacingOccurrences(of: "when: adult == yes", with: "when: coercion == yes")
        }
        XCTAssertThrowsError(try interviews.resume("IR-M", flowPath: path)) { error in
            XCTAssertTrue("\(error)".contains("cannot be moved to tiny 1.1.0"), "\(error)")
        }
        // A new first screen: the saved "No" would land on the pressure question, worded as it was.
        let reordered = try version {
            $0.replacingOccurrences(of: "start: adult", with: "start: coercion").replacingOccurrences(of: "next: coercion", with: "next: XX")
                .replacingOccurrences(of: "next: done", with: "next: adult").replacingOccurrences(of: "next: XX", with: "next: done")
        }
        XCTAssertThrowsError(try interviews.resume("IR-M", flowPath: reordered)) { error in
            XCTAssertTrue("\(error)".contains("would not be to the same questions ([adult], [coercion])"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: journal), before)
    }

    func testWithoutACopyOfTheOldVersionNothingCanBeCompared() throws {
        let journal = try begun()
        try FileManager.default.removeItem(at: interviews.flowCopies.directory)
        let path = try version { $0 }
        XCTAssertThrowsError(try interviews.resume("IR-M", flowPath: path)) { error in
            XCTAssertTrue("\(error)".contains("no copy of the flow it began with"), "\(error)")
        }
        XCTAssertEqual(try JournalReader.read(journal).header.version, "1.0.0")
    }

    func testTheComparisonSeesEveryPartOfAQuestionTheOfficerSees() throws {
        let flow = try FlowLoader.load(text: InterviewsTests.flowText, file: "tiny.yaml")
        XCTAssertEqual(FlowMoving.changedQuestions(from: flow, to: flow, answered: ["adult", "coercion"]), [])
        var changed = flow
        changed.screens[0].help = "New help is not the question."
        XCTAssertEqual(FlowMoving.changedQuestions(from: flow, to: changed, answered: ["adult"]), [])
        changed.screens[0].kind = .text
        XCTAssertEqual(FlowMoving.changedQuestions(from: flow, to: changed, answered: ["adult"]), ["[adult] is now a text question"])
        changed = flow
        changed.screens[0].choices = [Choice(value: "x", label: "X")]
        XCTAssertEqual(FlowMoving.changedQuestions(from: flow, to: changed, answered: ["adult"]), ["[adult] has different options"])
        changed = flow
        changed.screens[0].allowUnknown = false
        XCTAssertEqual(FlowMoving.changedQuestions(from: flow, to: changed, answered: ["adult"]).count, 1)
        changed = flow
        changed.screens[0].maximum = 3
        XCTAssertEqual(FlowMoving.changedQuestions(from: flow, to: changed, answered: ["adult"]).count, 1)
        changed.screens.remove(at: 0)
        XCTAssertEqual(FlowMoving.changedQuestions(from: flow, to: changed, answered: ["adult"]), ["[adult] is not in the new version"])
    }
}
