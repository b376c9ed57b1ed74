import Foundation
import IntakeCore
import XCTest
@testable import IntakeRecords

/// allowed_signers and revoked keys read as OpenSSH reads them, and record text shown safely.
final class AllowedSignerTests: XCTestCase {
    let key = SigningKey(comment: "k").publicKey

    func testOptionsAreReadAsSSHKeygenReadsThem() throws {
        let line = "4471@example,12@*  cert-authority,NAMESPACES=\"intake-record,intake-re*\",valid-after=\"20260101Z\",valid-before=\"20270101Z\" \(key.openSSH) comment"
        let entry = try XCTUnwrap(AllowedSigner.entry(line))
        XCTAssertEqual(entry.principals, ["4471@example", "12@*"])
        XCTAssertTrue(entry.certificateAuthority)
        XCTAssertEqual(entry.namespaces, ["intake-record", "intake-re*"])
        XCTAssertEqual(entry.validAfter, AllowedSigner.time("20260101000000Z"))
        XCTAssertEqual(AllowedSigner.entry(entry.line), entry, "a line intake writes reads back the same")
        // Lines ssh-keygen refuses trust nothing.
        for bad in ["p unknown-option \(key.openSSH)", "p namespaces=\"a\",namespaces=\"b\" \(key.openSSH)",
                    "p valid-after=\"20270101Z\",valid-before=\"20260101Z\" \(key.openSSH)", "p valid-before=\"2026\" \(key.openSSH)",
                    "p namespaces=\"a\", \(key.openSSH)", "p namespaces=\"unclosed \(key.openSSH)", "p",
                    "p ssh-ed25519 AAAA", "p ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"] {
            XCTAssertNil(AllowedSigner.entry(bad), bad)
        }
        XCTAssertNotNil(AllowedSigner.entry("p namespaces=\"a b\" \(key.openSSH)"), "a quoted value may hold a space")
    }

    func testPatternListsMatchAsOpenSSHs() {
        XCTAssertTrue(Pattern.matchesList("4471@example", ["*@example"]))
        XCTAssertTrue(Pattern.matchesList("4471@example", ["12@example", "44?1@ex*"]))
        XCTAssertFalse(Pattern.matchesList("4471@example", ["*@example", "!4471@*"]))
        XCTAssertFalse(Pattern.matchesList("4471@example", ["!12@example"]), "a negation alone matches nothing")
        XCTAssertFalse(Pattern.matchesList("4471@example.org", ["*@example"]))
        XCTAssertTrue(Pattern.matchesList("", ["*"]))
        // Many stars cannot make matching slow or deep.
        XCTAssertFalse(Pattern.matches(Array(String(repeating: "a", count: 5000).utf8)[...], Array((String(repeating: "*a", count: 2000) + "b").utf8)[...]))
    }

    func testTimesAreOpenSSHsAbsoluteTimes() {
        XCTAssertEqual(AllowedSigner.time("20270115080000Z"), Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertEqual(AllowedSigner.time("202701150800UTC"), Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertEqual(AllowedSigner.time("20270115", timeZone: Zone.named("Europe/London")!), AllowedSigner.time("20270115Z"))
        for bad in ["2027011", "20270230Z", "20271301Z", "2027011508Z", "2027-01-15", "Z", "２０２７０１１５"] {
            XCTAssertNil(AllowedSigner.time(bad), bad)
        }
        XCTAssertEqual(AllowedSigner.timeText(Date(timeIntervalSince1970: 1_800_000_000)), "20270115080000Z")
    }

    func testRevokedKeysAreOneKeyALineAndABadLineIsAnError() throws {
        var rsa = SSHWriter()
        rsa.string("ssh-rsa")
        rsa.string(Data([1, 0, 1]))
        let list = try RevokedKeys(parsing: "# leavers\n\n  \(key.openSSH) revoked-from=20270101Z left\nssh-rsa \(rsa.data.base64EncodedString()) rsa keys never sign records\n")
        XCTAssertEqual(list.entries.count, 1)
        XCTAssertEqual(list.entries[0].comment, "revoked-from=20270101Z left")
        XCTAssertNil(list.revocation(of: key, at: AllowedSigner.time("20261231Z")))
        XCTAssertNotNil(list.revocation(of: key, at: AllowedSigner.time("20270101Z")))
        XCTAssertNotNil(list.revocation(of: key, at: nil), "with no time stated, the revocation applies")
        XCTAssertThrowsError(try RevokedKeys(parsing: "\(key.openSSH)\n   ssh-ed25519 AAAA!\n")) { error in
            XCTAssertEqual((error as? RevokedKeys.LineError)?.line, 2)
            XCTAssertEqual((error as? RevokedKeys.LineError)?.column, 4)
        }
        XCTAssertThrowsError(try RevokedKeys(parsing: "\(key.openSSH) revoked-from=20270101\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("1:"), "\(error)")
            XCTAssertTrue("\(error)".contains("not a UTC time"), "\(error)")
        }
    }

    func testRecordTextIsShownNeverObeyed() {
        let crafted = Data("ok\n\u{1b}]52;c;ZXZpbA==\u{07} \u{202e}evil\u{200b} \u{9b}2J café\r\n".utf8) + Data([0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0x0A])
        let shown = Visible.text(crafted)
        XCTAssertEqual(shown, "ok\n\\x1b]52;c;ZXZpbA==\\x07 \\u{202e}evil\\u{200b} \\u{9b}2J café\\x0d\n\\xff\\xc3(\\xed\\xa0\\x80\n")
        XCTAssertEqual(Visible.line("a\nb\u{1b}"), "a\\nb\\x1b")
        XCTAssertEqual(Visible.line("plain"), "plain")
    }

    func testKeysTrustNeverOffersAPatternAsAPrincipal() throws {
        let signer = SigningKey(comment: "k")
        func offers(_ principal: String) throws -> Int {
            let body = "Record: T-1\nOfficer: Someone\nSigning key: \(principal) \(signer.publicKey.fingerprint)\n\nBody.\n"
            return Trust.candidates(Data(try SignedRecord.sign(body, namespace: Namespace.record, key: signer).utf8), allowed: []).count
        }
        XCTAssertEqual(try offers("4471@example-constabulary"), 1)
        for pattern in ["*", "*@example", "4471@example,12@example", "!1@x", "44?1@example", "4471"] {
            XCTAssertEqual(try offers(pattern), 0, pattern)
        }
    }

    func testTrustListsAreReplacedWholeSoAFaultLeavesTheOldList() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-lists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("allowed_signers")
        try "first line\n".write(to: list, atomically: false, encoding: .utf8)
        chmod(list.path, 0o640)
        let failing = FileOps(write: FileOps.system.write, fsync: { _ in errno = EIO; return -1 }, ftruncate: FileOps.system.ftruncate)
        XCTAssertThrowsError(try KeyRing.append("second line", to: list, ops: failing))
        XCTAssertEqual(try String(contentsOf: list, encoding: .utf8), "first line\n", "a failed flush leaves the old list whole")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["allowed_signers"], "no temporary file is left")
        try KeyRing.append("second line", to: list)
        XCTAssertEqual(try String(contentsOf: list, encoding: .utf8), "first line\nsecond line\n")
        var info = stat()
        XCTAssertEqual(stat(list.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o640, "a shared list keeps its mode")
        let fresh = folder.appendingPathComponent("revoked_keys")
        try KeyRing.append("a key", to: fresh)
        XCTAssertEqual(stat(fresh.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o644)
    }
}
