import Foundation

/// Checking many record files at once, as `intake verify` does for a folder of them.
public enum RecordFiles {
    /// One file's result: good only if every signature in it is good and trusted.
    public struct Report: Codable, Sendable, Equatable {
        public var record: String
        public var good: Bool
        public var signatures: [SignatureCheck]
    }

    /// A folder stands for its `.txt` files, sorted; anything else is taken as a file.
    public static func expand(_ path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    /// Verifies each file with `verifier`, on every core (records are independent), reported in the
    /// order given. A file that cannot be read is a failed report, never skipped.
    public static func verify(_ paths: [String], with verifier: RecordVerifier) -> [Report] {
        let results = Slots(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let record = paths[i]
            guard let data = FileManager.default.contents(atPath: record) else {
                results.set(i, Report(record: record, good: false, signatures: [SignatureCheck(
                    index: 0, line: 0, role: nil, namespace: nil, signer: nil, fingerprint: nil, good: false,
                    message: "cannot read the file")]))
                return
            }
            let checks = verifier.verify(data)
            results.set(i, Report(record: record, good: checks.allSatisfy(\.good), signatures: checks))
        }
        return results.all
    }

    /// Slots filled from several threads, each index once.
    private final class Slots: @unchecked Sendable {
        private var slots: [Report?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ report: Report) { lock.lock(); slots[i] = report; lock.unlock() }
        var all: [Report] { slots.compactMap { $0 } }
    }
}
