import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// The force's store lives in `intake-store`, beside `intake` (issue 32): the interview's own binary
/// links no network stack. This runs it, as a child with a deadline, for the session's few questions
/// of the store; the command line only says what came of them.
package enum StoreLink {
    /// `intake-store` in this binary's folder, else on PATH.
    package static func path() -> String? {
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

    /// Whether a store is set (INTAKE_STORE, or store = in the config file).
    package static var configured: Bool { Locations.fromEnvironment().store() != nil }

    /// Runs `intake-store ARGS`, its output to this process's standard error, and waits at most
    /// `deadline` seconds; returns its exit status, or nil if it could not run or was stopped.
    @discardableResult
    package static func run(_ arguments: [String], deadline: Double) -> Int32? {
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

    /// What became of sending a record just saved here.
    package enum Push: Equatable, Sendable {
        /// No store is set, or it took the record.
        case done
        /// The store refused it (a follow-up of a record followed up already, a review after
        /// another); intake-store has said whose record won.
        case refused
        /// Not reached now: the file is safe here and `intake sync` sends it later.
        case later
    }

    /// Sends a record signed and saved here, if a store is set. A store that is down or slow leaves
    /// it for `intake sync`.
    package static func push(_ path: String) -> Push {
        guard configured else { return .done }
        switch run(["push", "--timeout", "3", path], deadline: 8) {
        case 0?: return .done
        case 10?: return .refused
        default: return .later
        }
    }

    /// The record that supersedes record `id` in the store, with who signed it, when a store is set
    /// and says so within a few seconds; nil otherwise (no store, none, or not reachable now).
    package static func followUp(of id: String) -> String? {
        guard configured, let helper = path() else { return nil }
        guard let (status, out) = Spawn.run(helper, ["follow-up-of", id, "--timeout", "3"], errors: .discard),
              status == 10 else { return nil }
        let winner = Visible.line(String(decoding: out, as: UTF8.self).trimmed())
        return winner.isEmpty ? nil : winner
    }

    /// `argument` as a record file: itself when it is a file (or names one), else the record of that
    /// id fetched from the store (verified) when one is set. Nil when the store was asked and gave
    /// none (intake-store has said why on standard error).
    package static func recordFile(_ argument: String) -> String? {
        if FileManager.default.fileExists(atPath: argument) || !configured || argument.contains("/") || argument.hasSuffix(".txt") {
            return argument
        }
        guard let helper = path() else { return argument }
        guard let (status, out) = Spawn.run(helper, ["fetch", argument]) else { return argument }
        guard status == 0 else { return nil }
        return String(decoding: out, as: UTF8.self).trimmed()
    }

    /// Sends a record just saved here and says what became of it: refused (status 10; the signed
    /// file stays here and intake-store has said whose record won), or left for `intake sync`.
    package static func pushReport(_ path: String, say: Language) -> Report {
        var report = Report()
        switch push(path) {
        case .done: break
        case .refused:
            report.error(say(.storeRefused, path))
            report.failed = true
            report.status = Exit.refusedByStore
        case .later:
            report.error(say(.storeLater))
        }
        return report
    }
}
