/// Why a key, signature or record could not be used. Each case says what is wrong in plain words.
package enum SignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not in the expected format.
    case malformed(String)
    /// The key is of a kind intake does not use.
    case unsupportedKey(String)
    /// The key file is encrypted with a passphrase.
    case encryptedKey(String)
    /// The key file can be read by others.
    case permissions(path: String, mode: String)
    /// Something could not be read or written.
    case io(String)
    /// A file that is never replaced is there already: a record, a kept flow copy. Its own case, so a
    /// caller that expects it (another intake kept the same copy first) need not match on words.
    case exists(path: String)

    /// The message.
    package var description: String {
        switch self {
        case .malformed(let why): return "malformed: \(why)"
        case .unsupportedKey(let why): return why
        case .encryptedKey(let path):
            return "\(path) is protected by a passphrase, and ssh-agent does not hold it: add it with ssh-add \(path) (the passphrase is asked once, and never seen by intake), then sign as before"
        case .permissions(let path, let mode):
            return "permissions \(mode) for '\(path)' are too open: the private key must not be readable by others (run: chmod 600 '\(path)')"
        case .io(let why): return why
        case .exists(let path): return "\(path) already exists; a record is never overwritten"
        }
    }
}
