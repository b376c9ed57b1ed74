import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// The officer's signing key: where it is, who it says they are, and making one when there is none.
struct Signing {
    var keyPath: String?
    var training: Bool
    /// The language the interview opens in: the set-up of a key is said in it too.
    var say: Language = .en

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
            printError(say(.keyUnusable, "\(error)"))
        }
    }

    /// On a terminal with no key yet: say how to make one and, if asked, make it now.
    func offerKeyIfMissing(interactive: Bool) {
        guard !FileManager.default.fileExists(atPath: keyURL.path) else { return }
        printError(say(.keyMissing, keyURL.path))
        printError(say(.keyCreateWith))
        guard interactive else { return }
        // "y", or the Welsh "i" (ie), makes one; anything else goes on without.
        guard let answer = LineInput.ask(say(.keyCreateNow)), ["y", "i"].contains(answer.lowercased().prefix(1)) else { return }
        // Asked again until something is typed; only the end of input gives up.
        func ask(_ prompt: Phrase) -> String? {
            while true {
                guard let line = LineInput.ask(say(prompt)) else { return nil }
                if !line.isEmpty { return line }
                printError(say(.keyNeeded))
            }
        }
        guard let name = ask(.keyYourName), let collar = ask(.keyYourCollar), let organisation = ask(.keyYourForce) else {
            printError(say(.keyNotCreated))
            return
        }
        do {
            let made = try KeyRing.initialise(identity: Identity(name: name, collar: collar, organisation: organisation),
                                              key: keyURL, allowedSigners: locations.allowedSigners)
            printError(say(.keyCreated, keyURL.path, made.key.publicKey.fingerprint))
        } catch {
            printError("intake: \(error)")
        }
    }
}
