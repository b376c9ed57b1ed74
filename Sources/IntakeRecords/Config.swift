import FoundationEssentials
import Glibc
import IntakeCore
import Synchronization

/// The config file, `$XDG_CONFIG_HOME/intake/config`: `name = value` lines, `#` comments. One reader
/// for every setting, with one rule: **the last line for a name wins** (`records =` may be given
/// several times and each counts). A command-line option beats the environment, which beats this file
/// (docs/cli.md, "The config file"). The file is read once per process.
package struct Config: Sendable, Equatable {
    /// Every `name = value` line, in order.
    package private(set) var lines: [(name: String, value: String)]

    package static func == (a: Config, b: Config) -> Bool { a.lines.map(\.name) == b.lines.map(\.name) && a.lines.map(\.value) == b.lines.map(\.value) }

    /// Reads `text`: blank lines and lines starting with `#` are skipped, as is a line without `=` or
    /// with nothing after it.
    package init(text: String) {
        lines = text.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmedSpaces()
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmedSpaces() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            return (parts[0], parts[1])
        }
    }

    /// The value of the last `name =` line, or nil.
    package func value(_ name: String) -> String? { lines.last { $0.name == name }?.value }

    /// Every `name =` value, in order.
    package func values(_ name: String) -> [String] { lines.filter { $0.name == name }.map(\.value) }

    /// The file at `url`, read once per process (an absent or unreadable file is empty).
    package static func at(_ url: URL) -> Config {
        cache.withLock { read in
            if let config = read[url.path] { return config }
            let config = Config(text: TextFile.read(url.path) ?? "")
            read[url.path] = config
            return config
        }
    }

    private static let cache = Mutex<[String: Config]>([:])
}
