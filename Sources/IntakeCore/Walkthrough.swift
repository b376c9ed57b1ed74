import FoundationEssentials
import Glibc

/// A scenario's answers played through a flow, screen by screen, with the reason each next screen
/// follows: what the trainer demo steps through. Built once, up front, so stepping back and forth is
/// only an index change.
package struct Walkthrough: Sendable, Equatable {
    /// One screen of the walk.
    package struct Step: Sendable, Equatable {
        /// The screen shown.
        package var screen: String
        /// The scenario's answer to it; nil on the end screen.
        package var answer: AnswerValue?
        /// The interview with this screen shown and its answer already given, so a front draws the
        /// answer selected or typed in.
        package var interview: Interview
        /// Where the answer leads and which transition chose it; nil on the end screen.
        package var route: Route?
        /// The determination on the answers so far, this one included: what a class watches change.
        package var soFar: Determination
    }

    /// The steps, from the first screen to the end screen (or, for a what-if the scenario's answers
    /// do not cover, to the first screen they leave unanswered).
    package var steps: [Step]
    /// The determination at the end, or on the answers so far when the walk stops early.
    package var determination: Determination
    /// The screen the answers leave unanswered, when the walk stops there instead of at an end.
    package var stoppedAt: String?

    /// Plays `answers` through `flow`. A question the answers leave out is an error naming it, except
    /// information screens (acknowledged) and optional questions (skipped), so scenarios stay short.
    package static func build(flow: Flow, answers: AnswersFile, file: String,
                             startedAt: Date = Date(timeIntervalSince1970: 0)) throws(FlowError) -> Walkthrough {
        try build(flow: flow, values: answers.values, file: file, startedAt: startedAt, stopWhereUnanswered: false)
    }

    /// Plays `values` through `flow`. With `stopWhereUnanswered`, a question they leave out ends the
    /// walk there (`stoppedAt`) instead of being an error: a trainer's "what if" may lead where the
    /// scenario never went.
    package static func build(flow: Flow, values: [String: AnswerValue], file: String,
                             startedAt: Date = Date(timeIntervalSince1970: 0), stopWhereUnanswered: Bool) throws(FlowError) -> Walkthrough {
        var interview = Interview(flow: flow, startedAt: startedAt)
        var steps: [Step] = []
        var given: [String: AnswerValue] = [:]
        while steps.count <= flow.screens.count {
            let screen = interview.currentScreen
            let soFar = Determiner.determine(flow, answers: given)
            if screen.kind == .end {
                steps.append(Step(screen: screen.id, answer: nil, interview: interview, route: nil, soFar: soFar))
                return Walkthrough(steps: steps, determination: soFar, stoppedAt: nil)
            }
            let answer: AnswerValue
            if let value = values[screen.id] {
                answer = value
            } else if screen.kind == .info {
                answer = .acknowledged
            } else if !screen.required {
                answer = .skipped
            } else if stopWhereUnanswered {
                steps.append(Step(screen: screen.id, answer: nil, interview: interview, route: nil, soFar: soFar))
                return Walkthrough(steps: steps, determination: soFar, stoppedAt: screen.id)
            } else {
                throw FlowError([Diagnostic(SourceLocation(file: file, line: 1, column: 1),
                                            "the scenario has no answer for '\(screen.id)' (“\(screen.prompt)”), which its answers reach",
                                            hint: "add a line '\(screen.id): …' under answers:")])
            }
            let at = startedAt.addingTimeInterval(Double(steps.count) * 60)
            reduce(&interview, .answer(answer, at: at))
            if let problem = interview.problem {
                throw FlowError([Diagnostic(SourceLocation(file: file, line: 1, column: 1),
                                            "the scenario's answer to '\(screen.id)' is refused: \(problem)")])
            }
            let route = Interview.route(after: screen, given: given.merging([screen.id: answer]) { $1 }, in: flow)
            given[screen.id] = answer
            var shown = interview
            reduce(&shown, .back)
            steps.append(Step(screen: screen.id, answer: answer, interview: shown, route: route,
                              soFar: Determiner.determine(flow, answers: given)))
        }
        throw FlowError([Diagnostic(SourceLocation(file: file, line: 1, column: 1), "the walk through the flow does not end")])
    }
}
