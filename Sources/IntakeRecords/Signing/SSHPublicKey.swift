import Crypto
import FoundationEssentials
import Glibc

/// An Ed25519 public key in OpenSSH's forms: a plain `ssh-ed25519` key, or a FIDO security key's
/// `sk-ssh-ed25519@openssh.com` key, which also names the application it was made for.
package struct SSHPublicKey: Equatable, Hashable, Sendable {
    /// The two key types intake signs and verifies with.
    package static let ed25519 = "ssh-ed25519"
    package static let securityKeyEd25519 = "sk-ssh-ed25519@openssh.com"

    /// The 32 raw key bytes.
    package let raw: Data
    /// A security key's application (usually `ssh:`); nil for a plain key.
    package let application: String?

    /// A plain key from its raw bytes.
    package init(raw: Data) throws(SignatureError) {
        try self.init(raw: raw, application: nil)
    }

    /// A key from its raw bytes and, for a security key, its application.
    package init(raw: Data, application: String?) throws(SignatureError) {
        guard raw.count == 32 else { throw .malformed("an ed25519 public key is 32 bytes, not \(raw.count)") }
        self.raw = raw
        self.application = application
    }

    /// `ssh-ed25519` or `sk-ssh-ed25519@openssh.com`.
    package var type: String { application == nil ? Self.ed25519 : Self.securityKeyEd25519 }

    /// The SSH wire blob: string type ‖ string key [‖ string application].
    package var blob: Data {
        var w = SSHWriter()
        w.string(type)
        w.string(raw)
        if let application { w.string(application) }
        return w.data
    }

    /// Reads a wire blob.
    package init(blob: Data) throws(SignatureError) {
        var r = SSHReader(blob)
        let type = try r.text()
        switch type {
        case Self.ed25519: try self.init(raw: try r.string(), application: nil)
        case Self.securityKeyEd25519: try self.init(raw: try r.string(), application: try r.text())
        default: throw .unsupportedKey("the key is \(type); intake signs and verifies ssh-ed25519 and sk-ssh-ed25519@openssh.com keys only")
        }
        guard r.isAtEnd else { throw .malformed("extra bytes after the public key") }
    }

    /// Reads `TYPE BASE64 [comment]`, the form of `.pub` files.
    package init(openSSH line: String) throws(SignatureError) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let blob = Data(base64Encoded: String(fields[1])) else {
            throw .malformed("not a public key line (TYPE BASE64 [comment])")
        }
        try self.init(blob: blob)
        guard String(fields[0]) == type else { throw .malformed("the line says \(fields[0]) but holds a \(type) key") }
    }

    /// `ssh-ed25519 AAAA…`, the form of .pub files and allowed_signers.
    package var openSSH: String { type + " " + blob.base64EncodedString() }

    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    package var fingerprint: String {
        "SHA256:" + String(Data(SHA256.hash(data: blob)).base64EncodedString().prefix { $0 != "=" })
    }

    /// The fingerprint as eight groups of five digits, to read aloud over a phone: no capitals or
    /// look-alike letters to spell out, and 130 bits of the key's SHA-256, so two people comparing it
    /// compare the key (issue 36). Both ends work it out from the key itself.
    package var spokenFingerprint: String {
        let bytes = Array(SHA256.hash(data: blob))
        return (0..<8).map { group in
            let word = bytes[(group * 4)..<(group * 4 + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let digits = String(word % 100_000)
            return String(repeating: "0", count: 5 - digits.count) + digits
        }.joined(separator: " ")
    }

    /// Checks a raw Ed25519 signature of exactly `message`.
    func isValidEd25519(_ signature: Data, for message: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
