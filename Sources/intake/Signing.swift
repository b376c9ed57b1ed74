import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// The officer's signing key: where it is, who it says they are, and making one when there is none.
struct Signing {
    var keyPath: String?
    var training: Bool

    var locations: Locations { Locations.fromEnvironment() }
    var keyURL: URL { keyPath.map { URL(fileURLWithPath: $0) } ?? locations.key }

    /// The identity of the signing key, when there is a readable one. Read without ssh-agent: an
    /// agent started during the interview still signs at its end.
    func identity() -> Identity? {
        guard FileManager.default.fileExists(atPath: keyURL.path) else { return nil }
        return try? KeyRing.publicKey(key: keyURL).identity
    }

    /// Says now, not at the end, when the key cannot sign (ssh-agent not running or without it, a
    /// passphrase-protected key not in an agent), so the officer can fix it during the interview.
    func warnIfUnusable() {
        guard FileManager.default.fileExists(atPath: keyURL.path) else { return }
        do {
            _ = try KeyRing.load(key: keyURL)
        } catch {
            printError("warning: the record cannot be signed as things stand: \(error). Fix this before the end, or the record will be printed unsigned.")
        }
    }

    /// On a terminal with no key yet: say how to make one and, if asked, make it now.
    func offerKeyIfMissing(interactive: Bool) {
        guard !FileManager.default.fileExists(atPath: keyURL.path) else { return }
        printError("There is no signing key yet (\(keyURL.path)). Finished records are signed with it.")
        printError("Create one with: intake keys init --name NAME --collar NUMBER --organisation ORG")
        guard interactive else { return }
        guard let answer = LineInput.ask("Create it now? [y/N] "), answer.lowercased().hasPrefix("y") else { return }
        // Asked again until something is typed; only the end of input gives up.
        func ask(_ prompt: String) -> String? {
            while true {
                guard let line = LineInput.ask("\(prompt): ") else { return nil }
                if !line.isEmpty { return line }
                printError("  ! this is needed for the record's Officer line; type it, or press Ctrl-D to go on without a key")
            }
        }
        guard let name = ask("Your full name"), let collar = ask("Your collar or staff number"),
              let organisation = ask("Your force or organisation") else {
            printError("No key created; the record will not be signed.")
            return
        }
        do {
            let made = try KeyRing.initialise(identity: Identity(name: name, collar: collar, organisation: organisation),
                                              key: keyURL, allowedSigners: locations.allowedSigners)
            printError("Created \(keyURL.path) (\(made.key.publicKey.fingerprint)).")
        } catch {
            printError("intake: \(error)")
        }
    }
}
