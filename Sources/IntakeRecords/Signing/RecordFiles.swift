import Crypto
import FoundationEssentials
import Glibc
import Dispatch
import Synchronization
import IntakeCore

/// Checking many record files at once, as `intake verify` does for a folder of them.
package enum RecordFiles {
    /// One file's result: good only if every signature in it is good and trusted.
    package struct Report: Codable, Sendable, Equatable {
        package var record: String
        package var good: Bool
        package var signatures: [SignatureCheck]
        /// The record's id, and the record it supersedes (a follow-up), from its header.
        package var id: String?
        package var supersedes: String?
        /// The record among those checked that supersedes this one.
        package var supersededBy: String?
        /// What the chain check found: lines to show after the signatures.
        package var chain: [String] = []
        /// The chain lines that are problems (a follow-up naming a file that changed): kept apart so
        /// a listing flags them without matching on their words.
        package var chainProblems: [String] = []
        /// SHA-256 of the file, and the SHA-256 its follow-up names for the record it supersedes.
        package var sha256: String?
        var supersedesSHA256: String?
        /// SHA-256 of what the officer's signature covers, and what the follow-up says of the copy it
        /// names: the same officer-signed record, and who had countersigned it (issue 36).
        var signedSHA256: String?
        var supersedesSignedSHA256: String?
        var supersedesCountersignedBy: String?
        /// What `intake records` lists of it, when asked for.
        package var entry: RecordListing.Entry?
        /// The policy lines the record carries (`Flow policy: …`), and why it is not on approved
        /// policy, if it is not (issue 31).
        package var policy: [String]?
        package var policyProblem: String?

        enum CodingKeys: String, CodingKey { case record, good, signatures, id, supersedes, supersededBy, chain, policy, policyProblem }
    }

    /// A folder stands for its `.txt` files, sorted; anything else is taken as a file.
    package static func expand(_ path: String) -> [String] {
        var isFolder = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder,
              let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { PathText.appending(path, $0) }
    }

    /// Verifies each file with `verifier`, on every core (records are independent), reported in the
    /// order given. A file that cannot be read is a failed report, never skipped.
    /// With `listing`, each report also carries its listing entry, read from the same bytes.
    package static func verify(_ paths: [String], with verifier: RecordVerifier, listing: Bool = false) -> [Report] {
        let results = Slots<Report>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            results.set(i, one(paths[i], verifier, listing: listing))
        }
        return chained(results.all)
    }

    /// `verify` with listing entries for `intake records`: every file is read and hashed; one whose
    /// bytes `index` verified before is not verified again; the index is then updated.
    package static func list(_ paths: [String], with verifier: RecordVerifier, index: RecordIndex?) -> [Report] {
        let results = Slots<Report>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            guard let data = FileManager.default.contents(atPath: paths[i]) else {
                results.set(i, one(paths[i], verifier, listing: true))
                return
            }
            // Without a cache the report hashes the file itself, with its signed part in the same pass.
            guard let index else {
                results.set(i, report(data, name: paths[i], with: verifier, listing: true))
                return
            }
            // Hashed once: the cache's key is also the report's.
            let sha256 = sha256Hex(data)
            if let kept = index.report(for: paths[i], sha256: sha256) {
                results.set(i, kept)
            } else {
                results.set(i, report(data, name: paths[i], with: verifier, listing: true, sha256: sha256))
            }
        }
        let reports = chained(results.all)
        index?.save(reports)
        return reports
    }

    /// One file's report.
    static func one(_ record: String, _ verifier: RecordVerifier, listing: Bool) -> Report {
        guard let data = FileManager.default.contents(atPath: record) else {
            return Report(record: record, good: false, signatures: [.record(.unreadable, "cannot read the file: \(String(cString: strerror(errno)))")])
        }
        return report(data, name: record, with: verifier, listing: listing)
    }

    /// The report of a record's bytes read from somewhere other than a file (the store), checked
    /// exactly as a file is: `name` is what messages call it; `sha256`, when given, is the bytes'
    /// SHA-256 already worked out (a listing hashed them for its cache).
    package static func report(_ data: Data, name record: String, with verifier: RecordVerifier, listing: Bool = true,
                               sha256: String? = nil) -> Report {
        let checks = verifier.verify(data, path: record)
        var report = Report(record: record, good: checks.allSatisfy(\.good), signatures: checks)
        let signed = SignedRecord.blocks(in: data).first?.covered
        if let sha256 {
            report.sha256 = sha256
            report.signedSHA256 = signed.map { sha256Hex($0) }
        } else {
            // The signed part is the start of the file: one pass gives both hashes.
            (report.sha256, report.signedSHA256) = hashes(data, prefix: signed?.count)
        }
        let header = RecordHeader(data)
        report.id = header.id
        report.supersedes = header.supersedes
        report.supersedesSHA256 = header.supersedesSHA256
        report.supersedesSignedSHA256 = header.supersedesSignedSHA256
        report.supersedesCountersignedBy = header.supersedesCountersignedBy
        if listing { report.entry = RecordListing.entry(path: record, data: data, checks: checks) }
        // Read once, from the bytes: decoding the whole record to text and reading its lines three
        // times was 6 % of a cold listing.
        let policy = RecordPolicy.lines(in: data)
        report.policy = policy.map { $0.label + $0.words }
        report.policyProblem = RecordPolicy.problem(lines: policy, flowSHA256: RecordPolicy.flowSHA256(in: data))
        // Kept with the listing entry too, which the listing cache keeps.
        report.entry?.policy = policy.first { $0.label == RecordPolicy.flowLabel }?.words
        report.entry?.policyProblem = report.policyProblem
        return report
    }

    /// The SHA-256 of `data` and, when `prefix` is given, of its first `prefix` bytes, in hex.
    static func hashes(_ data: Data, prefix: Int?) -> (whole: String, prefix: String?) {
        data.withUnsafeBytes { bytes in
            var hasher = SHA256()
            guard let prefix, prefix <= bytes.count else {
                hasher.update(bufferPointer: bytes)
                return (hasher.finalize().withUnsafeBytes { lowerHex($0) }, nil)
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[..<prefix]))
            let start = hasher.finalize().withUnsafeBytes { lowerHex($0) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[prefix...]))
            return (hasher.finalize().withUnsafeBytes { lowerHex($0) }, start)
        }
    }

    /// Checks each follow-up against the record it supersedes, when that record is among those checked:
    /// a follow-up naming a file that has since changed fails. Says which records are superseded.
    package static func chained(_ reports: [Report]) -> [Report] {
        var out = reports
        let byId = Dictionary(reports.enumerated().compactMap { i, r in r.id.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        for i in out.indices {
            guard let earlier = out[i].supersedes else { continue }
            guard let j = byId[earlier] else {
                out[i].chain.append("supersedes \(earlier) (not among the files checked)")
                continue
            }
            out[j].supersededBy = out[i].id
            out[j].chain.append("superseded by \(out[i].id ?? out[i].record): a later record of the case")
            if out[j].sha256 == out[i].supersedesSHA256 {
                out[i].chain.append("supersedes \(earlier): that file is the one it names")
            } else if let signed = out[i].supersedesSignedSHA256, signed == out[j].signedSHA256 {
                // Not the same file, but the same record as its officer signed it: the copies differ
                // only in what was added after that signature (a review), which its own signature
                // covers. Nothing was altered, and saying so otherwise would accuse someone (issue 36).
                let line = out[i].supersedesCountersignedBy.map {
                    "supersedes \(earlier) as countersigned by \($0); \(out[j].record) holds \(earlier) as its officer signed it, without that review: keep the countersigned copy with the case"
                } ?? "supersedes \(earlier) as its officer signed it; \(out[j].record) holds the same record with a later signature added"
                out[i].chain.append(line)
            } else {
                out[i].good = false
                let problem = "supersedes \(earlier), but \(out[j].record) is not the file it names (SHA-256 \(out[j].sha256 ?? "?"), not \(out[i].supersedesSHA256 ?? "given")): one of them was altered or replaced"
                out[i].chain.append(problem)
                out[i].chainProblems.append(problem)
            }
        }
        return out
    }

    /// Slots filled from several threads, each index once.
    private final class Slots<T>: @unchecked Sendable {
        private var slots: [T?]
        private let lock = Mutex(())
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: T) { lock.withLock { _ in slots[i] = value } }
        var all: [T] { slots.map { $0! } }
    }
}

extension RecordFiles {
    /// What `intake verify` prints of `reports`: a line per signature, then the chain, the policy and
    /// any policy problem, each beginning with the record's path. Names and messages carry text from
    /// the record and its path: shown, never obeyed.
    package static func text(_ reports: [Report]) -> String {
        var lines: [String] = []
        for report in reports {
            let record = Visible.line(report.record)
            for check in report.signatures {
                let role = check.role.map { " (\($0))" } ?? ""
                lines.append("\(record): \(check.index == 0 ? "record" : "signature \(check.index)\(role)"): \(Visible.line(check.message))")
            }
            for line in report.chain { lines.append("\(record): \(Visible.line(line))") }
            for line in report.policy ?? [] { lines.append("\(record): \(Visible.line(line))") }
            if let problem = report.policyProblem { lines.append("\(record): not on approved policy: \(Visible.line(problem))") }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
