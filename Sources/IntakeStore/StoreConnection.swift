import Foundation
import IntakeCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import IntakeRecords

/// Why the store could not do what was asked, in words that say what to do.
package enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store's URL or settings are wrong.
    case address(String)
    /// The server could not be reached or went away: offline, and nothing local is lost.
    case unreachable(String)
    /// The database refused this user (roles, row-level security).
    case notAllowed(String)
    /// Anything else the server said.
    case server(String)

    package var description: String {
        switch self {
        case .address(let s), .server(let s): return s
        case .unreachable(let s): return "the store cannot be reached (\(s)); what is not sent stays here and goes with the next intake sync"
        case .notAllowed(let s): return "the store refused: \(s)"
        }
    }

    /// From whatever postgres-nio threw, never showing a password.
    static func from(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? PSQLError {
            if let info = e.serverInfo {
                let message = Visible.line(info[.message] ?? "server error")
                let hint = info[.hint].map { " (\(Visible.line($0)))" } ?? ""
                switch info[.sqlState] ?? "" {
                case "42501": return .notAllowed(message + hint)
                case "28000", "28P01": return .notAllowed("the server did not accept these credentials: \(message)")
                case "3D000": return .address(message + "; run intake store init against an existing database")
                case "57P01", "57P02", "57P03": return .unreachable(message)
                default: return .server(message + hint)
                }
            }
            if let u = e.underlying, u is NIOSSLError || u is BoringSSLError {
                return .notAllowed("TLS failed: the server's certificate is not one the store URL trusts (sslmode, sslrootcert): \(u)")
            }
            switch e.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                return .unreachable(e.underlying.map { "\($0)" } ?? "\(e.code)")
            case .sslUnsupported: return .address("the server does not offer TLS, and the store URL requires it (sslmode)")
            case .authMechanismRequiresPassword:
                return .notAllowed("the server wants a password: put it in ~/.pgpass (or PGPASSFILE), never on the command line")
            default: return .server("\(e.code)" + (e.underlying.map { ": \($0)" } ?? ""))
            }
        }
        if error is NIOSSLError || error is BoringSSLError { return .notAllowed("TLS failed: \(error)") }
        if let e = error as? IOError { return .unreachable(e.description) }
        if error is ChannelError { return .unreachable("\(error)") }
        return .server("\(error)")
    }
}

/// One connection to the store, for one command. Every statement is bound (postgres-nio sends
/// parameters apart from the SQL), so no record text is ever spliced into a query.
package final class StoreConnection: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    package let address: StoreAddress

    /// Seconds a statement may take before the command gives up on the server.
    let timeout: Double

    init(connection: PostgresConnection, logger: Logger, address: StoreAddress, timeout: Double) {
        self.timeout = timeout
        self.connection = connection
        self.logger = logger
        self.address = address
    }

    /// Connects within `timeout` seconds.
    package static func open(_ address: StoreAddress, timeout: Double = 5) async throws(StoreError) -> StoreConnection {
        var logger = Logger(label: "intake.store")
        logger.logLevel = .critical
        var configuration: PostgresConnection.Configuration
        if let socket = address.socketPath {
            configuration = .init(unixSocketPath: socket, username: address.user, password: address.password, database: address.database)
        } else {
            configuration = .init(host: address.host ?? "localhost", port: address.port, username: address.user,
                                  password: address.password, database: address.database, tls: try tls(address))
        }
        configuration.options.connectTimeout = .milliseconds(Int64(timeout * 1000))
        do {
            let connection = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                                  configuration: configuration, id: 1, logger: logger).get()
            let store = StoreConnection(connection: connection, logger: logger, address: address, timeout: max(timeout * 6, 10))
            // The server gives up on a statement too, and lets its locks go.
            _ = try await store.rows("SELECT set_config('statement_timeout', \(String(Int(store.timeout * 1000))), false)")
            return store
        } catch {
            // A connection refused or a missing socket says little; say which server did not answer.
            if case .unreachable = StoreError.from(error) { throw StoreError.unreachable("no server answers at \(address)") }
            throw StoreError.from(error)
        }
    }

    static func tls(_ address: StoreAddress) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        var config = TLSConfiguration.makeClientConfiguration()
        switch address.tls {
        case .disable: return .disable
        case .allow, .prefer, .require: config.certificateVerification = .none
        case .verifyCA: config.certificateVerification = .noHostnameVerification
        case .verifyFull: config.certificateVerification = .fullVerification
        }
        if let root = address.rootCertificate {
            do {
                config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(root))
            } catch {
                throw .address("sslrootcert \(Visible.line(root)) cannot be read as PEM certificates: \(error)")
            }
            // libpq: with a root certificate, require verifies the server as verify-ca does.
            if address.tls == .require { config.certificateVerification = .noHostnameVerification }
        }
        do {
            let context = try NIOSSLContext(configuration: config)
            return address.tls == .allow || address.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw .address("TLS cannot be set up: \(error)")
        }
    }

    /// Runs `query` and returns its rows, or gives up after `timeout` seconds: a server that went
    /// away mid-conversation must never hang an officer's command (postgres-nio, handed a connection
    /// the server had closed, waited for ever).
    func rows(_ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        guard !connection.isClosed else { throw .unreachable("the server closed the connection") }
        let answer = Answer()
        let connection = self.connection, logger = self.logger, seconds = timeout
        let result: Result<[PostgresRow], StoreError> = await withCheckedContinuation { continuation in
            answer.set(continuation)
            Task {
                do {
                    var out: [PostgresRow] = []
                    for try await row in try await connection.query(query, logger: logger) { out.append(row) }
                    answer.give(.success(out))
                } catch {
                    answer.give(.failure(StoreError.from(error)))
                }
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                answer.give(.failure(.unreachable("no answer from the server within \(Int(seconds)) s")))
            }
        }
        if case .failure(.unreachable) = result { _ = connection.close() as EventLoopFuture<Void> }
        return try result.get()
    }

    /// The first of two answers, given once.
    private final class Answer: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Result<[PostgresRow], StoreError>, Never>?
        private var pending: Result<[PostgresRow], StoreError>?
        func set(_ c: CheckedContinuation<Result<[PostgresRow], StoreError>, Never>) {
            lock.lock()
            if let pending { lock.unlock(); c.resume(returning: pending); return }
            continuation = c
            lock.unlock()
        }
        func give(_ r: Result<[PostgresRow], StoreError>) {
            lock.lock()
            guard let c = continuation else {
                if pending == nil { pending = r }
                lock.unlock()
                return
            }
            continuation = nil
            pending = r
            lock.unlock()
            c.resume(returning: r)
        }
    }

    /// Runs several statements one after another (a migration). postgres-nio sends each as an
    /// extended query, which takes one statement, so the script is split first.
    func script(_ sql: String) async throws(StoreError) {
        for statement in SQLScript.statements(sql) {
            _ = try await rows(PostgresQuery(unsafeSQL: statement))
        }
    }

    /// Decodes a row's columns, as a store error when they are not what was asked.
    func decode<each C: PostgresDecodable>(_ row: PostgresRow, _ type: (repeat each C).Type) throws(StoreError) -> (repeat each C) {
        do {
            return try row.decode(type)
        } catch {
            throw StoreError.server("the store answered in an unexpected form: \(error)")
        }
    }

    /// `transform` of each row.
    func each<T>(_ rows: [PostgresRow], _ transform: (PostgresRow) throws(StoreError) -> T) throws(StoreError) -> [T] {
        var out: [T] = []
        for row in rows { out.append(try transform(row)) }
        return out
    }

    package func close() async {
        try? await connection.close()
    }

    /// A connection dropped without `close()` (an error thrown on the way) is closed here, so
    /// nothing is left open and postgres-nio's check that connections are closed holds.
    deinit {
        let closing: EventLoopFuture<Void> = connection.close()
        if MultiThreadedEventLoopGroup.currentEventLoop == nil { try? closing.wait() }
    }
}
