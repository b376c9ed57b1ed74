import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords
import IntakeSession
import IntakeTerminal

/// `intake keys`: the signing key.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Create or adopt the signing key.", subcommands: [Init.self, Show.self, Trust.self, Revoke.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create an ed25519 signing key (or adopt an existing one) and record who it belongs to.",
            discussion: """
            Writes KEY (OpenSSH format, mode 0600), KEY.pub, KEY.identity and a line in allowed_signers, under \
            $XDG_CONFIG_HOME/intake unless --key says otherwise. An existing key file is never replaced. A key \
            with a passphrase, or a security key (ed25519-sk), is adopted by naming it or its .pub: it then signs \
            through ssh-agent (ssh-add it first), as git's user.signingKey does; make it the default with a \
            key = PATH line in $XDG_CONFIG_HOME/intake/config.
            """)

        @Option(help: "Your full name.") var name: String
        @Option(help: "Your collar number, as a police officer or police staff.") var collar: String?
        @Option(help: "Your staff number, as staff of a school or another organisation (records then say 'staff number', not 'collar').")
        var staffNumber: String?
        @Option(help: "Your force, school or organisation.") var organisation: String

        func validate() throws {
            if (collar == nil) == (staffNumber == nil) {
                throw ValidationError("give either --collar (police) or --staff-number (school or other staff)")
            }
        }
        @Option(help: "The key: a private key file, or a .pub for ssh-agent (default: config key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?

        func run() throws {
            let locations = Locations.fromEnvironment()
            let keyURL = key.map { URL(fileURLWithPath: $0) } ?? locations.key
            let identity = Identity(name: name, collar: collar ?? staffNumber ?? "", organisation: organisation,
                                    role: collar == nil ? .staff : .officer)
            try show(KeyRing.initReport(identity: identity, key: keyURL, allowedSigners: locations.allowedSigners, say: LanguageChoice.resolve(nil)))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print your key's allowed_signers line, to give a colleague who checks your records.",
            discussion: "Give it by a route they trust (in person, a signed email), and read the fingerprint out to them.")

        @Option(help: "The key: a private key file, or a .pub for ssh-agent (default: config key = line, else $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?

        func run() throws {
            try show(KeyRing.showReport(key: key.map { URL(fileURLWithPath: $0) } ?? Locations.fromEnvironment().key, say: LanguageChoice.resolve(nil)))
        }
    }

    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust",
            abstract: "Trust the keys that signed a record, after checking each fingerprint with its holder.",
            discussion: """
            For each signature that is sound but whose key is not yet in allowed_signers, shows who the \
            record says holds the key and its fingerprint, and asks. A key is trusted only for the \
            namespace it signed in (an officer's for records, a reviewer's for reviews).
            """)

        @Argument(help: "The signed record.", completion: .file(extensions: ["txt"])) var record: String
        @Option(help: "allowed_signers file to add to (default: $XDG_CONFIG_HOME/intake/allowed_signers).") var allowedSigners: String?

        func run() throws {
            let url = allowedSigners.map { URL(fileURLWithPath: $0) } ?? Locations.fromEnvironment().allowedSigners
            guard IntakeRecords.Trust.offer(record, allowedSigners: url, ask: { LineInput.ask($0) }, tell: { printError($0) }) else {
                throw ExitCode(Exit.invalidInput)
            }
            // Now the signers are trusted, a countersigned copy replaces the record before its review.
            if let (data, verifier) = try? SignedInput.read(record, allowedSigners: url.path) {
                try show(NewerCopy.keepInRecordFolders(data, from: record, verifier: verifier, say: LanguageChoice.resolve(nil)))
            }
        }
    }
}
