import Foundation
import XCTest

/// Issue 31: only the force's approved policy asks an operational interview's questions, a review is
/// countersigned and a letter made only on it, and every record says which policy asked it. The
/// attacks are tried from every place a flow can come from.
final class PolicyGateTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                 "XDG_CACHE_HOME": home.appendingPathComponent("cache").path] }
    var scenarios: URL { Binary.root.appendingPathComponent("flows/scenarios") }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC First", "--collar", "1", "--organisation", "Testshire"], environment: env).status, 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func saved(_ result: Binary.Result) throws -> String {
        let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
        return String(line.dropFirst("Signed record saved: ".count))
    }

    /// The weakened flow: coercion taken out of the aggravating rule, same id and version, and the
    /// invariant that would have caught it deleted.
    func weakened() throws -> String {
        let text = try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.yaml"), encoding: .utf8)
        let out = text.replacingOccurrences(of: "adult_involved == yes or coercion == yes or exploitation == yes", with: "adult_involved == yes or exploitation == yes")
        XCTAssertNotEqual(out, text)
        return out
    }

    func testTheWeakenedFlowIsRefusedFromEveryPlaceAndRunsOnlyAsTraining() throws {
        let places: [(name: String, folder: URL, env: (URL) -> [String: String])] = [
            ("INTAKE_FLOWS", home.appendingPathComponent("intake-flows"), { ["INTAKE_FLOWS": $0.path] }),
            ("your own", home.appendingPathComponent("config/intake/flows"), { _ in [:] }),
            // The force's place (as /etc/intake/flows, which a test does not write).
            ("XDG_CONFIG_DIRS", home.appendingPathComponent("xdg-config/intake/flows"),
             { ["XDG_CONFIG_DIRS": $0.deletingLastPathComponent().deletingLastPathComponent().path] }),
            ("XDG_DATA_DIRS", home.appendingPathComponent("xdg-data/intake/flows"),
             { ["XDG_DATA_DIRS": $0.deletingLastPathComponent().deletingLastPathComponent().path] }),
        ]
        let coercion = Binary.operational("coercion")
        for place in places {
            try FileManager.default.createDirectory(at: place.folder, withIntermediateDirectories: true)
            let file = place.folder.appendingPathComponent("initial-response.yaml")
            try weakened().write(to: file, atomically: true, encoding: .utf8)
            var placeEnv = env
            for (k, v) in place.env(place.folder) { placeEnv[k] = v }
            let listed = try Binary.run(["flows", "list"], environment: placeEnv)
            // The shipped flows are found before XDG_DATA_DIRS: there only --flow FILE reaches the file.
            if place.name != "XDG_DATA_DIRS" {
                XCTAssertTrue(listed.stdout.contains("from \(file.path)"), "\(place.name): \(listed.stdout)")
                let refused = try Binary.run(["run", "--answers", coercion], environment: placeEnv)
                XCTAssertEqual(refused.status, 1, "\(place.name): \(refused.stderr)")
                XCTAssertTrue(refused.stderr.contains("initial-response cannot run as an operational interview: its flow is not the force's approved policy"),
                              "\(place.name): \(refused.stderr)")
                XCTAssertFalse(refused.stderr.contains("Signed record saved"), place.name)
            }
            // Named outright with --flow, the same.
            let named = try Binary.run(["run", "--flow", file.path, "--answers", coercion], environment: placeEnv)
            XCTAssertEqual(named.status, 1, "\(place.name) --flow: \(named.stderr)")
            // As training it runs, says so, and the record carries NOT APPROVED.
            let training = try Binary.run(["run", "--flow", file.path, "--answers", coercion, "--training"], environment: placeEnv)
            XCTAssertEqual(training.status, 0, training.stderr)
            XCTAssertTrue(training.stderr.contains("warning: training on a flow that is not approved policy"), training.stderr)
            XCTAssertTrue(training.stdout.contains("\nFlow policy: NOT APPROVED: "), training.stdout)
            try FileManager.default.removeItem(at: file)
        }
    }

    func testTheSwappedLabelReviewFlowIsRefusedAndItsWelshToo() throws {
        let record = try saved(try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: env))
        XCTAssertTrue(try String(contentsOfFile: record, encoding: .utf8).contains("\nFlow policy: shipped with intake "))
        let supervisor = home.appendingPathComponent("supervisor_key").path
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire", "--key", supervisor],
                                      environment: env).status, 0)
        let own = home.appendingPathComponent("config/intake/flows")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let english = try String(contentsOf: Binary.root.appendingPathComponent("flows/supervisor-review.yaml"), encoding: .utf8)
        let welsh = try String(contentsOf: Binary.root.appendingPathComponent("flows/supervisor-review.cy.yaml"), encoding: .utf8)
        let agree = scenarios.appendingPathComponent("review-agree.yaml").path
        // The English labels swapped, from each place a flow is found before the shipped ones.
        let swapped = english.replacingOccurrences(of: "label: I agree with it", with: "label: SWAP")
            .replacingOccurrences(of: "label: I disagree with it", with: "label: I agree with it").replacingOccurrences(of: "label: SWAP", with: "label: I disagree with it")
        let places: [(folder: URL, env: [String: String])] = [
            (home.appendingPathComponent("intake-flows"), ["INTAKE_FLOWS": home.appendingPathComponent("intake-flows").path]),
            (home.appendingPathComponent("xdg-config/intake/flows"), ["XDG_CONFIG_DIRS": home.appendingPathComponent("xdg-config").path]),
            (own, [:]),
        ]
        var review: Binary.Result
        for place in places {
            try FileManager.default.createDirectory(at: place.folder, withIntermediateDirectories: true)
            let file = place.folder.appendingPathComponent("supervisor-review.yaml")
            try swapped.write(to: file, atomically: true, encoding: .utf8)
            review = try Binary.run(["review", record, "--key", supervisor, "--answers", agree], environment: env.merging(place.env) { $1 })
            XCTAssertEqual(review.status, 1, "\(place.folder.path): \(review.stderr)")
            XCTAssertTrue(review.stderr.contains("supervisor-review cannot run as an operational interview: its flow is not the force's approved policy"), review.stderr)
            if place.folder != own { try FileManager.default.removeItem(at: file) }
        }
        // Only the Welsh swapped: the English is the shipped one; a review in Welsh is refused, in English it runs.
        try english.write(to: own.appendingPathComponent("supervisor-review.yaml"), atomically: true, encoding: .utf8)
        try welsh.replacingOccurrences(of: "Rwy'n cytuno", with: "Rwy'n anghytuno").write(to: own.appendingPathComponent("supervisor-review.cy.yaml"), atomically: true, encoding: .utf8)
        review = try Binary.run(["review", record, "--key", supervisor, "--answers", agree, "--lang", "cy"], environment: env)
        XCTAssertEqual(review.status, 1, review.stderr)
        XCTAssertTrue(review.stderr.contains("its Cymraeg translation is not approved"), review.stderr)
        review = try Binary.run(["review", record, "--key", supervisor, "--answers", agree], environment: env)
        XCTAssertEqual(review.status, 0, review.stderr)
        XCTAssertTrue(review.stdout.contains("\nReview flow: supervisor-review version 2.0.1 (SHA-256 "), review.stdout)
        XCTAssertTrue(review.stdout.contains("\nReview flow policy: shipped with intake "), review.stdout)
    }

    /// A record whose policy line says NOT APPROVED (made here by re-signing with stock ssh-keygen, as
    /// an officer could): verify --operational exits 8, review refuses it, records --unapproved lists it.
    func testARecordNotOnApprovedPolicyIsFlaggedAndNeverCountersigned() throws {
        let record = try saved(try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: env))
        let signed = try String(contentsOfFile: record, encoding: .utf8)
        let body = String(signed[..<signed.range(of: "-----BEGIN SSH SIGNATURE-----")!.lowerBound])
        let forged = body.replacingOccurrences(of: "\nFlow policy: shipped with intake ", with: "\nFlow policy: NOT APPROVED: a copy of intake ")
        XCTAssertNotEqual(forged, body)
        let text = home.appendingPathComponent("forged.txt")
        try forged.write(to: text, atomically: true, encoding: .utf8)
        _ = try Binary.runTool("/usr/bin/ssh-keygen", ["-q", "-Y", "sign", "-f", home.appendingPathComponent("config/intake/id_ed25519").path,
                                                       "-n", "intake-record", text.path])
        let records = home.appendingPathComponent("data/intake/records")
        let out = records.appendingPathComponent(URL(fileURLWithPath: record).lastPathComponent)
        try (forged + (try String(contentsOfFile: text.path + ".sig", encoding: .utf8))).write(to: out, atomically: true, encoding: .utf8)

        let plain = try Binary.run(["verify", out.path], environment: env)
        XCTAssertEqual(plain.status, 0, plain.stdout + plain.stderr)
        XCTAssertTrue(plain.stdout.contains("not on approved policy: its flow policy says NOT APPROVED"), plain.stdout)
        let operational = try Binary.run(["verify", "--operational", out.path], environment: env)
        XCTAssertEqual(operational.status, 8, operational.stdout)
        let supervisor = home.appendingPathComponent("supervisor_key").path
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire", "--key", supervisor],
                                      environment: env).status, 0)
        let review = try Binary.run(["review", out.path, "--key", supervisor, "--answers", scenarios.appendingPathComponent("review-agree.yaml").path],
                                    environment: env)
        XCTAssertEqual(review.status, 1, review.stderr)
        XCTAssertTrue(review.stderr.contains("this record cannot be countersigned: its flow policy says NOT APPROVED"), review.stderr)
        let listed = try Binary.run(["records", "--unapproved", "--format", "json"], environment: env)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], listed.stdout)
        XCTAssertEqual(rows.count, 1, listed.stdout)
        XCTAssertTrue((rows.first?["policy"] as? String)?.hasPrefix("NOT APPROVED: a copy of intake") ?? false, listed.stdout)
        let approved = try Binary.run(["records", "--format", "json"], environment: env)
        XCTAssertTrue(approved.stdout.contains("NOT APPROVED"), "listed whatever the filter, and said")
    }
}
