import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords

extension Keys {
    /// `intake keys revoke`: stop trusting a leaver's key, or a lost one, from a time on.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a key: records it signs from a time on fail intake verify and intake records.",
            discussion: """
            Appends the key to the revoked keys file (the config file's revoked_keys = line, else \\
            $XDG_CONFIG_HOME/intake/revoked_keys), one public key a line as OpenSSH's RevokedKeys and \\
            ssh-keygen -Y verify -r read it, with revoked-from=TIME. Records signed before that time stay good: \\
            the time is the one the record states, so for a key that may have been stolen give the earliest \\
            time it could have been (--from), or --every-record. Share the file as you share allowed_signers.
            """)

        @Argument(help: "The key: a .pub file, or a fingerprint (SHA256:…) of a key in allowed_signers.") var key: String
        @Option(help: ArgumentHelp("Revoked from this UTC time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, ending in Z (default: now).", valueName: "time"))
        var from: String?
        @Flag(help: "Revoke it for every record, whenever signed (a key that was stolen).") var everyRecord = false
        @Option(help: "Why, kept on the line (e.g. 'left the force 2026-11-20').") var note: String = ""
        @Option(help: "The revoked keys file to add to.") var revokedKeys: String?
        @Option(help: "allowed_signers file to find a fingerprint in.") var allowedSigners: String?

        func validate() throws {
            if everyRecord, from != nil { throw ValidationError("give --from TIME or --every-record, not both") }
            if let from, !(from.uppercased().hasSuffix("Z")) || AllowedSigner.time(from) == nil {
                throw ValidationError("--from \(from) is not a UTC time: write YYYYMMDDZ, YYYYMMDDHHMMZ or YYYYMMDDHHMMSSZ")
            }
            if note.contains(where: \.isNewline) { throw ValidationError("--note must be one line") }
        }

        func run() throws {
            let locations = Locations.fromEnvironment()
            let publicKey: SSHPublicKey
            if key.hasPrefix("SHA256:") {
                let signers = (try? String(contentsOfFile: allowedSigners ?? locations.allowedSigners.path, encoding: .utf8)) ?? ""
                guard let found = AllowedSigner.parse(signers).first(where: { $0.key.fingerprint == key })?.key else {
                    throw SignedInput.refuse("no key \(key) in the allowed signers; give its .pub file instead")
                }
                publicKey = found
            } else {
                do {
                    publicKey = try SSHPublicKey(openSSH: try String(contentsOfFile: key, encoding: .utf8).split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
                } catch {
                    throw SignedInput.refuse("\(Visible.line(key)) is not a public key file: \(error)")
                }
            }
            let time = everyRecord ? nil : (from.flatMap { AllowedSigner.time($0) } ?? Date())
            let url = revokedKeys.map { URL(fileURLWithPath: $0) } ?? locations.revokedKeys
            let existing = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            // The file must stay readable by intake and by ssh-keygen: a bad line would stop both.
            do {
                _ = try RevokedKeys(parsing: existing)
            } catch {
                throw SignedInput.refuse("\(url.path):\(error); fix that line first")
            }
            let line = RevokedKeys.line(publicKey, from: time, note: note)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try KeyRing.append(line, to: url)
            } catch {
                throw SignedInput.refuse("cannot write \(url.path): \(error)")
            }
            print(line)
            printError("Revoked \(publicKey.fingerprint) " + (time.map { "from \(AllowedSigner.timeText($0))" } ?? "for every record") + " in \(url.path)")
        }
    }
}
