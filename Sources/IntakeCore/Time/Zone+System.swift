import FoundationEssentials
import Glibc

extension Zone {
    /// The zone this machine's clock is read in: `TZ` when set (a name under /usr/share/zoneinfo, a
    /// file, or a POSIX rule), else /etc/localtime, else UTC. Read once; like Foundation's
    /// `TimeZone.current` this is the one thing the core reads from the system.
    package static let current: Zone = system(environment: ProcessInfo.processInfo.environment)

    /// The folder of the system's tzdata.
    package static let folder = "/usr/share/zoneinfo"

    /// The zone `environment` and the system name; for tests, which set `TZ` themselves.
    package static func system(environment: [String: String], read: (String) -> [UInt8]? = Zone.read) -> Zone {
        if var tz = environment["TZ"], !tz.isEmpty {
            if tz.hasPrefix(":") { tz.removeFirst() }
            if tz.hasPrefix("/") {
                if let bytes = read(tz), let zone = Zone(identifier: name(of: tz), tzif: bytes) { return zone }
            } else if let zone = named(tz, read: read) {
                return zone
            }
            if let zone = Zone(identifier: tz, posix: tz) { return zone }
            return .utc
        }
        if let bytes = read("/etc/localtime"),
           let zone = Zone(identifier: name(of: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime")) ?? "localtime"), tzif: bytes) {
            return zone
        }
        return .utc
    }

    /// The zone named `identifier` (e.g. `Europe/London`) in the system's tzdata, or nil.
    package static func named(_ identifier: String, read: (String) -> [UInt8]? = Zone.read) -> Zone? {
        if identifier == "UTC" || identifier == "GMT" { return Zone(identifier: identifier, offset: 0, abbreviation: identifier) }
        // A name, not a path: no way out of the tzdata folder.
        guard !identifier.isEmpty, !identifier.hasPrefix("/"), !identifier.split(separator: "/").contains("..") else { return nil }
        return read(folder + "/" + identifier).flatMap { Zone(identifier: identifier, tzif: $0) }
    }

    /// A file's bytes, at most 1 MB (a TZif file is a few kilobytes), or nil.
    package static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else { return nil }
        return [UInt8](data)
    }

    /// `Europe/London` from `/usr/share/zoneinfo/Europe/London`.
    private static func name(of path: String) -> String {
        let parts = path.split(separator: "/")
        guard let i = parts.lastIndex(of: "zoneinfo"), i + 1 < parts.count else { return path }
        return parts[(i + 1)...].joined(separator: "/")
    }
}
