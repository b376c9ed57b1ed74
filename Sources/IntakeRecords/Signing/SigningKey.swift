import Crypto
import FoundationEssentials
import Glibc
import IntakeCore

/// The key that signs: an Ed25519 key read from an unencrypted OpenSSH key file, or a key whose
/// private half ssh-agent holds (a key with a passphrase, or a security key), as git's
/// `user.signingKey` may name one.
package struct SigningKey: Sendable {
    enum Holder: Sendable {
        /// The 32-byte seed; the Crypto key object is made from it when needed (it is not Sendable).
        case seed(Data)
        /// The agent that holds it; nil when none is running yet (a key adopted by `keys init`).
        case agent(SSHAgent?)
    }
    let holder: Holder
    /// The public half.
    package let publicKey: SSHPublicKey
    /// The key's comment.
    package var comment: String

    /// A new random key.
    package init(comment: String) {
        // A fresh key's seed is always valid.
        try! self.init(seed: Curve25519.Signing.PrivateKey().rawRepresentation, comment: comment)
    }

    /// A key from its 32-byte seed.
    package init(seed: Data, comment: String) throws(SignatureError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformed("an ed25519 private key seed is 32 bytes")
        }
        holder = .seed(seed)
        publicKey = try SSHPublicKey(raw: key.publicKey.rawRepresentation)
        self.comment = comment
    }

    /// The key `publicKey` as ssh-agent holds it; checked with the agent when it signs.
    package init(agent: SSHAgent?, publicKey: SSHPublicKey, comment: String) {
        holder = .agent(agent)
        self.publicKey = publicKey
        self.comment = comment
    }

    /// Whether ssh-agent holds the private half.
    package var isInAgent: Bool {
        if case .agent = holder { return true }
        return false
    }

    /// The inner SSH signature blob of `message` (string type ‖ string signature [‖ flags ‖ counter]).
    func sign(_ message: Data) throws(SignatureError) -> Data {
        switch holder {
        case .seed(let seed):
            do {
                // The seed was checked when the key was made.
                let signature = try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message)
                var w = SSHWriter()
                w.string(SSHPublicKey.ed25519)
                w.string(signature)
                return w.data
            } catch {
                throw .io("signing failed: \(error)")
            }
        case .agent(let agent):
            guard let agent else { throw .io("no ssh-agent holds \(publicKey.fingerprint): SSH_AUTH_SOCK is not set; start one (eval $(ssh-agent)) and add the key (ssh-add)") }
            return try agent.sign(message, with: publicKey)
        }
    }

    // MARK: openssh-key-v1

    static let magic = Data("openssh-key-v1\0".utf8)
    static let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let end = "-----END OPENSSH PRIVATE KEY-----"

    /// The key file's text: openssh-key-v1, unencrypted, readable by `ssh-keygen -y`. Only for a key
    /// made or read from a file: an agent's key has no private half here.
    package func openSSHPrivateKey() -> String {
        guard case .seed(let seed) = holder else { preconditionFailure("an ssh-agent key has no private key file") }
        var secret = SSHWriter()
        let check = UInt32.random(in: .min ... .max)
        secret.uint32(check)
        secret.uint32(check)
        secret.string("ssh-ed25519")
        secret.string(publicKey.raw)
        secret.string(seed + publicKey.raw)
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
    package init(openSSHPrivateKey text: String, path: String = "the key") throws(SignatureError) {
        var r = try Self.sections(text, path: path)
        guard r.cipher == "none", r.kdf == "none" else { throw .encryptedKey(path) }
        var s = SSHReader(try r.reader.string())
        guard try s.uint32() == (try s.uint32()) else { throw .malformed("\(path) fails its check bytes") }
        let type = try s.text()
        guard type == "ssh-ed25519" else { throw .unsupportedKey("\(path) is a \(type) key; intake needs an ed25519 key") }
        let pub = try s.string()
        let secret = try s.string()
        guard secret.count == 64, secret.suffix(32) == pub else { throw .malformed("\(path) has an inconsistent ed25519 key") }
        let comment = (try? s.text()) ?? ""
        try self.init(seed: secret.prefix(32), comment: comment)
        guard publicKey.blob == r.publicBlob, publicKey.raw == pub else { throw .malformed("\(path): the public key does not match the private key") }
    }

    /// The parts of an openssh-key-v1 file before its (perhaps encrypted) private section.
    static func sections(_ text: String, path: String) throws(SignatureError) -> (cipher: String, kdf: String, publicBlob: Data, reader: SSHReader) {
        let data = try Armor.unwrap(text, begin: Self.begin, end: Self.end, what: "OpenSSH private key")
        var r = SSHReader(data)
        guard (try? r.raw(Self.magic.count)) == Self.magic else { throw .malformed("\(path) is not an OpenSSH private key") }
        let cipher = try r.text()
        let kdf = try r.text()
        _ = try r.string()
        guard try r.uint32() == 1 else { throw .malformed("\(path) holds more than one key") }
        return (cipher, kdf, try r.string(), r)
    }

    /// Reads the key `path` names, as `ssh-keygen -Y sign -f` and git's `user.signingKey` do: an
    /// unencrypted private key file signs by itself (and must not be readable by others, as OpenSSH
    /// requires); a public key file (`.pub`), or a private key protected by a passphrase, signs
    /// through ssh-agent, which must hold it.
    package static func load(path: String, agent: SSHAgent? = SSHAgent.fromEnvironment()) throws(SignatureError) -> SigningKey {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .io("cannot read the key file \(path)")
        }
        if !text.containsBytes(of: Self.begin) {
            let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let key = try SSHPublicKey(openSSH: line)
            return try inAgent(key, agent, path: path, comment: line.split(separator: " ").dropFirst(2).joined(separator: " "))
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io("cannot read the key file \(path)") }
        if info.st_mode & 0o077 != 0 {
            throw .permissions(path: path, mode: Digits.padded(info.st_mode & 0o7777, 4, radix: 8))
        }
        do {
            return try SigningKey(openSSHPrivateKey: text, path: path)
        } catch .encryptedKey(let encrypted) {
            // Its public half is stored in the clear: the agent may hold it, unlocked with ssh-add.
            guard let agent, let blob = try? sections(text, path: path).publicBlob, let key = try? SSHPublicKey(blob: blob),
                  (try? agent.keys().contains(key)) == true else { throw .encryptedKey(encrypted) }
            return SigningKey(agent: agent, publicKey: key, comment: "")
        }
    }

    /// The key at `path` for `intake keys init`: read as `load` reads it, except that a key for
    /// ssh-agent (a public key file, or a key with a passphrase) is taken by its public half
    /// whether or not an agent holds it yet.
    static func adopt(path: String) throws(SignatureError) -> SigningKey {
        guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw .io("cannot read the key file \(path)")
        }
        if !text.containsBytes(of: Self.begin) {
            let key = try SSHPublicKey(openSSH: text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
            return SigningKey(agent: SSHAgent.fromEnvironment(), publicKey: key, comment: "")
        }
        let parts = try sections(text, path: path)
        if parts.cipher != "none" { return SigningKey(agent: SSHAgent.fromEnvironment(), publicKey: try SSHPublicKey(blob: parts.publicBlob), comment: "") }
        return try load(path: path, agent: nil)
    }

    /// The agent's key `key`, or why it cannot sign.
    static func inAgent(_ key: SSHPublicKey, _ agent: SSHAgent?, path: String, comment: String) throws(SignatureError) -> SigningKey {
        guard let agent else {
            throw .io("\(path) is a public key, whose private half must be in ssh-agent, but SSH_AUTH_SOCK is not set: start an agent (eval $(ssh-agent)) and add the key (ssh-add)")
        }
        guard try agent.keys().contains(key) else {
            throw .io("ssh-agent does not hold the key of \(path) (\(key.fingerprint)): add it with ssh-add and its private key file")
        }
        return SigningKey(agent: agent, publicKey: key, comment: comment)
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
