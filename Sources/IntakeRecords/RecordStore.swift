import FoundationEssentials
import Glibc

/// Durable, private storage of record files: folder 0700, files 0600, written whole or not at all.
package struct RecordStore: Sendable {
    /// The folder.
    package let directory: URL
    private let ops: FileOps

    /// A store in `directory`, created (0700) when first written.
    package init(directory: URL, ops: FileOps = .system) {
        self.directory = directory
        self.ops = ops
    }

    /// Writes a new file `name`; refuses to replace one that exists. `privateFolder` false leaves the
    /// folder as it is (a folder the user named, such as the letters' `--output`).
    package func create(_ name: String, contents: String, privateFolder: Bool = true) throws(SignatureError) -> URL {
        try create(name, bytes: Array(contents.utf8), privateFolder: privateFolder)
    }

    /// Writes a new file `name` holding `bytes`, as `create(_:contents:)` does.
    package func create(_ name: String, bytes: [UInt8], privateFolder: Bool = true) throws(SignatureError) -> URL {
        if privateFolder { try prepare() }
        let final = directory.appendingPathComponent(name)
        let temporary = try writeTemporary(bytes)
        // link() fails if the name is taken, so an existing record is never replaced.
        if link(temporary.path, final.path) != 0 {
            let why = errno
            unlink(temporary.path)
            if why == EEXIST { throw .exists(path: final.path) }
            throw .io("cannot save \(final.path): \(String(cString: strerror(why)))")
        }
        unlink(temporary.path)
        try syncDirectory()
        return final
    }

    /// Replaces `file` atomically with `contents` (used to append a review): readers see the old or
    /// the new file, never a mixture.
    /// `mode` is the new file's permission bits (default 0600, a record's).
    package func replace(_ file: URL, contents: String, mode: mode_t = 0o600) throws(SignatureError) {
        try replace(file, bytes: Array(contents.utf8), mode: mode)
    }

    /// Replaces `file` atomically with `bytes`, as `replace(_:contents:mode:)` does.
    package func replace(_ file: URL, bytes: [UInt8], mode: mode_t = 0o600) throws(SignatureError) {
        // The file's own folder, wherever the reviewer keeps it: not made, not chmodded.
        let temporary = try writeTemporary(bytes, near: file.deletingLastPathComponent())
        if mode != 0o600 { chmod(temporary.path, mode) }
        guard rename(temporary.path, file.path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary.path)
            throw .io("cannot save \(file.path): \(why)")
        }
        try syncDirectory(file.deletingLastPathComponent())
    }

    private func prepare() throws(SignatureError) {
        try PrivateFolder.prepare(directory)
    }

    /// Removes `.tmp-…` files a killed save left behind, once they are older than `age` seconds (a
    /// younger one may be another intake's save in progress). Returns how many were removed.
    @discardableResult
    package func removeStaleTemporaries(olderThan age: TimeInterval = 600, now: Date = Date()) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".tmp-") {
            let path = directory.appendingPathComponent(name).path
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                  now.timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > age else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    private func writeTemporary(_ contents: [UInt8], near folder: URL? = nil) throws(SignatureError) -> URL {
        let url = (folder ?? directory).appendingPathComponent(".tmp-\(UUID().uuidString)")
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("cannot write in \((folder ?? directory).path): \(FileOps.lastError())") }
        if let why = ops.writeAll(fd, contents) {
            close(fd)
            unlink(url.path)
            throw .io("cannot write \(url.path): \(why)")
        }
        guard ops.fsync(fd) == 0 else {
            let why = FileOps.lastError()
            close(fd)
            unlink(url.path)
            throw .io("cannot flush \(url.path) to disk: \(why)")
        }
        close(fd)
        return url
    }

    private func syncDirectory(_ folder: URL? = nil) throws(SignatureError) {
        let fd = open((folder ?? directory).path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        if ops.fsync(fd) != 0 { throw .io("cannot flush \((folder ?? directory).path) to disk: \(FileOps.lastError())") }
    }
}
