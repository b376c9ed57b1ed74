import Foundation

/// Durable, private storage of record files: folder 0700, files 0600, written whole or not at all.
public struct RecordStore: Sendable {
    /// The folder.
    public let directory: URL

    /// A store in `directory`, created (0700) when first written.
    public init(directory: URL) { self.directory = directory }

    /// Writes a new file `name`; refuses to replace one that exists.
    public func create(_ name: String, contents: String) throws(SignatureError) -> URL {
        try prepare()
        let final = directory.appendingPathComponent(name)
        let temporary = try writeTemporary(contents)
        // link() fails if the name is taken, so an existing record is never replaced.
        if link(temporary.path, final.path) != 0 {
            let why = errno
            unlink(temporary.path)
            if why == EEXIST { throw .io("\(final.path) already exists; a record is never overwritten") }
            throw .io("cannot save \(final.path): \(String(cString: strerror(why)))")
        }
        unlink(temporary.path)
        try syncDirectory()
        return final
    }

    /// Replaces `file` atomically with `contents` (used to append a review): readers see the old or
    /// the new file, never a mixture.
    public func replace(_ file: URL, contents: String) throws(SignatureError) {
        try prepare()
        let temporary = try writeTemporary(contents, near: file.deletingLastPathComponent())
        guard rename(temporary.path, file.path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary.path)
            throw .io("cannot save \(file.path): \(why)")
        }
        try syncDirectory(file.deletingLastPathComponent())
    }

    private func prepare() throws(SignatureError) {
        if !FileManager.default.fileExists(atPath: directory.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .io("cannot create \(directory.path): \(error.localizedDescription)")
            }
        }
        chmod(directory.path, 0o700)
    }

    private func writeTemporary(_ contents: String, near folder: URL? = nil) throws(SignatureError) -> URL {
        let url = (folder ?? directory).appendingPathComponent(".tmp-\(UUID().uuidString)")
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .io("cannot write in \((folder ?? directory).path): \(String(cString: strerror(errno)))") }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let why = String(cString: strerror(errno))
                close(fd)
                unlink(url.path)
                throw .io("cannot write \(url.path): \(why)")
            }
            written += n
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced else { unlink(url.path); throw .io("cannot flush \(url.path) to disk") }
        return url
    }

    private func syncDirectory(_ folder: URL? = nil) throws(SignatureError) {
        let fd = open((folder ?? directory).path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .io("cannot flush \((folder ?? directory).path) to disk") }
    }
}
