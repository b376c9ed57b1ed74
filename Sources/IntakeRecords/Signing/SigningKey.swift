import Crypto
import Foundation

/// An Ed25519 public key in OpenSSH's forms.
public struct SSHPublicKey: Equatable, Hashable, Sendable {
    /// The 32 raw key bytes.
    public let raw: Data

    /// Creates a key from its raw bytes.
    public init(raw: Data) throws(SignatureError) {
        guard raw.count == 32 else { throw .malformed("an ed25519 public key is 32 bytes, not \(raw.count)") }
        self.raw = raw
    }

    /// The SSH wire blob: string "ssh-ed25519" ‖ string(key).
    public var blob: Data {
        var w = SSHWriter()
        w.string("ssh-ed25519")
        w.string(raw)
        return w.data
    }

    /// Reads a wire blob.
    public init(blob: Data) throws(SignatureError) {
        var r = SSHReader(blob)
        let type = try r.text()
        guard type == "ssh-ed25519" else { throw .unsupportedKey("the key is \(type); intake signs and verifies ssh-ed25519 only") }
        try self.init(raw: try r.string())
        guard r.isAtEnd else { throw .malformed("extra bytes after the public key") }
    }

    /// `ssh-ed25519 AAAA…`, the form of .pub files and allowed_signers.
    public var openSSH: String { "ssh-ed25519 " + blob.base64EncodedString() }

    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public var fingerprint: String {
        "SHA256:" + String(Data(SHA256.hash(data: blob)).base64EncodedString().prefix { $0 != "=" })
    }

    /// Checks an Ed25519 signature.
    public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// An Ed25519 private key, read from or written to an unencrypted OpenSSH key file.
public struct SigningKey: Sendable {
    /// The 32-byte seed; the Crypto key object is made from it when needed (it is not Sendable).
    private let seed: Data
    private var key: Curve25519.Signing.PrivateKey {
        // The seed was checked when the key was made.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }
    /// The key's comment.
    public var comment: String

    /// A new random key.
    public init(comment: String) {
        seed = Curve25519.Signing.PrivateKey().rawRepresentation
        self.comment = comment
    }

    /// A key from its 32-byte seed.
    public init(seed: Data, comment: String) throws(SignatureError) {
        guard seed.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) != nil else {
            throw .malformed("an ed25519 private key seed is 32 bytes")
        }
        self.seed = seed
        self.comment = comment
    }

    /// The public half.
    public var publicKey: SSHPublicKey {
        // A 32-byte key from a valid private key.
        try! SSHPublicKey(raw: key.publicKey.rawRepresentation)
    }

    /// An Ed25519 signature of `message`.
    public func sign(_ message: Data) throws(SignatureError) -> Data {
        do {
            return try key.signature(for: message)
        } catch {
            throw .io("signing failed: \(error)")
        }
    }

    // MARK: openssh-key-v1

    static let magic = Data("openssh-key-v1\0".utf8)
    static let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let end = "-----END OPENSSH PRIVATE KEY-----"

    /// The key file's text: openssh-key-v1, unencrypted, readable by `ssh-keygen -y`.
    public func openSSHPrivateKey() -> String {
        var secret = SSHWriter()
        let check = UInt32.random(in: .min ... .max)
        secret.uint32(check)
        secret.uint32(check)
        secret.string("ssh-ed25519")
        secret.string(publicKey.raw)
        secret.string(key.rawRepresentation + publicKey.raw)
        secret.string(comment)
        var section = secret.data
        var pad: UInt8 = 1
        while section.count % 8 != 0 { section.append(pad); pad += 1 }
        var w = SSHWriter()
        w.raw(Self.magic)
        w.string("none")
        w.string("none")
        w.string(Data())
        w.uint32(1)
        w.string(publicKey.blob)
        w.string(section)
        return Armor.wrap(w.data, begin: Self.begin, end: Self.end)
    }

    /// Reads an unencrypted OpenSSH ed25519 key file's text.
    public init(openSSHPrivateKey text: String, path: String = "the key") throws(SignatureError) {
        let data = try Armor.unwrap(text, begin: Self.begin, end: Self.end, what: "OpenSSH private key")
        var r = SSHReader(data)
        guard (try? r.raw(Self.magic.count)) == Self.magic else { throw .malformed("\(path) is not an OpenSSH private key") }
        let cipher = try r.text()
        let kdf = try r.text()
        _ = try r.string()
        guard cipher == "none", kdf == "none" else { throw .encryptedKey(path) }
        guard try r.uint32() == 1 else { throw .malformed("\(path) holds more than one key") }
        let publicBlob = try r.string()
        var s = SSHReader(try r.string())
        guard try s.uint32() == (try s.uint32()) else { throw .malformed("\(path) fails its check bytes") }
        let type = try s.text()
        guard type == "ssh-ed25519" else { throw .unsupportedKey("\(path) is a \(type) key; intake needs an ed25519 key") }
        let pub = try s.string()
        let secret = try s.string()
        guard secret.count == 64, secret.suffix(32) == pub else { throw .malformed("\(path) has an inconsistent ed25519 key") }
        let comment = (try? s.text()) ?? ""
        try self.init(seed: secret.prefix(32), comment: comment)
        guard publicKey.blob == publicBlob, publicKey.raw == pub else { throw .malformed("\(path): the public key does not match the private key") }
    }

    /// Reads a key file, refusing one that others can read, as OpenSSH does.
    public static func load(path: String) throws(SignatureError) -> SigningKey {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io("cannot read the key file \(path)") }
        if info.st_mode & 0o077 != 0 {
            throw .permissions(path: path, mode: String(format: "%04o", info.st_mode & 0o7777))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .io("cannot read the key file \(path)")
        }
        return try SigningKey(openSSHPrivateKey: text, path: path)
    }
}

/// PEM-like armor: base64 in lines of 70 characters between marker lines. Byte-level, because
/// batch verification runs it for every record.
enum Armor {
    static let width = 70

    static func wrap(_ data: Data, begin: String, end: String) -> String {
        let b64 = Array(data.base64EncodedData())
        var out = [UInt8]()
        out.reserveCapacity(b64.count + b64.count / width + begin.utf8.count + end.utf8.count + 4)
        out += begin.utf8
        out.append(0x0A)
        var i = 0
        while i < b64.count {
            out += b64[i..<min(i + width, b64.count)]
            out.append(0x0A)
            i += width
        }
        out += end.utf8
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    static func unwrap(_ text: String, begin: String, end: String, what: String) throws(SignatureError) -> Data {
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line[...]
        }
        let beginBytes = Array(begin.utf8), endBytes = Array(end.utf8)
        guard let start = lines.firstIndex(where: { $0.elementsEqual(beginBytes) }) else {
            throw .malformed("no \(begin) line: not an \(what)")
        }
        guard let stop = lines[start...].firstIndex(where: { $0.elementsEqual(endBytes) }) else {
            throw .malformed("the \(what) has no \(end) line (truncated?)")
        }
        var body = [UInt8]()
        for line in lines[(start + 1)..<stop] { body += line.filter { $0 != 0x20 && $0 != 0x09 } }
        guard let data = Data(base64Encoded: Data(body)) else { throw .malformed("the \(what) is not valid base64") }
        return data
    }
}
