import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords

/// The force's store lives in `intake-store`, beside this binary (issue 32): the interview's own
/// binary links no network stack. These run it: in place of this process for `intake store` and
/// `intake sync`, or as a child with a deadline after a record is saved.
enum StoreHelper {
    /// `intake-store` in this binary's folder, else on PATH.
    static func path() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 {
            let me = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let beside = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("intake-store").path
            if access(beside, X_OK) == 0 { return beside }
        }
        for folder in (Environment.variables["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/intake-store"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Replaces this process with `intake-store ARGS`.
    static func exec(_ arguments: [String]) throws -> Never {
        guard let helper = path() else {
            throw fail("intake-store is not installed beside intake; the store commands need it (docs/store.md)")
        }
        let argv = ([helper] + arguments).map { strdup($0) } + [nil]
        execv(helper, argv)
        throw fail("cannot run \(helper): \(String(cString: strerror(errno)))")
    }

    /// Runs `intake-store ARGS`, its output to this process's standard error, and waits at most
    /// `deadline` seconds; returns its exit status, or nil if it could not run or was stopped.
    @discardableResult
    static func run(_ arguments: [String], deadline: Double) -> Int32? {
        guard let helper = path() else { return nil }
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Its standard output goes to standard error: a record printed on stdout stays the only thing there.
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        let argv = ([helper] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        guard posix_spawn(&pid, helper, &actions, nil, argv, environ) == 0 else { return nil }
        let end = Date().addingTimeInterval(deadline)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : nil }
            if r < 0 { return nil }
            if Date() >= end {
                kill(pid, SIGTERM)
                _ = waitpid(pid, &status, 0)
                return nil
            }
            usleep(20_000)
        }
    }

    /// Whether a store is set (INTAKE_STORE, or store = in the config file).
    static var configured: Bool { Locations.fromEnvironment().store() != nil }

    /// After a record is signed and saved here: sends it, if a store is set. The file is safe
    /// already; a store that is down or slow leaves it for `intake sync`, and says so. A refusal
    /// (a follow-up of a record already followed up, a review after another) exits 10: the signed
    /// file stays here, and intake-store has said whose record won.
    static func pushSaved(_ path: String) throws {
        guard configured else { return }
        switch run(["push", "--timeout", "3", path], deadline: 8) {
        case 0?: return
        case 10?:
            printError("The store refused it (above says why); the signed file stays at \(path). intake sync status lists it as refused.")
            throw ExitCode(10)
        default:
            printError("The record is saved here; it was not sent to the store now. intake sync sends it later (intake sync status lists what waits).")
        }
    }

    /// The record that supersedes record `id` in the store, with who signed it, when a store is set
    /// and says so within a few seconds; nil otherwise (no store, none, or not reachable now).
    static func followUp(of id: String) -> String? {
        guard configured, let helper = path() else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = ["follow-up-of", id, "--timeout", "3"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 10 else { return nil }
        let winner = Visible.line(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        return winner.isEmpty ? nil : winner
    }

    /// `ID` as a record file: the argument itself when it is a file, else the record of that id
    /// fetched from the store (verified) when one is set.
    static func recordFile(_ argument: String) throws -> String {
        if FileManager.default.fileExists(atPath: argument) || !configured || argument.contains("/") || argument.hasSuffix(".txt") {
            return argument
        }
        let pipe = Pipe()
        guard let helper = path() else { return argument }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = ["fetch", argument]
        process.standardOutput = pipe
        do { try process.run() } catch { return argument }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw fail("\(Visible.line(argument)) is neither a record file here nor a record the store gave (above says why)")
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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
