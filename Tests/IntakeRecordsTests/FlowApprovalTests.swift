import Foundation
import XCTest
@testable import IntakeRecords

/// Issue 31: a flow or translation is policy only when intake ships its exact bytes, or a key trusted
/// for intake-flow signed them; every other case says why, in words that say what to do.
final class FlowApprovalTests: XCTestCase {
    let owner = SigningKey(comment: "policy@testshire")
    let officer = SigningKey(comment: "4471@testshire")
    let flow = Data("id: weakened\ntitle: A copy\nversion: 3.0.0\n".utf8)
    var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    func approval(_ lines: [String], revoked: RevokedKeys = RevokedKeys()) -> FlowApproval {
        FlowApproval(allowed: AllowedSigner.parse(lines.joined(separator: "\n")), revoked: revoked, shipped: ShippedFlows.sha256)
    }

    var ownerLine: String { "policy@testshire namespaces=\"intake-flow\" \(owner.publicKey.openSSH)" }

    func testASignatureByAKeyTrustedForFlowsApprovesTheExactBytes() throws {
        let signature = try FlowApproval.approve(flow, key: owner)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(approval([ownerLine]).provenance(of: flow, path: "weakened.yaml", signature: signature, signedAt: at),
                       .approved(principal: "policy@testshire", fingerprint: owner.publicKey.fingerprint, on: at))
        // One byte more and it is not.
        let changed = approval([ownerLine]).provenance(of: flow + Data(" ".utf8), path: "weakened.yaml", signature: signature)
        XCTAssertFalse(changed.isApproved)
        XCTAssertTrue(changed.words.contains("the file has changed since"), changed.words)
    }

    func testEveryOtherSignatureIsRefusedSayingWhy() throws {
        func words(_ p: FlowProvenance) -> String { XCTAssertFalse(p.isApproved, p.words); return p.words }
        let trusted = approval([ownerLine])
        XCTAssertTrue(words(trusted.provenance(of: flow, path: "f.yaml", signature: nil)).contains("no f.yaml.sig beside it"))
        XCTAssertTrue(words(trusted.provenance(of: flow, path: "f.yaml", signature: "not a signature")).contains("not a signature intake can read"))
        // A record's signature is not an approval, even by the owner's key.
        let record = try SSHSignature.sign(flow, namespace: Namespace.record, key: owner).armored
        XCTAssertTrue(words(trusted.provenance(of: flow, path: "f.yaml", signature: record)).contains("a signature for 'intake-record'"))
        // An officer's key, trusted for records (as keys init writes it), approves nothing.
        let officerLine = "4471@testshire namespaces=\"\(Namespace.all.joined(separator: ","))\" \(officer.publicKey.openSSH)"
        let byOfficer = try FlowApproval.approve(flow, key: officer)
        XCTAssertTrue(words(approval([ownerLine, officerLine]).provenance(of: flow, path: "f.yaml", signature: byOfficer))
            .contains("does not trust to approve flows"))
        // A line without namespaces trusts no approval either.
        XCTAssertFalse(approval(["policy@testshire \(owner.publicKey.openSSH)"]).provenance(
            of: flow, path: "f.yaml", signature: try FlowApproval.approve(flow, key: owner)).isApproved)
        // A revoked key.
        let revoked = RevokedKeys(entries: [.init(key: owner.publicKey, from: nil, comment: "left the force")])
        XCTAssertTrue(words(approval([ownerLine], revoked: revoked).provenance(of: flow, path: "f.yaml",
                                                                              signature: try FlowApproval.approve(flow, key: owner))).contains("revoked"))
    }

    /// What a record says of its policy decides whether it may be countersigned or given a letter.
    func testARecordsPolicyLinesDecideWhetherItIsOnApprovedPolicy() {
        let shipped = "Flow: initial-response version 3.0.0 (SHA-256 x)\nFlow policy: shipped with intake 0.14.0\n"
        XCTAssertNil(RecordPolicy.problem(in: shipped, flowSHA256: "x"))
        XCTAssertEqual(RecordPolicy.problem(in: "Flow policy: NOT APPROVED: no sig\n", flowSHA256: nil), "its flow policy says NOT APPROVED: no sig")
        XCTAssertEqual(RecordPolicy.problem(in: shipped + "Translation policy: NOT APPROVED: changed\n", flowSHA256: "x"),
                       "its translation policy says NOT APPROVED: changed")
        let review = RecordPolicy.reviewLines(flow: "supervisor-review", version: "2.0.0", sha256: "y", policy: "NOT APPROVED: swapped", translation: nil)
        XCTAssertEqual(review.first, "Review flow: supervisor-review version 2.0.0 (SHA-256 y)")
        XCTAssertEqual(RecordPolicy.problem(in: shipped + review.joined(separator: "\n"), flowSHA256: "x"), "its review flow policy says NOT APPROVED: swapped")
        // A record from before intake wrote policy lines: judged by its flow's hash.
        let old = try? String(contentsOf: root.appendingPathComponent("Tests/IntakeCLITests/OldFlows/initial-response-2.3.0.yaml"), encoding: .utf8)
        let oldSHA = FlowApproval.sha256(Data((old ?? "").utf8))
        XCTAssertNil(RecordPolicy.problem(in: "Flow: initial-response version 2.3.0\n", flowSHA256: oldSHA), "0.13.0 shipped it")
        XCTAssertEqual(approval([]).provenance(of: Data((old ?? "").utf8), path: "initial-response.yaml", signature: nil), .shipped(intake: "0.13.0"))
        XCTAssertNotNil(RecordPolicy.problem(in: "Flow: initial-response version 2.3.0\n", flowSHA256: String(repeating: "0", count: 64)))
    }

    /// The binary knows the bytes it ships: the bundled files are shipped, a changed copy with the
    /// same id and version is not.
    func testShippedFilesAreKnownByHashAndTheListIsCurrent() throws {
        let folder = root.appendingPathComponent("flows")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let current = ShippedFlows.sha256.values.filter { $0.release == IntakeRelease.version }.map(\.file)
        XCTAssertEqual(current.sorted(), files, "run scripts/shipped-flows after changing flows/")
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let entry = ShippedFlows.sha256[FlowApproval.sha256(data)]
            XCTAssertEqual(entry?.file, name, "\(name) changed since scripts/shipped-flows ran")
            XCTAssertEqual(entry?.release, IntakeRelease.version, name)
            XCTAssertEqual(approval([]).provenance(of: data, path: name, signature: nil), .shipped(intake: IntakeRelease.version))
            XCTAssertFalse(approval([]).provenance(of: data + Data("\n".utf8), path: name, signature: nil).isApproved, name)
        }
    }
}
