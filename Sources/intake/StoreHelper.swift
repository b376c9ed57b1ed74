import ArgumentParser
import Glibc
import IntakeCore
import IntakeRecords
import IntakeSession

/// The command line's side of the store (`StoreLink` runs intake-store): `intake store` and `intake
/// sync` become it, and what came of a push or a fetch is said.
enum StoreHelper {
    static var configured: Bool { StoreLink.configured }

    /// Replaces this process with `intake-store ARGS`.
    static func exec(_ arguments: [String]) throws -> Never {
        guard let helper = StoreLink.path() else {
            throw fail("intake-store is not installed beside intake; the store commands need it (docs/store.md)")
        }
        let argv = ([helper] + arguments).map { strdup($0) } + [nil]
        execv(helper, argv)
        throw fail("cannot run \(helper): \(String(cString: strerror(errno)))")
    }

    /// After a record is signed and saved here: sends it, if a store is set, and says what became of
    /// it. A refusal exits 10; the signed file stays here.
    static func pushSaved(_ path: String, say: Language = .en) throws {
        try show(StoreLink.pushReport(path, say: say))
    }

    /// `ID` as a record file: the argument itself when it is a file, else the store's record of that id.
    static func recordFile(_ argument: String) throws -> String {
        guard let file = StoreLink.recordFile(argument) else {
            throw fail("\(Visible.line(argument)) is neither a record file here nor a record the store gave (above says why)")
        }
        return file
    }

    static func fail(_ message: String) -> ExitCode {
        printError("intake: \(message)")
        return ExitCode(Exit.invalidInput)
    }
}

/// `intake store …`: runs `intake-store …`.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "The force's shared store on PostgreSQL: init, member add, push, fetch, records, export, dispose, hold (intake store --help).",
        discussion: "Runs intake-store, installed beside intake. docs/store.md says how a force sets the server up.")

    @Argument(parsing: .captureForPassthrough, help: "The store command and its options.") var arguments: [String] = []

    func run() throws { try StoreHelper.exec(arguments) }
}

/// `intake sync`: runs `intake-store sync`.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send unsent records to the store and fetch what concerns you; intake sync status lists what waits.",
        discussion: "Runs intake-store sync, installed beside intake. Without a store, there is nothing to sync.")

    @Argument(parsing: .captureForPassthrough, help: "status, or sync's options.") var arguments: [String] = []

    func run() throws { try StoreHelper.exec(["sync"] + arguments) }
}
