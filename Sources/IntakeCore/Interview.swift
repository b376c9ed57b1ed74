import FoundationEssentials
import Glibc

/// One change to an earlier answer, kept for the record.
package struct AuditEntry: Sendable, Equatable {
    /// The question changed.
    package var question: String
    /// The answer before.
    package var old: AnswerValue
    /// The answer after; nil when the answer dropped out because the path no longer passes its question.
    package var new: AnswerValue?
    /// When it happened.
    package var at: Date
}

/// Where the interview is.
package enum Phase: Sendable, Equatable {
    /// A screen is shown (an end screen included).
    case asking
    /// The list of every answer is shown, to pick one to edit.
    case reviewing
    /// The officer confirmed the end; nothing more changes.
    case finished
}

/// An interview in progress: a pure value, changed only by `reduce`.
package struct Interview: Sendable, Equatable {
    /// The flow being followed, in the language on screen.
    package private(set) var flow: Flow
    /// When it started.
    package let startedAt: Date
    /// Every answer given and still kept, by question id.
    package private(set) var answers: [String: Answer] = [:]
    /// The screen shown.
    package private(set) var current: String
    /// Every change to an earlier answer, oldest first.
    package private(set) var audit: [AuditEntry] = []
    /// Where the interview is.
    package private(set) var phase: Phase = .asking
    /// Why the last event was refused, for the front to show; cleared by the next accepted event.
    package private(set) var problem: String?
    /// Set while an answer is being edited from the review, to return there afterwards.
    package private(set) var editingFromReview = false
    /// When the officer confirmed the end.
    package private(set) var finishedAt: Date?
    /// Every accepted event, in order: replaying them on a new interview gives this one again
    /// (answers, times, audit and screen), which is what the journal stores.
    package private(set) var events: [Event] = []
    /// Answers that came from outside the interview (the signing identity), by screen id. Their
    /// screens are never asked; an officer's own answer to the same screen would take precedence.
    package private(set) var given: [String: Answer] = [:]
    /// Answers offered from an earlier signed record (`intake run --from`), by screen id. Unlike
    /// `given`, a proposal is not an answer: its screen is still shown, opening with it, and only the
    /// officer's keeping or changing it there makes it one. So nothing is recorded unseen.
    package private(set) var proposed: [String: Answer] = [:]
    /// The record the proposals came from.
    package private(set) var proposedFrom: String?
    /// The screen shown when the review was opened, to return to.
    private var reviewReturn: String?
    /// The first unanswered screen when an edit began: an edit that opens an earlier one must go there.

    /// Starts an interview at the flow's first screen.
    package init(flow: Flow, startedAt: Date) {
        self.flow = flow
        self.startedAt = startedAt
        self.current = flow.start
    }

    /// The screen shown.
    package var currentScreen: Screen { flow.screen(current)! }

    /// Carries on in `translated`, the same flow in another language (`Flow.translated(by:)`).
    /// Answers are kept by value and the route by id, so nothing given or decided changes; only the
    /// words on screen and in the record do. Not an event: the journal holds what was answered, and
    /// a resumed interview opens in the language chosen then.
    package mutating func speak(_ translated: Flow) {
        precondition(translated.id == flow.id && translated.screens.map(\.id) == flow.screens.map(\.id),
                     "a translation of another flow")
        flow = translated
    }

    /// The screens the answers lead through, from the start to the first unanswered screen or an end.
    ///
    /// A transition sees only the answers given on the path before it, so the route never depends on
    /// an answer the officer has not reached yet.
    package var path: [String] {
        var path: [String] = []
        var before: [String: AnswerValue] = [:]
        var id = flow.start
        var seen: Set<String> = []
        while seen.insert(id).inserted {
            path.append(id)
            guard let answer = answers[id] ?? given[id], let screen = flow.screen(id) else { break }
            before[id] = answer.value
            guard let next = Interview.next(after: screen, given: before, in: flow) else { break }
            id = next
        }
        return path
    }

    /// The answers on the path: what the record and the determination use.
    package var result: [String: AnswerValue] {
        var result: [String: AnswerValue] = [:]
        for id in path { if let answer = answers[id] ?? given[id] { result[id] = answer.value } }
        return result
    }

    /// The determination from the answers on the path.
    package var determination: Determination { Determiner.determine(flow, answers: result) }

    /// Whether the path has reached an end screen with every screen before it answered.
    /// "Step N of about M", the same on both fronts: N is `step`, M adds the longest way from the
    /// current screen to an end (`Flow.longestPathToEnd`, computed once per interview).
    /// `path` is `self.path`, when the caller has it already (a repaint that also lists it).
    package func stepOfAbout(_ stepsToEnd: [String: Int], path: [String]? = nil) -> (step: Int, about: Int) {
        let step = self.step(on: path ?? self.path)
        return (step, step - 1 + (stepsToEnd[current] ?? 1))
    }

    /// Shows the interview in the next language `languages` offers after the current one, round;
    /// both fronts' language key. Nil when there is no other language; a failure says why the next
    /// one cannot be shown (its file does not load), and the interview stays as it is.
    package mutating func switchLanguage(_ languages: FlowLanguages?) -> Result<Language, FlowLanguages.TranslationUnavailable>? {
        guard let languages, let next = languages.next(after: flow.language) else { return nil }
        switch languages.flow(in: next) {
        case .success(let translated):
            speak(translated)
            return .success(next)
        case .failure(let why):
            return .failure(why)
        }
    }

    /// The officer's step on the current screen, counting only screens they are asked (1-based).
    package var step: Int { step(on: path) }

    private func step(on path: [String]) -> Int {
        let index = path.firstIndex(of: current) ?? max(0, path.count - 1)
        return path[..<index].filter { !isGivenOnly($0) }.count + 1
    }

    package var isComplete: Bool {
        guard let last = path.last else { return false }
        return flow.screen(last)?.kind == .end
    }

    /// Where `screen` leads given `answers`: the first branch that holds, else `next`.
    static func next(after screen: Screen, given answers: [String: AnswerValue], in flow: Flow) -> String? {
        route(after: screen, given: answers, in: flow).target
    }

    /// Where the flow goes after `screen` given the answers so far, and which transition decided it:
    /// what the trainer demo explains.
    package static func route(after screen: Screen, given answers: [String: AnswerValue], in flow: Flow) -> Route {
        guard !screen.branches.isEmpty else { return Route(target: screen.next, branch: nil) }
        let lookup = Determiner.environment(flow, answers: answers)
        let answered: (String) -> Bool = { answers[$0]?.isAnswered ?? false }
        for branch in screen.branches where Evaluator.holds(branch.condition.expr, lookup: lookup, answered: answered) {
            return Route(target: branch.target, branch: branch)
        }
        return Route(target: screen.next, branch: nil)
    }
}

/// The next screen and the transition that chose it.
package struct Route: Sendable, Equatable {
    /// The next screen; nil after an end screen.
    package var target: String?
    /// The guarded transition that fired; nil when the screen's plain `next` (or `otherwise`) was taken.
    package var branch: Transition?
}

/// What can happen to an interview.
package enum Event: Sendable, Equatable {
    /// An answer to the screen shown.
    case answer(AnswerValue, at: Date)
    /// Go to the screen before this one on the path.
    case back
    /// Show the list of answers.
    case review
    /// Leave the review for the screen that was shown.
    case closeReview
    /// From the review, change the answer to this question.
    case edit(String)
    /// Confirm the end of the interview.
    case finish(at: Date)
    /// An answer the interview is given rather than asks, such as the officer's name from the signing
    /// key: the screen is then passed over.
    case given(String, AnswerValue, at: Date)
    /// An answer offered from the earlier record `from`: the screen opens with it, to keep or change.
    case proposed(String, AnswerValue, from: String, at: Date)
}

/// Applies `event` to `interview`. Refused events leave everything but `problem` unchanged.
package func reduce(_ interview: inout Interview, _ event: Event) {
    interview.apply(event)
}

extension Interview {
    mutating func apply(_ event: Event) {
        guard phase != .finished else { problem = flow.language(.interviewFinished); return }
        applyOnce(event)
        if problem == nil { events.append(event) }
    }

    private mutating func applyOnce(_ event: Event) {
        switch event {
        case .answer(let value, let at): accept(value, at: at)
        case .back: back()
        case .review:
            if phase == .asking { reviewReturn = current }
            phase = .reviewing
            problem = nil
        case .closeReview:
            phase = .asking
            editingFromReview = false
            let path = self.path
            current = reviewReturn.flatMap { path.contains($0) ? $0 : nil } ?? path.last!
            problem = nil
        case .edit(let id): edit(id)
        case .finish(let at): finish(at: at)
        case .given(let id, let value, let at): give(id, value, at: at)
        case .proposed(let id, let value, let from, let at): propose(id, value, from: from, at: at)
        }
    }

    /// What a screen opens with: the officer's answer, else an answer proposed from an earlier record.
    package func opening(_ id: String) -> AnswerValue? { answers[id]?.value ?? proposed[id]?.value }

    private mutating func propose(_ id: String, _ value: AnswerValue, from: String, at: Date) {
        guard let screen = flow.screen(id), ![.end, .info, .checklist].contains(screen.kind) else {
            // A checklist is a task this interview's officer must do and say so; it is never carried.
            problem = "'\(id)' is not a question of this flow that can be answered from another record"
            return
        }
        guard !from.isEmpty, proposedFrom == nil || proposedFrom == from else {
            problem = "answers can be taken from one record only"
            return
        }
        if let why = screen.problem(with: value) {
            problem = "'\(id)': \(why)"
            return
        }
        problem = nil
        proposedFrom = from
        proposed[id] = Answer(value, at: at)
    }

    /// Whether a screen is passed over: given, and not answered by the officer.
    package func isGivenOnly(_ id: String) -> Bool { given[id] != nil && answers[id] == nil }

    private mutating func give(_ id: String, _ value: AnswerValue, at: Date) {
        guard let screen = flow.screen(id), screen.kind != .end else {
            problem = "'\(id)' is not a screen of this flow that can be given an answer"
            return
        }
        if let why = screen.problem(with: value) {
            problem = "'\(id)': \(why)"
            return
        }
        problem = nil
        given[id] = Answer(value, at: at)
        // If the interview stands on the screen just given, move on past every given screen.
        if phase == .asking, isGivenOnly(current) {
            let path = self.path
            if let index = path.firstIndex(of: current) {
                current = path[index...].first { !isGivenOnly($0) } ?? path.last!
            }
        }
    }

    private mutating func accept(_ value: AnswerValue, at: Date) {
        guard phase == .asking else { problem = "open a screen before answering"; return }
        let screen = currentScreen
        let lookup = Determiner.environment(flow, answers: result)
        let answeredNow: (String) -> Bool = { self.answers[$0]?.value.isAnswered ?? false }
        if let why = screen.problem(with: value, lookup: lookup, answered: answeredNow) {
            problem = why
            return
        }
        problem = nil
        if let old = answers[screen.id] {
            if old.value != value {
                audit.append(AuditEntry(question: screen.id, old: old.value, new: value, at: at))
                answers[screen.id] = Answer(value, at: at)
            }
        } else {
            answers[screen.id] = Answer(value, at: at)
        }
        dropAnswersOffThePath(at: at)
        if editingFromReview {
            // Back to the review, even when the change opened a screen that must now be answered:
            // the officer fixing several answers stays there until closing it, and closing it goes
            // to the first screen still to answer.
            let path = self.path
            phase = .reviewing
            editingFromReview = false
            current = reviewReturn.flatMap { path.contains($0) ? $0 : nil } ?? path.last!
        } else {
            let path = self.path
            if let index = path.firstIndex(of: screen.id), index + 1 < path.count {
                current = path[(index + 1)...].first { !isGivenOnly($0) } ?? path.last!
            } else if let last = path.last {
                current = last
            }
        }
    }

    /// An answer whose question the path no longer passes drops out, and the audit says so.
    /// Once the path reaches an end, answers it does not pass drop out, and the audit says so. Before
    /// that they are held (outside the result), since answering the new screens may lead back to them.
    private mutating func dropAnswersOffThePath(at: Date) {
        guard isComplete else { return }
        let onPath = Set(path)
        for id in answers.keys.sorted() where !onPath.contains(id) {
            audit.append(AuditEntry(question: id, old: answers[id]!.value, new: nil, at: at))
            answers[id] = nil
        }
    }

    private mutating func back() {
        guard phase == .asking else { phase = .asking; return }
        let path = self.path
        guard let index = path.firstIndex(of: current),
              let previous = path[..<index].last(where: { !isGivenOnly($0) }) else {
            problem = flow.language(.firstScreen)
            return
        }
        problem = nil
        current = previous
    }

    private mutating func edit(_ id: String) {
        guard answers[id] != nil, path.contains(id), flow.screen(id)?.kind != .end else {
            problem = "'\(id)' has no answer on this interview's path to edit"
            return
        }
        problem = nil
        current = id
        phase = .asking
        editingFromReview = true
    }

    private mutating func finish(at: Date) {
        guard isComplete else {
            problem = flow.language(.notReachedEnd)
            return
        }
        problem = nil
        current = path.last!
        phase = .finished
        finishedAt = at
    }
}
