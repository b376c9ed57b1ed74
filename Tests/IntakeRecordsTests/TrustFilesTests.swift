import Foundation
@testable import IntakeRecords
import XCTest

/// A revoked keys file that is named but cannot be read stops the check (issue 33, item 8): a
/// revocation list must never vanish without a word. Tested here, below the command line.
final class TrustFilesTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-trustfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func testANamedRevokedKeysFileThatCannotBeReadIsAnError() throws {
        let signers = root.appendingPathComponent("allowed_signers")
        try "".write(to: signers, atomically: true, encoding: .utf8)
        let missing = root.appendingPathComponent("revoked_keys").path
        XCTAssertThrowsError(try TrustFiles.load(allowedSigners: signers.path, revokedKeys: missing)) { error in
            XCTAssertTrue("\(error)".contains("cannot read the revoked keys file \(missing)"), "\(error)")
        }
        // Named and readable, it is read: a key in it is revoked.
        let key = SigningKey(comment: "k")
        try "\(key.publicKey.openSSH) left the force\n".write(toFile: missing, atomically: true, encoding: .utf8)
        let trust = try TrustFiles.load(allowedSigners: signers.path, revokedKeys: missing)
        XCTAssertEqual(trust.verifier.revoked.entries.count, 1)
        XCTAssertTrue(trust.text.contains("left the force"), "the listing cache is keyed by the revocations too")
        // A broken line in it is an error with its line, never skipped.
        try "\(key.publicKey.openSSH)\nnot a key\n".write(toFile: missing, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrustFiles.load(allowedSigners: signers.path, revokedKeys: missing)) { error in
            XCTAssertTrue("\(error)".contains("\(missing):2"), "\(error)")
        }
    }

    func testAnAllowedSignersFileThatCannotBeReadIsAnError() {
        let missing = root.appendingPathComponent("nothing").path
        XCTAssertThrowsError(try TrustFiles.load(allowedSigners: missing, revokedKeys: nil)) { error in
            XCTAssertTrue("\(error)".contains("cannot read the allowed signers file \(missing)"), "\(error)")
        }
    }
}
