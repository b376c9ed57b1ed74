import Foundation
import IntakeStore
import XCTest

/// A real PostgreSQL server of the tests' own: `initdb` into a temporary folder, started on a Unix
/// socket in that folder and a free loopback port, stopped and removed by `stop()`. As root (CI), the
/// server runs as the `postgres` user, since initdb refuses root. Trust authentication, on a socket
/// only the test can reach: the tests log in as whichever role they are testing.
final class PostgresServer: @unchecked Sendable {
    let folder: URL
    let port: Int
    let bin: String
    private var running = false

    /// Starts a server, or throws XCTSkip when no PostgreSQL is installed outside CI (CI installs it;
    /// there a missing server fails).
    init() throws {
        guard let bin = Self.binaries() else {
            if ProcessInfo.processInfo.environment["CI"] != nil { throw StoreTestError("PostgreSQL is not installed; .ci/run installs postgresql") }
            throw XCTSkip("PostgreSQL is not installed (apt-get install postgresql)")
        }
        self.bin = bin
        var template = Array("/tmp/intake-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreTestError("mkdtemp failed") }
        folder = URL(fileURLWithPath: String(cString: made))
        port = Self.freePort()
        do {
            if geteuid() == 0 {
                chmod(folder.path, 0o755)
                try Self.run("/bin/chown", ["postgres:postgres", folder.path])
            }
            try asServerUser("\(bin)/initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
            // A certificate for localhost, so TLS is tested against the real server too.
            try asServerUser("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                                                  "-addext", "subjectAltName=DNS:localhost", "-keyout", folder.path + "/server.key",
                                                  "-out", folder.path + "/server.crt"])
            try restart()
            running = true
        } catch {
            let log = (try? String(contentsOfFile: folder.path + "/log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: folder)
            throw StoreTestError("\(error)\n\(log)")
        }
    }

    var data: String { folder.path + "/data" }

    /// One server for every store test in this run, started when first asked for and stopped and
    /// removed when the test bundle finishes (a crash mid-run leaves it; its folder says whose).
    nonisolated(unsafe) private static var started: Result<PostgresServer, Error>?
    static func shared() throws -> PostgresServer {
        if started == nil {
            started = Result { try PostgresServer() }
            if case .success(let server) = started { XCTestObservationCenter.shared.addTestObserver(Stopper(server)) }
        }
        return try started!.get()
    }

    private final class Stopper: NSObject, XCTestObservation {
        let server: PostgresServer
        init(_ server: PostgresServer) { self.server = server }
        func testBundleDidFinish(_ testBundle: Bundle) { server.stop() }
    }

    /// The address of database `database` as `user`, over the socket.
    func address(_ database: String, user: String = "postgres") -> StoreAddress {
        StoreAddress(host: nil, socketFolder: folder.path, port: port, user: user, password: nil, database: database, tls: .disable)
    }

    /// The same as a URL, for the binaries.
    func url(_ database: String, user: String = "postgres") -> String {
        "postgres:///\(database)?host=\(folder.path)&port=\(port)&user=\(user)"
    }

    /// Runs SQL with psql as the superuser: set-up the tests need that no intake command does.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres", user: String = "postgres") throws -> String {
        try Self.run("\(bin)/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder.path, "-p", String(port), "-U", user,
                                     "-d", database, "-c", sql])
    }

    /// A new empty database with intake's schema, and login roles mapped for an officer, a second
    /// officer, a supervisor and a panel member of one team, and an admin.
    func freshStore(_ name: String) async throws -> String {
        try psql("CREATE DATABASE \(name)")
        let store = try await StoreConnection.open(address(name))
        _ = try await store.migrate()
        for (user, principal, role) in [("officer_a", "1234@test-constabulary", "officer"), ("officer_b", "5678@test-constabulary", "officer"),
                                        ("sergeant_s", "9012@test-constabulary", "supervisor"), ("sergeant_t", "3456@test-constabulary", "supervisor"),
                                        ("panel_p", "panel@test-constabulary", "panel"), ("admin_x", "admin@test-constabulary", "admin")] {
            try psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(user)') THEN CREATE ROLE \(user) LOGIN; END IF; END $$")
            try await store.addMember(dbUser: user, principal: principal, team: "north", role: role)
        }
        await store.close()
        return name
    }

    func stop() {
        guard running else { return }
        running = false
        _ = try? asServerUser("\(bin)/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Stops the server and starts it again on the same port (a server that goes away and comes back).
    func pause(_ body: () async throws -> Void) async throws {
        try asServerUser("\(bin)/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
        do { try await body() } catch {
            try restart()
            throw error
        }
        try restart()
    }

    private func restart() throws {
        try asServerUser("\(bin)/pg_ctl", ["-D", data, "-w", "-t", "30", "-l", folder.path + "/log", "-o",
                                            "-k \(folder.path) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60 "
                                            + "-c ssl=on -c ssl_cert_file=\(folder.path)/server.crt -c ssl_key_file=\(folder.path)/server.key",
                                            "start"])
    }

    /// The server's certificate (PEM), to trust in a test of verify-full.
    var certificate: String { folder.path + "/server.crt" }

    deinit { stop() }

    private func asServerUser(_ tool: String, _ arguments: [String]) throws {
        if geteuid() == 0 {
            try Self.run("/sbin/runuser", ["-u", "postgres", "--", tool] + arguments)
        } else {
            try Self.run(tool, arguments)
        }
    }

    /// The newest PostgreSQL's programs: pg_config's, else Debian's /usr/lib/postgresql/N/bin.
    static func binaries() -> String? {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted()
        if let newest = versions.last, FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(newest)/bin/initdb") {
            return "/usr/lib/postgresql/\(newest)/bin"
        }
        for folder in ["/usr/local/pgsql/bin", "/usr/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/initdb") { return folder }
        return nil
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs `tool` and waits for it (posix_spawn and waitpid: a server it starts keeps no pipe of
    /// ours open, and Foundation's Process waited for ever on pg_ctl's). Output goes through files.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        var template = Array("/tmp/intake-pg-run-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreTestError("mkdtemp failed") }
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, folder + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, folder + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else { throw StoreTestError("cannot run \(tool): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let out = (try? String(contentsOfFile: folder + "/out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: folder + "/err", encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw StoreTestError("\(tool) \(arguments.joined(separator: " ")) failed (\(status)): \(err)")
        }
        return out
    }
}

struct StoreTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
