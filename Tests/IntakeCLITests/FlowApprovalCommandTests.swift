import Foundation
import XCTest

/// Issue 31: a force approves its own flow and its Welsh with two commands, stock ssh-keygen verifies
/// the approval, and flows list and flows check say what each file is — shipped, approved, or not.
final class FlowApprovalCommandTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path] }
    var own: URL { home.appendingPathComponent("config/intake/flows") }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-approve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Policy Owner", "--staff-number", "7", "--organisation", "Testshire"],
                                      environment: env).status, 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    /// The trust a force gives its policy owner: their key, for intake-flow only.
    func trustOwner() throws -> String {
        let pub = try String(contentsOf: home.appendingPathComponent("config/intake/id_ed25519.pub"), encoding: .utf8)
        let key = pub.split(separator: " ").prefix(2).joined(separator: " ")
        let line = "7@testshire namespaces=\"intake-flow\" \(key)\n"
        let allowed = home.appendingPathComponent("config/intake/allowed_signers")
        let handle = try FileHandle(forWritingTo: allowed)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.close()
        return try Binary.temporaryFile("flow_signers", line)
    }

    func testAForceApprovesItsFlowAndItsWelshAndOpenSSHAgrees() throws {
        // The weakened-flow attack: coercion taken out of the aggravating rule, same id and version.
        let shipped = try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.yaml"), encoding: .utf8)
        let weakened = shipped.replacingOccurrences(of: "adult_involved == yes or coercion == yes or exploitation == yes", with: "adult_involved == yes or exploitation == yes")
        XCTAssertNotEqual(weakened, shipped)
        let flow = own.appendingPathComponent("initial-response.yaml")
        try weakened.write(to: flow, atomically: true, encoding: .utf8)
        // The force's own Welsh: one wording of its own, so not the shipped bytes.
        let welsh = try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.cy.yaml"), encoding: .utf8)
        try welsh.replacingOccurrences(of: "status: draft", with: "status: draft\n# Reviewed by the force's Welsh speaker.")
            .write(to: own.appendingPathComponent("initial-response.cy.yaml"), atomically: true, encoding: .utf8)
        var list = try Binary.run(["flows", "list"], environment: env)
        XCTAssertTrue(list.stdout.contains("initial-response  3.2.2"), list.stdout)
        XCTAssertTrue(list.stdout.contains("    policy: NOT APPROVED: not the file intake ships and no initial-response.yaml.sig beside it"), list.stdout)
        XCTAssertTrue(list.stdout.contains("    policy (cy): NOT APPROVED"), list.stdout)
        XCTAssertTrue(list.stdout.contains("school-incident  3.0.1"), list.stdout)

        let signers = try trustOwner()
        for file in [flow.path, own.appendingPathComponent("initial-response.cy.yaml").path] {
            let approved = try Binary.run(["flows", "approve", file], environment: env)
            XCTAssertEqual(approved.status, 0, approved.stderr)
            XCTAssertTrue(approved.stdout.contains("Here it is now approved by 7@testshire"), approved.stdout)
            // Stock ssh-keygen checks the same signature over the same bytes.
            let openssh = try Binary.runTool("/bin/sh", ["-c", "ssh-keygen -Y verify -f '\(signers)' -I 7@testshire -n intake-flow -s '\(file).sig' < '\(file)' 2>&1"])
            XCTAssertTrue(openssh.contains("Good \"intake-flow\" signature for 7@testshire"), openssh)
        }
        list = try Binary.run(["flows", "list"], environment: env)
        XCTAssertTrue(list.stdout.contains("    policy: approved by 7@testshire (SHA256:"), list.stdout)
        XCTAssertTrue(list.stdout.contains("    policy (cy): approved by 7@testshire"), list.stdout)

        // The approved force flow and Welsh run as an operational interview, and the record says whose
        // policy asked it; the Welsh, approved by signature, is no longer a draft.
        let run = try Binary.run(["run", "--lang", "cy", "--answers", Binary.root.appendingPathComponent("flows/scenarios/experimental.yaml").path],
                                 environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\nFlow policy: approved by 7@testshire (SHA256:"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\nTranslation policy: approved by 7@testshire"), run.stdout)
        XCTAssertFalse(run.stdout.contains("\nDraft: "), "a translation approved by signature is not a draft: \(run.stdout.prefix(600))")

        // Changed after approval: no longer approved, and check says so.
        try (weakened + "\n").write(to: flow, atomically: true, encoding: .utf8)
        let check = try Binary.run(["flows", "check", "--load-only", flow.path], environment: env)
        XCTAssertTrue(check.stdout.contains("policy: NOT APPROVED: the file has changed since"), check.stdout)
    }

    func testAKeyTrustedOnlyForRecordsApprovesNothingAndABrokenFlowIsNotSigned() throws {
        let copy = own.appendingPathComponent("supervisor-review.yaml")
        try String(contentsOf: Binary.root.appendingPathComponent("flows/supervisor-review.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "label: I agree with it", with: "label: I disagree with it!")
            .write(to: copy, atomically: true, encoding: .utf8)
        let signed = try Binary.run(["flows", "approve", copy.path], environment: env)
        XCTAssertEqual(signed.status, 0, signed.stderr)
        XCTAssertTrue(signed.stdout.contains("It is not approved here yet: allowed_signers must trust your key for intake-flow"), signed.stdout)
        let list = try Binary.run(["flows", "list"], environment: env)
        XCTAssertTrue(list.stdout.contains("a key allowed_signers does not trust to approve flows"), list.stdout)

        let broken = own.appendingPathComponent("broken.yaml")
        try "id: broken\n".write(to: broken, atomically: true, encoding: .utf8)
        let refused = try Binary.run(["flows", "approve", broken.path], environment: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("is not approved: it does not load"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: broken.path + ".sig"))
    }
}
