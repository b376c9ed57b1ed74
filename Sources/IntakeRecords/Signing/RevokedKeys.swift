import FoundationEssentials
import Glibc
import IntakeCore

/// A revoked-keys file: one public key a line, as OpenSSH's `RevokedKeys` and `ssh-keygen -Y verify
/// -r` read it, so the same file serves both. The comment after the key may hold
/// `revoked-from=TIME` (an OpenSSH time in UTC, e.g. `20261101Z`): only records signed from then on
/// fail, so a leaver's earlier records stay good. A key with no such word is revoked for every record.
///
/// The time a record was signed is the one its signed text states, so a key that may have been
/// stolen should be revoked from the earliest time it could have been (or without a time).
package struct RevokedKeys: Sendable, Equatable {
    /// One revoked key.
    package struct Entry: Sendable, Equatable {
        package var key: SSHPublicKey
        /// Records signed from this time on fail; nil for every record.
        package var from: Date?
        /// The rest of the line, shown when the key fails a record.
        package var comment: String

        /// Creates an entry.
        package init(key: SSHPublicKey, from: Date?, comment: String) {
            self.key = key
            self.from = from
            self.comment = comment
        }
    }

    /// The keys.
    package var entries: [Entry]

    /// Creates a list.
    package init(entries: [Entry] = []) { self.entries = entries }

    /// A line that cannot be read: where, and what to do.
    package struct LineError: Error, Equatable, Sendable, CustomStringConvertible {
        package var line: Int
        package var column: Int
        package var message: String
        package var description: String { "\(line):\(column): \(message)" }
    }

    /// Reads a file's text. A line that is not a key is an error, as it is for ssh-keygen (which
    /// then verifies nothing): a revocation must never be silently skipped.
    package init(parsing text: String) throws(LineError) {
        var entries: [Entry] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
            let line = raw.dropFirst(indent).trimmed()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let key: SSHPublicKey
            do {
                key = try SSHPublicKey(openSSH: line)
            } catch .unsupportedKey {
                continue  // an RSA or ECDSA key never signs an intake record
            } catch {
                throw LineError(line: i + 1, column: indent + 1, message: "not a public key (\(error)); each line is TYPE BASE64 [revoked-from=YYYYMMDDZ] [comment], as in a .pub file")
            }
            let comment = line.split(separator: " ", maxSplits: 2).dropFirst(2).first.map(String.init) ?? ""
            var from: Date?
            if let word = comment.split(separator: " ").first(where: { $0.lowercased().hasPrefix("revoked-from=") }) {
                let value = String(word.dropFirst("revoked-from=".count)).trimmed(of: "\"")
                // UTC only: a revocation means the same instant wherever the record is checked.
                guard value.uppercased().hasSuffix("Z") || value.uppercased().hasSuffix("UTC"), let time = AllowedSigner.time(value) else {
                    let column = indent + 1 + (line.firstRange(of: String(word)).map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? 0)
                    throw LineError(line: i + 1, column: column, message: "'\(word)' is not a UTC time: write revoked-from=YYYYMMDDZ, YYYYMMDDHHMMZ or YYYYMMDDHHMMSSZ")
                }
                from = time
            }
            entries.append(Entry(key: key, from: from, comment: comment))
        }
        self.entries = entries
    }

    /// The entry that revokes `key` for a signature made at `time`, if any. With no time known,
    /// any revocation of the key applies.
    package func revocation(of key: SSHPublicKey, at time: Date?) -> Entry? {
        entries.first { entry in
            guard entry.key == key else { return false }
            guard let from = entry.from, let time else { return true }
            return time >= from
        }
    }

    /// The file line revoking `key` from `from`.
    package static func line(_ key: SSHPublicKey, from: Date?, note: String) -> String {
        ([key.openSSH] + (from.map { ["revoked-from=\(AllowedSigner.timeText($0))"] } ?? []) + (note.isEmpty ? [] : [note])).joined(separator: " ")
    }
}

extension RevokedKeys {
    /// Revokes `key` (a .pub file, or the fingerprint of a key in `allowedSigners`) from `time` (nil:
    /// for every record) by appending its line to `file`, which must stay readable by intake and by
    /// ssh-keygen. Failed, with nothing written, when the key or the file is not as it must be.
    package static func revoke(_ key: String, from time: Date?, note: String, file url: URL, allowedSigners: URL) -> Report {
        var report = Report()
        func refuse(_ message: String) -> Report {
            report.error("intake: \(message)")
            report.failed = true
            return report
        }
        let publicKey: SSHPublicKey
        if key.hasPrefix("SHA256:") {
            let signers = (try? String(contentsOf: allowedSigners, encoding: .utf8)) ?? ""
            guard let found = AllowedSigner.parse(signers).first(where: { $0.key.fingerprint == key })?.key else {
                return refuse("no key \(Visible.line(key)) in the allowed signers; give its .pub file instead")
            }
            publicKey = found
        } else {
            do {
                publicKey = try SSHPublicKey(openSSH: try String(contentsOfFile: key, encoding: .utf8).split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
            } catch {
                return refuse("\(Visible.line(key)) is not a public key file: \(error)")
            }
        }
        // The file must stay readable by intake and by ssh-keygen: a bad line would stop both.
        do {
            _ = try RevokedKeys(parsing: (try? String(contentsOf: url, encoding: .utf8)) ?? "")
        } catch {
            return refuse("\(url.path):\(error); fix that line first")
        }
        let line = RevokedKeys.line(publicKey, from: time, note: note)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try KeyRing.append(line, to: url)
        } catch {
            return refuse("cannot write \(url.path): \(error)")
        }
        report.out(line)
        report.error("Revoked \(publicKey.fingerprint) " + (time.map { "from \(AllowedSigner.timeText($0))" } ?? "for every record") + " in \(url.path)")
        return report
    }
}
