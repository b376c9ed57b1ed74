/// The result of applying a flow's rules to a set of answers.
package struct Determination: Sendable, Equatable {
    /// e.g. `aggravated`, `experimental`, `undetermined`.
    package var classification: String
    /// Outcome 21 status, when the flow decides one.
    package var outcome21: Outcome21?
    /// The summary line of the rule that decided.
    package var summary: String?
    /// Reasons whose conditions hold, in flow order.
    package var reasons: [ReasonRule]
    /// Actions that apply, in flow order.
    package var actions: [ActionRule]
    /// What must still be established or done: decisive and also-establish facts still unknown, then
    /// unmet prerequisites where the lenient outcome is withheld or pending.
    package var outstanding: [String]
    /// Derived facts that hold.
    package var facts: [String]
    /// True when the engine's safety rule withheld a lenient outcome: a decisive fact unknown or a prerequisite unmet.
    package var withheldLenient: Bool
}

/// Computes determinations. Pure: the same flow and answers always give the same result.
package enum Determiner {
    /// Applies the rules of `flow` to `answers` (question id to answer). Questions missing from
    /// `answers` count as unanswered, so their facts are unknown.
    package static func determine(_ flow: Flow, answers: [String: AnswerValue]) -> Determination {
        var facts: [String: Bool] = [:]
        func answered(_ id: String) -> Bool { answers[id]?.isAnswered ?? false }
        func base(_ id: String) -> Value {
            if let answer = answers[id] { return answer.value }
            if let holds = facts[id] { return .bool(holds) }
            return .unknown
        }
        for fact in flow.facts {
            facts[fact.id] = Evaluator.holds(fact.condition.expr, lookup: base, answered: answered)
        }
        let spec = flow.determination
        let chosen = spec.rules.first { Evaluator.holds($0.condition!.expr, lookup: base, answered: answered) } ?? spec.otherwise
        var rule = chosen
        let unknownDecisive = spec.decisive.filter { base($0) == .unknown }
        let unmet = spec.prerequisites.filter { !Evaluator.holds($0.until.expr, lookup: base, answered: answered) }.map(\.id)
        // The safety rule, enforced by the engine whatever a flow's rules say: while a decisive fact is
        // unknown, or a prerequisite (a check, a decision) is unmet, never recommend the lenient outcome.
        var withheld = false
        if rule.lenient, !unknownDecisive.isEmpty || !unmet.isEmpty {
            withheld = true
            let summary = unknownDecisive.isEmpty
                ? "Checks or decisions that a lenient outcome waits for are still outstanding; complete them first."
                : "Decisive facts are still unknown; establish them before any lenient outcome."
            rule = DeterminationRule(condition: nil, classification: DeterminationRule.undetermined,
                                     outcome21: rule.outcome21 == nil ? nil : .pending, lenient: false,
                                     summary: summary, location: rule.location)
        }
        // Unmet prerequisites matter only where the lenient outcome is still in play: withheld, or pending.
        let waiting = chosen.lenient || rule.classification == DeterminationRule.undetermined ? unmet : []
        var outstanding: [String] = []
        for id in (spec.decisive + spec.alsoEstablish).filter({ base($0) == .unknown }) + waiting where !outstanding.contains(id) {
            outstanding.append(id)
        }
        func full(_ id: String) -> Value {
            switch id {
            case "classification": return .string(rule.classification)
            case "outcome21": return rule.outcome21.map { .string($0.rawValue) } ?? .unknown
            default: return base(id)
            }
        }
        let reasons = flow.reasons.filter { Evaluator.holds($0.condition.expr, lookup: base, answered: answered) }
        let actions = flow.actions.filter { action in
            action.condition.map { Evaluator.holds($0.expr, lookup: full, answered: answered) } ?? true
        }
        return Determination(classification: rule.classification, outcome21: rule.outcome21, summary: rule.summary,
                             reasons: reasons, actions: actions, outstanding: outstanding,
                             facts: flow.facts.map(\.id).filter { facts[$0] == true }, withheldLenient: withheld)
    }

    /// Whether `invariant` holds for `answers`, worked out by the engine itself. `intake flows check`
    /// proves invariants symbolically; this evaluates one concretely, so the two can be checked against each other.
    package static func holds(_ invariant: Invariant, in flow: Flow, answers: [String: AnswerValue]) -> Bool {
        let actions = determine(flow, answers: answers).actions.map(\.id)
        let env = environment(flow, answers: answers)
        return Evaluator.holds(invariant.condition.expr, lookup: { id in
            if id.hasPrefix("action:") { return .bool(actions.contains(String(id.dropFirst(7)))) }
            if id.hasPrefix("action-first:") { return .bool(actions.first == String(id.dropFirst(13))) }
            return env(id)
        }, answered: { answers[$0]?.isAnswered ?? false })
    }

    /// The reason of the first of the notice's withhold rules that holds for `answers`, if any.
    package static func withheld(_ flow: Flow, answers: [String: AnswerValue]) -> String? {
        guard let rules = flow.notice?.withhold, !rules.isEmpty else { return nil }
        let env = environment(flow, answers: answers)
        return rules.first { Evaluator.holds($0.condition.expr, lookup: env, answered: { answers[$0]?.isAnswered ?? false }) }?.reason
    }

    /// A lookup for expressions over `answers` that also sees derived facts and the determination, as
    /// transitions and constraints do.
    package static func environment(_ flow: Flow, answers: [String: AnswerValue]) -> (String) -> Value {
        let determination = determine(flow, answers: answers)
        let holding = Set(determination.facts)
        let factIds = Set(flow.facts.map(\.id))
        return { id in
            switch id {
            case "classification": return .string(determination.classification)
            case "outcome21": return determination.outcome21.map { .string($0.rawValue) } ?? .unknown
            default:
                if let answer = answers[id] { return answer.value }
                if factIds.contains(id) { return .bool(holding.contains(id)) }
                return .unknown
            }
        }
    }
}
