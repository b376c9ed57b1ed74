import ArgumentParser
import Foundation
import IntakeRecords

/// `intake verify`: check every signature of records.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every signature of one or more records.",
        discussion: "Exit 0 only if every signature of every record is good and its key trusted for its namespace.")

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "Record files, or folders whose .txt files are all records.") var records: [String]
    @Option(help: "allowed_signers file (default: $XDG_CONFIG_HOME/intake/allowed_signers).") var allowedSigners: String?
    @Option(help: "Output: text or json.") var format: Format = .text
    @Flag(help: "Refuse training records.") var operational = false

    /// A folder stands for its .txt files, sorted; anything else is taken as a file.
    static func expand(_ path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    /// Slots filled from several threads, each index once.
    final class Results: @unchecked Sendable {
        private var slots: [Report?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ report: Report) { lock.lock(); slots[i] = report; lock.unlock() }
        var all: [Report] { slots.compactMap { $0 } }
    }

    struct Report: Codable, Sendable {
        var record: String
        var good: Bool
        var signatures: [SignatureCheck]
    }

    func run() throws {
        let path = allowedSigners ?? Locations.fromEnvironment().allowedSigners.path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("intake: cannot read the allowed signers file \(path); give one with --allowed-signers")
            throw ExitCode(Exit.invalidInput)
        }
        let verifier = RecordVerifier(allowed: AllowedSigner.parse(text), operationalOnly: operational)
        let records = self.records.flatMap(Verify.expand)
        // Records are independent: check them on every core, report them in the order given.
        let results = Results(count: records.count)
        DispatchQueue.concurrentPerform(iterations: records.count) { i in
            let record = records[i]
            guard let data = FileManager.default.contents(atPath: record) else {
                results.set(i, Report(record: record, good: false, signatures: [SignatureCheck(
                    index: 0, line: 0, role: nil, namespace: nil, signer: nil, fingerprint: nil, good: false,
                    message: "cannot read the file")]))
                return
            }
            let checks = verifier.verify(data)
            results.set(i, Report(record: record, good: checks.allSatisfy(\.good), signatures: checks))
        }
        let reports = results.all
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            for report in reports {
                for check in report.signatures {
                    let role = check.role.map { " (\($0))" } ?? ""
                    print("\(report.record): signature \(check.index)\(role): \(check.message)")
                }
            }
        }
        if !reports.allSatisfy(\.good) { throw ExitCode(Exit.invalidInput) }
    }
}
