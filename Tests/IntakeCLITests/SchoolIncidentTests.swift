import Foundation
import IntakeCore
import XCTest
import Yams

/// The school-incident flow: its determinations, its invariants, its stable ids, and a signed record
/// from both fronts.
final class SchoolIncidentTests: XCTestCase {
    var flowPath: String { Binary.root.appendingPathComponent("flows/school-incident.yaml").path }

    func scenarioFiles() throws -> [URL] {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "SchoolScenarios", withExtension: nil))
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    func testEveryScenarioGivesItsExpectedDetermination() throws {
        let files = try scenarioFiles()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for file in files {
            let name = file.lastPathComponent
            let scenario = try XCTUnwrap(try Yams.compose(yaml: try String(contentsOf: file, encoding: .utf8)), name)
            let expect = try XCTUnwrap(scenario["expect"], name)
            let answers = try Binary.temporaryFile("answers.yaml", try Yams.serialize(node: try XCTUnwrap(scenario["answers"])))
            let result = try Binary.run(["assess", "--flow", "school-incident", "--answers", answers])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], name)
            XCTAssertEqual(json["flow"] as? String, "school-incident", name)
            XCTAssertEqual(json["classification"] as? String, expect["classification"]?.string, name)
            XCTAssertNil(json["outcome21"] as? String, "\(name): the school flow decides no Outcome 21")
            XCTAssertEqual((json["reasons"] as? [[String: String]])?.compactMap { $0["fact"] },
                           expect["reasons"]?.array().compactMap(\.string), "\(name): reasons")
            XCTAssertEqual((json["actions"] as? [[String: String]])?.compactMap { $0["id"] },
                           expect["actions"]?.array().compactMap(\.string), "\(name): actions")
            XCTAssertEqual(json["outstanding"] as? [String], expect["outstanding"]?.array().compactMap(\.string), "\(name): outstanding")
            if (scenario["answers"]?["immediate_danger"]?.string) == "yes" {
                XCTAssertEqual((json["actions"] as? [[String: String]])?.first?["id"], "call-999", name)
            }
        }
    }

    /// The engine's safety rule holds for this flow too: one unknown decisive fact, all others no.
    func testAnyDecisiveFactUnknownIsNeverTheSchoolAlone() throws {
        let flow = try FlowLoader.load(path: flowPath)
        for fact in flow.determination.decisive {
            let lines = flow.determination.decisive.map { "\($0): \($0 == fact ? "unknown" : "no")" }
            let answers = try Binary.temporaryFile("answers.yaml", lines.joined(separator: "\n"))
            let result = try Binary.run(["assess", "--flow", "school-incident", "--answers", answers])
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(json["classification"] as? String, "undetermined", fact)
            XCTAssertEqual(json["outstanding"] as? [String], [fact], fact)
            XCTAssertFalse((json["actions"] as? [[String: String]] ?? []).contains { $0["id"] == "ask-to-delete" }, fact)
        }
    }

    func testTheCheckerProvesItsInvariantsAndCatchesAMisorderedAction() throws {
        let ok = try Binary.run(["flows", "check", "school-incident"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("17 invariants proved"), ok.stdout)
        // Moving call-999 below the self-harm referral breaks "call 999 first".
        let text = try String(contentsOfFile: flowPath, encoding: .utf8)
        let call = """
          - id: call-999
            text: Call 999 and keep the pupil safe until help arrives.
            source: College of Policing briefing note, Action 7
            when: immediate_danger == yes

        """
        XCTAssertTrue(text.contains(call))
        let broken = text.replacingOccurrences(of: call, with: "")
            .replacingOccurrences(of: "  - id: consult-police\n", with: call + "  - id: consult-police\n")
        let path = try Binary.temporaryFile("school-incident.yaml", broken)
        let result = try Binary.run(["flows", "check", path])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stderr.contains("invariant 'a child in immediate danger means calling 999 first' is broken"), result.stderr)
        XCTAssertTrue(result.stderr.contains("immediate_danger: yes"), result.stderr)
        XCTAssertTrue(result.stderr.contains("self_harm_concern: yes") || result.stderr.contains("adult_involved: yes"),
                      "an earlier action must apply in the counter-example: \(result.stderr)")
    }

    /// docs/flows/school-incident.md lists the stable ids; each exists, and the shared facts match initial-response's.
    func testTheDocumentedIdsAreTheFlowsIds() throws {
        let school = try FlowLoader.load(path: flowPath)
        let initial = try FlowLoader.load(path: Binary.initialResponse)
        let doc = try String(contentsOf: Binary.root.appendingPathComponent("docs/flows/school-incident.md"), encoding: .utf8)
        let ids = Set(doc.matches(of: /`([a-z0-9_-]+)`/).map { String($0.output.1) })
        for screen in school.screens where screen.kind != .end && screen.kind != .info && screen.kind != .checklist {
            XCTAssertTrue(ids.contains(screen.id), "\(screen.id) is not documented")
        }
        for action in school.actions { XCTAssertTrue(ids.contains(action.id), "action \(action.id) is not documented") }
        XCTAssertNotNil(school.action("refer-to-police"))
    }

    /// Issue 14: the school flow asks every decisive fact of initial-response, and a question the two
    /// flows share has the same kind and the same effect on the lenient outcome in both.
    func testSharedFactsMatchThePoliceFlowInKindAndEffect() throws {
        let school = try FlowLoader.load(path: flowPath)
        let initial = try FlowLoader.load(path: Binary.initialResponse)
        XCTAssertEqual(Set(school.determination.decisive), Set(initial.determination.decisive),
                       "every decisive fact of initial-response is decisive here too")
        for screen in school.screens {
            guard let other = initial.screen(screen.id) else { continue }
            XCTAssertEqual(screen.kind, other.kind, "\(screen.id): the same kind in both flows")
            XCTAssertEqual(school.determination.decisive.contains(screen.id), initial.determination.decisive.contains(screen.id),
                           "\(screen.id): decisive in one flow only")
            if screen.kind == .choice {
                XCTAssertEqual(screen.choices.map(\.value), other.choices.map(\.value), "\(screen.id): the same choices")
            }
        }
    }

    /// Issue 14: each of the school flow's invariants, broken on purpose in a copy: the checker must
    /// name it and give answers that break it.
    func testEachSchoolInvariantCatchesADeliberatelyBrokenCopy() throws {
        let text = try String(contentsOfFile: flowPath, encoding: .utf8)
        // Another member of staff hands the incident to the DSL and never reaches the viewing screens;
        // the viewing cases take that rule out too, so their breach can be reached.
        let noHandOver = ("    - when: staff_role == \"other-staff\"\n      classification: hand-to-dsl\n",
                          "    - when: staff_role == \"other-staff\" and violence == yes\n      classification: hand-to-dsl\n")
        let cases: [(invariant: String, edits: [(old: String, new: String)])] = [
            ("an adult involved means bringing in the police",
             [("when: classification == \"refer-to-police\" and staff_role != \"safer-school-officer\"",
               "when: classification == \"refer-to-police\" and staff_role != \"safer-school-officer\" and coercion == yes")]),
            ("any feature needing the police, yes or unknown, keeps the school from handling it alone",
             [("or cp_activity == yes or shared_online == yes or other_abuse == yes\n", "or cp_activity == yes or other_abuse == yes\n"),
              // The engine withholds the lenient outcome for decisive facts on its own; drop the fact
              // from the decisive list too, so the rules alone decide.
              ("             shared_online, extensive_sharing, other_abuse]", "             extensive_sharing, other_abuse]"),
              ("      or shared_online == unknown or other_abuse == unknown\n", "      or other_abuse == unknown\n")]),
            ("whenever the police are brought in, a device they need is secured",
             [("    when: not (classification in [\"school-response\", \"hand-to-dsl\"])\n  - id: school-procedure",
               "    when: classification == \"refer-to-police\"\n  - id: school-procedure")]),
            ("deleting is never asked while the police are or may be involved",
             [("    when: classification == \"school-response\"\n  - id: report-remove",
               "    when: classification != \"refer-to-police\"\n  - id: report-remove")]),
            ("content kept for the police brings in the police and is not deleted",
             [("      or school_power == \"retain-for-police\"\n", "\n")]),
            ("a pupil who will not delete brings a talk with the police",
             [("    - when: copy_not_deleted\n      classification: undetermined\n", "    - when: copy_not_deleted and violence == yes\n      classification: undetermined\n")]),
            ("examining a device brings the viewing safeguards",
             [("      and (viewing_reason in [\"only-way-to-decide\", \"to-report-for-removal\", \"unavoidable\"] or school_power == \"delete\")\n  - id: no-copying",
               "      and viewing_reason in [\"only-way-to-decide\", \"to-report-for-removal\", \"unavoidable\"]\n  - id: no-copying")]),
            ("only the DSL or an authorised delegate views",
             [("classification != \"refer-to-police\" and staff_role in [\"dsl\", \"deputy-dsl\"]", "classification != \"refer-to-police\""), noHandOver]),
            ("a safer school officer is never told to call the police, but given the police's own step",
             [("    when: classification == \"undetermined\" and staff_role != \"safer-school-officer\"\n", "    when: classification == \"undetermined\"\n")]),
            ("the school never handles alone what it refers to the police",
             [("    when: classification == \"school-response\"\n  - id: view-safely", "    when: classification != \"undetermined\"\n  - id: view-safely")]),
            ("a safer school officer never closes an offence as a school matter",
             [("    - when: staff_role == \"safer-school-officer\"\n      classification: police-continue\n",
               "    - when: staff_role == \"safer-school-officer\" and violence == yes\n      classification: police-continue\n")]),
            ("a pupil who needs children's social care gets the referral, not only the police",
             [(" or cp_activity == yes or child_under_13 == yes\n      or adult_involved == yes", " or cp_activity == yes\n      or adult_involved == yes")]),
            ("only the DSL or an authorised delegate finishes a school response", [noHandOver]),
            ("no school response while a deletion or the viewing safeguards are not done",
             [("    when: ask_to_delete in [\"not-done\", \"not-applicable\"]\n", "    when: ask_to_delete == \"not-done\"\n")]),
            ("a child in immediate danger means calling 999 first",
             [("    when: immediate_danger == yes\n  - id: immediate-referral", "    when: immediate_danger == yes and violence == yes\n  - id: immediate-referral")]),
            ("a self-harm concern brings an immediate referral",
             [("    when: self_harm_concern == yes\n  - id: refer-to-police", "    when: self_harm_concern == yes and violence == yes\n  - id: refer-to-police")]),
            ("an image online brings the removal step for the school too",
             [("    when: shared_online == yes\n  - id: educational-conversation", "    when: shared_online == yes and violence == yes\n  - id: educational-conversation")]),
        ]
        var broken: Set<String> = []
        for c in cases {
            var mutated = text
            for edit in c.edits {
                XCTAssertTrue(mutated.contains(edit.old), "\(c.invariant): the text to break is in the flow: \(edit.old)")
                mutated = mutated.replacingOccurrences(of: edit.old, with: edit.new)
            }
            let flow = try FlowLoader.load(text: mutated, file: "school-broken.yaml")
            let report = FlowChecker.check(flow)
            XCTAssertTrue(report.violations.contains { $0.name == c.invariant },
                          "\(c.invariant): not caught; violations: \(report.violations.map(\.name))")
            broken.insert(c.invariant)
        }
        XCTAssertEqual(broken, Set(try FlowLoader.load(path: flowPath).invariants.map(\.name)), "every invariant is broken once")
    }

    func testFlowsListShowsBothFlowsWithDescriptions() throws {
        let result = try Binary.run(["flows", "list"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("initial-response  3.2.2  First responder"), result.stdout)
        XCTAssertTrue(result.stdout.contains("school-incident  3.0.1  A school's first response"), result.stdout)
    }

    func testAPlainRunProducesASignedRecordThatVerifies() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-school-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: home) }
        let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path]
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC School", "--collar", "5", "--organisation", "Testshire"], environment: env).status, 0)
        // The first screens typed line by line on the plain front, the rest from the scenario.
        let scenario = Binary.root.appendingPathComponent("flows/scenarios/school-adult-involved.yaml").path
        let run = try Binary.run(["run", "--flow", "school-incident", "--plain", "--answers", scenario], environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("INTAKE RECORD — School incident"), run.stdout)
        XCTAssertTrue(run.stdout.contains("Classification: Refer to the police [refer-to-police]"), run.stdout)
        XCTAssertTrue(run.stdout.contains("[refer-to-police]"), run.stdout)
        XCTAssertFalse(run.stdout.contains("Outcome 21"), "a police outcome code has no place in the school's log")
        XCTAssertTrue(run.stdout.contains("-----BEGIN SSH SIGNATURE-----"), run.stdout)
        let saved = try XCTUnwrap(run.stderr.components(separatedBy: "Signed record saved: ").last?.components(separatedBy: "\n").first)
        let verified = try Binary.run(["verify", saved], environment: env)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)

        // The name comes from the signing key; the role and the school are asked.
        let typed = ["", "1", "Example Academy", "now", "Pupil E, 14.", ".", "E showed a teacher an image.", ".",
                     // The nineteen facts that decide police involvement, as in initial-response.
                     "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n",
                     // School procedure; no device examined; no reason to view; never copy; deleted; parents told.
                     "", "1", "1", "", "d", "1", "d", "f", "y"]
        let piped = try Binary.run(["run", "--flow", "school-incident"], stdin: typed.joined(separator: "\n") + "\n", environment: env)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertTrue(piped.stdout.contains("Classification: The school may respond under its own procedure [school-response]"), piped.stdout + piped.stderr)
        XCTAssertTrue(piped.stdout.contains("\nOfficer: PC School, collar 5, Testshire\n"), piped.stdout)
        XCTAssertFalse(piped.stderr.contains("Your name"), piped.stderr)
    }

    func testTheFullScreenFrontRunsTheSchoolFlow() throws {
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTAssertTrue(Tmux.available, ".ci/run installs tmux") }
        try XCTSkipUnless(Tmux.available, "tmux is needed for the end-to-end tests")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-school-tty-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: home) }
        let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path]
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC School", "--collar", "5", "--organisation", "Testshire"], environment: env).status, 0)
        let t = try Tmux(["run", "--flow", "school-incident"], environment: env)
        var screen = try t.waitFor("This guides the school's first response")
        XCTAssertTrue(screen.contains("School incident — nudes or semi-nudes shared by pupils"), screen)
        try t.press("Enter")
        screen = try t.waitFor("Your role")
        XCTAssertFalse(screen.contains("Your name"), screen)
        XCTAssertTrue(screen.contains("Designated safeguarding lead (DSL)"), screen)
        try t.type("1")
        try t.waitFor("School or college")
        try t.press("C-c")
        try t.waitFor("y quit")
        try t.type("y")
        XCTAssertEqual(try t.exitStatus(), 2)
    }
}
