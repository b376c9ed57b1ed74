import Foundation
import XCTest
@testable import IntakeCore

final class InterviewTests: XCTestCase {
    var flow: Flow!
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    override func setUpWithError() throws {
        let path = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml")).path
        flow = try FlowLoader.load(path: path)
    }

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// Issue 35, item 5: what a terminal shows after signing — the outcome, what is still to do,
    /// and how to read the whole record — not the record itself.
    func testAfterSigningTheSummarySaysTheOutcomeAndWhatIsNext() {
        var i = Interview(flow: flow, startedAt: t0)
        for value: AnswerValue in [.tri(true), .acknowledged, .choice("school"), .unknown] { reduce(&i, .answer(value, at: t0)) }
        reduce(&i, .finish(at: t0))
        let lines = Summary.afterSigning(i, id: "IR-9")
        XCTAssertEqual(lines.first, "Classification: aggravated")
        XCTAssertTrue(lines.contains("Next to do:"), "\(lines)")
        XCTAssertTrue(lines.contains("  - Refer."), "an action not yet done is listed: \(lines)")
        XCTAssertEqual(lines.last, "The whole record: intake show IR-9")
        XCTAssertLessThan(lines.count, 12, "a dozen lines at most, not the record")
    }

    func testStartsAtTheFirstScreen() {
        let interview = Interview(flow: flow, startedAt: t0)
        XCTAssertEqual(interview.current, "q1")
        XCTAssertEqual(interview.phase, .asking)
        XCTAssertEqual(interview.path, ["q1"])
        XCTAssertFalse(interview.isComplete)
    }

    func testABranchIsTakenOnItsAnswer() {
        var yes = Interview(flow: flow, startedAt: t0)
        reduce(&yes, .answer(.tri(true), at: at(1)))
        XCTAssertEqual(yes.current, "adult")
        var no = Interview(flow: flow, startedAt: t0)
        reduce(&no, .answer(.tri(false), at: at(1)))
        XCTAssertEqual(no.current, "who")
    }

    func testEachAnswerCarriesItsTime() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: at(5)))
        reduce(&i, .answer(.choice("school"), at: at(9)))
        XCTAssertEqual(i.answers["q1"], Answer(.tri(false), at: at(5)))
        XCTAssertEqual(i.answers["who"], Answer(.choice("school"), at: at(9)))
    }

    func testInvalidAnswersAreRefusedWithAReasonAndChangeNothing() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: at(1)))
        reduce(&i, .answer(.choice("school"), at: at(2)))
        let before = i
        reduce(&i, .answer(.number(18), at: at(3)))
        XCTAssertEqual(i.problem, "the number must be at most 17")
        XCTAssertEqual(i.answers, before.answers)
        XCTAssertEqual(i.current, "age")
        reduce(&i, .answer(.number(0), at: at(3)))
        XCTAssertEqual(i.problem, "a child of 0 cannot take part; check the age")
        reduce(&i, .answer(.choice("school"), at: at(3)))
        XCTAssertEqual(i.problem, "this screen takes a whole number")
        reduce(&i, .answer(.skipped, at: at(3)))
        XCTAssertEqual(i.problem, "an answer is needed here; if it is not yet known, answer unknown")
        reduce(&i, .answer(.unknown, at: at(4)))
        XCTAssertNil(i.problem)
        XCTAssertEqual(i.current, "done")
        XCTAssertTrue(i.isComplete)
    }

    func testBackKeepsAnswersAndReansweringTheSameChangesNothing() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: at(1)))
        reduce(&i, .answer(.choice("school"), at: at(2)))
        reduce(&i, .back)
        XCTAssertEqual(i.current, "who")
        reduce(&i, .back)
        XCTAssertEqual(i.current, "q1")
        reduce(&i, .back)
        XCTAssertEqual(i.problem, "this is the first screen")
        XCTAssertEqual(i.answers.count, 2)
        reduce(&i, .answer(.tri(false), at: at(3)))
        XCTAssertEqual(i.current, "who")
        XCTAssertTrue(i.audit.isEmpty)
        XCTAssertEqual(i.answers["q1"]?.at, at(1), "an unchanged answer keeps its first time")
    }

    func testEditingAnEarlierAnswerRecomputesThePathAndAuditsEveryChange() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(true), at: at(1)))
        reduce(&i, .answer(.acknowledged, at: at(2)))
        reduce(&i, .answer(.choice("parent"), at: at(3)))
        reduce(&i, .answer(.number(14), at: at(4)))
        XCTAssertEqual(i.path, ["q1", "adult", "who", "age", "done"])
        XCTAssertEqual(i.determination.classification, "aggravated")

        reduce(&i, .review)
        XCTAssertEqual(i.phase, .reviewing)
        reduce(&i, .edit("q1"))
        XCTAssertEqual(i.current, "q1")
        reduce(&i, .answer(.tri(false), at: at(10)))
        // The path no longer passes `adult`: its answer drops out and the audit says so.
        XCTAssertEqual(i.path, ["q1", "who", "age", "done"])
        XCTAssertNil(i.answers["adult"])
        XCTAssertNil(i.result["adult"])
        XCTAssertEqual(i.audit, [
            AuditEntry(question: "q1", old: .tri(true), new: .tri(false), at: at(10)),
            AuditEntry(question: "adult", old: .acknowledged, new: nil, at: at(10)),
        ])
        // Everything else still stands, so the interview returns to the review.
        XCTAssertEqual(i.phase, .reviewing)
        XCTAssertEqual(i.determination.classification, "experimental")
        XCTAssertEqual(i.determination.outcome21, .mayBeConsidered)
    }

    /// Issue 13: fixing answers from the review stays in the review, even when a change opens a screen
    /// that must now be answered; closing the review goes to that screen first.
    func testEditingFromReviewStaysThereAndClosingGoesToTheFirstNewScreen() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: at(1)))
        reduce(&i, .answer(.choice("parent"), at: at(2)))
        reduce(&i, .answer(.number(14), at: at(3)))
        reduce(&i, .review)
        reduce(&i, .edit("q1"))
        reduce(&i, .answer(.tri(true), at: at(4)))
        XCTAssertEqual(i.phase, .reviewing, "still in the review")
        XCTAssertFalse(i.isComplete, "the new screen is still to answer")
        reduce(&i, .closeReview)
        XCTAssertEqual(i.current, "adult", "the newly reached screen must be answered")
        reduce(&i, .answer(.acknowledged, at: at(5)))
        XCTAssertEqual(i.answers["who"]?.value, .choice("parent"))
        XCTAssertTrue(i.isComplete)
    }

    func testEditOfAScreenOffThePathIsRefused() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: at(1)))
        reduce(&i, .review)
        reduce(&i, .edit("adult"))
        XCTAssertEqual(i.problem, "'adult' has no answer on this interview's path to edit")
        XCTAssertEqual(i.phase, .reviewing)
    }

    func testFinishOnlyAtTheEndAndThenNothingChanges() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .finish(at: at(1)))
        XCTAssertEqual(i.phase, .asking)
        XCTAssertNotNil(i.problem)
        reduce(&i, .answer(.tri(false), at: at(1)))
        reduce(&i, .answer(.choice("school"), at: at(2)))
        reduce(&i, .answer(.number(15), at: at(3)))
        reduce(&i, .finish(at: at(4)))
        XCTAssertEqual(i.phase, .finished)
        XCTAssertEqual(i.finishedAt, at(4))
        let done = i
        reduce(&i, .back)
        reduce(&i, .answer(.tri(true), at: at(5)))
        XCTAssertEqual(i.answers, done.answers)
        XCTAssertEqual(i.phase, .finished)
    }

    func testConstraintsAndTransitionsSeeDerivedFacts() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: at(1)))
        reduce(&i, .answer(.choice("school"), at: at(2)))
        reduce(&i, .answer(.number(12), at: at(3)))
        XCTAssertEqual(i.determination.facts, ["young"])
        XCTAssertEqual(i.determination.classification, "aggravated")
        XCTAssertEqual(i.determination.actions.map(\.id), ["talk"])
    }

    /// Whatever a flow's own rules say, the engine withholds a lenient outcome while a decisive fact is unknown.
    func testTheEngineWithholdsALenientOutcomeWhileADecisiveFactIsUnknown() throws {
        let text = try String(contentsOf: try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml")), encoding: .utf8)
            .replacingOccurrences(of: "    - when: q1 == unknown\n      classification: undetermined\n      outcome21: pending\n", with: "")
        let careless = try FlowLoader.load(text: text, file: "careless.yaml")
        let d = Determiner.determine(careless, answers: ["q1": .unknown])
        XCTAssertEqual(d.classification, "undetermined")
        XCTAssertEqual(d.outcome21, .pending)
        XCTAssertTrue(d.withheldLenient)
        XCTAssertEqual(d.outstanding, ["q1"])
        let clear = Determiner.determine(careless, answers: ["q1": .tri(false)])
        XCTAssertEqual(clear.outcome21, .mayBeConsidered)
        XCTAssertFalse(clear.withheldLenient)
    }

    /// A prerequisite is enforced by the engine like a decisive fact, and listed only while the lenient
    /// outcome is still in play.
    func testTheEngineWithholdsALenientOutcomeUntilEachPrerequisiteHolds() throws {
        let text = try String(contentsOf: try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml")), encoding: .utf8)
            .replacingOccurrences(of: "  decisive: [q1]\n", with: "  decisive: [q1]\n  prerequisites:\n    - id: who\n      until: who == \"school\"\n      source: Test source\n")
        let gated = try FlowLoader.load(text: text, file: "gated.yaml")
        XCTAssertEqual(gated.determination.prerequisites.map(\.id), ["who"])
        // Unmet (another answer) or unknown (no answer): withheld, and listed.
        for who: AnswerValue? in [.choice("parent"), nil] {
            var answers: [String: AnswerValue] = ["q1": .tri(false), "age": .number(15)]
            answers["who"] = who
            let d = Determiner.determine(gated, answers: answers)
            XCTAssertEqual(d.classification, "undetermined", "\(String(describing: who))")
            XCTAssertEqual(d.outcome21, .pending)
            XCTAssertTrue(d.withheldLenient)
            XCTAssertEqual(d.outstanding, ["who"])
        }
        // Met: the lenient outcome stands.
        let met = Determiner.determine(gated, answers: ["q1": .tri(false), "who": .choice("school"), "age": .number(15)])
        XCTAssertEqual(met.outcome21, .mayBeConsidered)
        XCTAssertEqual(met.outstanding, [])
        // Already ruled out: nothing waits, so the prerequisite is not listed.
        let ruledOut = Determiner.determine(gated, answers: ["q1": .tri(true), "who": .choice("parent")])
        XCTAssertEqual(ruledOut.outcome21, .notApplicable)
        XCTAssertEqual(ruledOut.outstanding, [])
        // Pending for a decisive fact as well: both are listed, the fact first.
        let both = Determiner.determine(gated, answers: ["q1": .unknown, "who": .choice("parent")])
        XCTAssertEqual(both.outcome21, .pending)
        XCTAssertEqual(both.outstanding, ["q1", "who"])
    }
}

extension InterviewTests {
    func testAnEditMidInterviewReturnsToTheReviewAndClosingItReturnsToTheScreenShown() {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .answer(.tri(false), at: at(1)))
        reduce(&i, .answer(.choice("school"), at: at(2)))
        XCTAssertEqual(i.current, "age")
        reduce(&i, .review)
        reduce(&i, .edit("who"))
        reduce(&i, .answer(.choice("parent"), at: at(3)))
        XCTAssertEqual(i.phase, .reviewing, "nothing new to answer: back to the review")
        reduce(&i, .closeReview)
        XCTAssertEqual(i.current, "age")
        // An edit that opens a new screen stays in the review; closing it goes to that screen.
        reduce(&i, .review)
        reduce(&i, .edit("q1"))
        reduce(&i, .answer(.tri(true), at: at(4)))
        XCTAssertEqual(i.phase, .reviewing)
        reduce(&i, .closeReview)
        XCTAssertEqual(i.current, "adult")
    }

    /// Issue 13: an answer given from outside (the signing identity) is never asked: the interview
    /// passes over its screen going forward and back, the answer counts, and the review does not list it.
    func testAGivenAnswerIsNeverAsked() throws {
        var i = Interview(flow: flow, startedAt: t0)
        reduce(&i, .given("who", .choice("parent"), at: t0))
        XCTAssertNil(i.problem)
        XCTAssertEqual(i.current, "q1")
        reduce(&i, .answer(.tri(false), at: at(1)))
        XCTAssertEqual(i.current, "age", "the given screen is passed over")
        XCTAssertEqual(i.result["who"], .choice("parent"))
        XCTAssertNil(i.answers["who"], "not the officer's own answer")
        reduce(&i, .back)
        XCTAssertEqual(i.current, "q1", "back passes over it too")
        // Given while standing on it: the interview moves on.
        var j = Interview(flow: flow, startedAt: t0)
        reduce(&j, .answer(.tri(false), at: at(1)))
        XCTAssertEqual(j.current, "who")
        reduce(&j, .given("who", .choice("school"), at: at(2)))
        XCTAssertEqual(j.current, "age")
        // A value the screen would refuse is refused here too, and nothing is given.
        var k = Interview(flow: flow, startedAt: t0)
        reduce(&k, .given("who", .choice("nobody"), at: t0))
        XCTAssertNotNil(k.problem)
        XCTAssertTrue(k.given.isEmpty)
        XCTAssertTrue(k.events.isEmpty, "a refused event is not logged")
    }

    /// "Step N of about M" counts only screens that are asked: those given from the signing key are not.
    func testTheLongestPathSkipsScreensThatAreGiven() {
        XCTAssertEqual(flow.longestPathToEnd()["q1"], 5, "q1, adult, who, age, done")
        XCTAssertEqual(flow.longestPathToEnd(skipping: ["adult"])["q1"], 4)
        XCTAssertEqual(flow.longestPathToEnd(skipping: ["adult", "who"])["q1"], 3)
    }

    /// A screen reached from two others is counted on both paths (it was once skipped by the second,
    /// and the school flow showed "Step 28 of about 29" with six screens to go).
    func testTheLongestPathCountsAScreenReachedTwice() throws {
        let diamond = try FlowLoader.load(text: """
        id: diamond
        title: Diamond
        version: 1.0.0
        start: a
        screens:
          - id: a
            kind: yes-no-unknown
            prompt: A?
            branches:
              - when: a == yes
                to: c
            next: b
          - id: b
            kind: info
            prompt: B.
            next: c
          - id: c
            kind: info
            prompt: C.
            next: d
          - id: d
            kind: end
            prompt: D.
        determination:
          rules: []
          otherwise:
            classification: x
            outcome21: not-applicable
        """, file: "diamond.yaml")
        let longest = diamond.longestPathToEnd()
        XCTAssertEqual(longest["a"], 4)
        XCTAssertEqual(longest["b"], 3)
        XCTAssertEqual(longest["c"], 2)
    }

    /// Against the definition, written recursively, on every shipped flow, with and without given
    /// screens: the longest path from each screen, counting the screens asked.
    func testTheLongestPathAgreesWithItsDefinitionOnEveryShippedFlow() throws {
        func reference(_ flow: Flow, _ id: String, _ skipping: Set<String>, _ memo: inout [String: Int]) -> Int {
            if let known = memo[id] { return known }
            let next = flow.screen(id)!.targets.filter { flow.screen($0) != nil }.map { reference(flow, $0, skipping, &memo) }.max() ?? 0
            memo[id] = (skipping.contains(id) ? 0 : 1) + next
            return memo[id]!
        }
        for name in ["initial-response", "school-incident", "supervisor-review"] {
            let flow = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/\(name).yaml").path)
            for skipping in [Set<String>(), Set(flow.identity.values), Set(flow.screens.prefix(3).map(\.id))] {
                var memo: [String: Int] = [:]
                let expected = Dictionary(uniqueKeysWithValues: flow.screens.map { ($0.id, reference(flow, $0.id, skipping, &memo)) })
                XCTAssertEqual(flow.longestPathToEnd(skipping: skipping), expected, "\(name) skipping \(skipping.sorted())")
            }
        }
    }
}
