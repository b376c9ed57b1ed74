import Foundation
import XCTest

/// A terminal for end-to-end tests: tmux runs the real binary in a pseudo-terminal of a given size,
/// `send` types keys, `screen` reads what a person would see. Each session has its own tmux server.
final class Tmux {
    let socket = "intake-test-\(UUID().uuidString.prefix(8))"
    let directory: URL
    let scratch: URL
    let name = "t"

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    /// Starts `arguments` (after the intake binary) in a `columns`×`rows` terminal. Standard output
    /// goes to `stdout` in the session's folder, and the exit status to `status`.
    init(_ arguments: [String], columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("intake-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("intake-env-\(UUID().uuidString)")
        let base = ["TZ": "UTC", "TERM": "xterm-256color", "LANG": "C.UTF-8",
                    "XDG_CONFIG_HOME": scratch.path + "/config", "XDG_DATA_HOME": scratch.path + "/data"]
        let env = (base.merging(environment) { $1 })
            .map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let args = arguments.map { "'\($0)'" }.joined(separator: " ")
        let command = "cd '\(Binary.root.path)' && env \(env) '\(Binary.path)' \(args) > '\(directory.path)/stdout'; echo $? > '\(directory.path)/status'; sleep 600"
        try tmux(["new-session", "-d", "-s", name, "-x", String(columns), "-y", String(rows), command])
    }

    deinit {
        // What ran in the session (the pane's shell and intake under it) is waited for after the kill:
        // an intake still starting could otherwise make its journal in a folder the test has just
        // removed, and leave it in /tmp.
        let shells = ((try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"])) ?? "").split(separator: "\n").compactMap { pid_t($0) }
        let started = shells + shells.flatMap(Self.children)
        _ = try? tmux(["kill-server"])
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline, started.contains(where: Self.alive) { usleep(20_000) }
        // tmux leaves its socket file behind when its server is killed; it is ours to remove.
        let socketFolder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(socketFolder)/tmux-\(getuid())/\(socket)")
        // And its folder, when no other server's socket is in it (rmdir refuses then): tmux makes
        // it again when wanted, and a test run leaves /tmp as it found it.
        rmdir("\(socketFolder)/tmux-\(getuid())")
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The processes `pid` started, from /proc.
    static func children(_ pid: pid_t) -> [pid_t] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether `pid` still runs (a zombie has ended: it only waits to be reaped).
    static func alive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // posix_spawn and waitpid rather than Foundation's Process: the tmux server that new-session
        // daemonises keeps inherited descriptors open, and Process then never reports the client's exit.
        let output = directory.appendingPathComponent("tmux-output")
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, &cArgs, environ)
        guard spawned == 0 else { throw CocoaError(.executableNotLoadable) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// Types text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    /// Presses keys by tmux name: Enter, Escape, Left, F2, C-c, C-d, BSpace…
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Sends raw bytes, invalid UTF-8 and bare escape sequences included, as if pasted.
    func sendBytes(_ bytes: [UInt8]) throws {
        try tmux(["send-keys", "-t", name, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// Pastes text as the terminal would: between bracketed-paste markers when the program asked
    /// for that mode, as bare keys otherwise.
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "intake-test", text])
        try tmux(["paste-buffer", "-p", "-b", "intake-test", "-t", name])
    }

    func screen() throws -> String { try tmux(["capture-pane", "-t", name, "-p"]) }

    /// The screen with what has scrolled off above it.
    func history() throws -> String { try tmux(["capture-pane", "-t", name, "-p", "-S", "-300"]) }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(columns), "-y", String(rows)])
    }

    /// Answers one screen per key, as a person does: each key is typed only once its screen is drawn,
    /// since keys typed before a screen appears are dropped by design (they could answer it unseen).
    func answerEach(_ keys: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for key in keys {
            let screen = try self.screen()
            // The step counter in English or Welsh ("Cam 12 o tua 53").
            guard let match = screen.range(of: #"(Step|Cam) \d+ o"#, options: .regularExpression),
                  let step = Int(screen[match].split(separator: " ")[1]) else {
                XCTFail("no step counter on the screen:\n\(screen)", file: file, line: line)
                throw CancellationError()
            }
            let word = screen[match].hasPrefix("Cam") ? "Cam" : "Step"
            try type(String(key))
            try waitFor("\(word) \(step + 1) o", file: file, line: line)
        }
    }

    /// Waits until the screen shows `text`, and returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("screen never showed \"\(text)\"; it shows:\n\(last)", file: file, line: line)
        throw CancellationError()
    }

    /// Waits until the screen no longer shows `text`.
    func waitForAbsence(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !(try screen().contains(text)) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("screen still shows \"\(text)\"", file: file, line: line)
        throw CancellationError()
    }

    /// The exit status once the program has ended.
    func exitStatus(timeout: TimeInterval = 15) throws -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        let file = directory.appendingPathComponent("status")
        while Date() < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8), let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return code
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    var stdout: String { (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? "" }
}
