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

    /// The binary knows the bytes it ships: the bundled files are shipped, a changed copy with the
    /// same id and version is not.
    func testShippedFilesAreKnownByHashAndTheListIsCurrent() throws {
        let folder = root.appendingPathComponent("flows")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(Set(ShippedFlows.sha256.values), Set(files), "run scripts/shipped-flows after changing flows/")
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            XCTAssertEqual(ShippedFlows.sha256[FlowApproval.sha256(data)], name, "\(name) changed since scripts/shipped-flows ran")
            XCTAssertEqual(approval([]).provenance(of: data, path: name, signature: nil), .shipped(intake: IntakeRelease.version))
            XCTAssertFalse(approval([]).provenance(of: data + Data("\n".utf8), path: name, signature: nil).isApproved, name)
        }
    }
}
