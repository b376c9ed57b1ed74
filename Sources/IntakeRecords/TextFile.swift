import Glibc

/// A small file's text, read with open and read. Foundation's `String(contentsOf:encoding:)` also
/// asks for the file's extended attributes, into a dictionary, and for a missing file builds an error
/// full of details. A start reads the config (often absent) and the key's identity this way, and
/// those dictionaries were among the first it made: a first use of a generic type in Foundation's
/// pre-built code costs a look-up through every conformance in the binary (issue 37).
package enum TextFile {
    /// The most read: a config or an identity is a few lines, so a bigger file is not one.
    package static let maximumBytes = 1 << 20

    /// The text of the file at `path`; nil when it is missing, unreadable, not a regular file, not
    /// UTF-8 (where `String(contentsOf:encoding: .utf8)` also gave nothing), or over `maximumBytes`.
    package static func read(_ path: String) -> String? {
        // Non-blocking, as Foundation opens: a FIFO put in the config's place must not hang a start.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= maximumBytes else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
            // A file that grows while it is read stops here too.
            if bytes.count > maximumBytes { return nil }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
