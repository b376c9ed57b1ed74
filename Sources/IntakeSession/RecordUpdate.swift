import FoundationEssentials
import Glibc
import IntakeRecords

/// Adding to a signed record (a supervisor's review) without losing anyone's work: one reviewer at a
/// time holds the record's lock, and the record is replaced only if it is still the file that was
/// read. Two reviews at once used to leave one countersignature, while both supervisors were told
/// theirs was added.
package final class RecordUpdate: @unchecked Sendable {
    /// The record.
    package let url: URL
    /// Its bytes when the update began.
    package let original: Data
    private let lock: FileLock

    /// Locks `url` for an update and reads it. Throws `SessionError` if another process is updating
    /// it or it cannot be read.
    package init(_ url: URL) throws(SessionError) {
        let lockURL = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".lock")
        do {
            lock = try FileLock(lockURL, makeFolder: false)
        } catch let held as FileLock.Held {
            throw SessionError("\(url.path) is being reviewed in another intake" + (held.pid.map { " (process \($0))" } ?? "")
                               + "; wait for that review to finish, then review the record as it then is")
        } catch {
            throw SessionError("cannot lock \(url.path) for review: \(error)")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SessionError("cannot read \(url.path)")
        }
        self.url = url
        original = data
    }

    /// Replaces the record with `contents`, atomically, if it is still the file that was read.
    deinit { lock.remove() }

    package func replace(with contents: String) throws(SessionError) {
        guard FileManager.default.contents(atPath: url.path) == original else {
            throw SessionError("\(url.path) changed while it was being reviewed; nothing was added. Review it again as it now is")
        }
        do {
            try RecordStore(directory: url.deletingLastPathComponent()).replace(url, contents: contents)
        } catch {
            throw SessionError("\(error)")
        }
    }
}
