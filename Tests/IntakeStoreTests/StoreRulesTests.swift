import Foundation
import IntakeRecords
@testable import IntakeStore
import XCTest

/// The rules the server enforces for the whole force, against a real PostgreSQL: no fork, one review,
/// the same bytes once, roles and row-level security, an append-only audit, retention.
final class StoreRulesTests: XCTestCase {
    nonisolated(unsafe) static var databases = 0

    func pg() throws -> PostgresServer { try PostgresServer.shared() }

    /// A fresh database with the schema and the test's users.
    func store() async throws -> (PostgresServer, String) {
        let server = try pg()
        Self.databases += 1
        return (server, try await server.freshStore("rules_\(Self.databases)_\(getpid())"))
    }

    func connect(_ server: PostgresServer, _ db: String, as user: String) async throws -> StoreConnection {
        try await StoreConnection.open(server.address(db, user: user))
    }

    /// Record bytes as the server reads them: it never checks the signature (readers do), so these
    /// need none to test what the server decides.
    static func crafted(_ id: String, case caseId: String? = nil, supersedes: String? = nil, extra: String = "") -> Data {
        var text = "INTAKE RECORD — Test\nRecord: \(id)\n"
        if let caseId { text += "Case: \(caseId)\n" }
        if let supersedes { text += "Supersedes: \(supersedes) (test 1.0.0), record file SHA-256 00, signed by x\n" }
        return Data((text + "Finished: 2026-01-01\n" + extra).utf8)
    }

    static let proposed = RecordColumns(json: #"{"outcome21": "proposed", "review": "awaiting review", "finished": "2025-01-10T10:00:00Z"}"#)

    func testInitIsIdempotentAndRecordsEachMigration() async throws {
        let (server, db) = try await store()
        let owner = try await connect(server, db, as: "postgres")
        let again = try await owner.migrate()
        XCTAssertEqual(again, [], "a second init applies nothing")
        let applied = try await owner.appliedMigrations()
        XCTAssertEqual(applied, Migrations.all.map(\.version))
        await owner.close()
        XCTAssertEqual(try server.psql("SELECT count(*) FROM intake.migrations", database: db).trimmingCharacters(in: .whitespacesAndNewlines),
                       String(Migrations.all.count))
    }

    func testTheSameBytesTwiceIsANoOpAndOtherBytesUnderAnIdAreRefused() async throws {
        let (server, db) = try await store()
        let officer = try await connect(server, db, as: "officer_a")
        let first = try await officer.push(Self.crafted("IR-1"), columns: Self.proposed)
        XCTAssertEqual(first.status, .stored)
        XCTAssertNil(first.detail)
        let again = try await officer.push(Self.crafted("IR-1"), columns: Self.proposed)
        XCTAssertEqual(again.status, .stored)
        XCTAssertEqual(again.detail, "already stored")
        XCTAssertEqual(again.sha256, first.sha256)
        let other = try await officer.push(Self.crafted("IR-1", extra: "changed\n"), columns: Self.proposed)
        XCTAssertEqual(other.status, .refused)
        XCTAssertEqual(other.sha256, first.sha256, "the refusal names what the store holds")
        let held = try await officer.fetch("IR-1")
        XCTAssertEqual(held?.bytes, Self.crafted("IR-1"), "the stored bytes are unchanged")
        await officer.close()
        // Not a record at all: refused by the server, whatever the client says.
        let bad = try await connect(server, db, as: "officer_a")
        do {
            _ = try await bad.push(Data("no record line\n".utf8), columns: Self.proposed)
            XCTFail("a text without a Record: line was stored")
        } catch {
            XCTAssertTrue("\(error)".contains("no Record: line"), "\(error)")
        }
        await bad.close()
        let audit = try server.psql("SELECT action FROM intake.audit WHERE record_id = 'IR-1' ORDER BY n", database: db)
        XCTAssertEqual(audit.split(separator: "\n"), ["push", "push again", "push refused: other bytes under this id", "fetch"])
    }

    func testTwoFollowUpsOfOneRecordAtOnceExactlyOneWinsEveryTime() async throws {
        let (server, db) = try await store()
        let a = try await connect(server, db, as: "officer_a")
        let b = try await connect(server, db, as: "officer_b")
        for n in 0..<50 {
            _ = try await a.push(Self.crafted("R-\(n)"), columns: Self.proposed)
            async let left = a.push(Self.crafted("F-\(n)-A", case: "R-\(n)", supersedes: "R-\(n)"), columns: Self.proposed)
            async let right = b.push(Self.crafted("F-\(n)-B", case: "R-\(n)", supersedes: "R-\(n)"), columns: Self.proposed)
            let results = try await [left, right]
            let won = results.filter { $0.status == .stored }
            let lost = results.filter { $0.status == .forked }
            XCTAssertEqual(won.count, 1, "try \(n): \(results)")
            XCTAssertEqual(lost.count, 1, "try \(n): \(results)")
            if let winner = won.first, let loser = lost.first {
                XCTAssertEqual(loser.sha256, winner.id, "the loser is told which follow-up won")
                XCTAssertTrue(loser.detail?.contains("was followed up already by \(winner.id)") ?? false, loser.detail ?? "")
            }
        }
        await a.close()
        await b.close()
        XCTAssertEqual(try server.psql("SELECT count(*) FROM intake.records WHERE supersedes IS NOT NULL", database: db)
            .trimmingCharacters(in: .whitespacesAndNewlines), "50")
    }

    func testTwoReviewsOfOneRecordAtOnceOneWinsAndTheOtherIsKept() async throws {
        let (server, db) = try await store()
        let officer = try await connect(server, db, as: "officer_a")
        let s = try await connect(server, db, as: "sergeant_s")
        let t = try await connect(server, db, as: "sergeant_t")
        for n in 0..<20 {
            let record = Self.crafted("P-\(n)")
            let stored = try await officer.push(record, columns: Self.proposed)
            let agreed = RecordColumns(json: #"{"outcome21": "agreed", "review": "agreed"}"#)
            async let left = s.pushReview(id: "P-\(n)", expected: stored.sha256!, record + Data("REVIEW by s\n".utf8), columns: agreed)
            async let right = t.pushReview(id: "P-\(n)", expected: stored.sha256!, record + Data("REVIEW by t\n".utf8), columns: agreed)
            let results = try await [left, right]
            XCTAssertEqual(results.filter { $0.status == .stored }.count, 1, "try \(n): \(results)")
            XCTAssertEqual(results.filter { $0.status == .conflict }.count, 1, "try \(n): \(results)")
        }
        let conflicts = try await s.conflictingReviews()
        XCTAssertEqual(conflicts.count, 20, "every losing review is kept")
        // A review that does not begin with the record as stored is refused outright.
        let stored = try await officer.push(Self.crafted("P-x"), columns: Self.proposed)
        do {
            _ = try await s.pushReview(id: "P-x", expected: stored.sha256!, Data("something else\n".utf8), columns: Self.proposed)
            XCTFail("a review of other text was stored")
        } catch {
            XCTAssertTrue("\(error)".contains("does not begin with the record as stored"), "\(error)")
        }
        for c in [officer, s, t] { await c.close() }
    }

    func testEachRoleReadsAndWritesOnlyWhatItMay() async throws {
        let (server, db) = try await store()
        let a = try await connect(server, db, as: "officer_a")
        _ = try await a.push(Self.crafted("A-1"), columns: Self.proposed)
        let own = try await a.list(StoreQuery())
        XCTAssertEqual(own.map { $0.id }, ["A-1"])

        let b = try await connect(server, db, as: "officer_b")
        let others = try await b.list(StoreQuery())
        XCTAssertEqual(others.map { $0.id }, [], "another officer's case is not theirs to read")
        let fetched = try await b.fetch("A-1")
        XCTAssertNil(fetched)
        do {
            _ = try await b.pushReview(id: "A-1", expected: "x", Self.crafted("A-1"), columns: Self.proposed)
            XCTFail("an officer reviewed")
        } catch StoreError.notAllowed(let why) {
            XCTAssertTrue(why.contains("permission denied") || why.contains("may not"), why)
        }

        let sergeant = try await connect(server, db, as: "sergeant_s")
        let team = try await sergeant.list(StoreQuery())
        XCTAssertEqual(team.map { $0.id }, ["A-1"], "a supervisor reads the team's records")

        let panel = try await connect(server, db, as: "panel_p")
        do {
            _ = try await panel.list(StoreQuery())
            XCTFail("the panel read records")
        } catch StoreError.notAllowed(let why) {
            XCTAssertTrue(why.contains("permission denied"), why)
        }
        let counts = try await panel.summary()
        XCTAssertEqual(counts.map(\.total).reduce(0, +), 1, "the panel counts")

        // Nobody writes the table directly, and the audit log is append-only even for its owner.
        XCTAssertThrowsError(try server.psql("UPDATE intake.records SET outcome21 = 'agreed'", database: db, user: "officer_a"))
        XCTAssertThrowsError(try server.psql("DELETE FROM intake.audit", database: db)) { error in
            XCTAssertTrue("\(error)".contains("append-only"), "\(error)")
        }
        // A database user no one mapped to a principal is refused.
        try server.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stranger') THEN CREATE ROLE stranger LOGIN; END IF; END $$")
        try server.psql("GRANT intake_officer TO stranger")
        let stranger = try await connect(server, db, as: "stranger")
        do {
            _ = try await stranger.push(Self.crafted("S-1"), columns: Self.proposed)
            XCTFail("an unmapped user pushed")
        } catch StoreError.notAllowed(let why) {
            XCTAssertTrue(why.contains("not mapped to a signing principal"), why)
        }
        for c in [a, b, sergeant, panel, stranger] { await c.close() }
    }

    func testDisposalSparesOpenAndHeldCasesAndIsLogged() async throws {
        let (server, db) = try await store()
        let a = try await connect(server, db, as: "officer_a")
        let closed = RecordColumns(json: #"{"outcome21": "agreed", "review": "agreed", "finished": "2019-01-10T10:00:00Z"}"#)
        let open = RecordColumns(json: #"{"outcome21": "proposed", "review": "awaiting review", "finished": "2019-01-10T10:00:00Z"}"#)
        let recent = RecordColumns(json: #"{"outcome21": "agreed", "review": "agreed", "finished": "2026-01-10T10:00:00Z"}"#)
        _ = try await a.push(Self.crafted("OLD-1"), columns: closed)
        _ = try await a.push(Self.crafted("OLD-2", case: "OLD-1", supersedes: "OLD-1"), columns: closed)
        _ = try await a.push(Self.crafted("OPEN-1"), columns: open)
        _ = try await a.push(Self.crafted("HELD-1"), columns: closed)
        _ = try await a.push(Self.crafted("NEW-1"), columns: recent)
        let sergeant = try await connect(server, db, as: "sergeant_s")
        let got5428 = try await sergeant.hold(case: "HELD-1", reason: "complaint pending")
        XCTAssertEqual(got5428, 1)
        let before = ISO8601DateFormatter().date(from: "2020-01-01T00:00:00Z")!
        do {
            _ = try await a.dispose(before: before, reason: "RRD")
            XCTFail("an officer disposed")
        } catch {
            XCTAssertTrue("\(error)".contains("needs the role admin") || "\(error)".contains("permission denied"), "\(error)")
        }
        let admin = try await connect(server, db, as: "admin_x")
        let done = try await admin.dispose(before: before, reason: "review 2026")
        XCTAssertEqual(done.filter { $0.status == "disposed" }.compactMap(\.recordId).sorted(), ["OLD-1", "OLD-2"])
        XCTAssertEqual(done.filter { $0.status == "open" }.map(\.caseId), ["OPEN-1"])
        XCTAssertEqual(done.filter { $0.status == "held" }.map(\.caseId), ["HELD-1"])
        XCTAssertEqual(try server.psql("SELECT string_agg(id, ',' ORDER BY id) FROM intake.records", database: db)
            .trimmingCharacters(in: .whitespacesAndNewlines), "HELD-1,NEW-1,OPEN-1")
        let logged = try server.psql("SELECT record_id || ' ' || detail FROM intake.audit WHERE action = 'dispose' ORDER BY record_id", database: db)
        XCTAssertEqual(logged.split(separator: "\n"), ["OLD-1 review 2026", "OLD-2 review 2026"])
        for c in [a, sergeant, admin] { await c.close() }
    }
}

/// TLS to a real server over TCP: required and verified connections, and a refusal of a server whose
/// certificate the store URL does not trust.
final class StoreTLSTests: XCTestCase {
    func testAVerifiedConnectionAndARefusedOne() async throws {
        let server = try PostgresServer.shared()
        let db = try await server.freshStore("tls_\(getpid())_\(UInt32.random(in: 0...UInt32.max))")
        let required = try StoreAddress.parse("postgres://officer_a@127.0.0.1:\(server.port)/\(db)?sslmode=require")
        let a = try await StoreConnection.open(required)
        let encrypted = try await a.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        let row = try XCTUnwrap(encrypted.first)
        let isEncrypted = try a.decode(row, Bool.self)
        XCTAssertTrue(isEncrypted, "the connection is encrypted")
        await a.close()

        let verified = try StoreAddress.parse("postgres://officer_a@localhost:\(server.port)/\(db)?sslmode=verify-full&sslrootcert=\(server.certificate)")
        let b = try await StoreConnection.open(verified)
        await b.close()

        // Trusting another authority, verify-full refuses this server.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("intake-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: other) }
        try PostgresServer.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                                                    "-keyout", other.path + "/k", "-out", other.path + "/c"])
        let wrong = try StoreAddress.parse("postgres://officer_a@localhost:\(server.port)/\(db)?sslmode=verify-full&sslrootcert=\(other.path)/c")
        do {
            let c = try await StoreConnection.open(wrong)
            await c.close()
            XCTFail("connected to a server whose certificate is not trusted")
        } catch StoreError.notAllowed(let why) {
            XCTAssertTrue(why.contains("TLS"), why)
        } catch {
            XCTFail("not refused as untrusted: \(error)")
        }
    }
}
