/// Checks a read flow as a whole: ids, references, expression types and the shape of the graph.
package enum FlowValidator {
    /// Names the engine provides, which flows may not use as ids.
    package static let reservedNames: Set<String> = ["classification", "outcome21", "value"]

    /// Every problem found; empty when the flow is sound.
    package static func validate(_ flow: Flow) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        checkIds(flow, &problems)
        checkExpressions(flow, &problems)
        let before = problems.count
        checkReferences(flow, &problems)
        // A broken reference makes every screen before it look like a dead end: report the cause only.
        if problems.count == before { checkGraph(flow, &problems) }
        return Array(problems.prefix(NodeReader.diagnosticLimit))
    }

    static func checkIds(_ flow: Flow, _ problems: inout [Diagnostic]) {
        var screens: [String: SourceLocation] = [:]
        screens.reserveCapacity(flow.screens.count)
        for screen in flow.screens {
            if let first = screens[screen.id] {
                problems.append(.cause(Diagnostic(screen.location, "the screen id '\(screen.id)' is already used at line \(first.line)",
                                                  hint: "give each screen its own id")))
            } else {
                screens[screen.id] = screen.location
            }
            if reservedNames.contains(screen.id) {
                problems.append(Diagnostic(screen.location, "'\(screen.id)' is a reserved name", hint: "choose another id"))
            }
        }
        var facts: Set<String> = []
        for fact in flow.facts {
            let location = fact.condition.location
            if screens[fact.id] != nil || !facts.insert(fact.id).inserted {
                problems.append(.cause(Diagnostic(location, "the fact id '\(fact.id)' is already used", hint: "give each fact and screen its own id")))
            }
            if reservedNames.contains(fact.id) {
                problems.append(Diagnostic(location, "'\(fact.id)' is a reserved name", hint: "choose another id"))
            }
        }
        var actions: Set<String> = []
        for action in flow.actions where !actions.insert(action.id).inserted {
            problems.append(.cause(Diagnostic(action.location, "the action id '\(action.id)' is already used", hint: "give each action its own id")))
        }
        for action in flow.actions where action.source.trimmedSpaces().isEmpty {
            problems.append(Diagnostic(action.location, "action '\(action.id)' has no source", hint: "cite where it comes from"))
        }
    }

    static func type(of screen: Screen) -> ValueType? {
        switch screen.kind {
        case .yesNoUnknown: return .tri
        case .choice: return .choice(Set(screen.choices.map(\.value)))
        case .multiChoice: return .set(Set(screen.choices.map(\.value)))
        case .text, .people: return .text
        case .number: return .int
        case .dateTime: return .dateTime
        case .info: return .bool
        case .checklist: return .choice(Set(ChecklistStatus.allCases.map(\.rawValue)))
        case .end: return nil
        }
    }

    static func checkExpressions(_ flow: Flow, _ problems: inout [Diagnostic]) {
        var names: [String: ValueType] = [:]
        var questions: Set<String> = []
        names.reserveCapacity(flow.screens.count + flow.facts.count + 2)
        questions.reserveCapacity(flow.screens.count)
        for screen in flow.screens {
            // The first definition of a duplicated id is the one the flow uses; the duplicate is reported once.
            if names[screen.id] == nil, let type = type(of: screen) { names[screen.id] = type; questions.insert(screen.id) }
        }
        func check(_ condition: Condition, _ env: TypeEnvironment, _ what: String) {
            do {
                try TypeChecker.checkCondition(condition.expr, in: env)
            } catch {
                let column = condition.text.contains("\n") ? 0 : error.offset
                problems.append(Diagnostic(condition.location.shifted(by: column), "in \(what): \(error.message)", hint: error.hint))
            }
        }
        // Facts see answers and the facts before them: order is evaluation order, and no cycles can form.
        let allFacts = Set(flow.facts.map(\.id))
        var env = TypeEnvironment(names: names, questions: questions)
        names = [:]
        for fact in flow.facts {
            if let later = fact.condition.expr.references.first(where: { allFacts.contains($0) && env.names[$0] == nil }) {
                problems.append(Diagnostic(fact.condition.location, "fact '\(fact.id)' uses '\(later)', which is defined after it (or is itself)",
                                           hint: "facts may use answers and earlier facts; move '\(later)' above '\(fact.id)'"))
            } else {
                check(fact.condition, env, "fact '\(fact.id)'")
            }
            env.names[fact.id] = .bool
        }
        let factEnv = env
        for rule in flow.determination.rules {
            if let condition = rule.condition { check(condition, factEnv, "the determination rule for '\(rule.classification)'") }
        }
        for reason in flow.reasons { check(reason.condition, factEnv, "the reason for '\(reason.fact)'") }
        for prerequisite in flow.determination.prerequisites {
            check(prerequisite.until, factEnv, "the prerequisite '\(prerequisite.id)'")
        }
        env.names["classification"] = .choice(Set(flow.determination.classifications))
        env.names["outcome21"] = .choice(Set(Outcome21.allCases.map(\.rawValue)))
        let fullEnv = env
        for action in flow.actions {
            if let condition = action.condition { check(condition, fullEnv, "action '\(action.id)'") }
        }
        var invariantEnv = fullEnv
        invariantEnv.actions = Set(flow.actions.map(\.id))
        for invariant in flow.invariants { check(invariant.condition, invariantEnv, "invariant '\(invariant.name)'") }
        for rule in flow.notice?.withhold ?? [] { check(rule.condition, fullEnv, "the notice's withhold rule") }
        for screen in flow.screens {
            for branch in screen.branches { check(branch.condition, fullEnv, "a branch of '\(screen.id)'") }
            if let own = type(of: screen) {
                var env = fullEnv
                env.value = own
                for constraint in screen.constraints { check(constraint.condition, env, "a constraint of '\(screen.id)'") }
            }
        }
    }

    static func checkReferences(_ flow: Flow, _ problems: inout [Diagnostic]) {
        let ids = flow.screens.map(\.id)
        let known = Set(ids)
        func missing(_ target: String, _ location: SourceLocation, _ what: String) {
            guard !known.contains(target) else { return }
            problems.append(Diagnostic(location, "\(what) names '\(target)', which is not a screen of this flow",
                                       hint: Suggest.closest(to: target, in: ids).map { "did you mean '\($0)'?" } ?? "add the screen or fix the id"))
        }
        if let first = flow.screens.first {
            missing(flow.start, flow.startLocation ?? first.location, "start")
        }
        for screen in flow.screens {
            if let next = screen.next { missing(next, screen.nextLocation ?? screen.location, "'next' of '\(screen.id)'") }
            for branch in screen.branches { missing(branch.target, branch.targetLocation, "a branch of '\(screen.id)'") }
            if let awaited = screen.waitsFor {
                let at = screen.waitsForLocation ?? screen.location
                if let step = flow.screen(awaited) {
                    if step.kind != .checklist {
                        problems.append(Diagnostic(at, "'\(screen.id)' waits for '\(awaited)', which is a \(step.kind.rawValue) screen, not a checklist step",
                                                   hint: "name the checklist screen whose step must be done before this can be answered"))
                    } else if awaited == screen.id {
                        problems.append(Diagnostic(at, "'\(screen.id)' waits for itself", hint: "name the step it waits for"))
                    }
                } else {
                    missing(awaited, at, "'waits-for' of '\(screen.id)'")
                }
            }
            if let action = screen.action, flow.action(action) == nil {
                problems.append(Diagnostic(screen.location, "checklist screen '\(screen.id)' records action '\(action)', which the flow does not define",
                                           hint: Suggest.closest(to: action, in: flow.actions.map(\.id)).map { "did you mean '\($0)'?" }))
            }
        }
        for id in flow.determination.decisive + flow.determination.alsoEstablish {
            let at = flow.determination.locations[id] ?? flow.determination.otherwise.location
            guard let screen = flow.screen(id) else {
                problems.append(Diagnostic(at, "determination lists '\(id)', which is not a question of this flow",
                                           hint: Suggest.closest(to: id, in: ids).map { "did you mean '\($0)'?" }))
                continue
            }
            if !screen.allowUnknown {
                problems.append(Diagnostic(screen.location, "'\(id)' is a decisive fact but cannot be answered unknown",
                                           hint: "make it yes-no-unknown, or add allow-unknown: true"))
            }
        }
        for prerequisite in flow.determination.prerequisites where !known.contains(prerequisite.id) {
            problems.append(Diagnostic(prerequisite.idLocation ?? prerequisite.until.location, "the prerequisite names '\(prerequisite.id)', which is not a question of this flow",
                                       hint: Suggest.closest(to: prerequisite.id, in: ids).map { "did you mean '\($0)'?" } ?? "name the question listed while it is unmet"))
        }
        if let first = flow.firstContact {
            if let screen = flow.screen(first.question) {
                if screen.kind != .choice || !screen.choices.contains(where: { $0.value == first.answer }) {
                    problems.append(Diagnostic(first.location, "first-contact names '\(first.question)' with the answer '\(first.answer)', which is not one of its choices",
                                               hint: "name a choice screen and the value of its choice that finishes at first contact"))
                }
            } else {
                missing(first.question, first.location, "first-contact")
            }
        }
        for (field, id) in flow.identity.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            textScreen(id, named: "identity '\(field.rawValue)'", at: flow.identityLocations[field] ?? flow.determination.otherwise.location,
                       why: "the signing identity can only answer text screens", flow, ids, &problems)
        }
        checkRecordStyle(flow, ids, &problems)
        if let notice = flow.notice {
            for (i, paragraph) in notice.paragraphs.enumerated() {
                for id in Notice.placeholders(in: paragraph) where !known.contains(id) {
                    let at = i < notice.locations.count ? notice.locations[i] : flow.determination.otherwise.location
                    problems.append(Diagnostic(at, "the notice's placeholder {\(id)} is not a question of this flow",
                                               hint: Suggest.closest(to: id, in: ids).map { "did you mean {\($0)}?" } ?? "use {question_id} for an answer"))
                }
            }
            for (field, id) in [("addressee", notice.addressee), ("contact", notice.contact)] {
                guard let id, let at = notice.screenLocations[field] else { continue }
                textScreen(id, named: "the notice's \(field)", at: at,
                           why: "the letter prints this answer as written, so it must be a text screen", flow, ids, &problems)
            }
            if let id = notice.language, let at = notice.screenLocations["language"] {
                let values = flow.screen(id).map { Set($0.choices.map(\.value)) }
                if flow.screen(id)?.kind != .choice || !(values ?? []).isSubset(of: ["en", "cy", "both"]) || values?.isEmpty != false {
                    problems.append(Diagnostic(at, "the notice's language must name a choice screen whose values are en, cy or both",
                                               hint: "ask the family's language with choices en, cy and both"))
                }
            }
        }
        let factIds = Set(flow.facts.map(\.id))
        for reason in flow.reasons where !known.contains(reason.fact) && !factIds.contains(reason.fact) {
            problems.append(Diagnostic(reason.condition.location, "the reason names fact '\(reason.fact)', which is not a question or fact of this flow"))
        }
    }

    /// `id`, given by `what` at `at`, must be a text screen of the flow.
    static func textScreen(_ id: String, named what: String, at: SourceLocation, why: String, _ flow: Flow, _ ids: [String],
                           _ problems: inout [Diagnostic]) {
        guard let screen = flow.screen(id) else {
            problems.append(Diagnostic(at, "\(what) names '\(id)', which is not a screen of this flow",
                                       hint: Suggest.closest(to: id, in: ids).map { "did you mean '\($0)'?" }))
            return
        }
        if screen.kind != .text { problems.append(Diagnostic(at, "\(what) names '\(id)', a \(screen.kind.rawValue) screen", hint: why)) }
    }

    /// Words for a classification no rule gives are a typo; once words are given, every
    /// classification needs them, or a record would mix words and ids.
    static func checkRecordStyle(_ flow: Flow, _ ids: [String], _ problems: inout [Diagnostic]) {
        let rules = flow.determination.rules + [flow.determination.otherwise]
        // The engine's safety rule can give 'undetermined' whatever the rules say.
        let given = flow.determination.classifications
        let words = flow.record.classifications
        for id in words.keys.sorted() where !given.contains(id) {
            problems.append(Diagnostic(flow.record.locations[id] ?? flow.determination.otherwise.location,
                                       "record words are given for '\(id)', which no determination rule gives",
                                       hint: Suggest.closest(to: id, in: given).map { "did you mean '\($0)'?" }))
        }
        if !words.isEmpty {
            for id in given where words[id] == nil {
                let at = rules.first { $0.classification == id }?.location ?? flow.determination.otherwise.location
                problems.append(Diagnostic(at, "classification '\(id)' has no words under record: classifications",
                                           hint: "add '\(id): <what a record says for it>'"))
            }
        }
        for field in flow.record.header where flow.screen(field.screen) == nil {
            problems.append(Diagnostic(field.location, "the record header names '\(field.screen)', which is not a screen of this flow",
                                       hint: Suggest.closest(to: field.screen, in: ids).map { "did you mean '\($0)'?" }))
        }
        for carry in flow.takesFrom {
            for (mine, _) in carry.renamed.sorted(by: { $0.key < $1.key }) where flow.screen(mine) == nil {
                problems.append(Diagnostic(carry.renamedLocations[mine] ?? carry.location, "takes-from '\(carry.flow)' renames '\(mine)', which is not a screen of this flow",
                                           hint: Suggest.closest(to: mine, in: ids).map { "did you mean '\($0)'?" }))
            }
            for id in carry.ownResearch where flow.screen(id) == nil {
                problems.append(Diagnostic(carry.ownResearchLocations[id] ?? carry.location, "takes-from '\(carry.flow)' lists '\(id)' under own-research, which is not a screen of this flow",
                                           hint: Suggest.closest(to: id, in: ids).map { "did you mean '\($0)'?" }))
            }
        }
        for (i, carry) in flow.takesFrom.enumerated() where flow.takesFrom[..<i].contains(where: { $0.flow == carry.flow }) {
            problems.append(Diagnostic(carry.location, "takes-from names '\(carry.flow)' twice", hint: "merge the two entries"))
        }
    }

    static func checkGraph(_ flow: Flow, _ problems: inout [Diagnostic]) {
        guard let start = flow.position(of: flow.start) else { return }
        let screens = flow.screens
        let ends = screens.indices.filter { screens[$0].kind == .end }
        if ends.isEmpty, let first = screens.first {
            problems.append(Diagnostic(first.location, "the flow has no end screen", hint: "add a screen with kind: end"))
            return
        }
        // Edges as screen positions, worked out once: looking screens up by id on every step made
        // validation of large flows several times slower.
        let edges: [[Int]] = screens.map { $0.targets.compactMap { flow.position(of: $0) } }
        // Reachable from the start, by any edge.
        var reachable = [Bool](repeating: false, count: screens.count)
        reachable[start] = true
        var stack = [start]
        while let i = stack.popLast() {
            for t in edges[i] where !reachable[t] { reachable[t] = true; stack.append(t) }
        }
        for (i, screen) in screens.enumerated() where !reachable[i] && flow.position(of: screen.id) == i {
            problems.append(Diagnostic(screen.location, "screen '\(screen.id)' cannot be reached from the start",
                                       hint: "lead to it from another screen's next or branches, or remove it"))
        }
        // Can reach an end: walk the edges backwards from every end.
        var incoming = [[Int]](repeating: [], count: screens.count)
        for (i, targets) in edges.enumerated() { for t in targets { incoming[t].append(i) } }
        var finishing = [Bool](repeating: false, count: screens.count)
        for e in ends { finishing[e] = true }
        stack = ends
        while let i = stack.popLast() {
            for source in incoming[i] where !finishing[source] { finishing[source] = true; stack.append(source) }
        }
        for (i, screen) in screens.enumerated() where reachable[i] && !finishing[i] {
            problems.append(Diagnostic(screen.location, "no end screen can be reached from '\(screen.id)'",
                                       hint: "make sure a path from it leads to a screen with kind: end"))
        }
        checkCycles(flow, edges, &problems)
    }

    /// Each screen is asked once per interview, so a loop could never be left: refuse it.
    static func checkCycles(_ flow: Flow, _ edges: [[Int]], _ problems: inout [Diagnostic]) {
        var state = [UInt8](repeating: 0, count: edges.count)  // 1 on the stack, 2 done
        for root in edges.indices where state[root] == 0 {
            var stack: [(id: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let (i, index) = stack.last {
                if index >= edges[i].count {
                    state[i] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let target = edges[i][index]
                if state[target] == 1 {
                    let ids = stack.map { flow.screens[$0.id].id }
                    let loop = ids.drop { $0 != flow.screens[target].id } + [flow.screens[target].id]
                    problems.append(Diagnostic(flow.screens[i].location, "screens form a loop: \(loop.joined(separator: " → "))",
                                               hint: "each screen is asked once per interview; lead the last one elsewhere"))
                    return
                } else if state[target] == 0 {
                    state[target] = 1
                    stack.append((target, 0))
                }
            }
        }
    }
}
