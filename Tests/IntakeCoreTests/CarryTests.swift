import Foundation
import XCTest
@testable import IntakeCore

/// `intake run --from`: which answers of an earlier record are offered, and how an offer behaves.
final class CarryTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// The source: a school-like flow.
    static let source = """
    id: source
    title: Source
    version: 1.0.0
    start: recorder
    identity:
      name: recorder
    screens:
      - id: recorder
        kind: text
        multi-line: false
        prompt: Your name
        next: officer
      - id: officer
        kind: text
        multi-line: false
        prompt: Which police officer was told?
        next: pupils
      - id: pupils
        kind: text
        prompt: Which pupils?
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: An adult?
        next: age
      - id: age
        kind: text
        prompt: Ages, in words
        next: secure
      - id: secure
        kind: checklist
        action: secure-device
        prompt: Secure the device.
        next: note
      - id: note
        kind: text
        required: false
        prompt: Anything else?
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
    actions:
      - id: secure-device
        text: Secure the device.
        source: Test source
    """

    /// The target: a police-like flow that takes from it.
    static let target = """
    id: target
    title: Target
    version: 1.0.0
    start: officer
    identity:
      name: officer
    takes-from:
      - flow: source
        renamed:
          people: pupils
    screens:
      - id: officer
        kind: text
        multi-line: false
        prompt: Your name
        next: recorder
      - id: recorder
        kind: text
        multi-line: false
        prompt: Who recorded it first?
        next: people
      - id: people
        kind: text
        prompt: Who is involved?
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: An adult?
        next: age
      - id: age
        kind: number
        prompt: Youngest age
        allow-unknown: true
        next: secure
      - id: secure
        kind: checklist
        action: secure-device
        prompt: Secure the device.
        next: note
      - id: note
        kind: text
        required: false
        prompt: Anything else?
        next: done
      - id: done
        kind: end
        prompt: Done.
    determination:
      decisive: [adult]
      rules:
        - when: adult == yes
          classification: aggravated
      otherwise:
        classification: experimental
        lenient: true
    actions:
      - id: secure-device
        text: Secure the device.
        source: Test source
    """

    func flows() throws -> (source: Flow, target: Flow) {
        (try FlowLoader.load(text: Self.source, file: "source.yaml"), try FlowLoader.load(text: Self.target, file: "target.yaml"))
    }

    func testSharedAndRenamedQuestionsAreOfferedAndNothingElse() throws {
        let (source, target) = try flows()
        let answers: [String: AnswerValue] = [
            "recorder": .text("Ms DSL"), "officer": .text("PC Other"), "pupils": .text("A, 14\nB, 15"), "adult": .tri(true),
            "age": .text("fourteen"), "secure": .checklist(.done, reason: nil), "note": .skipped,
        ]
        let plan = try XCTUnwrap(Carry.plan(into: target, from: source, answers: answers))
        XCTAssertEqual(plan.proposals.map(\.id), ["recorder", "people", "adult"],
                       "same id or renamed; the target's identity screen, checklists and blanks are not carried")
        XCTAssertEqual(plan.proposals.first { $0.id == "people" }?.from, "pupils")
        XCTAssertEqual(plan.proposals.first { $0.id == "people" }?.value, .text("A, 14\nB, 15"))
        XCTAssertEqual(plan.left.map(\.id), ["age"], "a text answer there is not a number here")
        XCTAssertTrue(plan.left[0].why.contains("text answer there, a number question here"), plan.left[0].why)
        // A screen of the target named as the signing identity's is never carried, even when shared.
        XCTAssertFalse(plan.proposals.contains { $0.id == "officer" })
    }

    func testAnUnreadableAnswerIsListedAndAFlowNotListedIsRefused() throws {
        let (source, target) = try flows()
        let plan = try XCTUnwrap(Carry.plan(into: target, from: source, answers: ["adult": .tri(false)], unreadable: ["pupils"]))
        XCTAssertEqual(plan.proposals.map(\.id), ["adult"])
        XCTAssertEqual(plan.left.map(\.id), ["people"])
        XCTAssertNil(Carry.plan(into: source, from: target, answers: ["adult": .tri(true)]), "source takes from nobody")
    }

    func testAProposalIsShownButIsNotAnAnswerUntilKept() throws {
        let (_, target) = try flows()
        var i = Interview(flow: target, startedAt: t0)
        reduce(&i, .given("officer", .text("PC Test"), at: t0))
        reduce(&i, .proposed("adult", .tri(false), from: "SI-1", at: t0))
        XCTAssertNil(i.problem)
        XCTAssertEqual(i.opening("adult"), .tri(false), "the screen opens with it")
        XCTAssertNil(i.result["adult"], "not an answer: the determination does not use it")
        XCTAssertEqual(i.determination.classification, "undetermined", "an offered 'no' never makes the outcome lenient")
        XCTAssertEqual(i.current, "recorder", "no screen is passed over")
        reduce(&i, .answer(.text("Ms DSL"), at: t0))
        reduce(&i, .answer(.text("A"), at: t0))
        XCTAssertEqual(i.current, "adult", "the carried screen is shown")
        reduce(&i, .answer(.tri(true), at: t0.addingTimeInterval(5)))
        XCTAssertEqual(i.result["adult"], .tri(true), "the officer changed it")
        XCTAssertEqual(i.answers["adult"]?.at, t0.addingTimeInterval(5), "timed when the officer answered")
        XCTAssertEqual(i.proposed["adult"]?.value, .tri(false), "the offer is kept, for the record to say what it was")
        XCTAssertEqual(i.determination.classification, "aggravated")
    }

    func testOnlyQuestionsFromOneRecordCanBeProposed() throws {
        let (_, target) = try flows()
        var i = Interview(flow: target, startedAt: t0)
        reduce(&i, .proposed("secure", .checklist(.done, reason: nil), from: "SI-1", at: t0))
        XCTAssertNotNil(i.problem, "a checklist is never carried: this officer does the task and says so")
        reduce(&i, .proposed("done", .acknowledged, from: "SI-1", at: t0))
        XCTAssertNotNil(i.problem)
        reduce(&i, .proposed("age", .number(200), from: "SI-1", at: t0))
        XCTAssertNil(i.problem, "no bounds on this screen")
        reduce(&i, .proposed("adult", .choice("maybe"), from: "SI-1", at: t0))
        XCTAssertNotNil(i.problem, "a value the screen would refuse")
        reduce(&i, .proposed("people", .text("B"), from: "SI-2", at: t0))
        XCTAssertNotNil(i.problem, "a second record")
        XCTAssertEqual(i.proposed.keys.sorted(), ["age"])
        XCTAssertEqual(i.events.count, 1, "refused events are not logged")
    }
}
