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

    func run() throws {
        let path = allowedSigners ?? Locations.fromEnvironment().allowedSigners.path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("intake: cannot read the allowed signers file \(path); give one with --allowed-signers")
            throw ExitCode(Exit.invalidInput)
        }
        let verifier = RecordVerifier(allowed: AllowedSigner.parse(text), operationalOnly: operational)
        let reports = RecordFiles.verify(records.flatMap(RecordFiles.expand), with: verifier)
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
                for line in report.chain { print("\(report.record): \(line)") }
            }
        }
        if !reports.allSatisfy(\.good) { throw ExitCode(Exit.invalidInput) }
    }
}
