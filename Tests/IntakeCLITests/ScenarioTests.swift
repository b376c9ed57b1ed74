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
            XCTAssertEqual(json["flowVersion"] as? String, "1.0.0", name)
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

    /// The safety rule, across every single-fact-unknown case: never the lenient outcome.
    func testAnyDecisiveFactUnknownIsNeverLenient() throws {
        let decisive = ["adult_involved", "coercion", "exploitation", "profit_motive", "shared_without_permission",
                        "malicious_sharing", "persistent_behaviour", "violence", "wide_age_gap", "child_under_13",
                        "vulnerabilities", "previous_concerns"]
        for fact in decisive {
            let lines = decisive.map { "\($0): \($0 == fact ? "unknown" : "no")" }
            let answers = try Binary.temporaryFile("answers.yaml", lines.joined(separator: "\n"))
            let result = try Binary.run(["assess", "--flow", Binary.initialResponse, "--answers", answers])
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(json["outcome21"] as? String, "pending", fact)
            XCTAssertEqual(json["classification"] as? String, "undetermined", fact)
            XCTAssertTrue((json["outstanding"] as? [String] ?? []).contains(fact), fact)
        }
    }
}
