/// An expression over question answers only — derived facts, the determination (with the engine's
/// safety rule) and `applies(…)` expanded in place — that can be partly evaluated as answers become
/// known. Two paths whose residuals are equal behave the same from there on.
indirect enum Residual: Hashable, Sendable {
    case value(Value)
    case question(String)
    case answered(String)
    case not(Residual)
    case and([Residual])
    case or([Residual])
    case compare(BinaryOperator, Residual, Residual)
    case list([Residual])

    static let yes = Residual.value(.bool(true)), no = Residual.value(.bool(false))

    /// Substitutes what `known` gives (nil keeps a question open) and folds constants.
    func reduced(_ known: (String) -> Value?, answered isAnswered: (String) -> Bool?) -> Residual {
        switch self {
        case .value: return self
        case .question(let q): return known(q).map(Residual.value) ?? self
        case .answered(let q): return isAnswered(q).map { .value(.bool($0)) } ?? self
        case .not(let inner):
            let r = inner.reduced(known, answered: isAnswered)
            if case .value(let v) = r { return .value(.bool(v != .bool(true))) }
            return .not(r)
        case .and(let items):
            var out: [Residual] = []
            for item in items {
                let r = item.reduced(known, answered: isAnswered)
                if case .value(let v) = r { if v == .bool(true) { continue } else { return .no } }
                out.append(r)
            }
            return out.isEmpty ? .yes : out.count == 1 ? out[0] : .and(out)
        case .or(let items):
            var out: [Residual] = []
            for item in items {
                let r = item.reduced(known, answered: isAnswered)
                if case .value(let v) = r { if v == .bool(true) { return .yes } else { continue } }
                out.append(r)
            }
            return out.isEmpty ? .no : out.count == 1 ? out[0] : .or(out)
        case .compare(let op, let l, let r):
            let left = l.reduced(known, answered: isAnswered), right = r.reduced(known, answered: isAnswered)
            if case .value(let a) = left, case .value(let b) = right { return .value(Evaluator.apply(op, a, b)) }
            return .compare(op, left, right)
        case .list(let items):
            let reduced = items.map { $0.reduced(known, answered: isAnswered) }
            let values = reduced.compactMap { r -> Value? in if case .value(let v) = r { return v }; return nil }
            return values.count == reduced.count ? .value(.list(values)) : .list(reduced)
        }
    }

    /// The questions it still depends on.
    var questions: Set<String> {
        switch self {
        case .value: return []
        case .question(let q), .answered(let q): return [q]
        case .not(let inner): return inner.questions
        case .and(let items), .or(let items), .list(let items): return items.reduce(into: []) { $0.formUnion($1.questions) }
        case .compare(_, let l, let r): return l.questions.union(r.questions)
        }
    }

    /// True when the residual is the constant true (after every question is settled).
    var holds: Bool { self == .yes }
}

/// Turns a flow's expressions into residuals.
struct Expander {
    let flow: Flow
    private var facts: [String: Residual] = [:]
    /// When the engine withholds a lenient outcome: a decisive fact unknown or a prerequisite unmet.
    private(set) var lenientWithheld: Residual = .no

    init(flow: Flow) {
        self.flow = flow
        for fact in flow.facts { facts[fact.id] = expand(fact.condition.expr) }
        lenientWithheld = .or(flow.determination.decisive.map { .compare(.equal, .question($0), .value(.unknown)) }
                              + flow.determination.prerequisites.map { .not(expand($0.until.expr)) })
    }

    var rules: [DeterminationRule] { flow.determination.rules + [flow.determination.otherwise] }

    /// Rule i is the one that decides.
    func chosen(_ i: Int) -> Residual {
        let earlier = rules.prefix(i).compactMap(\.condition).map { Residual.not(expand($0.expr)) }
        let own = rules[i].condition.map { [expand($0.expr)] } ?? []
        return .and(earlier + own)
    }

    /// The classification is `c`, the engine's safety rule included.
    func classification(is c: String) -> Residual {
        var cases: [Residual] = []
        for (i, rule) in rules.enumerated() {
            if rule.classification == c { cases.append(.and([chosen(i)] + (rule.lenient ? [.not(lenientWithheld)] : []))) }
            if c == DeterminationRule.undetermined, rule.lenient { cases.append(.and([chosen(i), lenientWithheld])) }
        }
        return .or(cases)
    }

    /// The Outcome 21 status is `o` (nil: undecided by the flow).
    func outcome21(is o: String?) -> Residual {
        var cases: [Residual] = []
        for (i, rule) in rules.enumerated() {
            let guarded = rule.lenient && rule.outcome21 != nil
            if rule.outcome21?.rawValue == o { cases.append(.and([chosen(i)] + (guarded ? [.not(lenientWithheld)] : []))) }
            if guarded, o == Outcome21.pending.rawValue { cases.append(.and([chosen(i), lenientWithheld])) }
        }
        return .or(cases)
    }

    func action(_ id: String) -> Residual {
        guard let action = flow.action(id) else { return .no }
        return action.condition.map { expand($0.expr) } ?? .yes
    }

    func expand(_ expr: Expr) -> Residual {
        switch expr {
        case .literal(let literal, _):
            switch literal {
            case .tri(let b): return .value(.tri(b))
            case .unknown: return .value(.unknown)
            case .bool(let b): return .value(.bool(b))
            case .int(let n): return .value(.int(n))
            case .string(let s): return .value(.string(s))
            }
        case .reference(let name, _):
            if let fact = facts[name] { return fact }
            return .question(name)
        case .answered(let name, _): return .answered(name)
        case .applies(let id, let first, _):
            guard first, let position = flow.actions.firstIndex(where: { $0.id == id }) else { return action(id) }
            return .and([action(id)] + flow.actions[..<position].map { .not(action($0.id)) })
        case .not(let inner, _): return .not(expand(inner))
        case .list(let items, _): return .list(items.map(expand))
        case .binary(let op, let l, let r, _):
            switch op {
            case .and: return .and([expand(l), expand(r)])
            case .or: return .or([expand(l), expand(r)])
            default:
                if let special = determinationComparison(op, l, r) { return special }
                return .compare(op, expand(l), expand(r))
            }
        }
    }

    /// `classification == "x"`, `outcome21 != "y"`, `classification in ["a", "b"]`.
    private func determinationComparison(_ op: BinaryOperator, _ l: Expr, _ r: Expr) -> Residual? {
        guard case .reference(let name, _) = l, name == "classification" || name == "outcome21" else { return nil }
        func matches(_ value: String?) -> Residual { name == "classification" ? classification(is: value ?? "") : outcome21(is: value) }
        func literal(_ e: Expr) -> String?? {
            if case .literal(.string(let s), _) = e { return .some(s) }
            if case .literal(.unknown, _) = e { return .some(nil) }
            return nil
        }
        switch (op, r) {
        case (.equal, _): return literal(r).map { matches($0) }
        case (.notEqual, _): return literal(r).map { .not(matches($0)) }
        case (.in, .list(let items, _)):
            let values = items.compactMap(literal)
            return values.count == items.count ? .or(values.map(matches)) : nil
        default: return nil
        }
    }
}
