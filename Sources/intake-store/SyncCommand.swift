import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeStore

/// `intake sync`: push what is unsent, pull what concerns you; `intake sync status`: what waits.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send the records the store has not acknowledged, and fetch reviews, follow-ups and (for a supervisor) records awaiting review.",
        discussion: """
        Every record fetched is verified here before it is kept; one that fails is reported and written nowhere. \
        Exit 9 when the store cannot be reached (nothing is lost: sync again later), 10 when it refused a record.
        """,
        subcommands: [SyncStatus.self])

    @OptionGroup var options: StoreOptions
    @Flag(help: "Only send; fetch nothing.") var pushOnly = false

    func run() async throws {
        _ = try options.address()
        let sync = Sync(dataFolder: options.dataFolder, verifier: try options.trust().verifier)
        let store = try await options.connect()
        var lines: [Sync.Line] = []
        do {
            lines += try await sync.push(store)
            if !pushOnly { lines += try await sync.pull(store) }
        } catch {
            for line in lines { print(line.text) }
            await store.close()
            throw storeFailure(error)
        }
        await store.close()
        for line in lines { print(line.text) }
        let sent = lines.filter { $0.kind == .sent }.count, pulled = lines.filter { $0.kind == .pulled || $0.kind == .updated }.count
        printError("\(sent) sent, \(pulled) fetched from the store")
        if lines.contains(where: { [.refused, .forked, .conflict].contains($0.kind) }) { throw ExitCode(StoreExit.refused) }
        if lines.contains(where: { [.failed, .unverified].contains($0.kind) }) { throw ExitCode(4) }
    }
}

/// `intake sync status`: each record here, and what the store acknowledged of it.
struct SyncStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List this machine's records: waiting to be sent, or acknowledged by the store (with the SHA-256 it holds).")

    @Option(help: "Output: table or json.") var format: String = "table"

    func run() throws {
        let dataFolder = Locations.fromEnvironment().records.deletingLastPathComponent()
        let sync = Sync(dataFolder: dataFolder, verifier: RecordVerifier(allowed: [], revoked: RevokedKeys()))
        let all = sync.status()
        if format == "json" {
            let rows = all.map { w -> [String: String] in
                var row = ["id": w.id, "sha256": w.sha256, "path": w.path, "state": w.ack?.status ?? "waiting"]
                if let ack = w.ack { row["acknowledged"] = ack.at; row["server"] = ack.server ?? ""; row["detail"] = ack.detail ?? "" }
                return row
            }
            let data = (try? JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys, .prettyPrinted])) ?? Data()
            print(Visible.json(String(decoding: data, as: UTF8.self)))
            return
        }
        if all.isEmpty { print("No records here."); return }
        var rows = [["RECORD", "STATE", "SHA-256", "WHEN"]]
        for w in all {
            let state: String
            switch w.ack?.status {
            case nil: state = "waiting"
            case "stored": state = "acknowledged"
            case let other?: state = "REFUSED (\(other))"
            }
            rows.append([w.id, state, w.sha256, w.ack?.at ?? ""])
        }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces))
        }
        let waiting = all.filter { $0.ack == nil }.count
        let refused = all.filter { ($0.ack?.status ?? "stored") != "stored" }
        printError("\(waiting) waiting, \(all.count - waiting - refused.count) acknowledged, \(refused.count) refused")
        for w in refused { printError("\(w.id): \(Visible.line(w.ack?.detail ?? ""))") }
    }
}
