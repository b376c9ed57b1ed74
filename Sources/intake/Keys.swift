import ArgumentParser
import Foundation
import IntakeRecords

/// `intake keys`: the signing key.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or adopt the signing key.", subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an ed25519 signing key (or adopt an existing unencrypted one) and record who it belongs to.",
            discussion: """
            Writes KEY (OpenSSH format, mode 0600), KEY.pub, KEY.identity and a line in allowed_signers, under \
            $XDG_CONFIG_HOME/intake unless --key says otherwise. An existing key file is never replaced.
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
        @Option(help: "The private key file (default: $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?

        func run() throws {
            let locations = Locations.fromEnvironment()
            let keyURL = key.map { URL(fileURLWithPath: $0) } ?? locations.key
            let identity = Identity(name: name, collar: collar ?? staffNumber ?? "", organisation: organisation,
                                    role: collar == nil ? .staff : .officer)
            do {
                let (signing, created) = try KeyRing.initialise(identity: identity, key: keyURL, allowedSigners: locations.allowedSigners)
                print("\(created ? "Created" : "Using the existing") key \(keyURL.path)")
                print("Fingerprint: \(signing.publicKey.fingerprint)")
                print("Signer: \(identity.principal) (\(identity.description))")
                print("Trusted in: \(locations.allowedSigners.path)")
            } catch {
                printError("intake: \(error)")
                throw ExitCode(Exit.invalidInput)
            }
        }
    }
}
