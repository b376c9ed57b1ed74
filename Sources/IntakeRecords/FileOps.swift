import FoundationEssentials
import Glibc

/// The system calls that make intake's files durable, as values, so tests can make any of them fail
/// (a full disk, a failed fsync, a short write, EIO) without root. `FileOps.system` is the real thing.
package struct FileOps: Sendable {
    /// `write(2)`: bytes written, or -1 with errno set.
    package var write: @Sendable (Int32, UnsafeRawBufferPointer) -> Int
    /// `fsync(2)`: 0, or -1 with errno set.
    package var fsync: @Sendable (Int32) -> Int32
    /// `ftruncate(2)`.
    package var ftruncate: @Sendable (Int32, off_t) -> Int32

    /// Creates a set of calls.
    package init(write: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int,
                fsync: @escaping @Sendable (Int32) -> Int32,
                ftruncate: @escaping @Sendable (Int32, off_t) -> Int32) {
        self.write = write
        self.fsync = fsync
        self.ftruncate = ftruncate
    }

    /// The operating system's calls.
    package static let system = FileOps(
        write: { fd, bytes in Glibc.write(fd, bytes.baseAddress, bytes.count) },
        fsync: { Glibc.fsync($0) },
        ftruncate: { Glibc.ftruncate($0, $1) })

    /// Writes all of `bytes`, retrying short writes and EINTR. On failure, says why with the real
    /// errno, or that the write stopped short (which sets no errno, so "Success" must never be shown).
    package func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        var done = 0
        while done < bytes.count {
            errno = 0
            let n = bytes[done...].withUnsafeBytes { write(fd, $0) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return String(cString: strerror(errno)) }
            if n == 0 { return "the write stopped after \(done) of \(bytes.count) bytes (is the disk full?)" }
            done += n
        }
        return nil
    }

    /// The errno of the last failed call, in words.
    package static func lastError() -> String { String(cString: strerror(errno)) }
}
