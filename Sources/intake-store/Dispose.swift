import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeStore

/// `intake store dispose`: the force's retention rule, applied in the database and logged.
struct Dispose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispose",
        abstract: "Delete cases whose latest record finished before a date, except cases on hold or still open; logged (ids and hashes only).")

    @Option(help: "The review date: cases finished before it (YYYY-MM-DD, UTC).") var before: String
    @Option(help: "Why (the force's review decision or schedule reference); kept in the audit log.") var reason: String
    @OptionGroup var options: StoreOptions

    func run() async throws {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd"
        guard let date = format.date(from: before), format.string(from: date) == before else {
            throw fail("--before \(Visible.line(before)) is not a date YYYY-MM-DD", code: 1)
        }
        guard date <= Date() else { throw fail("--before \(before) is in the future; a case is disposed only after its review date", code: 1) }
        let done: [Disposal] = try await options.using { store throws(StoreError) in try await store.dispose(before: date, reason: reason) }
        for d in done {
            switch d.status {
            case "disposed": print("disposed \(d.recordId ?? "?") (case \(d.caseId), SHA-256 \(d.sha256 ?? "?"))")
            case "held": print("kept case \(d.caseId): on hold")
            default: print("kept case \(d.caseId): still open (awaiting review or undetermined)")
            }
        }
        let gone = Set(done.filter { $0.status == "disposed" }.map(\.caseId)).count
        printError("\(gone) case\(gone == 1 ? "" : "s") disposed; \(Set(done.filter { $0.status != "disposed" }.map(\.caseId)).count) kept")
    }
}

/// `intake store hold CASE`: keeps a case from disposal (a complaint, a court case, an inquiry).
struct Hold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Put a case on hold so it is never disposed, or lift the hold (--lift).")

    @Argument(help: "The case id (its first record's id).") var caseId: String
    @Option(help: "Why it is held.") var reason: String?
    @Flag(help: "Lift the hold.") var lift = false
    @OptionGroup var options: StoreOptions

    func run() async throws {
        guard lift || !(reason ?? "").isEmpty else { throw fail("give --reason, or --lift", code: 1) }
        let n: Int = try await options.using { store throws(StoreError) in try await store.hold(case: caseId, reason: lift ? nil : reason) }
        guard n > 0 else { throw fail("no case \(Visible.line(caseId)) in the store", code: 1) }
        print(lift ? "hold lifted on case \(caseId)" : "case \(caseId) held (\(n) record\(n == 1 ? "" : "s"))")
    }
}
