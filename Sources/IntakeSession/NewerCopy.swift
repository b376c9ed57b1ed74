import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// Keeps the newest signed copy of a record in the records folders (issue 36, item 1). A supervisor
/// often countersigns a copy in their own home and sends it back; the officer then follows it up, or
/// trusts its keys, from that copy, while their own folder still holds the record as they signed it.
/// A copy there is replaced only when it is that record exactly as far as it goes — the newer file
/// begins with its bytes and adds signed sections after it — and every signature of the newer file
/// is good, under the copy's own lock. Anything else is left as it is, for `intake verify` to judge.
package enum NewerCopy {
    /// Brings the copy of `data` (read from `path`) in each of `folders` up to date; says what it did.
    package static func keep(_ data: Data, from path: String, verifier: RecordVerifier, in folders: [URL]) -> [RecordReview.WriteBack] {
        let checks = verifier.verify(data, path: path)
        guard checks.count >= 2, checks.allSatisfy(\.good) else { return [] }
        return replaceEarlier(with: data, from: URL(fileURLWithPath: path), in: folders)
    }

    /// Replaces the copy named like `source` in each of `folders` (not `source` itself) that is
    /// `newer` before its later sections, under its lock; a copy that is anything else is reported
    /// as differing and left as it is. `newer` is already known to be good.
    static func replaceEarlier(with newer: Data, from source: URL, in folders: [URL]) -> [RecordReview.WriteBack] {
        let source = source.standardizedFileURL.resolvingSymlinksInPath()
        var out: [RecordReview.WriteBack] = []
        for folder in folders {
            let copy = folder.appendingPathComponent(source.lastPathComponent)
            guard copy.standardizedFileURL.resolvingSymlinksInPath() != source,
                  FileManager.default.fileExists(atPath: copy.path) else { continue }
            do {
                let update = try RecordUpdate(copy)
                guard isEarlier(update.original, than: newer) else { out.append(.differs(copy)); continue }
                try update.replace(with: String(decoding: newer, as: UTF8.self))
                out.append(.written(copy))
            } catch {
                out.append(.failed(copy, "\(error)"))
            }
        }
        return out
    }

    /// Whether `local` is `newer` before its later sections: a strict prefix of it that ends where a
    /// signature block ends.
    static func isEarlier(_ local: Data, than newer: Data) -> Bool {
        let end = Data((SSHSignature.endMarker + "\n").utf8)
        return local.count < newer.count && newer.starts(with: local) && local.suffix(end.count) == end
    }
}

extension NewerCopy {
    /// `keep` over the records folders this user's configuration names, said in `say`'s words.
    package static func keepInRecordFolders(_ data: Data, from path: String, verifier: RecordVerifier, say: Language) -> Report {
        report(keep(data, from: path, verifier: verifier, in: Locations.fromEnvironment().recordFolders().map { URL(fileURLWithPath: $0) }),
               say: say)
    }

    /// What `keep` did, in words, on standard error.
    package static func report(_ results: [RecordReview.WriteBack], say: Language) -> Report {
        var report = Report()
        for result in results {
            switch result {
            case .written(let copy): report.error(say(.newerCopyKept, Visible.line(copy.path)))
            case .failed(let copy, let why): report.error(say(.reviewWriteBackFailed, Visible.line(copy.path), why))
            case .differs: break
            }
        }
        return report
    }
}
