import Foundation
import XCTest
import IntakeCore
@testable import IntakeTerminal

/// Issue 35, item 3: a run of yes/no/unknown facts marked `group:` reads as one page — the group's
/// questions answered so far above the current one — while each is still answered on its own and
/// nothing is chosen for the officer.
final class GroupedPageTests: XCTestCase {
    let t0 = SnapshotTests.t0

    static let flowText = """
        id: g
        title: Grouped
        version: 1.0.0
        start: danger
        screens:
          - id: danger
            kind: yes-no-unknown
            prompt: Is anyone in danger now?
            next: adult
          - id: adult
            kind: yes-no-unknown
            group: facts
            prompt: Was an adult involved?
            next: pressure
          - id: pressure
            kind: yes-no-unknown
            group: facts
            prompt: Was anyone pressured?
            branches:
              - when: pressure == yes
                to: who_pressured
            next: shared
          - id: who_pressured
            kind: text
            prompt: Who pressured whom?
            next: shared
          - id: shared
            kind: yes-no-unknown
            group: facts
            prompt: Was it shared widely?
            next: done
          - id: done
            kind: end
            prompt: Done.
        determination:
          rules: []
          otherwise:
            classification: noted
        """

    func front(_ keys: [Key]) throws -> Front {
        let flow = try FlowLoader.load(text: Self.flowText, file: "g.yaml")
        var front = Front(interview: Interview(flow: flow, startedAt: t0))
        for key in keys { _ = front.update(key, now: t0, typedOn: front.generation) }
        return front
    }

    func testTheGroupsAnswersSoFarShowAboveTheCurrentQuestion() throws {
        let f = try front([.character("n"), .character("n"), .character("u")])
        XCTAssertEqual(f.interview.current, "shared")
        let lines = render(f, size: Size(columns: 80, rows: 24)).lines.map(\.text)
        let adult = try XCTUnwrap(lines.firstIndex { $0.contains("Was an adult involved?") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[adult].hasPrefix("  No "), lines[adult])
        XCTAssertTrue(lines[adult + 1].hasPrefix("  Unknown ") && lines[adult + 1].contains("Was anyone pressured?"), lines[adult + 1])
        let question = try XCTUnwrap(lines.firstIndex { $0.contains("Was it shared widely?") })
        XCTAssertGreaterThan(question, adult + 1, "the current question comes after the rows answered")
        XCTAssertFalse(lines.contains { $0.contains("Is anyone in danger now?") }, "a question outside the group is not listed")
        XCTAssertFalse(lines.contains { $0.hasPrefix(" › ") }, "nothing is chosen for the officer on the new row")
    }

    func testAQuestionBetweenBreaksThePageAndTheFirstRowShowsNothingAbove() throws {
        let first = render(try front([.character("n")]), size: Size(columns: 80, rows: 24)).lines.map(\.text)
        XCTAssertFalse(first.contains { $0.hasPrefix("  No ") }, "the group's first question has nothing above it")
        // yes to pressure routes to a typed question outside the group: the page starts again after it.
        var f = try front([.character("n"), .character("n"), .character("y")])
        XCTAssertEqual(f.interview.current, "who_pressured")
        for key in [Key.character("A"), .function(10)] { _ = f.update(key, now: t0, typedOn: f.generation) }
        XCTAssertEqual(f.interview.current, "shared")
        let lines = render(f, size: Size(columns: 80, rows: 24)).lines.map(\.text)
        XCTAssertFalse(lines.contains { $0.contains("Was an adult involved?") }, lines.joined(separator: "\n"))
    }

    func testGoingBackShowsOnlyTheRowsBeforeAndAShortScreenCountsTheRest() throws {
        var f = try front([.character("n"), .character("n"), .character("u")])
        _ = f.update(.escape, now: t0, typedOn: f.generation)
        XCTAssertEqual(f.interview.current, "pressure")
        let back = render(f, size: Size(columns: 80, rows: 24)).lines.map(\.text)
        XCTAssertTrue(back.contains { $0.hasPrefix("  No ") && $0.contains("Was an adult involved?") })
        XCTAssertEqual(back.filter { $0.contains("Was anyone pressured?") }.count, 1, "the current question once, as the question")
    }

    /// Ten facts on the smallest screen intake draws (60×16): the earliest give way to a count, and the
    /// current question and its three answers still show whole.
    func testASmallScreenCountsTheRowsThatDoNotFit() throws {
        var text = "id: many\ntitle: Many\nversion: 1.0.0\nstart: f0\nscreens:\n"
        for i in 0..<10 {
            text += "  - id: f\(i)\n    kind: yes-no-unknown\n    group: facts\n    prompt: Fact number \(i)?\n    next: \(i == 9 ? "done" : "f\(i + 1)")\n"
        }
        text += "  - id: done\n    kind: end\n    prompt: Done.\ndetermination:\n  rules: []\n  otherwise:\n    classification: noted\n"
        var f = Front(interview: Interview(flow: try FlowLoader.load(text: text, file: "many.yaml"), startedAt: t0))
        for _ in 0..<9 { _ = f.update(.character("n"), now: t0, typedOn: f.generation) }
        XCTAssertEqual(f.interview.current, "f9")
        let short = render(f, size: Size(columns: 60, rows: 16)).lines.map(\.text)
        let shown = short.joined(separator: "\n")
        let counted = try XCTUnwrap(short.first { $0.contains("more answered above") }, shown)
        let listed = short.filter { $0.hasPrefix("  No ") }.count
        XCTAssertTrue(counted.contains("… and \(9 - listed) more"), shown)
        XCTAssertTrue(short.contains { $0.contains("Fact number 8?") } && !short.contains { $0.contains("Fact number 0?") }, "the latest rows stay")
        XCTAssertTrue(short.contains { $0.contains("Fact number 9?") } && short.contains { $0.contains("Unknown — not yet established") }, shown)
        let tall = render(f, size: Size(columns: 60, rows: 30)).lines.map(\.text)
        XCTAssertEqual(tall.filter { $0.hasPrefix("  No ") }.count, 9, "with room, every row answered so far")
        XCTAssertFalse(tall.contains { $0.contains("more answered above") })
    }

    func testGroupIsOnlyForYesNoUnknownQuestions() throws {
        let text = Self.flowText.replacingOccurrences(of: "    kind: text\n    prompt: Who pressured whom?", with: "    kind: text\n    group: facts\n    prompt: Who pressured whom?")
        XCTAssertNotEqual(text, Self.flowText)
        XCTAssertThrowsError(try FlowLoader.load(text: text, file: "g.yaml")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("'group' is only for yes-no-unknown screens"), message)
            XCTAssertTrue(message.contains("g.yaml:"), message)
        }
    }
}
