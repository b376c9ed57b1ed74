import FoundationEssentials
import Glibc

/// A client of ssh-agent (openssh-portable PROTOCOL.agent), so a key with a passphrase, or one on a
/// security key, signs records without its private half ever being on disk unencrypted. Written by
/// hand: the two messages intake needs (list identities, sign) are a few lines of the SSH wire
/// encoding intake already has, and no Swift package on this machine kind speaks the protocol.
package struct SSHAgent: Sendable {
    /// The agent's socket, from `SSH_AUTH_SOCK`.
    package let socket: String

    /// The biggest answer read: an agent holding many keys answers in a few kilobytes.
    static let maximumAnswer = 256 * 1024
    static let requestIdentities: UInt8 = 11, identitiesAnswer: UInt8 = 12
    static let signRequest: UInt8 = 13, signResponse: UInt8 = 14, failure: UInt8 = 5

    /// The agent named by `SSH_AUTH_SOCK`, or nil when none is.
    package static func fromEnvironment(_ env: [String: String] = Environment.variables) -> SSHAgent? {
        env["SSH_AUTH_SOCK"].flatMap { $0.isEmpty ? nil : SSHAgent(socket: $0) }
    }

    /// Creates a client of the agent at `socket`.
    package init(socket: String) { self.socket = socket }

    /// The ed25519 keys the agent holds (keys of other types are left out).
    package func keys() throws(SignatureError) -> [SSHPublicKey] {
        var r = try exchange(Data([Self.requestIdentities]), expecting: Self.identitiesAnswer, waiting: 10)
        let count = try r.uint32()
        var keys: [SSHPublicKey] = []
        for _ in 0..<min(count, 4096) {
            let blob = try r.string()
            _ = try r.string()
            if let key = try? SSHPublicKey(blob: blob) { keys.append(key) }
        }
        return keys
    }

    /// The agent's signature of `data` with `key`: the inner signature blob. A security key may
    /// wait for a touch, and an agent for a confirmation (`ssh-add -c`), so this waits two minutes.
    package func sign(_ data: Data, with key: SSHPublicKey) throws(SignatureError) -> Data {
        var w = SSHWriter()
        w.raw(Data([Self.signRequest]))
        w.string(key.blob)
        w.string(data)
        w.uint32(0)
        var r = try exchange(w.data, expecting: Self.signResponse, waiting: 120)
        return try r.string()
    }

    /// Sends one message and reads its answer's body (after the type byte).
    func exchange(_ message: Data, expecting type: UInt8, waiting seconds: Int) throws(SignatureError) -> SSHReader {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io("cannot reach ssh-agent: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socket.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .io("the ssh-agent socket path \(socket) is too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
            raw[path.count] = 0
        }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            throw .io("cannot reach ssh-agent at \(socket) (SSH_AUTH_SOCK): \(String(cString: strerror(errno))); start one with eval $(ssh-agent) and add your key with ssh-add")
        }
        var framed = SSHWriter()
        framed.string(message)
        try Self.writeAll(fd, framed.data)
        var frame = SSHReader(try Self.read(fd, 4))
        let length = try frame.uint32()
        guard length >= 1, length <= Self.maximumAnswer else { throw .io("ssh-agent sent an answer of \(length) bytes; that is not an agent's answer") }
        let body = try Self.read(fd, Int(length))
        if body[body.startIndex] == Self.failure {
            throw .io("ssh-agent refused: it does not hold this key, or the key's use was not confirmed")
        }
        guard body[body.startIndex] == type else { throw .io("ssh-agent sent message type \(body[body.startIndex]), not \(type)") }
        return SSHReader(body.dropFirst())
    }

    static func writeAll(_ fd: Int32, _ data: Data) throws(SignatureError) {
        var sent = 0
        while sent < data.count {
            let n = data.withUnsafeBytes { send(fd, $0.baseAddress! + sent, data.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw .io("writing to ssh-agent failed: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }

    static func read(_ fd: Int32, _ count: Int) throws(SignatureError) -> Data {
        var out = Data(count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { throw .io("ssh-agent did not answer in time (a security key waiting for a touch?)") }
            guard n > 0 else { throw .io("ssh-agent closed the connection before answering") }
            got += n
        }
        return out
    }
}
