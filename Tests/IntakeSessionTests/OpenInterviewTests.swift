import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// What happens to an open interview before its first screen and at its end.
final class OpenInterviewTests: XCTestCase {
    var root: URL!
    var interviews: Interviews!
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)

    static let flowText = """
    id: named
    title: Named
    version: 1.0.0
    start: officer
    identity:
      name: officer
    screens:
      - id: officer
        kind: text
        prompt: Your name
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: An adult?
        next: done
      - id: done
        kind: end
        prompt: Done.
    determination:
      rules:
        - when: adult == yes
          classification: aggravated
      otherwise:
        classification: experimental
    """

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func begin(_ id: String) throws -> Interviews.Open {
        let path = root.appendingPathComponent("named.yaml").path
        try Self.flowText.write(toFile: path, atomically: true, encoding: .utf8)
        return try interviews.begin(try LoadedFlow.read(path: path), id: id, started: t0, training: false, source: nil)
    }

    let identity = Identity(name: "PC Ann Example", collar: "1234", organisation: "Test Constabulary")

    func testTheKeysAnswersAreGivenOnceAndJournalledBeforeTheFirstScreen() throws {
        var open = try begin("IR-P")
        try open.prepare(identity: identity, at: t0)
        XCTAssertEqual(open.interview.given["officer"]?.value, .text("PC Ann Example"))
        XCTAssertEqual(open.interview.current, "adult", "never asked their own name")
        XCTAssertEqual(try JournalReader.read(open.journal.url).events.count, 1, "in the journal before anything is asked")
        // Resumed and prepared again: not given twice.
        try open.prepare(identity: identity, at: t0 + 5)
        XCTAssertEqual(open.interview.events.count, 1)
    }

    func testAnOfficerWhoTypedTheirNameIsNotOverruledByTheKey() throws {
        var open = try begin("IR-Q")
        reduce(&open.interview, .answer(.text("DC Typed"), at: t0))
        try open.prepare(identity: identity, at: t0 + 1)
        XCTAssertNil(open.interview.given["officer"])
        XCTAssertEqual(open.interview.answers["officer"]?.value, .text("DC Typed"))
    }

    func testACompleteAnswersFileFinishesAndAnIncompleteOneDoesNot() throws {
        var open = try begin("IR-R")
        let file = try AnswersFile.parse(text: "adult: no\n", file: "a.yaml", flow: open.interview.flow)
        try open.prepare(identity: identity, prefill: file, at: t0)
        XCTAssertEqual(open.interview.phase, .finished)
        var other = try begin("IR-S")
        try other.prepare(identity: nil, prefill: try AnswersFile.parse(text: "adult: no\n", file: "a.yaml", flow: other.interview.flow), at: t0)
        XCTAssertNotEqual(other.interview.phase, .finished, "the officer's name is still to be asked")
    }

    func testFinishingWithoutAKeyKeepsTheJournalAndGivesTheTextBack() throws {
        var open = try begin("IR-T")
        try open.prepare(identity: identity, prefill: try AnswersFile.parse(text: "adult: no\n", file: "a.yaml", flow: open.interview.flow), at: t0)
        let result = open.finish(open.interview, key: root.appendingPathComponent("no-key"), records: interviews.records)
        guard case .notSaved(let text, let why) = result else { return XCTFail("there is no key") }
        XCTAssertTrue(text.contains("Record: IR-T"), text)
        XCTAssertTrue(why.contains("NOT signed"), why)
        XCTAssertTrue(FileManager.default.fileExists(atPath: open.journal.url.path), "kept for another try")

        let key = root.appendingPathComponent("id_ed25519")
        _ = try KeyRing.initialise(identity: identity, key: key, allowedSigners: root.appendingPathComponent("allowed_signers"))
        guard case .saved(_, let path) = open.finish(open.interview, key: key, records: interviews.records) else { return XCTFail("not saved") }
        XCTAssertTrue(path.hasSuffix("records/IR-T.txt"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: open.journal.url.path), "the journal goes once the record is safe")
        XCTAssertFalse(FileManager.default.fileExists(atPath: open.lock.url.path))
    }
}
