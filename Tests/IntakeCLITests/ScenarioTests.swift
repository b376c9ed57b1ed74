import Foundation
import XCTest
import Yams

/// Every scenario under Scenarios/ is an answers file with the assessment it must produce, checked
/// through `intake assess --format json` on the bundled flow.
final class ScenarioTests: XCTestCase {
    struct Expected {
        var classification: String
        var outcome21: String
        var reasons: [String]
        var actions: [String]
        var outstanding: [String]
    }

    func scenarioFiles() throws -> [URL] {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Scenarios", withExtension: nil))
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    func testThereAreAtLeastSixteenScenarios() throws {
        XCTAssertGreaterThanOrEqual(try scenarioFiles().count, 16)
    }

    func testEveryScenarioGivesItsExpectedAssessment() throws {
        for file in try scenarioFiles() {
            let text = try String(contentsOf: file, encoding: .utf8)
            let node = try XCTUnwrap(try Yams.compose(yaml: text), file.lastPathComponent)
            let answersNode = try XCTUnwrap(node["answers"])
            let expectNode = try XCTUnwrap(node["expect"])
            let answers = try Binary.temporaryFile("answers.yaml", try Yams.serialize(node: answersNode))
            let result = try Binary.run(["assess", "--flow", Binary.initialResponse, "--answers", answers, "--format", "json"])
            XCTAssertEqual(result.status, 0, "\(file.lastPathComponent): \(result.stderr)")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                     file.lastPathComponent)
            let name = file.lastPathComponent
            XCTAssertEqual(json["flow"] as? String, "initial-response", name)
            XCTAssertEqual(json["flowVersion"] as? String, "3.2.2", name)
            XCTAssertEqual(json["classification"] as? String, expectNode["classification"]?.string, name)
            XCTAssertEqual(json["outcome21"] as? String, expectNode["outcome21"]?.string, name)
            XCTAssertEqual((json["reasons"] as? [[String: String]])?.compactMap { $0["fact"] },
                           expectNode["reasons"]?.array().compactMap(\.string), "\(name): reasons")
            XCTAssertEqual((json["actions"] as? [[String: String]])?.compactMap { $0["id"] },
                           expectNode["actions"]?.array().compactMap(\.string), "\(name): actions")
            XCTAssertEqual(json["outstanding"] as? [String], expectNode["outstanding"]?.array().compactMap(\.string),
                           "\(name): outstanding")
            for reason in json["reasons"] as? [[String: String]] ?? [] {
                XCTAssertFalse(reason["source"]?.isEmpty ?? true, "\(name): a reason without a source")
            }
            for action in json["actions"] as? [[String: String]] ?? [] {
                XCTAssertFalse(action["source"]?.isEmpty ?? true, "\(name): an action without a source")
            }
        }
    }

    static let decisive = ["immediate_danger", "self_harm_concern", "adult_involved", "coercion", "exploitation", "profit_motive",
                           "shared_without_permission", "malicious_sharing", "persistent_behaviour", "violence", "wide_age_gap",
                           "child_under_13", "vulnerabilities", "other_child_vulnerabilities", "previous_concerns", "cp_activity",
                           "shared_online", "extensive_sharing", "other_abuse"]
    /// The steps before the branch that Outcome 21 waits for; the deletion comes after it, on the
    /// experimental path only (an answers file may not answer a screen its path never asks).
    static let checks = ["record_crime", "background_checks", "welfare_advice", "cse_screening"]
    static let deletion = "delete_direction: done"

    func assess(_ lines: [String]) throws -> [String: Any] {
        let answers = try Binary.temporaryFile("answers.yaml", lines.joined(separator: "\n"))
        let result = try Binary.run(["assess", "--flow", Binary.initialResponse, "--answers", answers])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The control case: every decisive fact no and every check done is the lenient outcome, so each
    /// case below fails for the reason it names and no other.
    func testEverythingClearIsTheLenientProposal() throws {
        let json = try assess(Self.decisive.map { "\($0): no" } + Self.checks.map { "\($0): done" } + [Self.deletion])
        XCTAssertEqual(json["outcome21"] as? String, "may-be-considered")
        XCTAssertEqual(json["classification"] as? String, "experimental")
        XCTAssertEqual(json["outstanding"] as? [String], [])
    }

    /// The safety rule, across every single-fact-unknown case: never the lenient outcome.
    func testAnyDecisiveFactUnknownIsNeverLenient() throws {
        for fact in Self.decisive {
            let json = try assess(Self.decisive.map { "\($0): \($0 == fact ? "unknown" : "no")" } + Self.checks.map { "\($0): done" })
            XCTAssertEqual(json["outcome21"] as? String, "pending", fact)
            XCTAssertEqual(json["classification"] as? String, "undetermined", fact)
            // The deletion the proposal would wait for is listed too: the lenient outcome is still in play.
            XCTAssertEqual(json["outstanding"] as? [String], [fact, "delete_direction"], fact)
        }
    }

    /// Issue 12, rule 2: a check not done, or not answered, or marked not applicable, holds the lenient
    /// outcome back and is listed by its screen id.
    func testEveryCheckMustBeDoneBeforeTheLenientOutcome() throws {
        for check in Self.checks {
            for status in ["{status: not-done, reason: later}", "not-applicable", nil] {
                // What the checks show is not asked until they are done (issue 35): it stays unknown.
                let unasked = check == "background_checks" ? ["previous_concerns"] : []
                var lines = Self.decisive.filter { !unasked.contains($0) }.map { "\($0): no" }
                lines += Self.checks.compactMap { $0 == check ? status.map { "\(check): \($0)" } : "\($0): done" }
                let json = try assess(lines)
                let what = "\(check) \(status ?? "unanswered")"
                XCTAssertEqual(json["outcome21"] as? String, "pending", what)
                XCTAssertEqual(json["outstanding"] as? [String], unasked + [check, "delete_direction"], what)
            }
        }
        // The deletion itself: only "done" lets the proposal stand (issue 30, item 7).
        for status in ["{status: not-done, reason: refused}", "not-applicable", nil] {
            let lines = Self.decisive.map { "\($0): no" } + Self.checks.map { "\($0): done" } + (status.map { ["delete_direction: \($0)"] } ?? [])
            let json = try assess(lines)
            XCTAssertEqual(json["outcome21"] as? String, "pending", status ?? "unanswered")
            XCTAssertEqual(json["outstanding"] as? [String], ["delete_direction"], status ?? "unanswered")
        }
    }

    /// Issue 30, item 7: a safeguarding step that the answers call for and that is not done holds the
    /// proposal back, with the step listed; done, the proposal stands.
    func testASafeguardingStepNotDoneHoldsTheProposal() throws {
        let steps = [("immediate_danger", "act_now"), ("self_harm_concern", "immediate_referral"), ("adult_holds_copy", "adult_copy_direction")]
        for (fact, step) in steps {
            for status in ["{status: not-done, reason: could not}", "not-applicable", "done"] {
                var lines = Self.decisive.filter { $0 != fact }.map { "\($0): no" } + ["\(fact): yes", "\(step): \(status)"]
                lines += Self.checks.map { "\($0): done" }
                if fact != "adult_holds_copy" { lines += ["cp_referral: done", "strategy_outcome: supportive-approach"] }
                if status == "done" { lines.append(Self.deletion) }
                let json = try assess(lines)
                let what = "\(step) \(status)"
                XCTAssertEqual(json["outcome21"] as? String, status == "done" ? "may-be-considered" : "pending", what)
                XCTAssertEqual((json["outstanding"] as? [String])?.contains(step), status != "done", what)
            }
        }
    }

    /// Issue 12, rule 3: wherever a referral is needed, only a supportive approach lets Outcome 21 stand.
    func testAReferralNeedsTheStrategyOutcome() throws {
        for trigger in ["immediate_danger", "self_harm_concern", "cp_activity"] {
            for (strategy, outcome) in [(nil, "pending"), ("not-yet-known", "pending"), ("criminal-investigation", "not-applicable"),
                                        ("supportive-approach", "may-be-considered")] {
                var lines = Self.decisive.map { "\($0): \($0 == trigger ? "yes" : "no")" } + Self.checks.map { "\($0): done" }
                if trigger == "immediate_danger" { lines.append("act_now: done") }
                if trigger == "self_harm_concern" { lines.append("immediate_referral: done") }
                // What a referral decided is asked once it is made (issue 35).
                if let strategy { lines += ["cp_referral: done", "strategy_outcome: \(strategy)"] }
                if strategy == "supportive-approach" { lines.append(Self.deletion) }
                let json = try assess(lines)
                let what = "\(trigger) with \(strategy ?? "no strategy outcome")"
                XCTAssertEqual(json["outcome21"] as? String, outcome, what)
                XCTAssertEqual((json["outstanding"] as? [String])?.contains("strategy_outcome"), outcome == "pending", what)
            }
        }
    }
}
