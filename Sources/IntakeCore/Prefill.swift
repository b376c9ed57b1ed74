import Foundation

/// Fills an interview from an answers file, following the path: each screen the file answers is
/// answered in turn; it stops at the first screen the file leaves out or answers wrongly.
public enum Prefill {
    /// Applies `file` to `interview`, each answer timed as the file says (a record's answers data),
    /// else `at`.
    public static func apply(_ file: AnswersFile, to interview: inout Interview, at: Date) {
        let values = file.values
        while interview.phase == .asking, interview.currentScreen.kind != .end,
              let value = values[interview.current] {
            let before = interview.current
            reduce(&interview, .answer(value, at: file.times[interview.current] ?? at))
            if interview.problem != nil || interview.current == before { return }
        }
    }
}
