import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// Issue 34, item 1: the one runner both fronts' effects go to. A front here is the smallest that
/// keeps the contract, so what is tested is the runner: a save reaches the journal before `perform`
/// returns (a new interview's journal is made first), a failed one is taken back, and an ending
/// comes to a signed record or to answers kept.
final class InterviewRunnerTests: XCTestCase {
    var root: URL!
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)

    /// Applies events; takes the last back when told its save failed.
    struct Tiny: InterviewFront {
        var interview: Interview
        var before: Interview?
        var said: [String] = []
        mutating func apply(_ event: Event) -> InterviewEffect {
            before = interview
            reduce(&interview, event)
            return .save(event)
        }
        mutating func saveFailed(_ why: String) {
            if let before { interview = before }
            said.append(why)
        }
    }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func starting() throws -> (Interviews, Interviews.Starting) {
        let path = root.appendingPathComponent("named.yaml").path
        try OpenInterviewTests.flowText.write(toFile: path, atomically: true, encoding: .utf8)
        let interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
        let starting = interviews.starting(try LoadedFlow.read(path: path), id: "IR-RUN", started: t0, training: false, source: nil,
                                           identity: Identity(name: "PC Ann", collar: "1", organisation: "T"))
        return (interviews, starting)
    }

    func testASaveIsInTheJournalBeforePerformReturnsAndTheEndIsSigned() throws {
        let (interviews, starting) = try starting()
        let runner = InterviewRunner(PendingInterview(starting))
        var front = Tiny(interview: starting.interview)
        XCTAssertFalse(interviews.isUnfinished("IR-RUN"), "nothing on disk before the first save")
        let effect = front.apply(.answer(.tri(false), at: t0))
        XCTAssertEqual(runner.perform(effect, on: &front), .go)
        let journal = try String(contentsOf: interviews.journals.appendingPathComponent("IR-RUN.jsonl"), encoding: .utf8)
        XCTAssertEqual(journal.split(separator: "\n").count, 3, "header, the key's answer, and this one: \(journal)")
        XCTAssertTrue(journal.split(separator: "\n").last?.contains("\"answer\"") ?? false, journal)

        XCTAssertEqual(runner.perform(front.apply(.finish(at: t0)), on: &front), .go)
        XCTAssertEqual(runner.perform(.finished, on: &front), .stop(.finished(front.interview)))
        let key = root.appendingPathComponent("key/id_ed25519")
        try FileManager.default.createDirectory(at: key.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = try KeyRing.initialise(identity: Identity(name: "PC Ann", collar: "1", organisation: "T"), key: key,
                                   allowedSigners: root.appendingPathComponent("key/allowed_signers"))
        guard case .saved(let text, let path) = try runner.finish(front.interview, key: key, records: root.appendingPathComponent("records")) else {
            return XCTFail("not signed")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
        XCTAssertFalse(interviews.isUnfinished("IR-RUN"), "the journal goes once the record is safe")
    }

    func testAnInterviewThatCannotBeginIsNeverAskedOnAndAnEndingKeepsTheAnswers() throws {
        let (_, starting) = try starting()
        // The data folder is a file: the journal cannot be made, so the save fails and is taken back.
        try? FileManager.default.removeItem(at: root.appendingPathComponent("data"))
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("data").path, contents: Data())
        let runner = InterviewRunner(PendingInterview(starting))
        var front = Tiny(interview: starting.interview)
        let before = front.interview
        XCTAssertEqual(runner.perform(front.apply(.answer(.tri(true), at: t0)), on: &front), .repaint)
        XCTAssertEqual(front.interview, before)
        XCTAssertEqual(front.said.count, 1)
        XCTAssertThrowsError(try runner.kept(front.interview))
        XCTAssertEqual(runner.perform(.quit, on: &front), .stop(.quit(before)))
        XCTAssertEqual(runner.perform(.inputEnded, on: &front), .stop(.inputEnded(before)))
    }
}
