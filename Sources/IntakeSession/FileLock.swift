import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// An exclusive lock held for as long as this value lives: one process per open interview, one
/// supervisor per review. The lock file holds the holder's process id, so a refusal can name it.
package final class FileLock: @unchecked Sendable {
    /// Another process holds the lock.
    package struct Held: Error, Equatable, Sendable, CustomStringConvertible {
        /// The holder's process id, when it could be read.
        package var pid: Int32?
        /// The lock file.
        package var path: String
        package var description: String {
            "it is open in another intake" + (pid.map { " (process \($0))" } ?? "")
        }
    }

    /// The lock file.
    package let url: URL
    private let fd: Int32

    /// Takes the lock at `url` without waiting. Throws `Held` when another process has it, or
    /// `SignatureError.io` when the file cannot be made.
    /// With `makeFolder`, the lock's folder is made private first (intake's own folders); a record
    /// reviewed where the supervisor keeps it is locked in place.
    /// With `wait`, waits for the holder to let go instead (a short critical section, never an interview).
    package init(_ url: URL, makeFolder: Bool = true, wait: Bool = false) throws {
        if makeFolder { try PrivateFolder.prepare(url.deletingLastPathComponent()) }
        let fd = open(url.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SignatureError.io("cannot open the lock \(url.path): \(FileOps.lastError())") }
        guard flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 else {
            let pid = FileLock.pid(in: fd)
            close(fd)
            throw Held(pid: pid, path: url.path)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
        self.url = url
        self.fd = fd
    }

    deinit { close(fd) }

    /// Removes the lock file while still holding it (the interview or review is over).
    package func remove() { unlink(url.path) }

    /// Whether another process holds the lock at `url`, and its process id if so.
    package static func holder(of url: URL) -> Held? {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { flock(fd, LOCK_UN); return nil }
        return Held(pid: pid(in: fd), path: url.path)
    }

    private static func pid(in fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[..<n], as: UTF8.self).trimmed())
    }
}
