import Foundation
import XCTest
import IntakeCore
@testable import IntakeRecords

/// Reading a signed record back for `intake run --from`: what the record shows is what is carried.
final class RecordReaderTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static let flowText = """
    id: reader
    title: Reader test
    version: 1.0.0
    start: pupils
    record:
      id-prefix: SI
      classifications:
        refer: "Refer to the police"
        school: "The school responds"
        undetermined: "Not yet decided"
    screens:
      - id: pupils
        kind: text
        prompt: Which pupils? [names and ages]
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: An adult?
        next: role
      - id: role
        kind: choice
        prompt: Your role
        allow-unknown: true
        choices:
          - value: dsl
            label: The DSL; or a delegate
          - value: other
            label: Someone else
        next: ways
      - id: ways
        kind: multi-choice
        required: false
        prompt: How was it shared?
        choices:
          - value: chat
            label: Chat
          - value: post
            label: A post; public
        next: count
      - id: count
        kind: number
        prompt: How many pupils?
        next: learned
      - id: learned
        kind: date-time
        prompt: When?
        next: copying
      - id: copying
        kind: info
        prompt: Never copy an image.
        next: done
      - id: done
        kind: end
        prompt: Done.
    determination:
      decisive: [adult]
      rules:
        - when: adult == yes
          classification: refer
      otherwise:
        classification: school
        lenient: true
    actions:
      - id: no-copying
        standing: true
        text: Never copy, print or forward an image.
        source: Test source
      - id: refer-now
        text: Refer now.
        source: Test source
        when: classification == "refer"
    """

    func flow() throws -> Flow { try FlowLoader.load(text: Self.flowText, file: "reader.yaml") }

    func finished(_ answers: [AnswerValue]) throws -> Interview {
        var i = Interview(flow: try flow(), startedAt: t0)
        for (n, value) in answers.enumerated() { reduce(&i, .answer(value, at: t0.addingTimeInterval(Double(n)))) }
        reduce(&i, .finish(at: t0.addingTimeInterval(60)))
        XCTAssertEqual(i.phase, .finished, i.problem ?? "")
        return i
    }

    /// Every kind that can be carried reads back as the value that was recorded, texts of several
    /// lines (a blank one among them) and labels holding "; " included.
    func testEveryCarriedKindReadsBackAsRecorded() throws {
        let flow = try flow()
        let cases: [[AnswerValue]] = [
            [.text("A, 14\n\n  B, 15 [pictured]\n- C"), .tri(true), .choice("dsl"), .choices(["chat", "post"]), .number(3),
             .dateTime(Date(timeIntervalSince1970: 1_799_990_000)), .acknowledged],
            [.text("one line"), .tri(false), .unknown, .choices([]), .number(0), .dateTime(t0), .acknowledged],
            [.text("x"), .unknown, .choice("other"), .choices(["post"]), .number(-2), .dateTime(t0), .acknowledged],
        ]
        for answers in cases {
            let interview = try finished(answers)
            let body = RecordText.render(interview, context: RecordContext(recordId: "SI-1"), timeZone: Zone.named("Europe/London")!)
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let texts = RecordReader.answers(in: lines)
            for id in ["pupils", "adult", "role", "ways", "count", "learned"] {
                let screen = try XCTUnwrap(flow.screen(id))
                let text = try XCTUnwrap(texts[id], "\(id) is in the record")
                XCTAssertEqual(RecordReader.value(text, on: screen), interview.result[id], "\(id): \(text)")
            }
            XCTAssertNil(RecordReader.value("Acknowledged", on: try XCTUnwrap(flow.screen("copying"))), "an information page is not carried")
        }
    }

    func testTextThatDoesNotReadBackExactlyIsNotCarried() throws {
        let flow = try flow()
        XCTAssertNil(RecordReader.value("Yes please", on: try XCTUnwrap(flow.screen("adult"))))
        XCTAssertNil(RecordReader.value("The DSL", on: try XCTUnwrap(flow.screen("role"))), "a label changed since")
        XCTAssertNil(RecordReader.value("Chat; Email", on: try XCTUnwrap(flow.screen("ways"))), "one label of several unknown")
        XCTAssertNil(RecordReader.value("three", on: try XCTUnwrap(flow.screen("count"))))
        XCTAssertNil(RecordReader.value("2026-11-20 09:15 GMT", on: try XCTUnwrap(flow.screen("learned"))))
        XCTAssertEqual(RecordReader.value("(left blank)", on: try XCTUnwrap(flow.screen("pupils"))), .skipped)
    }

    /// A school record: its own prefix, the classification in words, the standing rule as information.
    func testARecordIdCarriesTheUTCDayAndTwelveRandomHexDigits() {
        // 23:30 on 31 December in UTC: the id's day is the UTC day, whatever the machine's zone.
        let lateOnNewYearsEve = Date(timeIntervalSince1970: 1_798_759_800)
        let id = RecordContext.newRecordId(at: lateOnNewYearsEve, prefix: "SI")
        XCTAssertTrue(id.hasPrefix("SI-20261231-"), id)
        XCTAssertEqual(id.count, "SI-20261231-".count + 12)
        XCTAssertTrue(id.suffix(12).allSatisfy(\.isHexDigit), id)
        XCTAssertNotEqual(id, RecordContext.newRecordId(at: lateOnNewYearsEve, prefix: "SI"))
    }

    func testTheRecordReadsAsTheFlowSays() throws {
        let interview = try finished([.text("A"), .tri(true), .choice("dsl"), .choices([]), .number(1), .dateTime(t0), .acknowledged])
        let text = RecordText.render(interview, context: RecordContext(recordId: RecordContext.newRecordId(at: t0, prefix: "SI")))
        XCTAssertTrue(text.contains("\nRecord: SI-20270115-"), text)
        XCTAssertTrue(text.contains("\nClassification: Refer to the police [refer]\n"), text)
        XCTAssertTrue(text.contains("\nSTANDING RULES\n- Never copy, print or forward an image. (Test source) [no-copying]\n"), text)
        XCTAssertFalse(text.contains("] Never copy"), "no status beside a standing rule")
        XCTAssertTrue(text.contains("- [To do] Refer now. (Test source) [refer-now]"), text)
    }

    /// The police record says which answers came from the school record and which the officer changed.
    func testARecordNamesItsSourceAndEachCarriedAnswer() throws {
        var i = Interview(flow: try flow(), startedAt: t0)
        reduce(&i, .proposed("pupils", .text("A"), from: "SI-1", at: t0))
        reduce(&i, .proposed("adult", .tri(false), from: "SI-1", at: t0))
        for value: AnswerValue in [.text("A"), .tri(true), .choice("dsl"), .choices([]), .number(1), .dateTime(t0), .acknowledged] {
            reduce(&i, .answer(value, at: t0))
        }
        let source = SourceRecord(id: "SI-1", flow: "school-incident", version: "2.1.0", sha256: "ab12", signer: "5@x",
                                  fingerprint: "SHA256:k", training: false)
        let text = RecordText.render(i, context: RecordContext(recordId: "IR-2", source: source))
        XCTAssertTrue(text.contains("\nStarted from: SI-1 (school-incident 2.1.0), record file SHA-256 ab12, signed by 5@x SHA256:k\n"), text)
        XCTAssertTrue(text.contains("[pupils]\n  Answer: A\n  Given: "), text)
        XCTAssertTrue(text.contains("\n  From: SI-1, kept\n"), text)
        XCTAssertTrue(text.contains("\n  From: SI-1, which said: No\n"), text)
        // The lines added below each answer do not disturb reading the record back.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(RecordReader.answers(in: lines)["adult"], "Yes")
    }

    func testAStaffIdentityIsNeverCalledACollar() throws {
        let staff = Identity(name: "Ms Example", collar: "12", organisation: "Example Academy", role: .staff)
        XCTAssertEqual(staff.description, "Ms Example, staff number 12, Example Academy")
        XCTAssertEqual(staff.title, "Staff member")
        XCTAssertEqual(Identity(fileText: staff.fileText), staff)
        let officer = Identity(name: "PC Test", collar: "4471", organisation: "Example Constabulary")
        XCTAssertEqual(officer.description, "PC Test, collar 4471, Example Constabulary")
        XCTAssertFalse(officer.fileText.contains("role"), "an officer's file reads as files made before roles did")
        XCTAssertEqual(Identity(fileText: "name: A\ncollar: 1\norganisation: B\n")?.role, .officer)
        XCTAssertNil(Identity(fileText: "name: A\ncollar: 1\norganisation: B\nrole: teacher\n"), "an unknown role is not guessed")
        let signer = RecordContext.Signer(identity: staff, fingerprint: "SHA256:x")
        var i = Interview(flow: try flow(), startedAt: t0)
        reduce(&i, .answer(.text("A"), at: t0))
        let text = RecordText.render(i, context: RecordContext(recordId: "SI-1", officer: signer))
        XCTAssertTrue(text.contains("\nStaff member: Ms Example, staff number 12, Example Academy\n"), text)
        XCTAssertFalse(text.contains("collar"), text)
    }
}
