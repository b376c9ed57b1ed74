import FoundationEssentials
import Glibc
import IntakeCore

/// Where flows are found by id, first place first. A flow's id here is its file name less `.yaml`
/// (`initial-response.yaml`), so finding one needs a `stat` per place, never a parse; a file whose
/// own `id:` differs is named as such by `intake flows list`.
///
/// 1. `$INTAKE_FLOWS` (folders separated by `:`), when set: the tester's or trainer's choice;
/// 2. `$XDG_CONFIG_HOME/intake/flows` (`~/.config/intake/flows`): one officer's own;
/// 3. `/etc/intake/flows`, then `intake/flows` in each of `$XDG_CONFIG_DIRS` (`/etc/xdg`): the force's;
/// 4. the flows shipped with this binary: `share/intake/flows` beside its `bin` (an installed
///    prefix), or `flows` in the source checkout it was built in;
/// 5. `intake/flows` in each of `$XDG_DATA_DIRS` (`/usr/local/share:/usr/share`): other installs.
///
/// A flow in an earlier place shadows one of the same id in a later one, so a force replaces a
/// bundled flow by putting its own of that name in `/etc/intake/flows`. `$XDG_DATA_HOME/intake/flows`
/// is not searched: it holds the copies intake keeps of flows interviews ran on, by hash.
package struct FlowSearch: Sendable {
    /// A folder searched, and whose flows it holds.
    package struct Place: Sendable, Equatable {
        package var folder: String
        package var kind: Kind
        package init(_ folder: String, _ kind: Kind) {
            self.folder = folder
            self.kind = kind
        }
    }

    /// Whose flows a place holds, as `intake flows list` names it.
    package enum Kind: String, Sendable, Equatable {
        case override = "INTAKE_FLOWS"
        case own = "your own"
        case force = "the force's"
        case shipped = "shipped with intake"
        case installed = "installed"
    }

    /// A flow file found: the one an id resolves to, and those of the same id it shadows.
    package struct Found: Sendable, Equatable {
        package var id: String
        package var path: String
        package var place: Place
        package var shadows: [String]
    }

    /// The places, first searched first.
    package let places: [Place]

    /// The file-system calls the search makes, for tests to answer from a folder of their own.
    package struct Files: Sendable {
        package var exists: @Sendable (String) -> Bool
        package var list: @Sendable (String) -> [String]
        package init(exists: @escaping @Sendable (String) -> Bool, list: @escaping @Sendable (String) -> [String]) {
            self.exists = exists
            self.list = list
        }

        /// The real file system: `stat` and a directory listing.
        package static let system = Files(
            exists: { path in var info = stat(); return stat(path, &info) == 0 },
            list: { folder in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] })
    }

    private let files: Files

    package init(places: [Place], files: Files = .system) {
        self.places = places
        self.files = files
    }

    /// The places for this environment and an executable at `executable`; `systemFolder` is
    /// `/etc/intake/flows` but for tests.
    package static func places(environment env: [String: String], executable: String, systemFolder: String = "/etc/intake/flows",
                              files: Files = .system) -> [Place] {
        func list(_ name: String, _ fallback: String) -> [String] {
            let value = env[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
            return value.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        }
        var places: [Place] = []
        if let override = env["INTAKE_FLOWS"], !override.isEmpty {
            places += override.split(separator: ":").map { Place(String($0), .override) }
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        let config = env["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        places.append(Place(config + "/intake/flows", .own))
        places.append(Place(systemFolder, .force))
        places += list("XDG_CONFIG_DIRS", "/etc/xdg").map { Place($0 + "/intake/flows", .force) }
        if let shipped = shippedFolder(executable: executable, files: files) { places.append(Place(shipped, .shipped)) }
        places += list("XDG_DATA_DIRS", "/usr/local/share:/usr/share").map { Place($0 + "/intake/flows", .installed) }
        // A folder named twice (XDG_DATA_DIRS naming the prefix intake is installed in) is searched once.
        var seen = Set<String>()
        return places.filter { seen.insert(normalised($0.folder)).inserted }
    }

    /// The flows that came with the binary: `PREFIX/share/intake/flows` for `PREFIX/bin/intake`, or,
    /// run from a build folder, the `flows` of the checkout (the folder above it with `Package.swift`).
    static func shippedFolder(executable: String, files: Files) -> String? {
        let bin = PathText.parent(executable)
        let prefix = PathText.parent(bin)
        let installed = prefix + "/share/intake/flows"
        if files.exists(installed) { return installed }
        var folder = bin
        for _ in 0..<6 where folder.count > 1 {
            if files.exists(folder + "/Package.swift"), files.exists(folder + "/flows") { return folder + "/flows" }
            folder = PathText.parent(folder)
        }
        return nil
    }

    /// A folder as compared for sameness: without a trailing or doubled slash.
    static func normalised(_ folder: String) -> String {
        // By byte, not split and joined: this runs before every first screen, and the first use of
        // the generic `joined` cost it a tenth of a millisecond.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(folder.utf8.count)
        for byte in folder.utf8 where byte != UInt8(ascii: "/") || bytes.last != UInt8(ascii: "/") { bytes.append(byte) }
        if bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The file flow `id` resolves to: the first place holding `id.yaml`.
    package func path(of id: String) -> String? {
        guard Self.isId(id) else { return nil }
        return places.lazy.map { $0.folder + "/" + id + ".yaml" }.first { files.exists($0) }
    }

    /// Every flow found, by id: where each resolves, and what it shadows.
    package func all() -> [Found] {
        var found: [String: Found] = [:]
        var order: [String] = []
        for place in places {
            let names = files.list(place.folder).filter { $0.hasSuffix(".yaml") && !Translation.isTranslationPath($0) }.sorted()
            for name in names {
                let id = String(name.dropLast(".yaml".count))
                let path = place.folder + "/" + name
                if found[id] == nil {
                    found[id] = Found(id: id, path: path, place: place, shadows: [])
                    order.append(id)
                } else {
                    found[id]?.shadows.append(path)
                }
            }
        }
        return order.sorted().compactMap { found[$0] }
    }

    /// A name that can be a flow file's: no folder, no hidden file, not a translation's (`x.cy`).
    static func isId(_ id: String) -> Bool {
        !id.isEmpty && !id.contains("/") && !id.hasPrefix(".") && !Translation.isTranslationPath(id + ".yaml")
    }
}
