import Foundation
import XCTest
import IntakeCore
@testable import IntakeRecords

final class RecordTextTests: XCTestCase {
    var flow: Flow!
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    override func setUpWithError() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        flow = try FlowLoader.load(path: root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/mini.yaml").path)
    }

    func testControlAndEscapeBytesAreShownNotWritten() {
        XCTAssertEqual(Visible.text("a\u{1b}[2Jb"), "a\\x1b[2Jb")
        XCTAssertEqual(Visible.text("bell\u{07}\r\nnext"), "bell\\x07\\x0d\nnext")
        XCTAssertEqual(Visible.text("del\u{7f} c1\u{9b}"), "del\\x7f c1\\u{9b}")
        XCTAssertEqual(Visible.text("rtl\u{202e}x"), "rtl\\u{202e}x")
        XCTAssertEqual(Visible.line("two\nlines"), "two\\nlines")
        XCTAssertEqual(Visible.text("Zoë Ελένη 張"), "Zoë Ελένη 張")
    }

    func testTheRecordHasDeterminationActionsAnswersAndChanges() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(true), at: t0.addingTimeInterval(60)))
        reduce(&i, .answer(.acknowledged, at: t0.addingTimeInterval(61)))
        reduce(&i, .answer(.choice("school"), at: t0.addingTimeInterval(62)))
        reduce(&i, .answer(.number(14), at: t0.addingTimeInterval(63)))
        reduce(&i, .review)
        reduce(&i, .edit("who"))
        reduce(&i, .answer(.choice("parent"), at: t0.addingTimeInterval(120)))
        reduce(&i, .finish(at: t0.addingTimeInterval(180)))
        let text = RecordText.render(i, context: RecordContext(signposting: false), timeZone: Zone.named("Europe/London")!)
        let expected = """
        INTAKE RECORD — Mini flow
        Flow: mini version 1.0.0
        Made by: \(IntakeRelease.name)
        Started: 2027-01-15 08:00 GMT (UTC 2027-01-15T08:00:00Z)
        Finished: 2027-01-15 08:03 GMT (UTC 2027-01-15T08:03:00Z)

        DETERMINATION
        Classification: aggravated
        Outcome 21: not applicable
        Reasons:
          - An adult is involved. (Test source)

        ACTIONS
        - [To do] Refer. (Test source) [refer]

        STILL TO ESTABLISH OR DO, IN THIS ORDER
          (nothing)

        ANSWERS
        - Is an adult involved? [q1]
          Answer: Yes
          Given: 2027-01-15 08:01 GMT (UTC 2027-01-15T08:01:00Z)
        - Refer now. [adult]
          Answer: Acknowledged
          Given: 2027-01-15 08:01 GMT (UTC 2027-01-15T08:01:01Z)
        - Who reported it? [who]
          Answer: A parent
          Given: 2027-01-15 08:02 GMT (UTC 2027-01-15T08:02:00Z)
        - Age of the youngest child [age]
          Answer: 14
          Given: 2027-01-15 08:01 GMT (UTC 2027-01-15T08:01:03Z)

        CHANGES
        - 2027-01-15 08:02 GMT (UTC 2027-01-15T08:02:00Z) [who] A school → A parent

        ANSWERS DATA
        # Read back by intake (intake run --answers, intake update). Times are UTC.
        flow: "mini"
        version: "1.0.0"
        classification: "aggravated"
        outcome21: not-applicable
        answers:
          q1: {answer: yes, at: "2027-01-15T08:01:00.000Z"}
          adult: {answer: acknowledged, at: "2027-01-15T08:01:01.000Z"}
          who: {answer: "parent", at: "2027-01-15T08:02:00.000Z"}
          age: {answer: 14, at: "2027-01-15T08:01:03.000Z"}
        END ANSWERS DATA

        """
        XCTAssertEqual(text, expected)
    }

    /// Issue 35, item 5: an answer of several lines keeps them in the record's changes, never a
    /// literal `\n`; a one-line change stays on its line.
    func testAChangedAnswerOfSeveralLinesKeepsItsLines() {
        XCTAssertEqual(RecordText.changeLines("- [who]", "A school", "A parent", .en), ["- [who] A school → A parent"])
        XCTAssertEqual(RecordText.changeLines("- [account]", "First line\nsecond", "One line", .en),
                       ["- [account]", "    before: First line", "            second", "    after: One line"])
        XCTAssertFalse(RecordText.changeLines("- [x]", "a\nb", "c\u{1b}[2J", .en).joined().contains("\u{1b}"), "each line still made visible")
    }

    func testFreeTextInTheRecordIsSanitised() throws {
        let text = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("IntakeCoreTests/Fixtures/mini.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    kind: choice\n    prompt: Who reported it?\n    choices:\n      - value: school\n        label: A school\n      - value: parent\n        label: A parent\n",
                                  with: "    kind: text\n    prompt: Who reported it?\n")
        let textFlow = try FlowLoader.load(text: text, file: "text.yaml")
        var i = Interview(flow: textFlow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: t0))
        reduce(&i, .answer(.text("Mum\u{1b}[31m\nline two"), at: t0))
        XCTAssertTrue(i.problem?.contains("U+001B") ?? false, "refused, not shown escaped (issue 33)")
        reduce(&i, .answer(.text("Mum [31m\nline two"), at: t0))
        let record = RecordText.render(i, timeZone: Zone.utc)
        XCTAssertFalse(record.contains("\u{1b}"))
        XCTAssertTrue(record.contains("  Answer: Mum [31m\n          line two\n"), record)
        XCTAssertTrue(record.contains("Finished: NOT FINISHED"), record)
    }

    func testAssessmentJSONHasTheDocumentedKeys() throws {
        let d = Determiner.determine(flow, answers: ["q1": .tri(true)])
        let json = Assessment(flow: flow, determination: d).json()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["flow", "flowVersion", "classification", "outcome21", "reasons", "actions", "outstanding"])
        XCTAssertEqual(object["outcome21"] as? String, "not-applicable")
        XCTAssertEqual((object["reasons"] as? [[String: String]])?.first, ["fact": "q1", "text": "An adult is involved.", "source": "Test source"])
    }
}
