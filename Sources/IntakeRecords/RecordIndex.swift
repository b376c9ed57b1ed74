import FoundationEssentials
import Glibc
import IntakeCore

/// A cache for `intake records`, so a folder of 10,000 records lists in well under two seconds: each
/// record's verified report, kept under the SHA-256 of the file's bytes and the SHA-256 of the trust
/// files it was verified against. Every file is read and hashed each time (reading is cheap next to
/// verifying); a file whose bytes are not exactly those verified before is verified again, so an
/// edited or replaced record is never taken from the cache (issue 33: keyed by the file's stamp, an
/// edited cache entry listed a tampered record as verified). A record that failed is never kept. The
/// cache is 0600 in a 0700 folder; the files stay the truth: deleting it loses nothing, and `intake
/// verify`, `notice`, `review` and `update` never use it.
package struct RecordIndex: Sendable {
    struct Item {
        var sha256: String
        var trust: String
        var id: String?
        var supersedes: String?
        var supersedesSHA256: String?
        var signedSHA256: String?
        var supersedesSignedSHA256: String?
        var supersedesCountersignedBy: String?
        var policy: [String]?
        var entry: RecordListing.Entry
    }

    /// The cache's first line: its form, so a cache of another form is never misread.
    private static let magic = Array("intake-record-index 2\n".utf8)

    /// Where the cache is kept.
    package let url: URL
    /// SHA-256 of the allowed signers text the reports are verified against.
    package let trust: String
    private var items: [String: Item] = [:]

    /// Loads the cache at `url` for reports verified against `allowedSigners` (and the revoked keys);
    /// an unreadable or foreign cache is an empty one.
    package init(url: URL, allowedSigners: String) {
        self.url = url
        // The rules' version too: a record kept as verified under older, laxer rules is checked again.
        trust = sha256Hex(Data((RecordVerifier.rules + "\u{0}" + allowedSigners).utf8))
        // The compact form flows are kept in (issue 37, item 6): Foundation's JSON decoder was most of
        // a cached listing. A cache in any other form (JSON before 0.17.0, the keyed entries of
        // 0.17.x) reads as none, and is replaced by the first listing.
        if let data = FileManager.default.contents(atPath: url.path), data.starts(with: Self.magic) {
            let list = data.withUnsafeBytes { raw in
                try? [Item](compactBytes: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[Self.magic.count...]))
            }
            // Sized first: grown a step at a time, the table was rehashed ten times for 10,000.
            items.reserveCapacity(list?.count ?? 0)
            for item in list ?? [] where item.trust == trust { items[item.sha256] = item }
        }
    }

    /// The report kept for bytes with SHA-256 `sha256`, as the report of the file at `path`.
    func report(for path: String, sha256: String) -> RecordFiles.Report? {
        // An entry kept before 0.15.0 lacks what a chain check needs: verified again, once.
        guard let item = items[sha256], item.signedSHA256 != nil else { return nil }
        var report = RecordFiles.Report(record: path, good: true, signatures: [])
        report.sha256 = item.sha256
        report.id = item.id
        report.supersedes = item.supersedes
        report.supersedesSHA256 = item.supersedesSHA256
        report.signedSHA256 = item.signedSHA256
        report.supersedesSignedSHA256 = item.supersedesSignedSHA256
        report.supersedesCountersignedBy = item.supersedesCountersignedBy
        report.policy = item.policy
        report.policyProblem = item.entry.policyProblem
        var entry = item.entry
        entry.path = path
        report.entry = entry
        return report
    }

    /// Keeps every good report, replacing the cache atomically, readable by its owner only, in a
    /// folder only its owner can enter — only when what it would keep differs from what it holds. A
    /// failed write leaves the old cache or none.
    package func save(_ reports: [RecordFiles.Report]) {
        // Nothing new verified and nothing gone: the cache already says exactly this, and rewriting
        // 8.5 MB on every listing of 10,000 unchanged records was a third of the cached run (issue 37).
        // Asked of the hashes alone first: building every entry to compare was 5 % of a cached run.
        let good = Set(reports.compactMap { r in r.good && r.entry?.verified == true ? r.sha256 : nil })
        if good == Set(items.keys), items.values.allSatisfy({ $0.signedSHA256 != nil }) { return }
        var kept: [String: Item] = [:]
        for r in reports {
            guard r.good, let sha = r.sha256, let entry = r.entry, entry.verified else { continue }
            var e = entry
            e.supersededBy = nil  // worked out afresh each time, from the records listed
            kept[sha] = Item(sha256: sha, trust: trust, id: r.id, supersedes: r.supersedes, supersedesSHA256: r.supersedesSHA256,
                             signedSHA256: r.signedSHA256, supersedesSignedSHA256: r.supersedesSignedSHA256,
                             supersedesCountersignedBy: r.supersedesCountersignedBy, policy: r.policy, entry: e)
        }
        let bytes = Self.magic + kept.values.sorted { $0.sha256 < $1.sha256 }.compactBytes()
        do {
            try PrivateFolder.prepare(url.deletingLastPathComponent())
            let folder = RecordStore(directory: url.deletingLastPathComponent())
            folder.removeStaleTemporaries()
            try folder.replace(url, bytes: bytes)
            // The JSON cache of 0.16.0 and before, up to 8.5 MB, is read by nothing now.
            unlink(url.path + ".json")
        } catch {
            return
        }
    }
}

extension RecordIndex.Item: Compact {
    init(compact r: inout CompactReader) throws {
        sha256 = try r.read()
        trust = try r.read()
        id = try r.read()
        supersedes = try r.read()
        supersedesSHA256 = try r.read()
        signedSHA256 = try r.read()
        supersedesSignedSHA256 = try r.read()
        supersedesCountersignedBy = try r.read()
        policy = try r.read()
        entry = try r.read()
    }

    func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("sha256", sha256)
            w.field("trust", trust)
            w.field("id", id)
            w.field("supersedes", supersedes)
            w.field("supersedesSHA256", supersedesSHA256)
            w.field("signedSHA256", signedSHA256)
            w.field("supersedesSignedSHA256", supersedesSignedSHA256)
            w.field("supersedesCountersignedBy", supersedesCountersignedBy)
            w.field("policy", policy)
            w.field("entry", entry)
        }
    }
}

extension RecordListing.Entry: Compact {
    package init(compact r: inout CompactReader) throws {
        path = try r.read()
        id = try r.read()
        caseId = try r.read()
        finished = try r.read()
        crimeReference = try r.read()
        officer = try r.read()
        signer = try r.read()
        flow = try r.read()
        version = try r.read()
        classification = try r.read()
        outcome21 = try r.read()
        review = try r.read()
        reviewer = try r.read()
        supersededBy = try r.read()
        outstanding = try r.read()
        training = try r.read()
        verified = try r.read()
        problems = try r.read()
        failure = try r.read()
        policy = try r.read()
        policyProblem = try r.read()
        nextToDo = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("path", path)
            w.field("id", id)
            w.field("caseId", caseId)
            w.field("finished", finished)
            w.field("crimeReference", crimeReference)
            w.field("officer", officer)
            w.field("signer", signer)
            w.field("flow", flow)
            w.field("version", version)
            w.field("classification", classification)
            w.field("outcome21", outcome21)
            w.field("review", review)
            w.field("reviewer", reviewer)
            w.field("supersededBy", supersededBy)
            w.field("outstanding", outstanding)
            w.field("training", training)
            w.field("verified", verified)
            w.field("problems", problems)
            w.field("failure", failure)
            w.field("policy", policy)
            w.field("policyProblem", policyProblem)
            w.field("nextToDo", nextToDo)
        }
    }
}

extension RecordListing.Outcome21: CompactByName {}
extension SignatureCheck.Failure: CompactByName {}
