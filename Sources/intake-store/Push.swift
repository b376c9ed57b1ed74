import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords
import IntakeStore

/// `intake store push FILE…`: what intake runs after a record is signed and saved. The file is
/// already safe here; a store that cannot be reached within the timeout leaves it for intake sync.
struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send these record files to the store now (intake does this after signing; intake sync sends the rest).")

    @Argument(help: "Record files.") var files: [String]
    @OptionGroup var options: StoreOptions

    func run() async throws {
        _ = try options.address()
        let sync = Sync(dataFolder: options.dataFolder, verifier: try options.trust().verifier)
        let lines: [Sync.Line] = try await options.using { store throws(StoreError) in try await sync.push(store, files: files) }
        for line in lines { printError(line.text) }
        if lines.contains(where: { [.refused, .forked, .conflict].contains($0.kind) }) { throw ExitCode(StoreExit.refused) }
        if lines.contains(where: { $0.kind == .failed }) { throw ExitCode(4) }
    }
}

/// `intake store fetch ID`: one record from the store, verified, kept here; prints its path.
struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one record by id from the store, verify it and keep it here; prints where (intake review ID and intake update ID use this).")

    @Argument(help: "The record id.") var id: String
    @OptionGroup var options: StoreOptions

    func run() async throws {
        _ = try options.address()
        let sync = Sync(dataFolder: options.dataFolder, verifier: try options.trust().verifier)
        let row: StoredRecord? = try await options.using { store throws(StoreError) in try await store.fetch(id) }
        guard let row else { throw fail("\(Visible.line(id)) is not in the store, or you may not read it", code: 1) }
        for line in sync.take(row) { printError(line.text) }
        let own = sync.records.appendingPathComponent(row.id + ".txt"), pulled = sync.pulled.appendingPathComponent(row.id + ".txt")
        for url in [own, pulled] where FileManager.default.contents(atPath: url.path) == row.bytes {
            print(url.path)
            return
        }
        throw fail("\(row.id) from the store was not kept (above says why)", code: 4)
    }
}

/// `intake store follow-up-of ID`: exit 10 and the winner's id (and signer) when the store holds a
/// follow-up of record ID; 0 when it holds none. intake asks before signing a follow-up.
struct FollowUpOf: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up-of",
        abstract: "Say whether the store holds a follow-up of a record (exit 10 and its id if so), as intake update asks before signing.")

    @Argument(help: "The record id.") var id: String
    @OptionGroup var options: StoreOptions

    func run() async throws {
        let found: (id: String, signer: String)? = try await options.using { store throws(StoreError) in try await store.followUp(of: id) }
        guard let found else { return }
        print("\(found.id) (signed by \(found.signer))")
        throw ExitCode(StoreExit.refused)
    }
}
