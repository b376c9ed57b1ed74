import Foundation
import IntakeCore
@testable import IntakeRecords
import XCTest

/// The family's letter as a document: whatever a name holds, the page stays one inert file.
final class FamilyLetterTests: XCTestCase {
    func letter(child: String, training: Bool = false) -> FamilyLetter {
        FamilyLetter(child: child, kind: .decision, date: "23 November 2026", crimeReference: "CR/1/26", force: "Testshire",
                     officer: "PC One (collar 1)", contact: "101", title: "Notice",
                     sections: [FamilyLetter.Section(heading: "What the police have decided", paragraphs: ["No further action."])],
                     source: "Test source",
                     support: [SupportList.Entry(name: "Line", helps: "helps.", contact: "0800", checked: "2026-11-23", checkedAt: "x", family: .all)],
                     record: "IR-1", training: training)
    }

    func testMarkupInAnAnswerIsPrintedNotObeyed() {
        let html = letter(child: "<script>alert(1)</script> & \"Jo\" O'Neil").html()
        XCTAssertFalse(html.contains("<script>"), html)
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Jo&quot; O&#39;Neil"), html)
        XCTAssertTrue(html.contains("default-src 'none'"), "the page may fetch nothing and run nothing")
    }

    func testControlCharactersInANameCannotReachTheTerminal() {
        let text = letter(child: "Jo\u{1B}[2J Bloggs").text()
        XCTAssertFalse(text.contains("\u{1B}"), text)
    }

    func testATrainingLetterSaysSoAtTopAndBottom() {
        let text = letter(child: "Jo", training: true).text()
        let mark = Language.en(.letterTraining)
        XCTAssertTrue(text.hasPrefix(mark), text)
        XCTAssertTrue(text.hasSuffix(mark + "\n"), text)
        XCTAssertEqual(letter(child: "Jo", training: true).html().components(separatedBy: mark).count, 3)
        XCTAssertFalse(letter(child: "Jo").text().contains("TRAINING"))
    }

    func testTheReviewSectionsDecisionIsReadFromItsOwnLine() {
        XCTAssertEqual(ReviewText.decision(in: "x\nSUPERVISOR REVIEW\nReviewer: a\nDecision: agreed\n- y [rationale]\n"), "agreed")
        XCTAssertNil(ReviewText.decision(in: "x\nDecision: agreed\n"), "only a review section states a decision")
        XCTAssertNil(ReviewText.decision(in: "x\nSUPERVISOR REVIEW\n  Answer: Decision: agreed\n"), "an answer cannot pose as the decision")
    }
}
