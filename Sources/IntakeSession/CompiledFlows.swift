import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// Validated flows, and their translations, kept in compact form (`Compact`) beside the kept flow
/// copies, so a start reads its flow without parsing YAML or validating it again: 3.8 ms of the
/// police flow became about 1 ms through `Codable`, and about half a millisecond read by hand
/// (issue 37, item 3; docs/performance.md).
///
/// A compiled flow is used only when everything it was made from is the same: the flow's SHA-256,
/// the path its diagnostics name, this intake's version and this very executable (its size and
/// time), and the compiled bytes' own SHA-256. Anything else — a changed byte, another build, a torn
/// or damaged file — loads the flow in full, as if there were no cache, and keeps a new one.
/// The payload's hash catches damage, not intent: a file forged, hash and all, by someone who can
/// write the officer's own 0700 data folder would be read. That person could as well replace intake.
package struct CompiledFlows: Sendable {
    /// The folder, e.g. `$XDG_DATA_HOME/intake/flows/compiled`.
    package let directory: URL
    private let ops: FileOps

    /// Compiled flows in `directory`. `ops` is the seam tests use to make a write fail.
    package init(directory: URL, ops: FileOps = .system) {
        self.directory = directory
        self.ops = ops
    }

    /// The flow `bytes` (whose SHA-256 is `sha256`) load to, and whether it came from a compiled
    /// copy (one that matches exactly) rather than the YAML.
    package func load(bytes: Data, sha256: String, path: String) throws(FlowError) -> (flow: Flow, compiled: Bool) {
        if let flow: Flow = read(.flow, sha256: sha256, path: path), flow.file == path { return (flow, true) }
        return (try FlowLoader.load(data: bytes, file: path), false)
    }

    /// The translation `bytes` (whose SHA-256 is `sha256`) load to: from its compiled copy when one
    /// matches exactly, else from the YAML, then kept compiled for the next start. Its status is
    /// kept as the file says; whether a signature approves it is asked afresh by the caller.
    package func loadTranslation(bytes: Data, sha256: String, path: String) throws(FlowError) -> Translation {
        if let translation: Translation = read(.translation, sha256: sha256, path: path), translation.file == path { return translation }
        let translation = try TranslationLoader.load(data: bytes, file: path)
        keep(translation, .translation, sha256: sha256, path: path)
        return translation
    }

    /// What is kept: a flow, or a translation of one (the Welsh of the police flow took as long to
    /// read as the flow itself).
    enum Kind: String { case flow, translation }

    /// What a compiled file must have been made from, as its first line.
    static func key(_ kind: Kind, sha256: String, path: String) -> String {
        "intake-compiled-\(kind.rawValue) 2 intake \(IntakeRelease.version) build \(build) \(kind.rawValue) \(sha256) path \(Visible.line(path))"
    }

    /// This executable: a rebuilt intake of the same version may read flows differently.
    private static let build: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    /// The file for this key: named by the key's hash, so a path never becomes a file name.
    func file(_ kind: Kind = .flow, sha256: String, path: String) -> URL {
        directory.appendingPathComponent(sha256Hex(Data(Self.key(kind, sha256: sha256, path: path).utf8)) + ".flow")
    }

    /// The compiled value for this key, or nil when there is none or anything about it differs.
    func read<T: Compact>(_ kind: Kind, sha256: String, path: String) -> T? {
        let url = file(kind, sha256: sha256, path: path)
        guard let data = FileManager.default.contents(atPath: url.path), data.count <= 4 * FlowLoader.maximumBytes else { return nil }
        let header = Array(Self.key(kind, sha256: sha256, path: path).utf8) + [0x0A]
        // Read in place: copies of the file's bytes were half a megabyte of the interview's peak.
        return data.withUnsafeBytes { raw -> T? in
            let bytes = raw.bindMemory(to: UInt8.self)
            // The key line, then the payload's SHA-256 and a newline, then the payload.
            guard bytes.count > header.count + 65, bytes[..<header.count].elementsEqual(header),
                  bytes[header.count + 64] == 0x0A else { return nil }
            let claimed = String(decoding: bytes[header.count..<header.count + 64], as: UTF8.self)
            let payload = UnsafeBufferPointer(rebasing: bytes[(header.count + 65)...])
            guard sha256Hex(UnsafeRawBufferPointer(payload)) == claimed else { return nil }
            return try? T(compactBytes: payload, file: path)
        }
    }

    /// Keeps `flow` compiled for the next start.
    package func keep(_ flow: Flow, sha256: String, path: String) {
        keep(flow, .flow, sha256: sha256, path: path)
    }

    /// Keeps `value` compiled; says nothing when it cannot: a full disk costs the next start its
    /// speed, never this one its flow. Written without fsync: a file torn by a crash fails its
    /// SHA-256 and is replaced, and an interview's start does not wait for the disk.
    func keep<T: Compact>(_ value: T, _ kind: Kind, sha256: String, path: String) {
        let payload = value.compactBytes(file: path)
        let url = file(kind, sha256: sha256, path: path)
        let bytes = Array(Self.key(kind, sha256: sha256, path: path).utf8) + [0x0A] + Array(sha256Hex(Data(payload)).utf8) + [0x0A] + payload
        let store = RecordStore(directory: directory, ops: FileOps(write: ops.write, fsync: { _ in 0 }, ftruncate: ops.ftruncate))
        // A damaged file under this name is replaced; a good one written meanwhile by another
        // intake is the same bytes, so losing the race to it is fine.
        if FileManager.default.fileExists(atPath: url.path) { unlink(url.path) }
        _ = try? store.create(url.lastPathComponent, bytes: bytes)
    }
}
