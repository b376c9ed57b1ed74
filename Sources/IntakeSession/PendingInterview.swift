import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// The interview a front runs, opened once: given open (resume, update), or begun when first needed
/// (a new interview, just after its first screen is drawn, so the first paint waits for no disk).
/// A failure to begin is kept for the caller to say once the terminal is back (said on the full
/// screen, it would be wiped). A class because both the front's save closure and the caller hold it.
package final class PendingInterview: @unchecked Sendable {
    private enum State {
        case open(Interviews.Open)
        case starting(Interviews.Starting)
    }

    private var state: State
    private var warnings: [String] = []

    /// An interview already open.
    package init(_ open: Interviews.Open) { state = .open(open) }

    /// A new interview, begun when first needed.
    package init(_ starting: Interviews.Starting) { state = .starting(starting) }

    /// Its record id.
    package var id: String {
        switch state {
        case .open(let open): return open.header.id
        case .starting(let starting): return starting.id
        }
    }

    /// The exact flow it runs on.
    package var flow: LoadedFlow {
        switch state {
        case .open(let open): return open.flow
        case .starting(let starting): return starting.flow
        }
    }

    /// Makes a new interview durable; nothing for one already open.
    package func begin() throws(SessionError) {
        guard case .starting(let starting) = state else { return }
        let open = try starting.begin()
        warnings = open.warnings
        state = .open(open)
    }

    /// The open interview, begun first if need be.
    package func opened() throws(SessionError) -> Interviews.Open {
        try begin()
        guard case .open(let open) = state else { preconditionFailure("begun above") }
        return open
    }

    /// What beginning had to say (a flow copy not kept), once.
    package func takeWarnings() -> [String] {
        defer { warnings = [] }
        return warnings
    }
}
