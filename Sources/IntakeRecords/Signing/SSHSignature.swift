import Crypto
import FoundationEssentials
import Glibc

/// An SSHSIG signature (openssh-portable PROTOCOL.sshsig), as `ssh-keygen -Y sign` makes and
/// `ssh-keygen -Y verify` checks.
package struct SSHSignature: Equatable, Sendable {
    /// The armor's first line.
    package static let beginMarker = "-----BEGIN SSH SIGNATURE-----"
    /// The armor's last line.
    package static let endMarker = "-----END SSH SIGNATURE-----"
    static let magic = Data("SSHSIG".utf8)

    /// Who signed.
    package var publicKey: SSHPublicKey
    /// What the signature is for, e.g. `intake-record`.
    package var namespace: String
    /// `sha512` (what intake writes) or `sha256`.
    package var hashAlgorithm: String
    /// The raw 64-byte Ed25519 signature.
    package var signature: Data
    /// For a security key's signature: the flags (0x01 user present) and counter it signed with.
    package var securityKey: SecurityKeyFields?

    /// What a FIDO security key adds to what it signs.
    package struct SecurityKeyFields: Equatable, Sendable {
        package var flags: UInt8
        package var counter: UInt32
    }

    /// Signs `message` for `namespace` with SHA-512, with a key file's key or through ssh-agent.
    package static func sign(_ message: Data, namespace: String, key: SigningKey) throws(SignatureError) -> SSHSignature {
        let toSign = signedData(message, namespace: namespace, hashAlgorithm: "sha512")!
        let inner = try key.sign(toSign)
        let signature = try SSHSignature(publicKey: key.publicKey, namespace: namespace, hashAlgorithm: "sha512", innerBlob: inner)
        // A signature that does not verify (an agent that answered with another key's) is never written.
        guard signature.verifies(message) else { throw .io("the signature made for \(key.publicKey.fingerprint) does not verify; nothing was signed") }
        return signature
    }

    /// "SSHSIG" ‖ string(namespace) ‖ string("") ‖ string(hash algorithm) ‖ string(H(message)).
    static func signedData(_ message: Data, namespace: String, hashAlgorithm: String) -> Data? {
        let digest: Data
        switch hashAlgorithm {
        case "sha512": digest = Data(SHA512.hash(data: message))
        case "sha256": digest = Data(SHA256.hash(data: message))
        default: return nil
        }
        var w = SSHWriter()
        w.raw(magic)
        w.string(namespace)
        w.string(Data())
        w.string(hashAlgorithm)
        w.string(digest)
        return w.data
    }

    /// Whether this signature is valid for `message`: the namespace it carries is checked by the caller.
    package func verifies(_ message: Data) -> Bool {
        guard let data = Self.signedData(message, namespace: namespace, hashAlgorithm: hashAlgorithm) else { return false }
        guard let application = publicKey.application else { return publicKey.isValidEd25519(signature, for: data) }
        // A security key signs SHA-256(application) ‖ flags ‖ counter ‖ SHA-256(data) (ssh-ed25519-sk.c).
        guard let fields = securityKey else { return false }
        var w = SSHWriter()
        w.raw(Data(SHA256.hash(data: Data(application.utf8))))
        w.raw(Data([fields.flags]))
        w.uint32(fields.counter)
        w.raw(Data(SHA256.hash(data: data)))
        return publicKey.isValidEd25519(signature, for: w.data)
    }

    /// The inner signature blob: string type ‖ string signature [‖ byte flags ‖ uint32 counter].
    var innerBlob: Data {
        var inner = SSHWriter()
        inner.string(publicKey.type)
        inner.string(signature)
        if let fields = securityKey {
            inner.raw(Data([fields.flags]))
            inner.uint32(fields.counter)
        }
        return inner.data
    }

    /// The binary blob.
    package var blob: Data {
        var w = SSHWriter()
        w.raw(Self.magic)
        w.uint32(1)
        w.string(publicKey.blob)
        w.string(namespace)
        w.string(Data())
        w.string(hashAlgorithm)
        w.string(innerBlob)
        return w.data
    }

    /// The armored text, ending with a line feed.
    package var armored: String { Armor.wrap(blob, begin: Self.beginMarker, end: Self.endMarker) }

    /// Reads an armored signature.
    package init(armored text: String) throws(SignatureError) {
        try self.init(blob: try Armor.unwrap(text, begin: Self.beginMarker, end: Self.endMarker, what: "SSH signature"))
    }

    /// Reads a binary blob.
    package init(blob: Data) throws(SignatureError) {
        var r = SSHReader(blob)
        guard (try? r.raw(6)) == Self.magic else { throw .malformed("not an SSHSIG signature (no SSHSIG preamble)") }
        let version = try r.uint32()
        guard version == 1 else { throw .malformed("SSHSIG version \(version) is not supported") }
        let key = try SSHPublicKey(blob: try r.string())
        let namespace = try r.text()
        _ = try r.string()
        let hash = try r.text()
        guard hash == "sha512" || hash == "sha256" else { throw .malformed("unknown hash algorithm \(hash)") }
        let inner = try r.string()
        guard r.isAtEnd else { throw .malformed("trailing bytes after the signature") }
        try self.init(publicKey: key, namespace: namespace, hashAlgorithm: hash, innerBlob: inner)
    }

    /// A signature from its key and inner blob, whose type must be the key's.
    init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, innerBlob: Data) throws(SignatureError) {
        var inner = SSHReader(innerBlob)
        let type = try inner.text()
        guard type == publicKey.type else { throw .unsupportedKey("the signature is \(type) but its key is \(publicKey.type)") }
        let signature = try inner.string()
        var fields: SecurityKeyFields?
        if publicKey.application != nil { fields = SecurityKeyFields(flags: try inner.byte(), counter: try inner.uint32()) }
        guard signature.count == 64, inner.isAtEnd else { throw .malformed("the signature has the wrong length or trailing bytes") }
        self.init(publicKey: publicKey, namespace: namespace, hashAlgorithm: hashAlgorithm, signature: signature)
        securityKey = fields
    }

    /// Creates a signature from its parts.
    package init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signature: Data) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
    }
}

