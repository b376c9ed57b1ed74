import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession

/// Signs and saves finished interviews; shared by `run` and `review`.
struct Signing {
    var keyPath: String?
    var training: Bool

    var locations: Locations { Locations.fromEnvironment() }
    var keyURL: URL { keyPath.map { URL(fileURLWithPath: $0) } ?? locations.key }

    /// The identity of the signing key, when there is a readable one.
    func identity() -> Identity? {
        guard FileManager.default.fileExists(atPath: keyURL.path) else { return nil }
        return try? KeyRing.load(key: keyURL).identity
    }

    /// Gives `interview` the answers its flow takes from the signing identity, if there is one.
    /// Returns whether it did.
    @discardableResult
    func giveIdentity(to interview: inout Interview, at: Date) -> Bool {
        guard let identity = identity() else { return false }
        for event in identity.givenEvents(for: interview.flow, at: at) { reduce(&interview, event) }
        return true
    }

    /// On a terminal with no key yet: say how to make one and, if asked, make it now.
    func offerKeyIfMissing(interactive: Bool) {
        guard !FileManager.default.fileExists(atPath: keyURL.path) else { return }
        printError("There is no signing key yet (\(keyURL.path)). Finished records are signed with it.")
        printError("Create one with: intake keys init --name NAME --collar NUMBER --organisation ORG")
        guard interactive else { return }
        writeError("Create it now? [y/N] ")
        guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { return }
        // Asked again until something is typed; only the end of input gives up.
        func ask(_ prompt: String) -> String? {
            while true {
                writeError("\(prompt): ")
                guard let line = readLine()?.trimmingCharacters(in: .whitespaces) else { return nil }
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

    /// Signs, saves and prints the record of a finished interview. Without a usable key, or when it
    /// cannot be stored, the record is still printed, so nothing is lost, and the exit code says so.
    func finish(_ interview: Interview, flowSHA256: String, recordId: String, source: SourceRecord? = nil) throws {
        let context = RecordContext(recordId: recordId, flowSHA256: flowSHA256, training: training, source: source)
        switch Finish.record(interview, context: context, key: keyURL, records: RecordStore(directory: locations.records)) {
        case .saved(let text, let path):
            print(text, terminator: "")
            printError("Signed record saved: \(path)")
        case .notSaved(let text, let why):
            print(text, terminator: "")
            printError("intake: the record above is \(why)")
            throw ExitCode(Exit.unsigned)
        }
    }
}
