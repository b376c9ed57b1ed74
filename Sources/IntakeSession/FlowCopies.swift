import Foundation
import IntakeRecords

/// The exact flow each interview started with, kept by its SHA-256 under the data folder, so an
/// interview resumes on its own flow whatever has happened to the file since (one policy edit used
/// to strand every open interview). `--flow` on resume still moves one deliberately.
public struct FlowCopies: Sendable {
    /// The folder, e.g. `$XDG_DATA_HOME/intake/flows`.
    public let directory: URL

    /// Copies kept in `directory`.
    public init(directory: URL) { self.directory = directory }

    /// Keeps a copy of `flow`'s bytes, once per hash.
    public func keep(_ flow: LoadedFlow) throws {
        let name = flow.sha256 + ".yaml"
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) { return }
        do {
            _ = try RecordStore(directory: directory).create(name, contents: String(decoding: flow.bytes, as: UTF8.self))
        } catch .io(let why) where why.hasSuffix("a record is never overwritten") {
            return  // kept meanwhile by another intake: same hash, same bytes
        }
    }

    /// The copy with this hash, checked against it; nil if there is none or it does not match.
    public func load(sha256: String, path: String) -> LoadedFlow? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit),
              let bytes = FileManager.default.contents(atPath: directory.appendingPathComponent(sha256 + ".yaml").path),
              LoadedFlow.hash(bytes) == sha256 else { return nil }
        guard var loaded = try? LoadedFlow(bytes: bytes, path: path) else { return nil }
        // Translations are not kept with the copy: those beside the original are read, and any text
        // whose English differs in them shows in English (Flow.translated(by:)).
        loaded.readTranslations(beside: path)
        return loaded
    }
}
