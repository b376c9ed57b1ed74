import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// The session layer, one test per data-loss bug of issue 15.
final class InterviewsTests: XCTestCase {
    var root: URL!
    var interviews: Interviews!
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)

    static let flowText = """
    id: tiny
    title: Tiny
    version: 1.0.0
    start: adult
    screens:
      - id: adult
        kind: yes-no-unknown
        prompt: An adult?
        next: coercion
      - id: coercion
        kind: yes-no-unknown
        prompt: Pressure?
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
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-session-\(UUID().uuidString)")
        interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func flowFile(_ text: String = flowText) throws -> String {
        let path = root.appendingPathComponent("tiny.yaml").path
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A new interview is prepared without touching the disk, so its first screen can be drawn while
    /// `begin()` makes the journal; what is drawn is what is written.
    func testAStartingInterviewTouchesNothingUntilBegunAndWritesWhatItShows() throws {
        let flow = try LoadedFlow.read(path: try flowFile())
        let identity = Identity(name: "PC Test", collar: "99", organisation: "Testshire")
        let starting = interviews.starting(flow, id: "IR-S1", started: t0, training: false, source: nil, identity: identity)
        XCTAssertFalse(FileManager.default.fileExists(atPath: interviews.dataFolder.path), "nothing on disk before begin()")
        XCTAssertEqual(starting.interview.current, "adult")
        let open = try starting.begin()
        XCTAssertEqual(open.interview.events, starting.interview.events)
        let read = try JournalReader.read(interviews.journal("IR-S1"))
        XCTAssertEqual(read.header.id, "IR-S1")
        XCTAssertEqual(read.events, starting.interview.events, "the journal holds exactly what the first screen was drawn from")
        XCTAssertThrowsError(try interviews.starting(flow, id: "IR-S1", started: t0, training: false, source: nil, identity: nil).begin(),
                             "the same id again: its lock is held")
    }

    /// Issue 34, item 1 (part): the command line's lazily begun interview lives in the session layer.
    func testAPendingInterviewBeginsOnceWhenFirstNeeded() throws {
        let flow = try LoadedFlow.read(path: try flowFile())
        let pending = PendingInterview(interviews.starting(flow, id: "IR-P1", started: t0, training: false, source: nil, identity: nil))
        XCTAssertEqual(pending.id, "IR-P1")
        XCTAssertEqual(pending.flow.sha256, flow.sha256)
        XCTAssertFalse(FileManager.default.fileExists(atPath: interviews.journal("IR-P1").path), "nothing on disk until needed")
        let open = try pending.opened()
        XCTAssertTrue(FileManager.default.fileExists(atPath: interviews.journal("IR-P1").path))
        try pending.begin()
        XCTAssertEqual(try pending.opened().journal.url, open.journal.url, "begun once: the same journal, the lock still ours")
        XCTAssertEqual(pending.takeWarnings(), [])
        try open.send(.answer(.tri(false), at: t0))
        XCTAssertEqual(try JournalReader.read(interviews.journal("IR-P1")).events.count, open.interview.events.count + 1)
    }

    func testAStartingInterviewThatCannotBeBegunLeavesNoJournalOrLock() throws {
        let flow = try LoadedFlow.read(path: try flowFile())
        // The journal folder is a file: the header cannot be written.
        try FileManager.default.createDirectory(at: interviews.dataFolder, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: interviews.journals.path, contents: Data()))
        let starting = interviews.starting(flow, id: "IR-S2", started: t0, training: false, source: nil, identity: nil)
        XCTAssertThrowsError(try starting.begin()) { XCTAssertTrue("\($0)".contains("journal"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: interviews.lockFile("IR-S2").path), "the lock is given back")
    }

    /// The Welsh beside a flow is read when first wanted, not with the flow: an interview in English
    /// opens without it, and a file that does not load says so when Welsh is asked for.
    func testTranslationsBesideAFlowAreReadWhenFirstWanted() throws {
        let path = try flowFile()
        let welsh = root.appendingPathComponent("tiny.cy.yaml").path
        try "translation-of: tiny\nlanguage: cy\nstatus: draft\ntexts:\n  title:\n    english: \"\(FlowText.hash("Tiny"))\"\n    text: Bach\n"
            .write(toFile: welsh, atomically: true, encoding: .utf8)
        let loaded = try LoadedFlow.read(path: path)
        XCTAssertEqual(loaded.translationLanguages, [.cy])
        // Changed after the flow was read: what is shown is what the file holds when Welsh is wanted.
        try "translation-of: tiny\nlanguage: cy\nstatus: draft\ntexts: [\n".write(toFile: welsh, atomically: true, encoding: .utf8)
        let languages = loaded.languages
        XCTAssertEqual(languages.available, [.en, .cy])
        XCTAssertEqual(try languages.flow(in: .en).get().title, "Tiny")
        XCTAssertThrowsError(try languages.flow(in: .cy).get()) {
            XCTAssertTrue("\($0)".contains("tiny.cy.yaml"), "\($0)")
        }
        XCTAssertEqual(loaded.translations.count, 0)
        XCTAssertEqual(loaded.translationProblems.count, 1, "\(loaded.translationProblems)")
        XCTAssertEqual(languages.available, [.en])

        // A good file, read once and kept by every copy: its hash is the one a record cites.
        try FileManager.default.removeItem(atPath: welsh)
        try "translation-of: tiny\nlanguage: cy\nstatus: draft\ntexts:\n  title:\n    english: \"\(FlowText.hash("Tiny"))\"\n    text: Bach\n"
            .write(toFile: welsh, atomically: true, encoding: .utf8)
        let again = try LoadedFlow.read(path: path)
        XCTAssertEqual(try again.languages.flow(in: .cy).get().title, "Bach")
        XCTAssertEqual(again.translationSHA256[.cy], sha256Hex(try Data(contentsOf: URL(fileURLWithPath: welsh))))
        try FileManager.default.removeItem(atPath: welsh)
        XCTAssertEqual(again.translations[.cy]?.translation.flow, "tiny", "kept once read")
    }

    /// Begun, one answer given and saved, then left as a killed process would leave it.
    func begunAndLeft(_ id: String) throws -> LoadedFlow {
        let flow = try LoadedFlow.read(path: try flowFile())
        var open = try interviews.begin(flow, id: id, started: t0, training: false, source: nil)
        reduce(&open.interview, .answer(.tri(false), at: t0 + 1))
        try open.journal.sync(open.interview)
        return flow
    }

    func testAnEditedFlowFileNeitherStrandsTheInterviewNorChangesTheHashItCites() throws {
        let flow = try begunAndLeft("IR-A")
        // A policy edit to the file mid-interview.
        try (Self.flowText.replacingOccurrences(of: "prompt: Pressure?", with: "prompt: Any pressure at all?")).write(
            toFile: flow.path, atomically: true, encoding: .utf8)
        guard case .open(let open) = try interviews.resume("IR-A") else { return XCTFail("not resumed") }
        XCTAssertEqual(open.flow.sha256, flow.sha256, "the flow the interview began with")
        XCTAssertEqual(open.flow.flow.screen("coercion")?.prompt, "Pressure?")
        XCTAssertEqual(open.interview.answers["adult"]?.value, .tri(false))
    }

    func testWithoutAKeptCopyAChangedFlowIsRefusedAndSaysWhatToDo() throws {
        let flow = try begunAndLeft("IR-B")
        try FileManager.default.removeItem(at: interviews.flowCopies.directory)
        try (Self.flowText + "\n# edited\n").write(toFile: flow.path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try interviews.resume("IR-B")) { error in
            XCTAssertTrue("\(error)".contains("resume with --flow pointing at a copy of the original file"), "\(error)")
        }
    }

    func testASecondProcessIsRefusedAndNamedNeverMixed() throws {
        let flow = try LoadedFlow.read(path: try flowFile())
        let open = try interviews.begin(flow, id: "IR-C", started: t0, training: false, source: nil)
        // The lock belongs to this open interview; a second open (flock is per open file) is refused.
        XCTAssertThrowsError(try interviews.resume("IR-C")) { error in
            XCTAssertTrue("\(error)".contains("it is open in another intake (process \(getpid()))"), "\(error)")
        }
        XCTAssertEqual(interviews.unfinished().first?.heldBy?.pid, getpid(), "listed as open elsewhere")
        XCTAssertThrowsError(try interviews.discard("IR-C"), "never removed from under the officer using it")
        withExtendedLifetime(open) {}
    }

    func testOnlyTheInterviewsOwnSignedRecordEndsItsJournal() throws {
        _ = try begunAndLeft("IR-D")
        try FileManager.default.createDirectory(at: interviews.records, withIntermediateDirectories: true)
        let record = interviews.records.appendingPathComponent("IR-D.txt")
        for impostor in ["", "Record: IR-D\nnot signed\n"] {
            try impostor.write(to: record, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try interviews.resume("IR-D")) { error in
                XCTAssertTrue("\(error)".contains("is not interview IR-D's signed record; the journal is kept"), "\(error)")
            }
            XCTAssertEqual(interviews.unfinished().map(\.id), ["IR-D"], "the journal survives")
        }
        // Its own signed record: the leftover journal goes.
        let key = SigningKey(comment: "test")
        try (try SignedRecord.sign("INTAKE RECORD — Tiny\nRecord: IR-D\n", namespace: Namespace.record, key: key)).write(
            to: record, atomically: true, encoding: .utf8)
        guard case .alreadyFinished = try interviews.resume("IR-D") else { return XCTFail("the record finished it") }
        XCTAssertEqual(interviews.unfinished().count, 0)
    }

    func testASymlinkedJournalFolderIsRefusedAndItsTargetUntouched() throws {
        let target = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.createDirectory(at: interviews.dataFolder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: interviews.journals, withDestinationURL: target)
        let flow = try LoadedFlow.read(path: try flowFile())
        XCTAssertThrowsError(try interviews.begin(flow, id: "IR-E", started: t0, training: false, source: nil)) { error in
            XCTAssertTrue("\(error)".contains("is a symbolic link"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int, 0o755)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), [])
    }

    func testAReviewIsRefusedWhileAnotherIsOpenAndARecordChangedMeanwhileIsKept() throws {
        let record = root.appendingPathComponent("IR-F.txt")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try "record\n".write(to: record, atomically: true, encoding: .utf8)
        let first = try RecordUpdate(record)
        XCTAssertThrowsError(try RecordUpdate(record)) { error in
            XCTAssertTrue("\(error)".contains("is being reviewed in another intake"), "\(error)")
        }
        // Someone else's change lands meanwhile: the review is not added over it.
        try "record\nother review\n".write(to: record, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try first.replace(with: "record\nmy review\n")) { error in
            XCTAssertTrue("\(error)".contains("changed while it was being reviewed"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: record, encoding: .utf8), "record\nother review\n")
    }

    func testStaleTemporariesAreRemovedAndFreshOnesKept() throws {
        let store = RecordStore(directory: interviews.records)
        try FileManager.default.createDirectory(at: interviews.records, withIntermediateDirectories: true)
        let stale = interviews.records.appendingPathComponent(".tmp-old").path
        let fresh = interviews.records.appendingPathComponent(".tmp-new").path
        _ = FileManager.default.createFile(atPath: stale, contents: Data("x".utf8))
        _ = FileManager.default.createFile(atPath: fresh, contents: Data("y".utf8))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: stale)
        XCTAssertEqual(store.removeStaleTemporaries(), 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: fresh), "maybe another intake's save in progress")
    }

    /// Issue 37, item 7: a flow copy half-written by a killed interview is removed as the next
    /// interview begins; a fresh one may be another intake's, and stays.
    func testAKilledFlowCopysTemporaryIsRemovedAsAnInterviewBegins() throws {
        let copies = interviews.flowCopies.directory
        try FileManager.default.createDirectory(at: copies, withIntermediateDirectories: true)
        let stale = copies.appendingPathComponent(".tmp-killed").path, fresh = copies.appendingPathComponent(".tmp-now").path
        _ = FileManager.default.createFile(atPath: stale, contents: Data("half a flow".utf8))
        _ = FileManager.default.createFile(atPath: fresh, contents: Data("another intake's".utf8))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: stale)
        let flowPath = root.appendingPathComponent("tiny.yaml").path
        try Self.flowText.write(toFile: flowPath, atomically: true, encoding: .utf8)
        _ = try interviews.begin(try LoadedFlow.read(path: flowPath), id: "IR-TMP", started: t0, training: false, source: nil)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: fresh))
    }

    /// A journal with no answer in it (empty, or its header alone: a start cut off) is removed when
    /// the unfinished interviews are looked at; one with answers, or held elsewhere, never is.
    func testJournalsThatHoldNoAnswerAreRemovedAndOthersKept() throws {
        let journals = interviews.journals
        try FileManager.default.createDirectory(at: journals, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: journals.appendingPathComponent("IR-EMPTY.jsonl").path, contents: Data())
        let header = JournalHeader(id: "IR-HEAD", flow: "tiny", version: "1.0.0", sha256: "00", flowPath: "tiny.yaml", started: t0, training: false)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        _ = FileManager.default.createFile(atPath: journals.appendingPathComponent("IR-HEAD.jsonl").path,
                                       contents: try encoder.encode(header) + Data("\n".utf8))
        let flowPath = root.appendingPathComponent("tiny.yaml").path
        try Self.flowText.write(toFile: flowPath, atomically: true, encoding: .utf8)
        var open = try interviews.begin(try LoadedFlow.read(path: flowPath), id: "IR-KEPT", started: t0, training: false, source: nil)
        var answered = open.interview
        reduce(&answered, .answer(.tri(true), at: t0))
        try open.journal.sync(answered)
        open.interview = answered
        let held = try interviews.begin(try LoadedFlow.read(path: flowPath), id: "IR-HELD", started: t0, training: false, source: nil)

        XCTAssertEqual(interviews.removeEmpty(), ["IR-EMPTY", "IR-HEAD"])
        let left = try FileManager.default.contentsOfDirectory(atPath: journals.path).sorted()
        XCTAssertEqual(left, ["IR-HELD.jsonl", "IR-KEPT.jsonl"], "answers kept; one open elsewhere untouched")
        withExtendedLifetime(held) {}
    }

    /// A records folder that is a symbolic link stops an interview before its first question, not
    /// after its last answer (issue 33, item 4).
    func testASymlinkedRecordsFolderIsRefusedBeforeTheFirstQuestion() throws {
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: interviews.dataFolder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: interviews.records, withDestinationURL: elsewhere)
        let flowPath = root.appendingPathComponent("tiny.yaml").path
        try Self.flowText.write(toFile: flowPath, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try interviews.begin(try LoadedFlow.read(path: flowPath), id: "IR-LINK", started: t0, training: false, source: nil)) { error in
            XCTAssertTrue("\(error)".contains("is a symbolic link"), "\(error)")
            XCTAssertTrue("\(error)".contains("Nothing has been asked yet"), "\(error)")
        }
        XCTAssertFalse(interviews.isUnfinished("IR-LINK"), "no journal was started")
    }

    /// A follow-up killed after its journal's header and before its first write resumes with the
    /// earlier record's answers in place, not at step 1 with none (issue 33, item 6).
    func testAFollowUpCutOffBeforeItsFirstWriteResumesWithTheEarlierAnswers() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let flowPath = root.appendingPathComponent("tiny.yaml").path
        try Self.flowText.write(toFile: flowPath, atomically: true, encoding: .utf8)
        let flow = try LoadedFlow.read(path: flowPath)
        var earlierInterview = Interview(flow: flow.flow, startedAt: t0)
        for event: Event in [.answer(.tri(false), at: t0), .answer(.tri(true), at: t0 + 60), .finish(at: t0 + 60)] { reduce(&earlierInterview, event) }
        let block = try XCTUnwrap(AnswersData.extract(AnswersData.lines(earlierInterview).joined(separator: "\n")))
        let json = #"{"id":"IR-OLD","flow":"tiny","version":"1.0.0","sha256":"00","signer":"x","fingerprint":"SHA256:x","training":false}"#
        let supersedes = Supersession(record: try JSONDecoder().decode(SourceRecord.self, from: Data(json.utf8)), caseId: "IR-OLD", answers: block)
        do {
            // Begun (header written), then killed before prepare's first write.
            let open = try interviews.begin(flow, id: "IR-NEW", started: t0 + 3600, training: false, source: nil, supersedes: supersedes)
            XCTAssertTrue(open.interview.answers.isEmpty)
        }
        guard case .open(let resumed) = try interviews.resume("IR-NEW") else { return XCTFail("not resumed") }
        XCTAssertEqual(resumed.interview.answers["adult"]?.value, .tri(false))
        XCTAssertEqual(resumed.interview.answers["coercion"]?.value, .tri(true))
        XCTAssertEqual(resumed.interview.answers["coercion"]?.at, t0 + 60, "with the time each was first given")
        XCTAssertTrue(resumed.warnings.contains { $0.contains("were put back in place") }, "\(resumed.warnings)")
        // Written now: a second kill loses nothing.
        let read = try JournalReader.read(resumed.journal.url)
        XCTAssertFalse(read.events.isEmpty)
    }
}
