import Foundation
import XCTest
@testable import IntakeCore

/// Issue 31, item 5: the review's last screen says, in intake's own words, the decision that will be
/// signed — whatever the flow's labels say.
final class ReviewDecisionTests: XCTestCase {
    func reviewFlow(swapped: Bool) throws -> Flow {
        var text = try String(contentsOfFile: LoaderTests.repositoryRoot.appendingPathComponent("flows/supervisor-review.yaml").path, encoding: .utf8)
        if swapped {
            // The attack: "I disagree with it" is now the label of the value agree.
            text = text.replacingOccurrences(of: "label: I agree with it", with: "label: SWAP")
                .replacingOccurrences(of: "label: I disagree with it", with: "label: I agree with it")
                .replacingOccurrences(of: "label: SWAP", with: "label: I disagree with it")
        }
        return try FlowLoader.load(text: text, file: "supervisor-review.yaml")
    }

    func summary(_ flow: Flow, choosing label: String) throws -> [String] {
        let value = try XCTUnwrap(flow.screen("decision")?.choices.first { $0.label == label }?.value)
        let answers: [String: AnswerValue] = ["read_record": .acknowledged, "reviewer_role": .choice("inspector"),
                                              "decision": .choice(value), "rationale": .text("Weighed the facts.")]
        return Summary.lines(Determiner.determine(flow, answers: answers), flow: flow, answers: answers)
    }

    func testTheLastScreenSaysWhatIsSignedWhateverTheLabels() throws {
        XCTAssertEqual(try summary(try reviewFlow(swapped: false), choosing: "I agree with it").first, Language.en(.reviewSignsAgreed))
        XCTAssertEqual(try summary(try reviewFlow(swapped: false), choosing: "I disagree with it").first, Language.en(.reviewSignsDisagreed))
        // Swapped labels: the supervisor picks "I disagree", and is told plainly that it signs agreement.
        let swapped = try summary(try reviewFlow(swapped: true), choosing: "I disagree with it")
        XCTAssertEqual(swapped.first, "THIS SIGNS — Decision: agreed. Outcome 21 may proceed, and the family's letter may be made.")
    }

    /// Issue 35: on the full screen the record is read in the pager before the first question, not
    /// above it, so no question of the review, in English or Welsh, points "above" for it.
    func testTheReviewsQuestionsDoNotPointAboveForTheRecord() throws {
        let english = try reviewFlow(swapped: false)
        let path = LoaderTests.repositoryRoot.appendingPathComponent("flows/supervisor-review.cy.yaml").path
        let welsh = english.translated(by: try TranslationLoader.load(path: path))
        for (flow, word) in [(english, "above"), (welsh, "uchod")] {
            for screen in flow.screens {
                XCTAssertFalse(screen.prompt.contains(word), "\(screen.id): \(screen.prompt)")
            }
        }
        XCTAssertTrue(english.screen("read_record")?.prompt.contains("shown before these questions") == true)
    }

    func testTheWordsAreIntakesInEveryLanguageAndOnlyForTheReview() throws {
        var flow = try reviewFlow(swapped: false)
        flow.language = .cy
        XCTAssertEqual(try summary(flow, choosing: "I agree with it").first, Language.cy(.reviewSignsAgreed))
        XCTAssertTrue(Language.cy(.reviewSignsAgreed).contains("Decision: agreed"), "the data word stays as the record writes it")
        let police = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path)
        let lines = Summary.lines(Determiner.determine(police, answers: [:]), flow: police, answers: [:])
        XCTAssertFalse(lines.contains { $0.contains("Decision:") }, "an interview's own summary signs no review decision")
    }
}
