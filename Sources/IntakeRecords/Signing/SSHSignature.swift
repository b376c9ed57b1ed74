import Crypto
import Foundation

/// An SSHSIG signature (openssh-portable PROTOCOL.sshsig), as `ssh-keygen -Y sign` makes and
/// `ssh-keygen -Y verify` checks.
public struct SSHSignature: Equatable, Sendable {
    /// The armor's first line.
    public static let beginMarker = "-----BEGIN SSH SIGNATURE-----"
    /// The armor's last line.
    public static let endMarker = "-----END SSH SIGNATURE-----"
    static let magic = Data("SSHSIG".utf8)

    /// Who signed.
    public var publicKey: SSHPublicKey
    /// What the signature is for, e.g. `intake-record`.
    public var namespace: String
    /// `sha512` (what intake writes) or `sha256`.
    public var hashAlgorithm: String
    /// The raw 64-byte Ed25519 signature.
    public var signature: Data

    /// Signs `message` for `namespace` with SHA-512.
    public static func sign(_ message: Data, namespace: String, key: SigningKey) throws(SignatureError) -> SSHSignature {
        let toSign = signedData(message, namespace: namespace, hashAlgorithm: "sha512")!
        return SSHSignature(publicKey: key.publicKey, namespace: namespace, hashAlgorithm: "sha512",
                            signature: try key.sign(toSign))
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
    public func verifies(_ message: Data) -> Bool {
        guard let data = Self.signedData(message, namespace: namespace, hashAlgorithm: hashAlgorithm) else { return false }
        return publicKey.isValidSignature(signature, for: data)
    }

    /// The binary blob.
    public var blob: Data {
        var inner = SSHWriter()
        inner.string("ssh-ed25519")
        inner.string(signature)
        var w = SSHWriter()
        w.raw(Self.magic)
        w.uint32(1)
        w.string(publicKey.blob)
        w.string(namespace)
        w.string(Data())
        w.string(hashAlgorithm)
        w.string(inner.data)
        return w.data
    }

    /// The armored text, ending with a line feed.
    public var armored: String { Armor.wrap(blob, begin: Self.beginMarker, end: Self.endMarker) }

    /// Reads an armored signature.
    public init(armored text: String) throws(SignatureError) {
        try self.init(blob: try Armor.unwrap(text, begin: Self.beginMarker, end: Self.endMarker, what: "SSH signature"))
    }

    /// Reads a binary blob.
    public init(blob: Data) throws(SignatureError) {
        var r = SSHReader(blob)
        guard (try? r.raw(6)) == Self.magic else { throw .malformed("not an SSHSIG signature (no SSHSIG preamble)") }
        let version = try r.uint32()
        guard version == 1 else { throw .malformed("SSHSIG version \(version) is not supported") }
        let key = try SSHPublicKey(blob: try r.string())
        let namespace = try r.text()
        _ = try r.string()
        let hash = try r.text()
        guard hash == "sha512" || hash == "sha256" else { throw .malformed("unknown hash algorithm \(hash)") }
        var inner = SSHReader(try r.string())
        let type = try inner.text()
        guard type == "ssh-ed25519" else { throw .unsupportedKey("the signature is \(type); intake verifies ssh-ed25519 only") }
        let signature = try inner.string()
        guard signature.count == 64, inner.isAtEnd, r.isAtEnd else { throw .malformed("the signature has the wrong length or trailing bytes") }
        self.init(publicKey: key, namespace: namespace, hashAlgorithm: hash, signature: signature)
    }

    /// Creates a signature from its parts.
    public init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signature: Data) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
    }
}

/// One line of an OpenSSH allowed_signers file: principals, options, key.
public struct AllowedSigner: Equatable, Sendable {
    /// Principal patterns (comma-separated in the file).
    public var principals: [String]
    /// The namespaces the key may sign for; nil means any.
    public var namespaces: [String]?
    /// The key.
    public var key: SSHPublicKey

    /// Creates an entry.
    public init(principals: [String], namespaces: [String]?, key: SSHPublicKey) {
        self.principals = principals
        self.namespaces = namespaces
        self.key = key
    }

    /// The file line, e.g. `4471@example namespaces="intake-record,intake-review" ssh-ed25519 AAAA…`.
    public var line: String {
        principals.joined(separator: ",") + (namespaces.map { " namespaces=\"\($0.joined(separator: ","))\"" } ?? "") + " " + key.openSSH
    }

    /// Reads an allowed_signers file; lines that are not ssh-ed25519 entries are skipped.
    public static func parse(_ text: String) -> [AllowedSigner] {
        var entries: [AllowedSigner] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = splitFields(line)
            guard fields.count >= 3, let keyIndex = fields.firstIndex(of: "ssh-ed25519"), keyIndex + 1 < fields.count,
                  let blob = Data(base64Encoded: fields[keyIndex + 1]), let key = try? SSHPublicKey(blob: blob) else { continue }
            var namespaces: [String]?
            for option in fields[1..<keyIndex] {
                guard let start = option.range(of: "namespaces=\"", options: .caseInsensitive) else { continue }
                let value = option[start.upperBound...].prefix { $0 != "\"" }
                namespaces = value.split(separator: ",").map(String.init)
            }
            entries.append(AllowedSigner(principals: fields[0].split(separator: ",").map(String.init), namespaces: namespaces, key: key))
        }
        return entries
    }

    /// Splits on spaces outside double quotes.
    private static func splitFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() }
            if c == " " && !quoted {
                if !current.isEmpty { fields.append(current); current = "" }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { fields.append(current) }
        return fields
    }
}
