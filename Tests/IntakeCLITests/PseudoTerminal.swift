import Foundation
import XCTest

/// One `intake` on its own pseudo-terminal, in a new session.
final class PseudoTerminal {
    let pid: pid_t
    private(set) var master: Int32
    private(set) var output = ""
    /// Every byte the program wrote to the terminal.
    private(set) var bytes: [UInt8] = []

    init(_ arguments: [String], environment: [String: String]) throws {
        // posix_openpt and ptsname are not imported into Swift; /dev/ptmx and two ioctls are what they do.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0, ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number) == 0 else {
            throw NSError(domain: "pty", code: Int(errno))
        }
        let slave = "/dev/pts/\(number)"
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc): a new session, so the terminal opened below becomes its controlling one.
        posix_spawnattr_setflags(&attributes, Int16(0x80))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // Run in the test's own home, never the repository: a program typed at by mistake (a pager's
        // `s` saves a file) writes there. The shell is the session leader and execs intake in place.
        let directory = environment["HOME"] ?? FileManager.default.temporaryDirectory.path
        let argv: [UnsafeMutablePointer<CChar>?] = (["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory, Binary.path] + arguments)
            .map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard status == 0 else { close(master); throw NSError(domain: "spawn", code: Int(status)) }
        self.pid = pid
    }

    deinit {
        if master >= 0 { close(master) }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
    }

    /// Reads what the program has written until `text` appears (escapes and all), or fails.
    func waitFor(_ text: String, timeout: TimeInterval = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !output.contains(text) {
            guard Date() < deadline else { throw NSError(domain: "waitFor: \(text) not in: \(output.suffix(2000))", code: 0) }
            var check = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&check, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(master, &buffer, buffer.count)
            if n > 0 { bytes += buffer[0..<n]; output += String(decoding: buffer[0..<n], as: UTF8.self) }
        }
    }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Types each line (Enter is a carriage return, as a terminal sends it), waiting after each for the
/// program to fall quiet, then reads until it exits; returns its status (1000 + a signal it died of).
func answer(_ lines: [String], timeout: TimeInterval = 60) throws -> Int32 {
    for line in lines {
        type(line + "\r")
        try settle()
    }
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while Date() < deadline {
        try? drain(0.05)
        if waitpid(pid, &status, WNOHANG) == pid {
            try? drain(0.05)
            return status & 0x7F == 0 ? (status >> 8) & 0xFF : 1000 + (status & 0x7F)
        }
    }
    throw NSError(domain: "did not end: \(output.suffix(2000))", code: 0)
}

/// Reads until nothing more has come for 80 ms.
func settle() throws {
    var quiet = 0
    while quiet < 4 {
        let before = output.count
        try drain(0.02)
        quiet = output.count == before ? quiet + 1 : 0
    }
}

/// Reads whatever comes within `seconds`.
func drain(_ seconds: TimeInterval) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline, master >= 0 {
        var check = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&check, 1, 10) > 0 else { continue }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n > 0 { bytes += buffer[0..<n]; output += String(decoding: buffer[0..<n], as: UTF8.self) } else { return }
    }
}

/// Closes the terminal; returns the exit status (or 1000 + the signal it died of) and how long it took.
    func hangUp() -> (status: Int32, seconds: Double) {
        let start = Date()
        close(master)
        master = -1
        var status: Int32 = 0
        while Date().timeIntervalSince(start) < 5 {
            if waitpid(pid, &status, WNOHANG) == pid {
                let seconds = Date().timeIntervalSince(start)
                return (status & 0x7F == 0 ? (status >> 8) & 0xFF : 1000 + (status & 0x7F), seconds)
            }
            usleep(10_000)
        }
        return (-1, 5)
    }
}
