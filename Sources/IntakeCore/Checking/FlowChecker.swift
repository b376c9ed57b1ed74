import FoundationEssentials
import Glibc

/// What `intake flows check` found beyond the loader: problems on the paths, and invariants broken.
package struct CheckReport: Sendable {
    /// A problem with where it is.
    package struct Problem: Sendable, Equatable {
        /// Where in the flow file.
        package var location: SourceLocation
        /// What is wrong.
        package var message: String
    }

    /// A broken invariant and the shortest answers that break it.
    package struct Violation: Sendable, Equatable {
        /// The invariant's name.
        package var name: String
        /// Where it is declared.
        package var location: SourceLocation
        /// Why it must hold.
        package var source: String
        /// The answers, in the order asked.
        package var answers: [(id: String, value: AnswerValue)]

        package static func == (a: Violation, b: Violation) -> Bool {
            a.name == b.name && a.answers.map(\.id) == b.answers.map(\.id) && a.answers.map(\.value) == b.answers.map(\.value)
        }

        /// The counter-example as an answers file (`intake assess --answers`, `intake run --answers`).
        package var answersFile: String {
            answers.compactMap { AnswersFormat.line($0.id, $0.value) }.joined(separator: "\n") + "\n"
        }
    }

    /// Distinct states explored after merging.
    package var states = 0
    /// Distinct end states.
    package var endings = 0
    /// Path problems: unreached screens, branches that never fire, rules and actions that never apply.
    package var problems: [Problem] = []
    /// Broken invariants.
    package var violations: [Violation] = []
    /// Invariants proved on every path.
    package var proved: [String] = []
    /// Why the check is incomplete, when it is: the budget ran out, or a comparison is beyond the
    /// checker's reach. An incomplete check proves nothing.
    package var incomplete: [Problem] = []
}

/// Explores every path of a flow — every answer of every question, unknown included, numbers at the
/// boundaries the flow compares them with — merging paths that reach the same screen with the same
/// residual rules, and proves the flow's invariants at every end.
package enum FlowChecker {
    /// How much a check may explore before it stops and says it is incomplete, so that no flow can
    /// make `intake flows check` run for minutes or take gigabytes.
    package struct Budget: Sendable {
        /// Distinct states (a bundled flow needs under 1,000). Memory is held to about 1.3 KB a state:
        /// the states waiting to be explored may hold `states × 160` numbers between them, and the
        /// distinct residual expressions met on the way are held to `states × 4`.
        package var states: Int
        /// The default: 100,000 states, about 130 MB at most.
        package static let standard = Budget(states: 100_000)
        /// Creates a budget.
        package init(states: Int) { self.states = max(1, states) }
        var residuals: Int { states * 4 }
        var cells: Int { states * 160 }
    }

    struct State: Hashable {
        var screen: String
        /// Interned residuals: comparing and hashing states costs a few integers, not whole trees.
        var slots: [Int]
    }

    /// Hash-consed residuals with their reductions remembered. Shared by every exploration of one
    /// check, so the runs for actions and reasons reuse what the main run worked out.
    final class Residuals {
        private var table: [Residual] = []
        private var ids: [Residual: Int] = [:]
        private var reductions: [Reduction: Int] = [:]
        private var settled: [Int: Bool] = [:]

        struct Reduction: Hashable {
            let residual: Int
            let question: String
            let value: Value
            let answered: Bool
        }

        func id(_ r: Residual) -> Int {
            if let id = ids[r] { return id }
            table.append(r)
            ids[r] = table.count - 1
            return table.count - 1
        }

        /// The residual with `question` answered `value`.
        func reduce(_ id: Int, _ question: String, _ value: AnswerValue) -> Int {
            let key = Reduction(residual: id, question: question, value: value.value, answered: value.isAnswered)
            if let done = reductions[key] { return done }
            let r = table[id].reduced({ $0 == question ? value.value : nil }, answered: { $0 == question ? value.isAnswered : nil })
            let out = self.id(r)
            reductions[key] = out
            return out
        }

        /// Whether it holds once every open question is left unknown.
        func settle(_ id: Int) -> Bool {
            if let done = settled[id] { return done }
            let out = FlowChecker.settle(table[id])
            settled[id] = out
            return out
        }

        func questions(_ id: Int) -> Set<String> { table[id].questions }

        /// How many distinct residuals have been made.
        var count: Int { table.count }
    }

    /// Everything one exploration needs: the expressions, which of them tell states apart, and
    /// what to do at each end.
    struct Exploration {
        let flow: Flow
        let slots: [Residual]
        let branchSlot: [String: [Int]]
        let boundaries: [String: [Int]]
        /// Each screen's place in a topological order: a screen earlier than the current one is never
        /// shown again (loops are refused), so the slots it owns no longer tell states apart.
        let order: [String: Int]
        /// The place of the screen owning a slot (its branches and constraints).
        let owner: [Int: Int]
        /// The slots that mention each question, the only ones its answer can change.
        let mentions: [String: Set<Int>]
        let residuals: Residuals
        let budget: Budget
    }

    static func settle(_ r: Residual) -> Bool { r.reduced({ _ in .unknown }, answered: { _ in false }).holds }

    /// One explored state with the answer that led to it, for rebuilding the shortest path.
    struct Visit {
        let state: State
        let parent: Int
        let answer: (id: String, value: AnswerValue)?
    }

    static func path(to index: Int, in visits: [Visit]) -> [(id: String, value: AnswerValue)] {
        var out: [(id: String, value: AnswerValue)] = []
        var i = index
        while i >= 0 {
            if let answer = visits[i].answer { out.append(answer) }
            i = visits[i].parent
        }
        return out.reversed()
    }

    /// Breadth first over (screen, the residuals of `key`): the first path to reach a state is a
    /// shortest one. Calls `atEnd` with the settled residuals of `key` and a way to get the path.
    static func explore(_ e: Exploration, key: [Int], onBranch: (String, Int) -> Void = { _, _ in },
                        onScreen: (String) -> Void = { _ in }, onDeadEnd: (Screen) -> Void = { _ in },
                        stop: () -> Bool = { false },
                        atEnd: ([Int: Bool], () -> [(id: String, value: AnswerValue)]) -> Void) -> (states: Int, complete: Bool) {
        let budget = e.budget
        let width = max(1, key.count)
        func withinBudget(_ seen: Int, _ visits: Int) -> Bool {
            seen < budget.states && visits * width < budget.cells && e.residuals.count < budget.residuals
        }
        let position = Dictionary(key.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let owned = key.enumerated().compactMap { i, slot in e.owner[slot].map { (i, $0) } }
        var changedBy: [String: [Int]] = [:]
        for (question, slots) in e.mentions { changedBy[question] = slots.compactMap { position[$0] }.sorted() }
        var seen: Set<State> = []
        let done = e.residuals.id(.yes)
        var visits = [Visit(state: State(screen: e.flow.start, slots: key.map { e.residuals.id(e.slots[$0]) }), parent: -1, answer: nil)]
        var head = 0
        while head < visits.count, withinBudget(seen.count, visits.count), !stop() {
            let index = head
            let state = visits[head].state
            head += 1
            guard seen.insert(state).inserted, let screen = e.flow.screen(state.screen) else { continue }
            onScreen(screen.id)
            if screen.kind == .end {
                var settled: [Int: Bool] = [:]
                for (i, slot) in key.enumerated() { settled[slot] = e.residuals.settle(state.slots[i]) }
                atEnd(settled, { path(to: index, in: visits) })
                continue
            }
            var answersSoFar: [String: AnswerValue]?
            var any = false
            for value in domain(screen, e.boundaries[screen.id] ?? []) {
                if !screen.constraints.isEmpty, answersSoFar == nil {
                    answersSoFar = Dictionary(path(to: index, in: visits).map { ($0.id, $0.value) }, uniquingKeysWith: { $1 })
                }
                let earlier = answersSoFar ?? [:]
                if screen.problem(with: value, lookup: { earlier[$0]?.value ?? .unknown },
                                  answered: { earlier[$0]?.isAnswered ?? false }) != nil { continue }
                any = true
                var next = state.slots
                for i in changedBy[screen.id] ?? [] { next[i] = e.residuals.reduce(next[i], screen.id, value) }
                var target = screen.next
                for (i, slot) in (e.branchSlot[screen.id] ?? []).enumerated() where e.residuals.settle(next[position[slot]!]) {
                    target = screen.branches[i].target
                    onBranch(screen.id, i)
                    break
                }
                guard let target else { continue }
                let place = e.order[target] ?? 0
                for (i, ownerPlace) in owned where ownerPlace < place { next[i] = done }
                visits.append(Visit(state: State(screen: target, slots: next), parent: index, answer: (screen.id, value)))
            }
            if !any { onDeadEnd(screen) }
        }
        return (seen.count, head >= visits.count || stop())
    }

    package static func check(_ flow: Flow, budget: Budget = .standard) -> CheckReport {
        let x = Expander(flow: flow)
        var slots: [Residual] = []
        func add(_ r: Residual) -> Int { slots.append(r); return slots.count - 1 }
        var branchSlot: [String: [Int]] = [:]
        let order = topologicalOrder(flow)
        var owner: [Int: Int] = [:]
        for screen in flow.screens {
            branchSlot[screen.id] = screen.branches.map { add(x.expand($0.condition.expr)) }
            for slot in branchSlot[screen.id] ?? [] { owner[slot] = order[screen.id] ?? 0 }
        }
        var constraintSlots: [Int] = []
        for screen in flow.screens {
            for constraint in screen.constraints {
                constraintSlots.append(add(x.expand(constraint.condition.expr)))
                owner[constraintSlots.last!] = order[screen.id] ?? 0
            }
        }
        let ruleSlots = x.rules.indices.map { add(x.chosen($0)) }
        let withheldSlot = add(x.lenientWithheld)
        let invariantSlots = flow.invariants.map { add(x.expand($0.condition.expr)) }
        let actionSlots = flow.actions.map { add(x.action($0.id)) }
        let reasonSlots = flow.reasons.map { add(x.expand($0.condition.expr)) }
        var mentions: [String: Set<Int>] = [:]
        for (i, slot) in slots.enumerated() { for q in slot.questions { mentions[q, default: []].insert(i) } }
        let numbers = numberAnalysis(flow)
        let e = Exploration(flow: flow, slots: slots, branchSlot: branchSlot, boundaries: numbers.boundaries,
                            order: order, owner: owner, mentions: mentions, residuals: Residuals(), budget: budget)
        // What steers the future: branch guards, the determination and the invariants. Reasons and
        // actions only look back, so each is checked in a run of its own rather than splitting states.
        let base = branchSlot.values.flatMap { $0 }.sorted() + constraintSlots + ruleSlots + [withheldSlot] + invariantSlots

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
                chosenRules.insert(x.rules[rule].lenient && settled[withheldSlot] == true ? -1 : rule)
            }
            for (i, slot) in invariantSlots.enumerated() where settled[slot] != true {
                let inv = flow.invariants[i]
                if !report.violations.contains(where: { $0.name == inv.name }) {
                    report.violations.append(.init(name: inv.name, location: inv.condition.location, source: inv.source, answers: path()))
                }
            }
        })
        report.states = run.states
        var complete = run.complete
        func canHold(_ slot: Int) -> Bool {
            var holds = false
            let r = explore(e, key: base + [slot], stop: { holds }, atEnd: { settled, _ in if settled[slot] == true { holds = true } })
            complete = complete && r.complete
            return holds
        }
        // Past the budget, "never reached" would only mean "not reached yet": say nothing of paths.
        if complete {
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
        }
        if !complete {
            report.incomplete.append(.init(location: SourceLocation(file: flow.file, line: 1, column: 1),
                                           message: "check incomplete: \(report.states) states explored, budget \(budget.states) states; "
                                               + "nothing is proved (raise it with --budget, or split the flow)"))
        }
        for (location, text) in numbers.beyondReach {
            report.incomplete.append(.init(location: location, message: "check incomplete: '\(text)' compares two or more number or date answers "
                                               + "(or sums them), which the checker cannot explore value by value; nothing is proved "
                                               + "(ask one question for what the flow needs, e.g. a yes/no for 'a wide age gap')"))
        }
        // An incomplete check proves nothing: a path left unexplored may break any invariant.
        report.proved = report.incomplete.isEmpty ? flow.invariants.map(\.name).filter { name in !report.violations.contains { $0.name == name } } : []
        return report
    }

    /// Screens in an order where every transition goes forward (the validator refuses loops).
    static func topologicalOrder(_ flow: Flow) -> [String: Int] {
        var incoming: [String: Int] = [:]
        var edges: [String: [String]] = [:]
        for screen in flow.screens {
            let targets = screen.branches.map(\.target) + (screen.next.map { [$0] } ?? [])
            edges[screen.id] = targets
            for t in targets { incoming[t, default: 0] += 1 }
        }
        var ready = flow.screens.map(\.id).filter { incoming[$0, default: 0] == 0 }
        var order: [String: Int] = [:]
        while let id = ready.popLast() {
            order[id] = order.count
            for t in edges[id] ?? [] {
                incoming[t, default: 0] -= 1
                if incoming[t] == 0 { ready.append(t) }
            }
        }
        return order
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
        case .people: values = [.text("Child A; 15; pictured, sent")]
        case .number:
            let low = screen.minimum ?? -NumberLimit.magnitude, high = screen.maximum ?? NumberLimit.magnitude
            let candidates = Set(numbers.flatMap { [$0 - 1, $0, $0 + 1] } + [low, high, 0])
            values = candidates.filter { $0 >= low && $0 <= high }.sorted().map { .number($0) }
        case .dateTime: values = [.dateTime(Date(timeIntervalSinceReferenceDate: 0))]
        case .info: values = [.acknowledged]
        case .checklist: values = [.checklist(.done, reason: nil), .checklist(.notDone, reason: "reason"), .checklist(.notApplicable, reason: nil),
                                       .checklist(.notYet, reason: nil)]
        case .end: values = []
        }
        if screen.allowUnknown { values.append(.unknown) }
        if !screen.required, screen.kind != .info { values.append(.skipped) }
        return values
    }

    /// The whole numbers each number question is compared with anywhere in the flow.
    static func numberBoundaries(_ flow: Flow) -> [String: [Int]] { numberAnalysis(flow).boundaries }

    /// What the numbers of a flow are compared with: for each number question, the values where a
    /// comparison of it (alone, plus or minus constants: `age + 2 > 15`) changes its outcome; and the
    /// comparisons the checker cannot explore by such values, because they relate two or more number
    /// or date answers (`a + b > 10`, `a < b`). With those, no invariant is claimed proved.
    static func numberAnalysis(_ flow: Flow) -> (boundaries: [String: [Int]], beyondReach: [(location: SourceLocation, text: String)]) {
        var found: [String: [Int]] = [:]
        var beyond: [(location: SourceLocation, text: String)] = []
        let measured: Set<String> = Set(flow.screens.filter { $0.kind == .number || $0.kind == .dateTime }.map(\.id))
        /// A side of a comparison: k·question + c (no question when k is 0), a sum tangling two
        /// answers, or something that is not a number at all.
        enum Term: Equatable { case linear(String?, Int, Int), tangled, other }
        func term(_ e: Expr, _ rename: [String: String]) -> Term {
            switch e {
            case .literal(.int(let n), _): return .linear(nil, 0, n)
            case .reference(let name, _):
                let q = rename[name] ?? name
                return measured.contains(q) ? .linear(q, 1, 0) : .other
            case .binary(let op, let l, let r, _) where op == .plus || op == .minus:
                guard case .linear(let qa, let ka, let ca) = term(l, rename), case .linear(let qb, let kb, let cb) = term(r, rename) else { return .tangled }
                if let qa, let qb, qa != qb { return .tangled }
                let sign = op == .plus ? 1 : -1
                return .linear(qa ?? qb, ka + sign * kb, ca + sign * cb)
            default: return .other
            }
        }
        func walk(_ e: Expr, _ condition: Condition, _ rename: [String: String]) {
            switch e {
            case .binary(let op, let l, let r, _) where [.less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual].contains(op):
                let left = term(l, rename), right = term(r, rename)
                if case .linear(let qa, let ka, let ca) = left, case .linear(let qb, let kb, let cb) = right, qa == nil || qb == nil || qa == qb {
                    // k·q + c  op  k'·q + c'  ⇔  (k − k')·q  op  c' − c: it changes where q crosses (c' − c)/(k − k').
                    let k = ka - kb, c = cb - ca
                    if let q = qa ?? qb, k != 0 {
                        let floor = Int((Double(c) / Double(k)).rounded(.down))
                        found[q, default: []].append(floor)  // the domain tries it and its neighbours
                    }
                } else if left == .tangled || right == .tangled || (left != .other && right != .other) {
                    beyond.append((condition.location, condition.text))
                }
                walk(l, condition, rename); walk(r, condition, rename)
            case .binary(_, let l, let r, _): walk(l, condition, rename); walk(r, condition, rename)
            case .not(let inner, _): walk(inner, condition, rename)
            case .list(let items, _): items.forEach { walk($0, condition, rename) }
            default: break
            }
        }
        var all: [Condition] = flow.facts.map(\.condition) + flow.reasons.map(\.condition) + flow.invariants.map(\.condition)
        all += flow.actions.compactMap(\.condition) + flow.determination.rules.compactMap(\.condition)
        all += flow.determination.prerequisites.map(\.until)
        all += flow.screens.flatMap { $0.branches.map(\.condition) }
        for condition in all { walk(condition.expr, condition, [:]) }
        // A constraint names its own screen's answer `value`.
        for screen in flow.screens {
            for constraint in screen.constraints { walk(constraint.condition.expr, constraint.condition, ["value": screen.id]) }
        }
        return (found.mapValues { Array(Set($0)).sorted() }, beyond)
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
        case .text(let t): return "\(id): \"\(t.replacing("\"", with: "\\\""))\""
        case .number(let n): return "\(id): \(n)"
        case .dateTime(let d):
            return "\(id): \(UTCTime.text(d))"
        case .acknowledged: return "\(id): acknowledged"
        case .checklist(let status, let reason):
            return reason.map { "\(id): {status: \(status.rawValue), reason: \"\($0)\"}" } ?? "\(id): \(status.rawValue)"
        case .skipped: return nil
        }
    }
}
