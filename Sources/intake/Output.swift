import ArgumentParser
import IntakeRecords

// Every byte a command writes to the terminal goes through `Output`, which makes outside text
// visible (issue 33, item 2). These shadow `Swift.print` in this module on purpose, so that no command
// can print a file name or a record's text raw by forgetting a call. JSON is escaped first
// (`Visible.json`), which leaves nothing for `Output` to change.

/// Standard output, made visible.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Output.out(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

/// Standard error, made visible; a line feed is added when missing.
func printError(_ text: String) {
    Output.error(text.hasSuffix("\n") ? text : text + "\n")
}

/// Standard error, made visible, as it is (a prompt stays on its line).
func writeError(_ text: String) {
    Output.error(text)
}

/// Prints what a command below the command line had to say; a failed report ends the command
/// with `status`.
func show(_ report: Report, failing status: Int32 = Exit.invalidInput) throws {
    Output.show(report)
    if report.failed { throw ExitCode(report.status ?? status) }
}
