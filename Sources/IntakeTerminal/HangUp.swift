import CEdit

/// A closed terminal ends every command with status 129 (128 + SIGHUP), as a shell reports a
/// hang-up, with the journal kept and locks released; within a second, whatever the command was
/// doing (issue 33, item 7). Under `nohup` (SIGHUP ignored) nothing changes.
public enum HangUp {
    /// The status a command ends with after a hang-up.
    public static let status: Int32 = 129

    /// Starts watching for SIGHUP; called once as the program starts, and again when the full screen
    /// hands its signals back.
    public static func watch() { intake_watch_hangup() }

    /// Whether the terminal has hung up.
    public static var happened: Bool { intake_hung_up() != 0 }
}
