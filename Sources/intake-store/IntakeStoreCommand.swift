import ArgumentParser
import Foundation
import IntakeRecords
import IntakeStore

/// `intake-store`: the force's shared store. `intake store …` and `intake sync …` run it, so the
/// interview's own binary links no network stack and starts as fast as before (issue 32).
@main
struct IntakeStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake-store",
        abstract: "The force's shared store of records on PostgreSQL: set up, sync, list, export and dispose.",
        discussion: "Run as intake store COMMAND or intake sync. docs/store.md says how a force sets the server up.",
        subcommands: [StoreInit.self, StoreMember.self, SyncCommand.self, Push.self, Fetch.self, FollowUpOf.self, StoreRecords.self,
                      Export.self, Dispose.self, Hold.self])

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
        } catch {
            // Made visible: the parser's own exit(withError:) would echo a hostile argument raw.
            Output.exit(saying: fullMessage(for: error), status: exitCode(for: error).rawValue)
        }
    }
}

/// Where the store is and what records are checked against: every command's options.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store: a postgres:// URL (default: INTAKE_STORE, else store = in the config file).") var store: String?
    @Option(help: "Seconds to wait for the server before giving up (the record stays here).") var timeout: Double = 5
    @Option(help: "allowed_signers file (default: $XDG_CONFIG_HOME/intake/allowed_signers).") var allowedSigners: String?
    @Option(help: "Revoked keys file (default: the config file's revoked_keys = line, else $XDG_CONFIG_HOME/intake/revoked_keys).") var revokedKeys: String?

    /// The store's address, or exit 1 saying how to name one.
    func address() throws -> StoreAddress {
        guard let url = store ?? Locations.fromEnvironment().store() else {
            throw fail("no store is set: give --store postgres://…, set INTAKE_STORE, or put store = postgres://… in $XDG_CONFIG_HOME/intake/config (docs/store.md)", code: 1)
        }
        do {
            return try StoreAddress.parse(url)
        } catch {
            throw fail("\(error)", code: 1)
        }
    }

    /// Connected to the store, or exit 9 (unreachable) or 10 (refused).
    /// Runs `body` on a connection to the store, closed after it whatever happens; a store error is
    /// said and becomes the command's exit status.
    func using<T>(_ body: (StoreConnection) async throws(StoreError) -> T) async throws -> T {
        let store = try await connect()
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw storeFailure(error)
        }
    }

    func connect() async throws -> StoreConnection {
        let address = try address()
        do {
            return try await StoreConnection.open(address, timeout: timeout)
        } catch {
            throw storeFailure(error)
        }
    }

    func trust() throws -> TrustFiles {
        do {
            return try TrustFiles.load(allowedSigners: allowedSigners, revokedKeys: revokedKeys)
        } catch {
            throw fail(error.description, code: 1)
        }
    }

    var dataFolder: URL { Locations.fromEnvironment().records.deletingLastPathComponent() }
}

/// Exit statuses beyond intake's own (docs/cli.md).
enum StoreExit {
    /// The store could not be reached: nothing is lost, sync again later.
    static let unreachable: Int32 = 9
    /// The store refused this user, or refused a record (forked, other bytes, conflicting review).
    static let refused: Int32 = 10
}

func fail(_ message: String, code: Int32) -> ExitCode {
    printError("intake: \(message)")
    return ExitCode(code)
}

func storeFailure(_ error: StoreError) -> ExitCode {
    switch error {
    case .unreachable: return fail(error.description, code: StoreExit.unreachable)
    case .notAllowed: return fail(error.description, code: StoreExit.refused)
    default: return fail(error.description, code: 1)
    }
}

