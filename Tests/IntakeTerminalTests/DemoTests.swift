import Foundation
import XCTest
import IntakeCore
@testable import IntakeTerminal

/// The trainer demo: stepping, the reasons shown, and its layout at the smallest and a common size.
final class DemoTests: XCTestCase {
    static let flowText = """
    id: demo
    title: Demo flow
    version: 1.0.0
    start: intro
    screens:
      - id: intro
        kind: info
        prompt: Read this first.
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: Is an adult involved?
        branches:
          - when: adult == yes
            to: refer
        next: name
      - id: refer
        kind: checklist
        action: refer
        prompt: Refer to child protection.
        next: name
      - id: name
        kind: text
        multi-line: false
        prompt: Your name
        next: done
      - id: done
        kind: end
        prompt: Finished.
    determination:
      decisive: [adult]
      rules:
        - when: adult == yes
          classification: aggravated
          outcome21: not-applicable
      otherwise:
        classification: experimental
        outcome21: may-be-considered
    actions:
      - id: refer
        text: Refer to child protection.
        source: Test source, section 2
    """

    func demo(_ answers: String, flowText: String = DemoTests.flowText) throws -> Demo {
        let flow = try FlowLoader.load(text: flowText, file: "demo.yaml")
        let file = try AnswersFile.parse(text: answers, file: "scenario.yaml", flow: flow)
        return Demo(title: "A test scenario", about: "Shows the demo.",
                    walkthrough: try Walkthrough.build(flow: flow, answers: file, file: "scenario.yaml"), timeZone: Zone.utc)
    }

    func testStepsFollowTheAnswersAndSayWhy() throws {
        var demo = try demo("adult: yes\nrefer: done\nname: PC Test\n")
        XCTAssertEqual(demo.walkthrough.steps.map(\.screen), ["intro", "adult", "refer", "name", "done"])
        XCTAssertNil(demo.step, "the demo opens on its title card")
        XCTAssertTrue(render(demo, size: Size(columns: 80, rows: 24)).text.contains("A test scenario"))
        _ = demo.update(.character(" "))
        _ = demo.update(.character(" "))
        XCTAssertEqual(demo.step?.screen, "adult")
        let text = render(demo, size: Size(columns: 80, rows: 24)).text
        XCTAssertTrue(text.contains("Answer given: Yes"), text)
        XCTAssertTrue(text.contains("Next: “Refer to child protection.”, because this screen's answer is “Yes”."), text)
        XCTAssertFalse(text.contains("Step "), "one count of the screens, the demo's own:\n\(text)")
        XCTAssertTrue(text.contains("› y  Yes"), "the scenario's answer is selected on the screen:\n\(text)")
        _ = demo.update(.character("b"))
        XCTAssertEqual(demo.step?.screen, "intro")
        XCTAssertTrue(render(demo, size: Size(columns: 80, rows: 24)).text.contains("which always follows this screen"))
        _ = demo.update(.end)
        let end = render(demo, size: Size(columns: 80, rows: 24)).text
        XCTAssertTrue(end.contains("Determination:"), end)
        XCTAssertFalse(demo.update(.character("q")), "q leaves the demo")
    }

    func testTheDefaultRouteNamesTheConditionThatDidNotHold() throws {
        var demo = try demo("adult: no\nname: PC Test\n")
        XCTAssertEqual(demo.walkthrough.steps.map(\.screen), ["intro", "adult", "name", "done"])
        _ = demo.update(.character(" ")); _ = demo.update(.character(" "))
        let text = render(demo, size: Size(columns: 80, rows: 24)).text
        XCTAssertTrue(text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("the default route, since its condition (this screen's answer is “Yes”)"), text)
        _ = demo.update(.right)
        let typed = render(demo, size: Size(columns: 80, rows: 24)).text
        XCTAssertTrue(typed.contains("PC Test"), "the typed answer is filled in:\n\(typed)")
    }

    func testAScenarioThatLeavesARequiredQuestionOutIsRefused() throws {
        XCTAssertThrowsError(try demo("adult: yes\nname: PC Test\n")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("no answer for 'refer'"), text)
            XCTAssertTrue(text.contains("refer: …"), text)
        }
    }

    func testEveryFrameFitsAndTooSmallAsksToEnlarge() throws {
        var demo = try demo("adult: yes\nrefer: done\nname: PC Test with a very long name that goes on and on\n")
        for _ in 0...demo.walkthrough.steps.count {
            for size in [Size(columns: 60, rows: 20), Size(columns: 80, rows: 24), Size(columns: 132, rows: 40)] {
                let rendered = render(demo, size: size)
                XCTAssertEqual(rendered.lines.count, size.rows)
                for line in rendered.lines { XCTAssertLessThanOrEqual(DisplayWidth.of(line.text), size.columns, line.text) }
            }
            _ = demo.update(.character(" "))
        }
        XCTAssertTrue(render(demo, size: Size(columns: 60, rows: 19)).text.contains("at least 60×20"))
    }

    func testTranscriptListsEveryStep() throws {
        let text = try demo("adult: yes\nrefer: done\nname: PC Test\n").transcript()
        XCTAssertTrue(text.contains("2. Is an adult involved?\n   Answer given: Yes\n   Next: “Refer to child protection.”, because this screen's answer is “Yes”."), text)
        XCTAssertTrue(text.contains("5. Finished.\n   Determination:"), text)
    }

    func testTheHandoutPrintsFullTextsAndRealLineBreaks() throws {
        let long = "Refer to child protection now, and do not wait for the checks below, because a child in the image may be at risk from an adult."
        var d = try demo("adult: yes\nrefer: done\nname: PC Test\n",
                         flowText: Self.flowText.replacingOccurrences(of: "Refer to child protection.", with: long)
                             .replacingOccurrences(of: "    multi-line: false\n", with: ""))
        var text = d.transcript()
        XCTAssertFalse(text.contains("…"), text)
        XCTAssertTrue(text.contains("Next: “\(long)”, because this screen's answer is “Yes”."), text)
        d = try demo("adult: no\nname: |\n  PC Test\n  Second line\n", flowText: Self.flowText.replacingOccurrences(of: "    multi-line: false\n", with: ""))
        text = d.transcript()
        XCTAssertTrue(text.contains("   Answer given: PC Test\n                 Second line\n"), text)
        XCTAssertFalse(text.contains("\\n"), "line breaks are real, not \\n")
    }

    func testWhatIfReplaysTheRestAndTheSidePanelFollows() throws {
        var demo = try demo("adult: yes\nrefer: done\nname: PC Test\n")
        _ = demo.update(.character(" ")); _ = demo.update(.character(" "))
        XCTAssertEqual(demo.step?.screen, "adult")
        let wide = render(demo, size: Size(columns: 132, rows: 40)).text
        XCTAssertTrue(wide.contains("│  So far"), "the running determination is there from the first screen:\n\(wide)")
        XCTAssertTrue(wide.contains("Classification: aggravated") && wide.contains("Actions (1):") && wide.contains("- Refer"), wide)
        // What if no adult were involved? The referral drops out; the name still applies.
        _ = demo.update(.character("w"))
        XCTAssertTrue(demo.choosing)
        XCTAssertTrue(render(demo, size: Size(columns: 80, rows: 24)).text.contains("What if? Give another answer"))
        _ = demo.update(.character("n"))
        XCTAssertFalse(demo.choosing)
        XCTAssertEqual(demo.whatIf, ["adult": .tri(false)])
        XCTAssertEqual(demo.walkthrough.steps.map(\.screen), ["intro", "adult", "name", "done"])
        XCTAssertEqual(demo.step?.screen, "adult", "the class stays on the screen it changed")
        let changed = render(demo, size: Size(columns: 132, rows: 40)).text
        XCTAssertTrue(changed.contains("What if: No"), changed)
        XCTAssertTrue(changed.contains("- Is an adult involved?: No") && changed.contains("Classification: experimental"), changed)
        XCTAssertTrue(render(demo, size: Size(columns: 80, rows: 24)).text.contains("· so far: "), "narrow: in the title bar")
        // Undo: the scenario as written.
        _ = demo.update(.character("r"))
        XCTAssertEqual(demo.whatIf, [:])
        XCTAssertEqual(demo.walkthrough.steps.map(\.screen), ["intro", "adult", "refer", "name", "done"])
        // Escape while choosing keeps the scenario's answer.
        _ = demo.update(.character("w")); _ = demo.update(.escape)
        XCTAssertFalse(demo.choosing)
        XCTAssertEqual(demo.whatIf, [:])
    }

    func testWhatIfThatLeavesTheScenarioStopsWhereNobodyHasAnswered() throws {
        var demo = try demo("adult: no\nname: PC Test\n")
        _ = demo.update(.character(" ")); _ = demo.update(.character(" "))
        _ = demo.update(.character("w")); _ = demo.update(.character("y"))
        XCTAssertEqual(demo.walkthrough.steps.map(\.screen), ["intro", "adult", "refer"])
        XCTAssertEqual(demo.walkthrough.stoppedAt, "refer")
        _ = demo.update(.character(" "))
        XCTAssertEqual(demo.step?.screen, "refer")
        XCTAssertTrue(render(demo, size: Size(columns: 80, rows: 24)).text.contains("Not in the scenario: its answers never reach this screen."))
        _ = demo.update(.character("w")); _ = demo.update(.character("d"))
        XCTAssertEqual(demo.walkthrough.steps.map(\.screen), ["intro", "adult", "refer", "name", "done"], "the scenario's own answers take it on")
        XCTAssertNil(demo.walkthrough.stoppedAt)
    }
}
