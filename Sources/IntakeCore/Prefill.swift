import FoundationEssentials
import Glibc

/// Fills an interview from an answers file, following the path: each screen the file answers is
/// answered in turn; it stops at the first screen the file leaves out or answers wrongly.
package enum Prefill {
    /// Applies `file` to `interview`, each answer timed as the file says (a record's answers data),
    /// else `at`.
    package static func apply(_ file: AnswersFile, to interview: inout Interview, at: Date) {
        let values = file.values
        while interview.phase == .asking, interview.currentScreen.kind != .end,
              let value = values[interview.current] {
            let before = interview.current
            reduce(&interview, .answer(value, at: file.times[interview.current] ?? at))
            if interview.problem != nil || interview.current == before { return }
        }
    }

    /// Applies `file` over an interview that already has answers (a follow-up): each answer that
    /// differs is changed as from the review, so the change is in the audit with its time; then the
    /// screens the file answers further along the path are answered in turn. Again until nothing
    /// changes: a screen the earlier answers reach only once the file has opened the way to it (an
    /// answer kept from before, further along) is changed on the next pass, not silently kept.
    package static func overlay(_ file: AnswersFile, on interview: inout Interview, at: Date) {
        var changed = true
        var passes = 0
        while changed, passes <= file.entries.count {
            changed = false
            passes += 1
            for (id, value) in file.entries where interview.phase != .finished {
                guard interview.path.contains(id), let old = interview.answers[id], old.value != value else { continue }
                reduce(&interview, .review)
                reduce(&interview, .edit(id))
                reduce(&interview, .answer(value, at: file.times[id] ?? at))
                if interview.phase == .reviewing { reduce(&interview, .closeReview) }
                changed = true
            }
            if interview.phase == .reviewing { reduce(&interview, .closeReview) }
            apply(file, to: &interview, at: at)
        }
    }
}
