import CEdit

/// A closed terminal ends every command with status 129 (128 + SIGHUP), as a shell reports a
/// hang-up, with the journal kept and locks released; within a second, whatever the command was
/// doing (issue 33, item 7). Under `nohup` (SIGHUP ignored) nothing changes.
package enum HangUp {
    /// The status a command ends with after a hang-up.
    package static let status: Int32 = 129

    /// Starts watching for SIGHUP; called once as the program starts, and again when the full screen
    /// hands its signals back.
    package static func watch() { intake_watch_hangup() }

    /// Whether the terminal has hung up.
    package static var happened: Bool { intake_hung_up() != 0 }
}
