import Foundation
import IntakeCore
import IntakeRecords

/// Where the force's store is, read from a libpq-style URL
/// (`postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=verify-full&sslrootcert=FILE`, or
/// `postgres:///DB?host=/run/postgresql` for a Unix socket and peer authentication). Parsed by hand:
/// Foundation's URL does not take a socket folder as the host, and libpq's rules for defaults and
/// the password file are short.
package struct StoreAddress: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected, with libpq's names.
    package enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A TCP host name or address; nil for a Unix socket.
    package var host: String?
    /// The folder holding the server's socket, when connecting over one.
    package var socketFolder: String?
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode
    /// A PEM file of the certificate authorities to trust (`sslrootcert`).
    package var rootCertificate: String?

    package init(host: String?, socketFolder: String?, port: Int, user: String, password: String?, database: String,
                tls: TLSMode, rootCertificate: String? = nil) {
        self.host = host
        self.socketFolder = socketFolder
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
    }

    /// The socket's path, `FOLDER/.s.PGSQL.PORT`, as PostgreSQL names it.
    package var socketPath: String? { socketFolder.map { "\($0)/.s.PGSQL.\(port)" } }

    /// The URL without its password, for messages.
    package var description: String {
        let place = host.map { "\($0):\(port)" } ?? "socket \(socketPath ?? "?")"
        return "postgres://\(user)@\(place)/\(database)"
    }

    /// Parses `text`. `osUser` is the default user name (libpq's), `environment` gives PGPASSFILE and
    /// HOME for the password file.
    package static func parse(_ text: String, osUser: String = StoreAddress.currentUser(),
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> StoreAddress {
        let scheme = ["postgres://", "postgresql://"].first { text.hasPrefix($0) }
        guard let scheme else {
            throw StoreError.address("the store must be a postgres:// URL, not \(Visible.line(text)); see docs/store.md")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let key = decode(parts[0]), let value = decode(parts[1]) else {
                    throw StoreError.address("the store URL's parameter \(Visible.line(String(pair))) is not NAME=VALUE")
                }
                query[key] = value
            }
            rest = rest[..<q]
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var user: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = decode(credentials[..<colon])
                password = decode(credentials[credentials.index(after: colon)...])
            } else {
                user = decode(credentials)
            }
        }
        var hostPart = decode(rest) ?? ""
        var port = 5432
        if !hostPart.hasPrefix("/"), let colon = hostPart.lastIndex(of: ":"), !hostPart.hasSuffix("]") {
            guard let p = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(p) else {
                throw StoreError.address("the store URL's port is not a number from 1 to 65535")
            }
            port = p
            hostPart = String(hostPart[..<colon])
        }
        if hostPart.hasPrefix("["), hostPart.hasSuffix("]") { hostPart = String(hostPart.dropFirst().dropLast()) }
        if let p = query["port"] {
            guard let n = Int(p), (1...65535).contains(n) else { throw StoreError.address("the store URL's port is not a number from 1 to 65535") }
            port = n
        }
        if let h = query["host"] { hostPart = h }
        if let u = query["user"] { user = u }
        if let p = query["password"] { password = p }
        if let d = query["dbname"] { path = d }
        let socket = hostPart.isEmpty ? "/var/run/postgresql" : (hostPart.hasPrefix("/") ? hostPart : nil)
        let host = socket == nil ? hostPart : nil
        let name = user ?? osUser
        let database = (decode(Substring(path)) ?? "").isEmpty ? name : decode(Substring(path))!
        var tls: TLSMode
        if let mode = query["sslmode"] {
            guard let m = TLSMode(rawValue: mode) else {
                throw StoreError.address("sslmode \(Visible.line(mode)) is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tls = m
        } else {
            // libpq would `prefer`; a store of children's records over a network verifies the server.
            tls = host == nil || ["localhost", "127.0.0.1", "::1"].contains(host!) ? .prefer : .verifyFull
        }
        if socket != nil { tls = .disable }
        var address = StoreAddress(host: host, socketFolder: socket, port: port, user: name, password: password,
                                   database: database, tls: tls, rootCertificate: query["sslrootcert"])
        if address.password == nil {
            address.password = PasswordFile.lookup(address, environment: environment)
        }
        return address
    }

    /// Percent-decoding, or nil for a malformed escape.
    static func decode(_ s: Substring) -> String? {
        guard s.contains("%") else { return String(s) }
        return String(s).removingPercentEncoding
    }

    /// The name of the user this process runs as.
    package static func currentUser() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "intake"
    }
}

/// libpq's password file: `HOST:PORT:DATABASE:USER:PASSWORD` lines, `*` matching anything, `\`
/// escaping `:` and `\`; ignored (as libpq does) unless only its owner can read it.
enum PasswordFile {
    static func lookup(_ address: StoreAddress, environment: [String: String]) -> String? {
        let path = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let path else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let host = address.host ?? "localhost"
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(address.port), address.database, address.user]
            let hostMatches = fields[0] == "*" || fields[0] == host || (address.host == nil && fields[0] == address.socketFolder)
            if hostMatches, zip(fields[1...3], wanted[1...3]).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    static func split(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == ":" {
                fields.append(current); current = ""
            } else { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
