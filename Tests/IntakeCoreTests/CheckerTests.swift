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
        XCTAssertEqual(report.proved.count, 5)
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
        let violation = try XCTUnwrap(report.violations.first)
        XCTAssertEqual(report.violations.count, 1)
        XCTAssertEqual(violation.name, "a self-harm concern brings an immediate child protection referral")
        XCTAssertEqual(violation.location.line, try XCTUnwrap(flow.invariants.first { $0.name == violation.name }).condition.location.line)
        XCTAssertTrue(violation.answersFile.contains("self_harm_concern: yes\n"), violation.answersFile)
        XCTAssertTrue(violation.answersFile.contains("cp_activity: no\n") || violation.answersFile.contains("cp_activity: unknown\n"),
                      violation.answersFile)
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
        XCTAssertEqual(FlowChecker.numberBoundaries(flow)["age"], [13])
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
}
