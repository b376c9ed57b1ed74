import FoundationEssentials
import Glibc

/// What a front asks of whoever runs it, as values (bubbletea's commands): the full screen and the
/// line front both return these from `update`, and one runner in the session layer carries them out,
/// so saving, taking back and ending are written once for both.
package enum InterviewEffect: Equatable, Sendable {
    /// This event was accepted: make it durable before anything else is shown or read. If that
    /// fails, the runner calls the front's `saveFailed`, which takes the event back.
    case save(Event)
    /// The officer confirmed the end: produce the record.
    case finished
    /// The officer asked to stop; the journal keeps what was answered.
    case quit
    /// Input ran out before the end (a piped file, a closed terminal).
    case inputEnded
}

/// A front's state: the interview it runs, and how it takes back an event that could not be saved.
package protocol InterviewFront {
    /// The interview as the front now holds it.
    var interview: Interview { get }
    /// The last `.save` failed: take its event back and tell the officer why.
    mutating func saveFailed(_ why: String)
}

/// What a front's loop does after the runner carried out an effect.
package enum FrontStep: Equatable, Sendable {
    /// Carry on with the next effect.
    case go
    /// Show the front now and perform no more of this update's effects (a save failed: the officer
    /// must see why, and nothing after the failed event may happen).
    case repaint
    /// End the run.
    case stop(InterviewEnding)
}

/// How a run of an interview on a front ended.
package enum InterviewEnding: Equatable, Sendable {
    /// The officer confirmed the end.
    case finished(Interview)
    /// The officer asked to stop.
    case quit(Interview)
    /// Input ran out first.
    case inputEnded(Interview)
    /// A signal (SIGTERM, SIGHUP, SIGINT) ended it; the terminal was restored first.
    case signalled(Int32, Interview)

    /// The interview as it stood at the end.
    package var interview: Interview {
        switch self {
        case .finished(let i), .quit(let i), .inputEnded(let i), .signalled(_, let i): return i
        }
    }
}

extension InterviewFront {
    /// Carries out one effect with `save` as the durable edge: the one rule, for both fronts, that an
    /// event is accepted only once saved, and taken back (with the reason shown) when it is not.
    package mutating func perform(_ effect: InterviewEffect, save: (Event) throws -> Void) -> FrontStep {
        switch effect {
        case .save(let event):
            do {
                try save(event)
                return .go
            } catch {
                saveFailed("\(error)")
                return .repaint
            }
        case .finished: return .stop(.finished(interview))
        case .quit: return .stop(.quit(interview))
        case .inputEnded: return .stop(.inputEnded(interview))
        }
    }
}

/// What runs a front's effects: the session's `InterviewRunner`. A protocol here so the terminal
/// module can drive either front through it without seeing the session or the records.
package protocol FrontRunner {
    /// Makes the interview durable if it is not yet (a new interview's journal); throws if it cannot.
    func begin() throws
    /// What beginning had to say (a flow copy not kept), once.
    func takeWarnings() -> [String]
    /// Carries out one effect of `front`.
    func perform<F: InterviewFront>(_ effect: InterviewEffect, on front: inout F) -> FrontStep
}
