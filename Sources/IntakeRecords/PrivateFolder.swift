import FoundationEssentials
import Glibc

/// Folders only this user can read (0700), made without following a symbolic link: a `records/`
/// or `journal/` that was a link had its target chmodded and written into.
package enum PrivateFolder {
    /// Makes `url` (and its parents, as usual) if missing, then checks that the folder itself is a
    /// real folder, not a link, and sets it to 0700 through its own descriptor.
    package static func prepare(_ url: URL) throws(SignatureError) {
        let path = url.path
        // Each missing folder made with mkdir, so a failure names the real reason (a read-only disk,
        // a missing parent) rather than Foundation's "could not be completed".
        var missing: [String] = []
        var probe = url
        while !FileManager.default.fileExists(atPath: probe.path), probe.path != "/" {
            missing.insert(probe.path, at: 0)
            probe = probe.deletingLastPathComponent()
        }
        for folder in missing where mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw .io("cannot create \(folder): \(FileOps.lastError())")
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP || errno == ENOTDIR {
                throw .io("\(path) is a symbolic link or not a folder; intake keeps records only in a real folder of its own")
            }
            throw .io("cannot open \(path): \(FileOps.lastError())")
        }
        defer { close(fd) }
        if fchmod(fd, 0o700) != 0 { throw .io("cannot make \(path) private: \(FileOps.lastError())") }
    }
}
