import Foundation
import IntakeRecords

/// What this machine verified of records from the store, by the SHA-256 of their bytes and the trust
/// files they were verified against (`$XDG_CACHE_HOME/intake/store-verified.json`, 0600 in a 0700
/// folder). A listing asks the server for ids and hashes only and fetches the bytes of a hash it has
/// not verified: the same bytes verify the same way, so a second listing moves no record text. What
/// is shown is always bytes verified here; a row the server holds under a hash it did not compute
/// from them is caught when its bytes are fetched (review, update, sync). Only good entries are kept.
package struct VerifiedCache: Sendable {
    package let url: URL
    private let trust: String
    private var entries: [String: RecordListing.Entry] = [:]

    struct File: Codable {
        var trust: String
        var entries: [String: RecordListing.Entry]
    }

    package init(url: URL, trustText: String) {
        self.url = url
        trust = sha256Hex(Data((RecordVerifier.rules + "\u{0}" + trustText).utf8))
        if let data = FileManager.default.contents(atPath: url.path), let file = try? JSONDecoder().decode(File.self, from: data),
           file.trust == trust {
            entries = file.entries
        }
    }

    package func entry(_ sha256: String) -> RecordListing.Entry? { entries[sha256] }

    package mutating func keep(_ sha256: String, _ entry: RecordListing.Entry) {
        guard entry.verified else { return }
        var kept = entry
        kept.supersededBy = nil
        entries[sha256] = kept
    }

    /// Written whole, private; a failure leaves the old cache or none (it is only a cache).
    package func save() {
        guard let data = try? JSONEncoder().encode(File(trust: trust, entries: entries)) else { return }
        try? PrivateFolder.prepare(url.deletingLastPathComponent())
        try? RecordStore(directory: url.deletingLastPathComponent()).replace(url, contents: String(decoding: data, as: UTF8.self))
    }
}
