import FoundationEssentials
import Glibc
import IntakeCore

/// Long text for a person at a terminal: through `$PAGER` (default `less`), so a 200-line record is
/// read from its top, searched and scrolled, never dumped past the screen — except in accessible mode.
package enum Pager {
    /// Shows `text` in the pager when standard input and output are a terminal. Returns false when
    /// it did not (no terminal, or the pager could not be started), so the caller prints instead.
    package static func show(_ text: String, environment: [String: String], plain: Bool) -> Bool {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return false }
        // Accessible mode (ACCESSIBLE=1, or the line front chosen for good): no pager, whose screen
        // handling a screen reader cannot follow; the text is printed in order instead.
        guard !plain else { return false }
        let command = environment["PAGER"].flatMap { $0.trimmedSpaces().isEmpty ? nil : $0 } ?? "less"
        var env = environment
        // less: leave the text on the screen after q, so the questions below can be read beside it.
        if env["LESS"] == nil { env["LESS"] = "X" }
        // posix_spawn, not Foundation's Process: Process starts its child in a new session, where a
        // pager has no terminal to read keys from and pours the whole text out at once.
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        var argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { $0.withCString { strdup($0) } }
        argv.append(nil)
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { "\($0.key)=\($0.value)".withCString { strdup($0) } }
        envp.append(nil)
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        close(fds[0])
        guard spawned == 0 else { close(fds[1]); return false }
        // A pager quit early closes the pipe: the write fails quietly rather than killing intake.
        signal(SIGPIPE, SIG_IGN)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            written += n
        }
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // 127: the shell found no such pager; the caller prints the text instead.
        return !(status & 0x7F == 0 && (status >> 8) & 0xFF == 127)
    }
}
