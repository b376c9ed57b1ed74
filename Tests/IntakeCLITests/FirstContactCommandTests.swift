import Foundation
import XCTest

/// Issue 35: the phoned-in case signed as a first-contact record, then followed up to the end.
final class FirstContactCommandTests: XCTestCase {
    var home: OfficerHome!
    var env: [String: String] { home.env }
    var experimental: String { Binary.operational("experimental") }

    override func setUpWithError() throws { home = try OfficerHome("first") }
    override func tearDownWithError() throws { home.remove() }
    func saved(_ result: Binary.Result) throws -> String { try OfficerHome.saved(result) }

    /// The mother's call: what is known now, the crime not yet recorded, no reason typed for it.
    static let call = """
        intro: acknowledged
        immediate_danger: no
        self_harm_concern: no
        record_crime: not-yet
        report_received: 2026-12-04 18:20
        reported_by: parent-carer
        people_involved: |
          Girl A; 14; pictured, sent
          Boy B; 15; received, sent
        account: Her daughter sent a topless photo to her boyfriend. The school knows; she is upset but safe.
        adult_involved: no
        adult_holds_copy: no
        wide_age_gap: no
        coercion: unknown
        exploitation: unknown
        profit_motive: no
        shared_without_permission: unknown
        malicious_sharing: unknown
        extensive_sharing: unknown
        persistent_behaviour: unknown
        violence: no
        other_abuse: unknown
        device_taken: no

        """

    func testACallIsSignedAtFirstContactWithItsToDoListAndFollowedUp() throws {
        let call = try Binary.temporaryFile("call.yaml", Self.call)
        let run = try Binary.run(["run", "--first-contact", "--answers", call], environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Answer: Not yet (still to do)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("Outcome 21: pending"), run.stdout)
        let toDo = try XCTUnwrap(run.stdout.components(separatedBy: "STILL TO ESTABLISH OR DO, IN THIS ORDER\n").last?
            .components(separatedBy: "\n\n").first)
        let ids = toDo.split(separator: "\n").map { String($0.split(separator: "[").last?.dropLast() ?? "") }
        XCTAssertEqual(Array(ids.prefix(4)), ["record_crime", "crime_reference", "crime_type", "coercion"], toDo)
        for later in ["first_contact", "background_checks", "welfare_advice", "cse_screening", "previous_concerns"] {
            XCTAssertTrue(ids.contains(later), "\(later) is carried: \(toDo)")
        }
        XCTAssertLessThan(ids.firstIndex(of: "first_contact")!, ids.firstIndex(of: "background_checks")!, "in the order they happen")
        let r1 = try saved(run)

        // The records listing carries the list.
        let listed = try Binary.run(["records", "--format", "json"], environment: env)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.first?["outstanding"] as? [String], ids)

        // Days later: every fact established; carrying on gives what a straight run gives.
        let rest = try String(contentsOfFile: experimental, encoding: .utf8)
        let followUp = try Binary.temporaryFile("rest.yaml", rest)
        let update = try Binary.run(["update", r1, "--answers", followUp], environment: env)
        XCTAssertEqual(update.status, 0, update.stderr)
        let straight = try Binary.run(["run", "--answers", experimental], environment: env)
        XCTAssertEqual(straight.status, 0, straight.stderr)
        func determination(_ record: String) -> String? {
            record.components(separatedBy: "DETERMINATION\n").dropFirst().first?.components(separatedBy: "\nANSWERS\n").first
        }
        XCTAssertNotNil(determination(update.stdout))
        XCTAssertEqual(determination(update.stdout), determination(straight.stdout))
        XCTAssertTrue(update.stdout.contains("[first_contact] Finish here"), "the change is in the record: \(update.stdout)")
    }

    func testFirstContactIsRefusedWhereItCannotApply() throws {
        let alone = try Binary.run(["run", "--first-contact"], environment: env)
        XCTAssertNotEqual(alone.status, 0)
        XCTAssertTrue(alone.stderr.contains("--first-contact signs from an answers file"), alone.stderr)
        let short = try Binary.temporaryFile("short.yaml", "intro: acknowledged\nimmediate_danger: no\n")
        let stopped = try Binary.run(["run", "--first-contact", "--answers", short], environment: env)
        XCTAssertEqual(stopped.status, 1, stopped.stderr)
        XCTAssertTrue(stopped.stderr.contains("the answers stop at 'self_harm_concern', before the first-contact question"), stopped.stderr)
        let past = try Binary.run(["run", "--first-contact", "--answers", experimental], environment: env)
        XCTAssertEqual(past.status, 1, past.stderr)
        XCTAssertTrue(past.stderr.contains("experimental.yaml:"), "said where: \(past.stderr)")
    }
}

/// Issue 35, item 6: a teaching scenario is a made-up case, so `intake run` signs it only as training
/// and the force's operational lists never count it.
final class TeachingScenarioTests: XCTestCase {
    func testATeachingScenarioIsSignedAsTrainingAndCountsNowhere() throws {
        let home = try OfficerHome("teaching")
        defer { home.remove() }
        let scenario = Binary.root.appendingPathComponent("flows/scenarios/experimental.yaml").path
        let run = try Binary.run(["run", "--answers", scenario], environment: home.env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("is a teaching scenario, a made-up case: this interview is TRAINING"), run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("INTAKE RECORD [TRAINING]") || run.stdout.split(separator: "\n").first?.contains("TRAINING") == true,
                      String(run.stdout.prefix(200)))
        let awaiting = try Binary.run(["records", "--awaiting-review", "--no-training", "--format", "json"], environment: home.env)
        XCTAssertEqual(awaiting.status, 0, awaiting.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(awaiting.stdout.utf8)) as? [[String: Any]], awaiting.stdout)
        XCTAssertEqual(rows.count, 0, "no operational record awaits review: \(awaiting.stdout)")
        // The same answers without the scenario's title are an operational record.
        let operational = try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: home.env)
        XCTAssertEqual(operational.status, 0, operational.stderr)
        XCTAssertFalse(operational.stdout.split(separator: "\n").first?.contains("TRAINING") ?? true, String(operational.stdout.prefix(200)))
    }
}
