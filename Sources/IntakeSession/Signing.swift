import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// The officer's signing key: where it is, who it says they are, and making one when there is none.
package struct Signing: Sendable {
    package var keyPath: String?
    package var training: Bool
    /// The language the interview opens in: the set-up of a key is said in it too.
    package var say: Language = .en

    package init(keyPath: String?, training: Bool, say: Language = .en) {
        (self.keyPath, self.training, self.say) = (keyPath, training, say)
    }

    package var locations: Locations { Locations.fromEnvironment() }
    package var keyURL: URL { keyPath.map { URL(fileURLWithPath: $0) } ?? locations.key }

    /// The identity of the signing key, when there is a readable one. Read without ssh-agent: an
    /// agent started during the interview still signs at its end.
    package func identity() -> Identity? {
        identity(at: keyURL)
    }

    private func identity(at url: URL) -> Identity? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try? KeyRing.publicKey(key: url).identity
    }

    /// The key's identity and why it cannot sign, if it cannot (ssh-agent not running or without
    /// it, a passphrase-protected key not in an agent), said at the start so the officer can fix it
    /// during the interview. From one reading of the key: each reading parses the key file and
    /// works out its public half, and an interview's start read it twice, a tenth of a warm start.
    package func readiness() -> (identity: Identity?, unusable: String?) {
        let url = keyURL
        guard FileManager.default.fileExists(atPath: url.path) else { return (nil, nil) }
        do {
            return (try KeyRing.load(key: url).identity, nil)
        } catch {
            return (identity(at: url), say(.keyUnusable, "\(error)"))
        }
    }

    /// On a terminal with no key yet: say how to make one and, if asked, make it now.
    package func offerKeyIfMissing(ask: ((String) -> String?)?, tell: (String) -> Void) {
        guard !FileManager.default.fileExists(atPath: keyURL.path) else { return }
        tell(say(.keyMissing, keyURL.path))
        tell(say(.keyCreateWith))
        guard let ask else { return }
        // "y", or the Welsh "i" (ie), makes one; anything else goes on without.
        guard let answer = ask(say(.keyCreateNow)), ["y", "i"].contains(answer.lowercased().prefix(1)) else { return }
        // Asked again until something is typed; only the end of input gives up.
        func askFor(_ prompt: Phrase) -> String? {
            while true {
                guard let line = ask(say(prompt)) else { return nil }
                if !line.isEmpty { return line }
                tell(say(.keyNeeded))
            }
        }
        guard let name = askFor(.keyYourName), let collar = askFor(.keyYourCollar), let organisation = askFor(.keyYourForce) else {
            tell(say(.keyNotCreated))
            return
        }
        do {
            let made = try KeyRing.initialise(identity: Identity(name: name, collar: collar, organisation: organisation),
                                              key: keyURL, allowedSigners: locations.allowedSigners)
            tell(say(.keyCreated, keyURL.path, made.key.publicKey.fingerprint))
        } catch {
            tell("intake: \(error)")
        }
    }
}
