import FoundationEssentials
import Glibc

/// Runs a program and waits for it, through `posix_spawn` (Foundation's `Process` is not in
/// FoundationEssentials, issue 37): standard output captured or not, standard error to a file, to
/// nowhere, or where intake's goes.
package enum Spawn {
    package enum Errors { case inherit, discard, file(String) }

    /// The program's exit status (-1 when a signal ended it) and what it wrote on standard output
    /// (empty unless `capture`); nil when it could not be started.
    package static func run(_ path: String, _ arguments: [String], capture: Bool = true, errors: Errors = .inherit) -> (status: Int32, output: [UInt8])? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        if capture {
            guard pipe(&fds) == 0 else { return nil }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        }
        switch errors {
        case .inherit: break
        case .discard: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        case .file(let file): posix_spawn_file_actions_addopen(&actions, 2, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, path, &actions, nil, argv, environ) == 0
        if capture { close(fds[1]) }
        guard started else {
            if capture { close(fds[0]) }
            return nil
        }
        var output: [UInt8] = []
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                output.append(contentsOf: buffer[0..<n])
            }
            close(fds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : -1, output)
    }
}
