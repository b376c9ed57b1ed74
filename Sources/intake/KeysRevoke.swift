import ArgumentParser
import FoundationEssentials
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
            try show(RevokedKeys.revoke(key, from: everyRecord ? nil : (from.flatMap { AllowedSigner.time($0) } ?? Date()), note: note,
                                        file: revokedKeys.map { URL(fileURLWithPath: $0) } ?? locations.revokedKeys,
                                        allowedSigners: allowedSigners.map { URL(fileURLWithPath: $0) } ?? locations.allowedSigners))
        }
    }
}
