import Foundation
import XCTest
@testable import IntakeRecords

/// Our keys and signatures against stock OpenSSH, both ways.
final class OpenSSHInteropTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), ".ci/run installs openssh-client")
        }
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "ssh-keygen not installed")
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-ssh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    @discardableResult
    func sshKeygen(_ arguments: [String], stdin: Data = Data()) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        let input = dir.appendingPathComponent("stdin-\(UUID().uuidString)")
        try stdin.write(to: input)
        let out = dir.appendingPathComponent("out-\(UUID().uuidString)"), err = dir.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    func write(_ text: String, _ name: String, mode: Int = 0o600) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode_t(mode))
        return path
    }

    func testSSHKeygenReadsOurKeyAndVerifiesOurSignature() throws {
        let key = SigningKey(comment: "4471@example")
        let keyPath = try write(key.openSSHPrivateKey(), "id_ed25519")
        let derived = try sshKeygen(["-y", "-f", keyPath])
        XCTAssertEqual(derived.status, 0, derived.err)
        XCTAssertEqual(derived.out.split(separator: " ").prefix(2).joined(separator: " "), key.publicKey.openSSH)
        let fingerprint = try sshKeygen(["-l", "-f", keyPath])
        XCTAssertTrue(fingerprint.out.contains(key.publicKey.fingerprint), fingerprint.out)

        let message = Data("Body of a record.\nZoë — Ελένη\n".utf8)
        let signature = try SSHSignature.sign(message, namespace: "intake-record", key: key)
        let sigPath = try write(signature.armored, "body.sig")
        let allowed = try write(AllowedSigner(principals: ["4471@example"], namespaces: ["intake-record"], key: key.publicKey).line + "\n", "allowed")
        let ok = try sshKeygen(["-Y", "verify", "-f", allowed, "-I", "4471@example", "-n", "intake-record", "-s", sigPath], stdin: message)
        XCTAssertEqual(ok.status, 0, ok.err + ok.out)
        let wrongNamespace = try sshKeygen(["-Y", "verify", "-f", allowed, "-I", "4471@example", "-n", "intake-review", "-s", sigPath], stdin: message)
        XCTAssertNotEqual(wrongNamespace.status, 0)
        let tampered = try sshKeygen(["-Y", "verify", "-f", allowed, "-I", "4471@example", "-n", "intake-record", "-s", sigPath],
                                     stdin: message + Data("x".utf8))
        XCTAssertNotEqual(tampered.status, 0)
    }

    func testWeReadSSHKeygenKeysAndVerifyItsSignatures() throws {
        let keyPath = dir.appendingPathComponent("theirs").path
        XCTAssertEqual(try sshKeygen(["-q", "-t", "ed25519", "-N", "", "-C", "sup@example", "-f", keyPath]).status, 0)
        let key = try SigningKey.load(path: keyPath)
        XCTAssertEqual(key.comment, "sup@example")
        let pub = try String(contentsOfFile: keyPath + ".pub", encoding: .utf8)
        XCTAssertTrue(pub.hasPrefix(key.publicKey.openSSH), pub)

        let messagePath = try write("A reviewed record.\n", "msg")
        let signed = try sshKeygen(["-Y", "sign", "-f", keyPath, "-n", "intake-review", messagePath])
        XCTAssertEqual(signed.status, 0, signed.err)
        let sigText = try String(contentsOfFile: messagePath + ".sig", encoding: .utf8)
        let signature = try SSHSignature(armored: sigText)
        XCTAssertEqual(signature.namespace, "intake-review")
        XCTAssertEqual(signature.publicKey, key.publicKey)
        XCTAssertTrue(signature.verifies(Data("A reviewed record.\n".utf8)))
        XCTAssertFalse(signature.verifies(Data("A reviewed record!\n".utf8)))
        // Our armor is byte for byte what ssh-keygen writes for the same blob.
        XCTAssertEqual(signature.armored, sigText)
    }

    func testAnEncryptedKeyIsRefusedWithAClearMessage() throws {
        let keyPath = dir.appendingPathComponent("locked").path
        XCTAssertEqual(try sshKeygen(["-q", "-t", "ed25519", "-N", "secret passphrase", "-f", keyPath]).status, 0)
        XCTAssertThrowsError(try SigningKey.load(path: keyPath)) { error in
            XCTAssertEqual(error as? SignatureError, .encryptedKey(keyPath))
        }
    }

    func testAKeyReadableByOthersIsRefused() throws {
        let path = try write(SigningKey(comment: "x").openSSHPrivateKey(), "open_key", mode: 0o644)
        XCTAssertThrowsError(try SigningKey.load(path: path)) { error in
            XCTAssertEqual(error as? SignatureError, .permissions(path: path, mode: "0644"))
            XCTAssertTrue("\(error)".contains("chmod 600"))
        }
    }
}
