import Foundation

/// A cache for `intake records`, so a folder of 10,000 records lists in well under two seconds: each
/// record's verified report, kept with the file's identity (device, inode, size, modification and
/// change times, as git's index keeps them) and the SHA-256 of the allowed signers it was verified
/// against. A record is read and verified again whenever any of these differs; a record that failed
/// is never kept, so it is checked every time. The files stay the truth: deleting the cache loses
/// nothing, and `intake verify`, `notice`, `review` and `update` never use it.
public struct RecordIndex: Sendable {
    /// A file's identity: any write to it changes its change time, which no user can set back.
    public struct Stamp: Codable, Sendable, Equatable {
        var device: UInt64, inode: UInt64, size: Int64
        var modified: Int64, modifiedNanos: Int64, changed: Int64, changedNanos: Int64

        /// The stamp of the file at `path` (not following a final symlink), or nil.
        public init?(path: String) {
            var s = stat()
            guard lstat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG else { return nil }
            device = UInt64(s.st_dev)
            inode = UInt64(s.st_ino)
            size = Int64(s.st_size)
            modified = Int64(s.st_mtim.tv_sec)
            modifiedNanos = Int64(s.st_mtim.tv_nsec)
            changed = Int64(s.st_ctim.tv_sec)
            changedNanos = Int64(s.st_ctim.tv_nsec)
        }
    }

    struct Item: Codable {
        var path: String
        var stamp: Stamp
        var trust: String
        var sha256: String?
        var id: String?
        var supersedes: String?
        var supersedesSHA256: String?
        var entry: RecordListing.Entry
    }

    /// Where the cache is kept.
    public let url: URL
    /// SHA-256 of the allowed signers text the reports are verified against.
    public let trust: String
    private var items: [String: Item] = [:]

    /// Loads the cache at `url` for reports verified against `allowedSigners` (and the revoked keys); an unreadable or
    /// foreign cache is an empty one.
    public init(url: URL, allowedSigners: String) {
        self.url = url
        // The rules' version too: a record kept as verified under older, laxer rules is checked again.
        trust = sha256Hex(Data((RecordVerifier.rules + "\u{0}" + allowedSigners).utf8))
        if let data = FileManager.default.contents(atPath: url.path),
           let list = try? JSONDecoder().decode([Item].self, from: data) {
            for item in list where item.trust == trust { items[item.path] = item }
        }
    }

    /// The report kept for `path` if the file still has `stamp`.
    func report(for path: String, stamp: Stamp) -> RecordFiles.Report? {
        guard let item = items[path], item.stamp == stamp else { return nil }
        var report = RecordFiles.Report(record: path, good: true, signatures: [])
        report.sha256 = item.sha256
        report.id = item.id
        report.supersedes = item.supersedes
        report.supersedesSHA256 = item.supersedesSHA256
        report.entry = item.entry
        return report
    }

    /// Keeps every good report (with the stamp its file had before it was read), replacing the
    /// cache atomically, readable by its owner only. A failed write leaves the old cache or none.
    public func save(_ reports: [(report: RecordFiles.Report, stamp: Stamp?)]) {
        let list = reports.compactMap { r, stamp -> Item? in
            guard let stamp, r.good, let entry = r.entry, entry.verified else { return nil }
            var kept = entry
            kept.supersededBy = nil  // worked out afresh each time, from the records listed
            return Item(path: r.record, stamp: stamp, trust: trust, sha256: r.sha256, id: r.id, supersedes: r.supersedes,
                        supersedesSHA256: r.supersedesSHA256, entry: kept)
        }
        guard let data = try? JSONEncoder().encode(list) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }
}
