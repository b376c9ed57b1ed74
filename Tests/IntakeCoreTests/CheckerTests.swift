import Foundation
import XCTest
@testable import IntakeCore

final class CheckerTests: XCTestCase {
    func bundled() throws -> String {
        try String(contentsOfFile: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path, encoding: .utf8)
    }

    func testTheBundledFlowsAreCleanAndTheirInvariantsProved() throws {
        let flow = try FlowLoader.load(text: try bundled(), file: "initial-response.yaml")
        let report = FlowChecker.check(flow)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.violations, [])
        XCTAssertEqual(report.proved.count, 27, "22 written, 5 from waits-for")
        // At least one ending per classification: aggravated, experimental, undetermined.
        XCTAssertGreaterThanOrEqual(report.endings, 3)
    }

    /// A deliberately broken copy: the immediate referral made to depend on child protection work too.
    func testABrokenCopyFailsWithTheShortestCounterExample() throws {
        let text = try bundled().replacingOccurrences(of: "    when: self_harm_concern == yes\n",
                                                      with: "    when: self_harm_concern == yes and cp_activity == yes\n")
        XCTAssertNotEqual(text, try bundled())
        let flow = try FlowLoader.load(text: text, file: "broken.yaml")
        let report = FlowChecker.check(flow)
        // Two invariants break: the referral is missing, and so nothing about self-harm heads the actions.
        XCTAssertEqual(Set(report.violations.map(\.name)), ["a self-harm concern brings an immediate child protection referral",
                                                          "a worry about self-harm comes before recording the crime"])
        let violation = try XCTUnwrap(report.violations.first { $0.name == "a self-harm concern brings an immediate child protection referral" })
        XCTAssertEqual(violation.location.line, try XCTUnwrap(flow.invariants.first { $0.name == violation.name }).condition.location.line)
        XCTAssertTrue(violation.answersFile.contains("self_harm_concern: yes\n"), violation.answersFile)
        // Child protection work not known to be there: answered no or unknown, or never reached (a
        // first-contact record finishes before it is asked).
        XCTAssertFalse(violation.answersFile.contains("cp_activity: yes"), violation.answersFile)
        // The counter-example is an answers file that reproduces the breach.
        let answers = try AnswersFile.parse(text: violation.answersFile, file: "counter-example.yaml", flow: flow)
        var interview = Interview(flow: flow, startedAt: Date())
        Prefill.apply(answers, to: &interview, at: Date())
        XCTAssertTrue(interview.isComplete, "it runs to an end")
        XCTAssertEqual(interview.result["self_harm_concern"], .tri(true))
        XCTAssertFalse(interview.determination.actions.contains { $0.id == "immediate-cp-referral" })
    }

    func testShadowedBranchesUnreachedScreensAndIdleRulesAreReported() throws {
        let text = try String(contentsOf: XCTUnwrap(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml")), encoding: .utf8)
            .replacingOccurrences(of: "    branches:\n      - when: q1 == yes\n        to: adult\n",
                                  with: "    branches:\n      - when: q1 in [yes, no, unknown]\n        to: who\n      - when: q1 == yes\n        to: adult\n")
        let report = FlowChecker.check(try FlowLoader.load(text: text, file: "mini.yaml"))
        let messages = report.problems.map(\.message)
        XCTAssertTrue(messages.contains("screen 'adult' is reached by no combination of answers"), "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("the branch of 'q1' to 'adult' never fires") }, "\(messages)")
        XCTAssertEqual(report.problems.first { $0.message.hasPrefix("the branch of 'q1' to 'adult'") }?.location.line, 12)
    }

    func testNumbersAreTriedAtTheFlowsOwnBoundaries() throws {
        let flow = try FlowLoader.load(path: try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml")).path)
        XCTAssertEqual(FlowChecker.numberBoundaries(flow)["age"], [0, 13], "the constraint value != 0 names age as value")
        let values = FlowChecker.domain(flow.screen("age")!, [13])
        XCTAssertEqual(values, [.number(0), .number(12), .number(13), .number(14), .number(17), .unknown])
        // And both sides of 13 are reached: the young fact decides the classification.
        let report = FlowChecker.check(flow)
        XCTAssertEqual(report.problems, [])
    }

    /// Guards of screens already passed must not keep states apart: with 20 skip-ahead branches the
    /// search stays linear (it was 3^20 before they were dropped).
    func testPassedBranchesDoNotMultiplyStates() throws {
        var lines = ["id: many", "title: Many branches", "version: 1.0.0", "start: q0", "screens:"]
        let n = 60
        for i in 0..<n {
            lines += ["  - id: q\(i)", "    kind: yes-no-unknown", "    prompt: Question \(i)?"]
            if i % 3 == 0, i + 2 < n { lines += ["    branches:", "      - when: q\(i) == yes", "        to: q\(i + 2)"] }
            lines.append("    next: \(i + 1 < n ? "q\(i + 1)" : "done")")
        }
        lines += ["  - id: done", "    kind: end", "    prompt: Done.", "determination:", "  decisive: [q0, q1]", "  rules:",
                  "    - when: q0 == yes or q1 == yes", "      classification: aggravated", "      outcome21: not-applicable",
                  "  otherwise:", "    classification: experimental", "    outcome21: may-be-considered"]
        let flow = try FlowLoader.load(text: lines.joined(separator: "\n") + "\n", file: "many.yaml")
        let report = FlowChecker.check(flow)
        XCTAssertEqual(report.problems, [])
        XCTAssertLessThan(report.states, 20 * n, "states: \(report.states)")
    }

    /// `text` with the first `old` replaced; fails if `old` is not there, so a mutation cannot silently do nothing.
    func replacingFirst(_ old: String, with new: String, in text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let range = try XCTUnwrap(text.range(of: old), "the mutation's text is not in the flow: \(old)", file: file, line: line)
        return text.replacingCharacters(in: range, with: new)
    }

    /// Each of the flow's Outcome 21 invariants, broken on purpose in a copy of the bundled flow: the
    /// checker must name it and print answers that, replayed through the engine, show the breach.
    func testEachOutcome21InvariantCatchesADeliberatelyBrokenCopy() throws {
        let cases: [(invariant: String, old: String, new: String)] = [
            ("no lenient outcome while an aggravating fact is yes or unknown",
             "or malicious_sharing == yes or extensive_sharing == yes\n", "or malicious_sharing == yes\n"),
            ("no lenient outcome while any child's criterion is unmet or unknown",
             "when: child_under_13 == yes or vulnerabilities == yes or other_child_vulnerabilities == yes\n",
             "when: child_under_13 == yes or vulnerabilities == yes\n"),
            ("no lenient outcome while a safeguarding fact is unknown",
             "             shared_online, extensive_sharing, other_abuse]", "             extensive_sharing, other_abuse]"),
            ("no lenient outcome unless the crime is recorded and the checks are done",
             "    - id: cse_screening\n      until: cse_screening == \"done\"\n      source: Cheshire Police guidance, investigation steps (CSE screening in all cases)\n", ""),
            ("no lenient outcome while a safeguarding step, the welfare advice or a deletion is not done",
             "until: delete_direction == \"done\"", "until: delete_direction != \"not-done\""),
            ("no lenient outcome while a required strategy outcome is not a supportive approach",
             "until: not cp_referral_needed or strategy_outcome == \"supportive-approach\"",
             "until: not cp_referral_needed or strategy_outcome != \"criminal-investigation\""),
            ("no lenient outcome while a copy has not been deleted",
             "    - id: delete_direction\n      until: delete_direction == \"done\"\n      source: College of Policing briefing note, Action 14; Hampshire Constabulary presentation, schools and partners (deleting content)\n", ""),
            ("safeguarding heads the actions when a child is in immediate danger",
             "    when: immediate_danger == yes\n  - id: establish-danger", "    when: immediate_danger == yes and cp_activity == yes\n  - id: establish-danger"),
            ("a danger not yet ruled out is established first",
             "    when: immediate_danger == unknown\n", "    when: immediate_danger == unknown and cp_activity == yes\n"),
            ("a worry about self-harm comes before recording the crime",
             "    when: self_harm_concern == unknown\n", "    when: self_harm_concern == unknown and cp_activity == yes\n"),
            ("an adult involved is investigated and never diverted",
             "when: classification == \"aggravated\" and adult_involved == no\n", "when: classification == \"aggravated\"\n"),
            ("an adult who only holds a copy is never investigated as an abuser",
             "when: adult_involved == yes or (adult_involved == unknown and", "when: adult_involved == yes or adult_holds_copy == yes or (adult_involved == unknown and"),
            ("a child's needs bring safeguarding, not suspect action",
             "    when: classification == \"aggravated\"\n  - id: consider-out-of-court-disposal",
             "    when: classification in [\"aggravated\", \"child-needs\"]\n  - id: consider-out-of-court-disposal"),
            ("every vulnerable child gets support of their own",
             "    when: child_need\n  - id: educational-conversation", "    when: child_need and classification == \"child-needs\"\n  - id: educational-conversation"),
            ("an image beyond the child's control brings removal and CAID",
             "    when: beyond_control\n  - id: caid-referral", "    when: shared_online == yes and extensive_sharing == yes\n  - id: caid-referral"),
            ("a parent who would add risk is not the one told",
             "    when: not (inform_parents == \"not-told-risk\")\n", "    when: inform_parents != \"to-be-told\"\n"),
            ("Outcome 21 is only considered with a senior review",
             "    when: outcome21 == \"may-be-considered\"\n  - id: explain-outcome-21",
             "    when: outcome21 == \"may-be-considered\" and shared_online == yes\n  - id: explain-outcome-21"),
            ("a self-harm concern brings an immediate child protection referral",
             "    when: self_harm_concern == yes\n  - id: establish-self-harm", "    when: self_harm_concern == yes and cp_activity == yes\n  - id: establish-self-harm"),
            ("an aggravating feature leads to targeted seizure and a recorded interview",
             "    when: aggravating_feature\n  - id: consider-device-access", "    when: aggravating_feature and adult_involved == no\n  - id: consider-device-access"),
            ("devices are seized only where someone may have exploited a child or shared without permission",
             "    when: aggravating_feature\n  - id: consider-device-access", "    when: classification == \"aggravated\"\n  - id: consider-device-access"),
            ("a case that is not experimental gets targeted seizure or least intrusive access",
             "when: classification in [\"aggravated\", \"child-needs\"] and not aggravating_feature\n",
             "when: classification in [\"aggravated\", \"child-needs\"] and not aggravating_feature and shared_online == yes\n"),
            ("a device taken at any point is accounted for",
             "when: seize_devices == \"done\" or device_taken == yes", "when: seize_devices == \"done\""),
        ]
        var broken: Set<String> = []
        for c in cases {
            let text = try replacingFirst(c.old, with: c.new, in: try bundled())
            // The safeguarding case also drops the fact the rules use, or the rules alone would hold Outcome 21 back.
            var mutated = c.invariant == "no lenient outcome while a safeguarding fact is unknown" ? try replacingFirst(" or shared_online == unknown", with: "", in: text) : text
            // The checks case also drops the screening from the fact the route uses, or the route alone
            // (never reaching the deletion the proposal waits for) would hold Outcome 21 back.
            if c.invariant == "no lenient outcome unless the crime is recorded and the checks are done" {
                mutated = try replacingFirst(" and cse_screening == \"done\")\n", with: ")\n", in: mutated)
            }
            // Likewise the strategy case weakens the fact the route uses in the same way as the prerequisite.
            if c.invariant == "no lenient outcome while a required strategy outcome is not a supportive approach" {
                mutated = try replacingFirst("when: cp_referral_needed and not (strategy_outcome == \"supportive-approach\")",
                                             with: "when: cp_referral_needed and not (strategy_outcome != \"criminal-investigation\")", in: mutated)
            }
            let flow = try FlowLoader.load(text: mutated, file: "broken.yaml")
            let report = FlowChecker.check(flow)
            let violation = try XCTUnwrap(report.violations.first { $0.name == c.invariant },
                                          "\(c.invariant): not caught; violations: \(report.violations.map(\.name))")
            broken.insert(violation.name)
            // Replayed through the engine, the counter-example breaks the invariant too.
            let answers = try AnswersFile.parse(text: violation.answersFile, file: "counter-example.yaml", flow: flow)
            var interview = Interview(flow: flow, startedAt: Date())
            Prefill.apply(answers, to: &interview, at: Date())
            XCTAssertTrue(interview.isComplete, "\(c.invariant): the counter-example runs to an end")
            let invariant = try XCTUnwrap(flow.invariants.first { $0.name == c.invariant })
            XCTAssertFalse(Determiner.holds(invariant, in: flow, answers: interview.result),
                           "\(c.invariant): the counter-example does not break it\n\(violation.answersFile)")
        }
        XCTAssertEqual(broken.count, cases.count)
        // Every invariant written in the bundled flow is broken by one case above (those waits-for
        // makes are broken in FirstContactTests).
        XCTAssertEqual(broken, Set(try FlowLoader.load(text: try bundled(), file: "initial-response.yaml").invariants.map(\.name)
            .filter { !$0.hasSuffix("(waits-for)") }))
    }

    /// The engine withholds a lenient outcome for unknown decisive facts and unmet prerequisites even
    /// when a flow's own rules forget to: with the flow's "unknown" rule removed, every invariant still holds.
    func testTheEngineSafetyRuleHoldsWithoutTheFlowsOwnUnknownRule() throws {
        let text = try replacingFirst("""
            - when: decisive_fact_unknown
              classification: undetermined
              outcome21: pending

        """, with: "", in: try bundled())
        let stripped = text.replacingOccurrences(of: "      summary: Facts that could rule Outcome 21 out are still unknown; it cannot be proposed until they are established.\n", with: "")
        let flow = try FlowLoader.load(text: stripped, file: "no-unknown-rule.yaml")
        XCTAssertEqual(flow.determination.rules.count, 4)
        let report = FlowChecker.check(flow)
        XCTAssertEqual(report.violations.map(\.name), [])
        XCTAssertEqual(report.proved.count, 27, "22 written, 5 from waits-for")
    }
}
