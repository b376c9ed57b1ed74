import Crypto
import FoundationEssentials
import Glibc
import IntakeCore

/// The signer's files: private key (0600), its `.pub`, an identity file, and the allowed_signers line.
package enum KeyRing {
    /// Makes a key at `key` (or adopts an existing unencrypted ed25519 key there), records `identity`
    /// beside it and adds the key to `allowedSigners`. Never replaces an existing private key.
    package static func initialise(identity: Identity, key: URL, allowedSigners: URL) throws(SignatureError) -> (key: SigningKey, created: Bool) {
        // The key may live elsewhere (~/.ssh, for ssh-agent): the config folder is made too.
        for folder in Set([key.deletingLastPathComponent(), allowedSigners.deletingLastPathComponent()]) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .io("cannot create \(folder.path): \(ErrorText.of(error))")
            }
        }
        var signing: SigningKey
        var created = false
        if FileManager.default.fileExists(atPath: key.path) {
            // A key ssh-agent holds (a .pub, or a key with a passphrase) is adopted by its public half.
            signing = try SigningKey.adopt(path: key.path)
        } else {
            signing = SigningKey(comment: identity.principal)
            try write(signing.openSSHPrivateKey(), to: key, mode: 0o600, exclusive: true)
            created = true
        }
        let pub = URL(fileURLWithPath: key.path + ".pub")
        if key.pathExtension != "pub", !FileManager.default.fileExists(atPath: pub.path) {
            try write(signing.publicKey.openSSH + " " + identity.principal + "\n", to: pub, mode: 0o644, exclusive: true)
        }
        try write(identity.fileText, to: Locations.identity(forKey: key), mode: 0o600, exclusive: false)
        let entry = AllowedSigner(principals: [identity.principal], namespaces: Namespace.all, key: signing.publicKey)
        try trust(entry, in: allowedSigners)
        signing.comment = identity.principal
        return (signing, created)
    }

    /// The key at `key` and the identity recorded beside it.
    package static func load(key: URL) throws(SignatureError) -> (key: SigningKey, identity: Identity) {
        let signing = try SigningKey.load(path: key.path)
        let identityFile = Locations.identity(forKey: key)
        guard let text = TextFile.read(identityFile.path), let identity = Identity(fileText: text) else {
            throw .io("no identity for \(key.path): run intake keys init --name NAME --collar NUMBER --organisation ORG --key \(key.path)")
        }
        return (signing, identity)
    }

    /// The public half of the key at `key` and the identity beside it, without ssh-agent: what
    /// `keys show` prints and what an interview is told of its officer before anything is signed.
    package static func publicKey(key: URL) throws(SignatureError) -> (key: SSHPublicKey, identity: Identity) {
        let signing = try SigningKey.adopt(path: key.path)
        guard let identity = identity(key: key) else {
            throw .io("no identity for \(key.path): run intake keys init --name NAME --collar NUMBER --organisation ORG --key \(key.path)")
        }
        return (signing.publicKey, identity)
    }

    /// The identity recorded beside the key at `key`, if there is one.
    package static func identity(key: URL) -> Identity? {
        TextFile.read(Locations.identity(forKey: key).path).flatMap(Identity.init(fileText:))
    }

    static func write(_ text: String, to url: URL, mode: mode_t, exclusive: Bool, ops: FileOps = .system) throws(SignatureError) {
        if !exclusive {
            // allowed_signers and revoked_keys are replaced whole, never truncated in place: a full
            // disk or a kill leaves the old list, not half of one. A file keeps its own mode (a team's
            // shared list may be group-readable).
            var info = stat()
            let keep = stat(url.path, &info) == 0 ? info.st_mode & 0o7777 : mode
            let folder = RecordStore(directory: url.deletingLastPathComponent(), ops: ops)
            folder.removeStaleTemporaries()  // a killed write's leftovers, in the config folder too
            try folder.replace(url, contents: text, mode: keep)
            return
        }
        let fd = open(url.path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), mode)
        guard fd >= 0 else { throw .io("cannot write \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count, fsync(fd) == 0 else { throw .io("cannot write \(url.path)") }
        fchmod(fd, mode)
    }

    /// SHA-256 of a file's bytes, in hex: records name the exact flow they came from.
    package static func sha256Hex(ofFile path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return IntakeRecords.sha256Hex(data)
    }
}
