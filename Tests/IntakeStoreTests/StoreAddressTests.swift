import Foundation
@testable import IntakeStore
import XCTest

/// libpq-style store URLs: the forms a force's IT writes, their defaults, and the password file.
final class StoreAddressTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-address-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func parse(_ url: String, _ env: [String: String] = [:]) throws -> StoreAddress {
        try StoreAddress.parse(url, osUser: "pc1234", environment: env)
    }

    func testTheFormsOfAURLAndTheirDefaults() throws {
        let tcp = try parse("postgres://officer:s%40cret@db.force.example:6432/intake?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        XCTAssertEqual(tcp.host, "db.force.example")
        XCTAssertEqual(tcp.port, 6432)
        XCTAssertEqual(tcp.user, "officer")
        XCTAssertEqual(tcp.password, "s@cret")
        XCTAssertEqual(tcp.database, "intake")
        XCTAssertEqual(tcp.tls, .verifyFull)
        XCTAssertEqual(tcp.rootCertificate, "/etc/ca.pem")
        XCTAssertFalse(tcp.description.contains("s@cret"), "a message never shows the password")

        let socket = try parse("postgresql:///intake?host=/run/postgresql")
        XCTAssertNil(socket.host)
        XCTAssertEqual(socket.socketPath, "/run/postgresql/.s.PGSQL.5432")
        XCTAssertEqual(socket.user, "pc1234", "peer authentication: the user's own name")
        XCTAssertEqual(socket.tls, .disable)

        let bare = try parse("postgres://")
        XCTAssertEqual(bare.socketPath, "/var/run/postgresql/.s.PGSQL.5432")
        XCTAssertEqual(bare.database, "pc1234")

        // A server across a network is verified unless the URL says otherwise; a local one is not.
        XCTAssertEqual(try parse("postgres://db.force.example/intake").tls, .verifyFull)
        XCTAssertEqual(try parse("postgres://localhost/intake").tls, .prefer)
        XCTAssertEqual(try parse("postgres://[::1]:5433/intake").port, 5433)
    }

    func testAWrongURLSaysWhatIsWrong() {
        for (url, says) in [("mysql://x/y", "must be a postgres:// URL"), ("postgres://h:99999/d", "port"),
                            ("postgres://h/d?sslmode=maybe", "sslmode maybe is not one of"), ("postgres://h/d?junk", "is not NAME=VALUE")] {
            XCTAssertThrowsError(try parse(url), url) { error in
                XCTAssertTrue("\(error)".contains(says), "\(url): \(error)")
            }
        }
    }

    func testThePasswordFileIsReadOnlyWhenPrivate() throws {
        let file = root.appendingPathComponent("pgpass")
        try "# comment\nother:*:*:*:no\ndb.force.example:5432:intake:officer:pa\\:ss\n*:*:*:*:fallback\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        let env = ["PGPASSFILE": file.path]
        XCTAssertEqual(try parse("postgres://officer@db.force.example/intake", env).password, "pa:ss")
        XCTAssertEqual(try parse("postgres://someone@elsewhere/other", env).password, "fallback")
        XCTAssertEqual(try parse("postgres://officer:given@db.force.example/intake", env).password, "given", "the URL's own wins")
        chmod(file.path, 0o644)
        XCTAssertNil(try parse("postgres://officer@db.force.example/intake", env).password, "a file others can read is ignored, as libpq does")
    }

    func testAScriptSplitsOnlyAtTheSemicolonsThatEndStatements() {
        let sql = """
        CREATE TABLE t (a text DEFAULT ';'); -- a comment; with one
        CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
        /* block; comment */ SELECT "odd;name" FROM t;
        CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'x;y' $body$
        """
        XCTAssertEqual(SQLScript.statements(sql).count, 4, "\(SQLScript.statements(sql))")
        XCTAssertTrue(SQLScript.statements(sql)[1].hasSuffix("END $$"))
        XCTAssertEqual(SQLScript.statements(Migrations.all[0].sql).filter { $0.contains("CREATE FUNCTION") }.count, 11, "one statement per function")
    }
}
