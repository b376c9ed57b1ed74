import Foundation
import IntakeCore
import XCTest

/// The bundled teaching scenarios (flows/scenarios): each reaches the determination it states, through
/// `assess` and through `demo`, and the trainer demo steps forward and back on a real terminal.
final class DemoScenarioTests: XCTestCase {
    static let required = ["experimental", "adult-involved", "coercion", "online-sharing", "self-harm-concern", "facts-unknown"]

    var folder: URL { Binary.root.appendingPathComponent("flows/scenarios") }

    func scenarios() throws -> [(name: String, path: String, scenario: Scenario)] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            let path = folder.appendingPathComponent(name).path
            guard let scenario = try? Scenario.load(path: path) else { return nil }
            return (String(name.dropLast(5)), path, scenario)
        }
    }

    func testTheRequiredScenariosExistAndStateTheirDetermination() throws {
        let found = try scenarios()
        for name in Self.required {
            let scenario = try XCTUnwrap(found.first { $0.name == name }, "flows/scenarios/\(name).yaml is missing")
            XCTAssertNotNil(scenario.scenario.expect?.classification, name)
            XCTAssertNotNil(scenario.scenario.expect?.outcome21, name)
            XCTAssertFalse(scenario.scenario.about.isEmpty, name)
        }
        let listing = try Binary.run(["demo"])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        for name in Self.required { XCTAssertTrue(listing.stdout.contains(name + " "), listing.stdout) }
    }

    func testEveryScenarioGivesItsExpectedDeterminationThroughAssess() throws {
        for (name, path, scenario) in try scenarios() {
            guard let expect = scenario.expect else { continue }
            let result = try Binary.run(["assess", "--flow", scenario.flow, "--answers", path])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], name)
            XCTAssertEqual(json["classification"] as? String, expect.classification, name)
            XCTAssertEqual(json["outcome21"] as? String, expect.outcome21, name)
            if let reasons = expect.reasons {
                XCTAssertEqual((json["reasons"] as? [[String: String]])?.compactMap { $0["fact"] }, reasons, "\(name): reasons")
            }
            if let actions = expect.actions {
                XCTAssertEqual((json["actions"] as? [[String: String]])?.compactMap { $0["id"] }, actions, "\(name): actions")
            }
            if let outstanding = expect.outstanding {
                XCTAssertEqual(json["outstanding"] as? [String], outstanding, "\(name): outstanding")
            }
        }
    }

    func testEveryScenarioPlaysToItsDeterminationInTheDemo() throws {
        for (name, _, scenario) in try scenarios() {
            guard let expect = scenario.expect, let classification = expect.classification else { continue }
            let result = try Binary.run(["demo", name, "--plain"])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stdout.hasPrefix("Demo: \(scenario.title)\n"), result.stdout)
            // Said in the flow's words, as the record says them.
            let flow = try FlowLoader.load(path: Binary.root.appendingPathComponent("flows/\(scenario.flow).yaml").path)
            let outcome = Describe.outcome21(expect.outcome21.flatMap(Outcome21.init(rawValue:)))
            let verdict = "Determination: \(flow.record.classifications[classification] ?? classification) · Outcome 21: \(outcome)"
            XCTAssertTrue(result.stdout.contains("   \(verdict)\n"), "\(name):\n\(result.stdout.suffix(400))")
            XCTAssertTrue(result.stdout.contains("Answer given:"), name)
            // A trainer reads it off a projector: no ids, no expression syntax.
            XCTAssertFalse(result.stdout.contains("`"), "\(name): an id in backticks")
            for screen in flow.screens where screen.id.contains("_") {
                XCTAssertFalse(result.stdout.contains(screen.id), "\(name): the id \(screen.id) is shown")
            }
        }
    }

    func testTheSafetyRuleShowsInTheUnknownFactsScenario() throws {
        let result = try Binary.run(["demo", "facts-unknown", "--plain"])
        XCTAssertTrue(result.stdout.contains("Still to establish: “Did an adult (aged 18 or over)"), result.stdout)
        XCTAssertFalse(result.stdout.contains("may-be-considered"), result.stdout)
    }

    func testAnUnknownScenarioNameSaysWhereToLook() throws {
        let result = try Binary.run(["demo", "no-such-scenario"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no scenario is called 'no-such-scenario'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("run `intake demo` for the list"), result.stderr)
    }

    func testTheDemoStepsForwardAndBackOnATerminal() throws {
        try XCTSkipUnless(Tmux.available || ProcessInfo.processInfo.environment["CI"] == "true", "tmux is needed (.ci/run installs it)")
        let t = try Tmux(["demo", "adult-involved"])
        try t.waitFor("Space begin")
        try t.press("Space")
        try t.waitFor("screen 1 of")
        try t.press("Space")
        var screen = try t.waitFor("screen 2 of")
        // Safeguarding first: the second screen is danger now, and its branch did not fire.
        XCTAssertTrue(screen.contains("Answer given: No"), screen)
        XCTAssertTrue(screen.contains("Is any child in immediate danger?"), screen)
        try t.press("b")
        try t.waitFor("screen 1 of")
        for _ in 0..<12 { try t.press("Space") }
        screen = try t.waitFor("screen 13 of")
        XCTAssertTrue(screen.contains("Answer given: A told a teacher"), screen)
        try t.press("Space")
        screen = try t.waitFor("screen 14 of")
        XCTAssertTrue(screen.contains("Did an adult"), screen)
        XCTAssertTrue(screen.contains("Answer given: Yes"), screen)
        for _ in 0..<40 { try t.press("Space") }
        screen = try t.waitFor("Determination: Aggravated: a full investigation follows")
        XCTAssertTrue(screen.contains(" Outcome 21: not applicable. Nothing decisive is left to establish."), screen)
        try t.press("q")
        XCTAssertEqual(try t.exitStatus(), 0)
        XCTAssertFalse(try t.screen().contains("Demo ·"), "the terminal is restored")
    }
}
