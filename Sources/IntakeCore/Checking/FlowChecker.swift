import Foundation

/// What `intake flows check` found beyond the loader: problems on the paths, and invariants broken.
public struct CheckReport: Sendable {
    /// A problem with where it is.
    public struct Problem: Sendable, Equatable {
        /// Where in the flow file.
        public var location: SourceLocation
        /// What is wrong.
        public var message: String
    }

    /// A broken invariant and the shortest answers that break it.
    public struct Violation: Sendable, Equatable {
        /// The invariant's name.
        public var name: String
        /// Where it is declared.
        public var location: SourceLocation
        /// Why it must hold.
        public var source: String
        /// The answers, in the order asked.
        public var answers: [(id: String, value: AnswerValue)]

        public static func == (a: Violation, b: Violation) -> Bool {
            a.name == b.name && a.answers.map(\.id) == b.answers.map(\.id) && a.answers.map(\.value) == b.answers.map(\.value)
        }

        /// The counter-example as an answers file (`intake assess --answers`, `intake run --answers`).
        public var answersFile: String {
            answers.compactMap { AnswersFormat.line($0.id, $0.value) }.joined(separator: "\n") + "\n"
        }
    }

    /// Distinct states explored after merging.
    public var states = 0
    /// Distinct end states.
    public var endings = 0
    /// Path problems: unreached screens, branches that never fire, rules and actions that never apply.
    public var problems: [Problem] = []
    /// Broken invariants.
    public var violations: [Violation] = []
    /// Invariants proved on every path.
    public var proved: [String] = []
}

/// Explores every path of a flow — every answer of every question, unknown included, numbers at the
/// boundaries the flow compares them with — merging paths that reach the same screen with the same
/// residual rules, and proves the flow's invariants at every end.
public enum FlowChecker {
    /// Explorations stop here; no real flow comes near it.
    public static let stateLimit = 2_000_000

    struct State: Hashable {
        var screen: String
        var slots: [Residual]
    }

    /// Everything one exploration needs: the expressions, which of them tell states apart, and
    /// what to do at each end.
    struct Exploration {
        let flow: Flow
        let slots: [Residual]
        let branchSlot: [String: [Int]]
        let boundaries: [String: [Int]]
    }

    static func settle(_ r: Residual) -> Bool { r.reduced({ _ in .unknown }, answered: { _ in false }).holds }

    /// Breadth first over (screen, the residuals of `key`): the first path to reach a state is a
    /// shortest one. Calls `atEnd` with the settled residuals of `key` and the path.
    static func explore(_ e: Exploration, key: [Int], onBranch: (String, Int) -> Void = { _, _ in },
                        onScreen: (String) -> Void = { _ in }, onDeadEnd: (Screen) -> Void = { _ in },
                        atEnd: ([Int: Bool], [(id: String, value: AnswerValue)]) -> Void) -> (states: Int, complete: Bool) {
        var seen: Set<State> = []
        var queue: [(State, [(id: String, value: AnswerValue)])] = [(State(screen: e.flow.start, slots: key.map { e.slots[$0] }), [])]
        var head = 0
        while head < queue.count, seen.count < stateLimit {
            let (state, path) = queue[head]
            head += 1
            guard seen.insert(state).inserted, let screen = e.flow.screen(state.screen) else { continue }
            onScreen(screen.id)
            if screen.kind == .end {
                var settled: [Int: Bool] = [:]
                for (i, slot) in key.enumerated() { settled[slot] = settle(state.slots[i]) }
                atEnd(settled, path)
                continue
            }
            let answersSoFar = Dictionary(path.map { ($0.id, $0.value) }, uniquingKeysWith: { $1 })
            var any = false
            for value in domain(screen, e.boundaries[screen.id] ?? []) {
                let lookup: (String) -> Value = { answersSoFar[$0]?.value ?? .unknown }
                if screen.problem(with: value, lookup: lookup, answered: { answersSoFar[$0]?.isAnswered ?? false }) != nil { continue }
                any = true
                let next = state.slots.map { $0.reduced({ $0 == screen.id ? value.value : nil }, answered: { $0 == screen.id ? value.isAnswered : nil }) }
                var target = screen.next
                for (i, slot) in (e.branchSlot[screen.id] ?? []).enumerated() where settle(next[key.firstIndex(of: slot)!]) {
                    target = screen.branches[i].target
                    onBranch(screen.id, i)
                    break
                }
                guard let target else { continue }
                queue.append((State(screen: target, slots: next), path + [(screen.id, value)]))
            }
            if !any { onDeadEnd(screen) }
        }
        return (seen.count, seen.count < stateLimit)
    }

    public static func check(_ flow: Flow) -> CheckReport {
        let x = Expander(flow: flow)
        var slots: [Residual] = []
        func add(_ r: Residual) -> Int { slots.append(r); return slots.count - 1 }
        var branchSlot: [String: [Int]] = [:]
        for screen in flow.screens { branchSlot[screen.id] = screen.branches.map { add(x.expand($0.condition.expr)) } }
        let ruleSlots = x.rules.indices.map { add(x.chosen($0)) }
        let unknownSlot = add(x.unknownDecisive)
        let invariantSlots = flow.invariants.map { add(x.expand($0.condition.expr)) }
        let actionSlots = flow.actions.map { add(x.action($0.id)) }
        let reasonSlots = flow.reasons.map { add(x.expand($0.condition.expr)) }
        let e = Exploration(flow: flow, slots: slots, branchSlot: branchSlot, boundaries: numberBoundaries(flow))
        // What steers the future: branch guards, the determination and the invariants. Reasons and
        // actions only look back, so each is checked in a run of its own rather than splitting states.
        let base = branchSlot.values.flatMap { $0 }.sorted() + ruleSlots + [unknownSlot] + invariantSlots

        var report = CheckReport()
        var reached: Set<String> = [], fired: Set<String> = [], chosenRules: Set<Int> = []
        let run = explore(e, key: base, onBranch: { fired.insert("\($0)#\($1)") }, onScreen: { reached.insert($0) },
                          onDeadEnd: { screen in
                              if !report.problems.contains(where: { $0.location == screen.location }) {
                                  report.problems.append(.init(location: screen.location, message: "dead end: no answer is accepted at '\(screen.id)' on some path"))
                              }
                          }, atEnd: { settled, path in
            report.endings += 1
            if let rule = ruleSlots.firstIndex(where: { settled[$0] == true }) {
                chosenRules.insert(x.rules[rule].lenient && settled[unknownSlot] == true ? -1 : rule)
            }
            for (i, slot) in invariantSlots.enumerated() where settled[slot] != true {
                let inv = flow.invariants[i]
                if !report.violations.contains(where: { $0.name == inv.name }) {
                    report.violations.append(.init(name: inv.name, location: inv.condition.location, source: inv.source, answers: path))
                }
            }
        })
        report.states = run.states
        var complete = run.complete
        func canHold(_ slot: Int) -> Bool {
            var holds = false
            let r = explore(e, key: base + [slot], atEnd: { settled, _ in if settled[slot] == true { holds = true } })
            complete = complete && r.complete
            return holds
        }
        for screen in flow.screens where !reached.contains(screen.id) {
            report.problems.append(.init(location: screen.location, message: "screen '\(screen.id)' is reached by no combination of answers"))
        }
        for screen in flow.screens where reached.contains(screen.id) {
            for (i, branch) in screen.branches.enumerated() where !fired.contains("\(screen.id)#\(i)") {
                report.problems.append(.init(location: branch.condition.location,
                                             message: "the branch of '\(screen.id)' to '\(branch.target)' never fires (an earlier branch or the answers before it always decide first)"))
            }
        }
        for (i, rule) in x.rules.enumerated() where !chosenRules.contains(i) {
            report.problems.append(.init(location: rule.condition?.location ?? rule.location,
                                         message: "the determination rule for '\(rule.classification)' never decides"))
        }
        for (i, action) in flow.actions.enumerated() where !canHold(actionSlots[i]) {
            report.problems.append(.init(location: action.location, message: "action '\(action.id)' never applies"))
        }
        for (i, reason) in flow.reasons.enumerated() where !canHold(reasonSlots[i]) {
            report.problems.append(.init(location: reason.condition.location, message: "the reason for '\(reason.fact)' is never given"))
        }
        if !complete {
            report.problems.append(.init(location: SourceLocation(file: flow.file, line: 1, column: 1),
                                         message: "exploration stopped after \(stateLimit) states; the results are incomplete"))
        }
        report.proved = flow.invariants.map(\.name).filter { name in !report.violations.contains { $0.name == name } }
        return report
    }

    /// Every answer worth trying on a screen.
    static func domain(_ screen: Screen, _ numbers: [Int]) -> [AnswerValue] {
        var values: [AnswerValue]
        switch screen.kind {
        case .yesNoUnknown: values = [.tri(true), .tri(false)]
        case .choice: values = screen.choices.map { .choice($0.value) }
        case .multiChoice:
            let all = screen.choices.map(\.value)
            values = all.map { .choices([$0]) } + [.choices(all)] + (screen.required ? [] : [.choices([])])
        case .text: values = [.text("text")]
        case .number:
            let low = screen.minimum ?? Int.min / 2, high = screen.maximum ?? Int.max / 2
            let candidates = Set(numbers.flatMap { [$0 - 1, $0, $0 + 1] } + [screen.minimum, screen.maximum].compactMap { $0 } + [0])
            values = candidates.filter { $0 >= low && $0 <= high }.sorted().map { .number($0) }
        case .dateTime: values = [.dateTime(Date(timeIntervalSinceReferenceDate: 0))]
        case .info: values = [.acknowledged]
        case .checklist: values = [.checklist(.done, reason: nil), .checklist(.notDone, reason: "reason"), .checklist(.notApplicable, reason: nil)]
        case .end: values = []
        }
        if screen.allowUnknown { values.append(.unknown) }
        if !screen.required, screen.kind != .info { values.append(.skipped) }
        return values
    }

    /// The whole numbers each number question is compared with anywhere in the flow.
    static func numberBoundaries(_ flow: Flow) -> [String: [Int]] {
        var found: [String: [Int]] = [:]
        func walk(_ e: Expr) {
            switch e {
            case .binary(_, let l, let r, _):
                if case .reference(let q, _) = l, case .literal(.int(let n), _) = r { found[q, default: []].append(n) }
                if case .reference(let q, _) = r, case .literal(.int(let n), _) = l { found[q, default: []].append(n) }
                walk(l); walk(r)
            case .not(let inner, _): walk(inner)
            case .list(let items, _): items.forEach(walk)
            default: break
            }
        }
        var all: [Expr] = flow.facts.map(\.condition.expr) + flow.reasons.map(\.condition.expr) + flow.invariants.map(\.condition.expr)
        all += flow.actions.compactMap(\.condition?.expr) + flow.determination.rules.compactMap(\.condition?.expr)
        all += flow.screens.flatMap { $0.branches.map(\.condition.expr) + $0.constraints.map(\.condition.expr) }
        all.forEach(walk)
        return found
    }
}

/// Answers written back as an answers file's lines.
enum AnswersFormat {
    static func line(_ id: String, _ value: AnswerValue) -> String? {
        switch value {
        case .tri(let b): return "\(id): \(b ? "yes" : "no")"
        case .unknown: return "\(id): unknown"
        case .choice(let c): return "\(id): \(c)"
        case .choices(let cs): return "\(id): [\(cs.joined(separator: ", "))]"
        case .text(let t): return "\(id): \"\(t.replacingOccurrences(of: "\"", with: "\\\""))\""
        case .number(let n): return "\(id): \(n)"
        case .dateTime(let d):
            let f = ISO8601DateFormatter()
            return "\(id): \(f.string(from: d))"
        case .acknowledged: return "\(id): acknowledged"
        case .checklist(let status, let reason):
            return reason.map { "\(id): {status: \(status.rawValue), reason: \"\($0)\"}" } ?? "\(id): \(status.rawValue)"
        case .skipped: return nil
        }
    }
}
