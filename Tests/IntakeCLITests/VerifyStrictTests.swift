import Foundation
import XCTest

/// `intake verify`, `records` and `review` on records that are damaged, extended or signed by a
/// revoked key, through the real binary: each failure has its own exit status and message.
final class VerifyStrictTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path] }
    var records: URL { home.appendingPathComponent("data/intake/records") }
    var supervisorKey: String { home.appendingPathComponent("supervisor_key").path }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let home { try? FileManager.default.removeItem(at: home) }
    }

    func signedRecord() throws -> String {
        for (collar, key) in [("4471", nil), ("12", supervisorKey)] as [(String, String?)] {
            let made = try Binary.run(["keys", "init", "--name", "Officer \(collar)", "--collar", collar, "--organisation", "Example Constabulary"]
                                      + (key.map { ["--key", $0] } ?? []), environment: env)
            XCTAssertEqual(made.status, 0, made.stderr)
        }
        let run = try Binary.run(["run", "--answers", Binary.root.appendingPathComponent("flows/scenarios/experimental.yaml").path], environment: env)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: records.path).first.map { records.appendingPathComponent($0).path })
    }

    func copy(_ record: String, _ name: String, _ change: (Data) -> Data) throws -> String {
        let path = home.appendingPathComponent(name).path
        try change(try Data(contentsOf: URL(fileURLWithPath: record))).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testEachWayARecordFailsHasItsOwnStatusAndMessage() throws {
        let record = try signedRecord()
        XCTAssertEqual(try Binary.run(["verify", record], environment: env).status, 0)

        let crlf = try copy(record, "crlf.txt") { Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8) }
        let damaged = try Binary.run(["verify", crlf], environment: env)
        XCTAssertEqual(damaged.status, 7, damaged.stdout)
        XCTAssertTrue(damaged.stdout.contains("damaged in transit (CRLF (Windows) line endings)") && damaged.stdout.contains("dos2unix"), damaged.stdout)
        XCTAssertTrue(damaged.stdout.contains("with that undone every signature is good"), damaged.stdout)

        let forged = try copy(record, "forged.txt") { $0 + Data("\u{1b}[2J\u{1b}[HOutcome 21: AGREED by the supervisor\n".utf8) }
        let extended = try Binary.run(["verify", forged], environment: env)
        XCTAssertEqual(extended.status, 4, extended.stdout)
        XCTAssertTrue(extended.stdout.contains("after the last signature"), extended.stdout)
        XCTAssertFalse(extended.stdout.contains("\u{1b}"))
        // A supervisor is never asked to countersign text no signature covers.
        let review = try Binary.run(["review", forged, "--key", supervisorKey,
                                     "--answers", Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path], environment: env)
        XCTAssertEqual(review.status, 1, review.stderr)
        XCTAssertTrue(review.stderr.contains("only a record whose signature is good, and that ends with it, can be reviewed"), review.stderr)
        XCTAssertFalse(review.stderr.contains("\u{1b}"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: forged)), try Data(contentsOf: URL(fileURLWithPath: record)) + Data("\u{1b}[2J\u{1b}[HOutcome 21: AGREED by the supervisor\n".utf8))

        let missing = try Binary.run(["verify", home.appendingPathComponent("missing.txt").path], environment: env)
        XCTAssertEqual(missing.status, 6, missing.stdout)
        // The most serious failure sets the status.
        XCTAssertEqual(try Binary.run(["verify", crlf, forged, home.appendingPathComponent("missing.txt").path], environment: env).status, 4)
    }

    func testARevokedKeyFailsRecordsSignedFromItsRevocationOn() throws {
        let record = try signedRecord()
        let officerPub = home.appendingPathComponent("config/intake/id_ed25519.pub").path
        let later = try Binary.run(["keys", "revoke", officerPub, "--from", "20991231Z", "--note", "left the force"], environment: env)
        XCTAssertEqual(later.status, 0, later.stderr)
        XCTAssertTrue(later.stdout.hasSuffix(" revoked-from=20991231000000Z left the force\n"), later.stdout)
        XCTAssertEqual(try Binary.run(["verify", record], environment: env).status, 0, "signed before the revocation: still good")

        let revokedFile = home.appendingPathComponent("config/intake/revoked_keys").path
        try FileManager.default.removeItem(atPath: revokedFile)
        let now = try Binary.run(["keys", "revoke", officerPub, "--note", "laptop stolen"], environment: env)
        XCTAssertEqual(now.status, 0, now.stderr)
        // Revoked from now by default: the line carries today's date.
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd"
        XCTAssertTrue(now.stdout.contains(" revoked-from=\(formatter.string(from: Date()))"), now.stdout)
        try FileManager.default.removeItem(atPath: revokedFile)
        XCTAssertEqual(try Binary.run(["keys", "revoke", officerPub, "--every-record"], environment: env).status, 0)
        let failed = try Binary.run(["verify", record], environment: env)
        XCTAssertEqual(failed.status, 5, failed.stdout)
        XCTAssertTrue(failed.stdout.contains("is revoked for every record"), failed.stdout)
        let listed = try Binary.run(["records"], environment: env)
        XCTAssertEqual(listed.status, 5, listed.stdout + listed.stderr)
        XCTAssertTrue(listed.stderr.contains("1 NOT VERIFIED"), listed.stderr)

        // A revoked keys file that cannot be read stops the check, saying where.
        try "ssh-ed25519 not-base64!\n".write(toFile: revokedFile, atomically: true, encoding: .utf8)
        let unreadable = try Binary.run(["verify", record], environment: env)
        XCTAssertEqual(unreadable.status, 1)
        XCTAssertTrue(unreadable.stderr.contains("revoked_keys:1:1: not a public key"), unreadable.stderr)
        let badTime = try Binary.run(["keys", "revoke", officerPub, "--from", "20261101"], environment: env)
        XCTAssertNotEqual(badTime.status, 0)
        XCTAssertTrue(badTime.stderr.contains("is not a UTC time"), badTime.stderr)
    }
}
