/// Builds a `Flow` from composed YAML, checking keys and shapes. Types and the graph are the
/// validator's job.
enum FlowReader {
    static let topKeys = ["id", "title", "version", "description", "sources", "start", "screens", "facts",
                          "determination", "reasons", "actions", "invariants", "notice", "support", "identity",
                          "record", "takes-from", "first-contact"]
    static let screenKeys = ["id", "kind", "prompt", "help", "source", "required", "allow-unknown", "choices", "min",
                             "max", "constraints", "branches", "next", "action", "multi-line", "section",
                             "waits-for", "group"]

    static func read(_ root: Node, _ r: inout NodeReader) -> Flow? {
        // A scenario or answers file given where a flow belongs: one clear message, not every missing key.
        if case .mapping(let mapping) = root, !mapping.pairs.contains(where: { $0.key.scalar?.string == "screens" }) {
            let keys = Set(mapping.pairs.compactMap { $0.key.scalar?.string })
            if keys.contains("translation-of") {
                let of = mapping.pairs.first { $0.key.scalar?.string == "translation-of" }?.value.scalar?.string ?? "a flow"
                r.error(root, "this is a translation of \(of), not a flow",
                        hint: "run the flow it translates (\(of)) with --lang; check it with intake flows check on that flow")
                return nil
            }
            if keys.contains("answers") || (keys.contains("flow") && !keys.contains("id")) {
                r.error(root, "this is a teaching scenario (it has flow: and answers:), not a flow",
                        hint: "play it with intake demo FILE, or check its outcome with intake assess --answers FILE")
                return nil
            }
            if !keys.isEmpty, keys.isDisjoint(with: topKeys) {
                r.error(root, "this looks like an answers file (question ids and answers), not a flow",
                        hint: "give it to intake run --answers FILE or intake assess --answers FILE; a flow starts with id:, title:, version:, start: and screens:")
                return nil
            }
        }
        guard let top = r.fields(root, "the flow", allowed: topKeys,
                                 required: ["id", "title", "version", "start", "screens", "determination"]) else { return nil }
        let id = r.identifier(top["id"], "the flow id", allowHyphen: true)
        let title = r.string(top["title"], "title")
        let version = r.string(top["version"], "version")
        let description = r.string(top["description"], "description") ?? ""
        let sources = (r.sequence(top["sources"], "sources") ?? []).compactMap { r.string($0, "a source") }
        let start = r.identifier(top["start"], "start")
        var section: String?
        let screens = (r.sequence(top["screens"], "screens") ?? []).compactMap { node -> Screen? in
            guard var screen = screen(node, &r) else { return nil }
            // A section runs from the screen that names it to the next that names another.
            if case .mapping(let fields) = node, let named = fields["section"].flatMap({ r.string($0, "section") }) { section = named }
            screen.section = section
            return screen
        }
        let facts = (r.sequence(top["facts"], "facts") ?? []).compactMap { fact($0, &r) }
        let determination = top["determination"].flatMap { determinationSpec($0, &r) }
        let reasons = (r.sequence(top["reasons"], "reasons") ?? []).compactMap { reason($0, &r) }
        let actions = (r.sequence(top["actions"], "actions") ?? []).compactMap { action($0, &r) }
        if let node = top["screens"], screens.isEmpty, r.diagnostics.isEmpty {
            r.error(node, "the flow has no screens", hint: "add at least one question and an end screen")
        }
        guard let id, let title, let version, let start, let determination else { return nil }
        var flow = Flow(id: id, title: title, version: version, description: description, sources: sources, start: start,
                    screens: screens, facts: facts, determination: determination, reasons: reasons, actions: actions,
                    file: r.file)
        flow.startLocation = top["start"].map { r.location($0) }
        flow.invariants = (r.sequence(top["invariants"], "invariants") ?? []).compactMap { invariant($0, &r) }
            + waitingInvariants(screens)
        flow.notice = top["notice"].flatMap { notice($0, &r) }
        flow.support = top["support"].flatMap { support($0, &r) }
        if let node = top["identity"], let f = r.fields(node, "identity", allowed: IdentityField.allCases.map(\.rawValue), required: []) {
            for field in IdentityField.allCases {
                if let value = f[field.rawValue], let id = r.identifier(value, "the screen for '\(field.rawValue)'") {
                    flow.identity[field] = id
                    flow.identityLocations[field] = r.location(value)
                }
            }
        }
        if let node = top["record"] { flow.record = recordStyle(node, &r) }
        flow.takesFrom = (r.sequence(top["takes-from"], "takes-from") ?? []).compactMap { carryOver($0, &r) }
        if let node = top["first-contact"], let f = r.fields(node, "first-contact", allowed: ["question", "answer"], required: ["question", "answer"]),
           let question = r.identifier(f["question"], "the first-contact question"),
           let answer = r.identifier(f["answer"], "the answer that finishes at first contact", allowHyphen: true) {
            flow.firstContact = FirstContact(question: question, answer: answer, location: r.location(f["question"]!))
        }
        return flow
    }

    /// What `waits-for:` promises, as invariants `intake flows check` proves on every path: a question
    /// that waits for a step is never answered while that step is answered and not done. The flow's own branches do
    /// the routing; without this, a branch taken out by mistake would ask the question again unseen.
    static func waitingInvariants(_ screens: [Screen]) -> [Invariant] {
        // A step the path never asks (a referral not needed) holds nothing back.
        func text(_ question: String, _ step: String) -> String { "not answered(\(question)) or not answered(\(step)) or \(step) == \"done\"" }
        let checklists = Set(screens.filter { $0.kind == .checklist }.map(\.id))
        return screens.compactMap { screen in
            guard let step = screen.waitsFor, checklists.contains(step), step != screen.id,
                  let expr = try? ExpressionParser.parse(text(screen.id, step)) else { return nil }
            return Invariant(name: "\(screen.id) is asked only once \(step) is done (waits-for)",
                             condition: Condition(expr: expr, text: text(screen.id, step), location: screen.waitsForLocation ?? screen.location),
                             source: "intake: ask only what can be answered (issue 35)")
        }
    }

    static func recordStyle(_ node: Node, _ r: inout NodeReader) -> RecordStyle {
        var style = RecordStyle()
        guard let f = r.fields(node, "record", allowed: ["id-prefix", "classifications", "header"], required: []) else { return style }
        style.header = (r.sequence(f["header"], "header") ?? []).compactMap { node -> HeaderField? in
            guard let h = r.fields(node, "a header field", allowed: ["label", "screen", "short"], required: ["label", "screen"]) else { return nil }
            let label = r.string(h["label"], "label"), screen = r.identifier(h["screen"], "the header field's screen")
            let short = h["short"].flatMap { r.string($0, "short") }
            guard let label, let screen else { return nil }
            return HeaderField(label: label, screen: screen, short: short, location: h["screen"].map { r.location($0) } ?? r.location(node))
        }
        if let at = f["id-prefix"], let prefix = r.string(at, "id-prefix") {
            if (2...4).contains(prefix.count), prefix.unicodeScalars.allSatisfy({ $0.value >= 0x41 && $0.value <= 0x5A }) {
                style.idPrefix = prefix
            } else {
                r.error(at, "id-prefix must be two to four capital letters A-Z, not '\(prefix.prefix(40))'", hint: "for example SI for a school incident")
            }
        }
        if let at = f["classifications"] {
            guard case .mapping(let pairs) = at else {
                r.error(at, "classifications must map each classification to the words a record prints for it")
                return style
            }
            for (key, value) in pairs {
                if let id = r.identifier(key, "a classification", allowHyphen: true), let words = r.string(value, "a classification's words") {
                    style.classifications[id] = words
                    style.locations[id] = r.location(key)
                }
            }
        }
        return style
    }

    static func carryOver(_ node: Node, _ r: inout NodeReader) -> CarryOver? {
        guard let f = r.fields(node, "a takes-from entry", allowed: ["flow", "renamed", "own-research"], required: ["flow"]) else { return nil }
        let flow = r.identifier(f["flow"], "the source flow", allowHyphen: true)
        var renamed: [String: String] = [:]
        var locations: [String: SourceLocation] = [:]
        if let at = f["renamed"] {
            if case .mapping(let pairs) = at {
                for (key, value) in pairs {
                    if let mine = r.identifier(key, "a screen of this flow"), let theirs = r.identifier(value, "a screen of the source flow") {
                        renamed[mine] = theirs
                        locations[mine] = r.location(key)
                    }
                }
            } else {
                r.error(at, "renamed must map this flow's screen ids to the source flow's", hint: "e.g. people_involved: pupils_involved")
            }
        }
        var ownResearch: [String] = []
        var researchLocations: [String: SourceLocation] = [:]
        for item in r.sequence(f["own-research"], "own-research") ?? [] {
            if let id = r.identifier(item, "a screen of this flow") {
                ownResearch.append(id)
                researchLocations[id] = r.location(item)
            }
        }
        guard let flow else { return nil }
        var carry = CarryOver(flow: flow, renamed: renamed, location: r.location(node))
        carry.renamedLocations = locations
        carry.ownResearch = ownResearch
        carry.ownResearchLocations = researchLocations
        return carry
    }

    static func screen(_ node: Node, _ r: inout NodeReader) -> Screen? {
        guard let f = r.fields(node, "a screen", allowed: screenKeys, required: ["id", "kind", "prompt"]) else { return nil }
        let id = r.identifier(f["id"], "the screen id")
        var kind: ScreenKind?
        if let kindNode = f["kind"], let text = r.string(kindNode, "kind") {
            kind = ScreenKind(rawValue: text)
            if kind == nil {
                let names = ScreenKind.allCases.map(\.rawValue)
                r.error(kindNode, "unknown screen kind '\(text.prefix(40))'",
                        hint: Suggest.closest(to: text, in: names).map { "did you mean '\($0)'?" } ?? "kinds: \(names.joined(separator: ", "))")
            }
        }
        let prompt = r.string(f["prompt"], "prompt")
        let help = r.string(f["help"], "help")
        let source = r.string(f["source"], "source")
        let required = f["required"].map { r.bool($0, "required") ?? true } ?? true
        let allowUnknown = f["allow-unknown"].map { r.bool($0, "allow-unknown") ?? false } ?? false
        let choices = (r.sequence(f["choices"], "choices") ?? []).compactMap { choice($0, &r) }
        let minimum = r.int(f["min"], "min")
        let maximum = r.int(f["max"], "max")
        let constraints = (r.sequence(f["constraints"], "constraints") ?? []).compactMap { constraint($0, &r) }
        let branches = (r.sequence(f["branches"], "branches") ?? []).compactMap { transition($0, &r) }
        let next = r.identifier(f["next"], "next")
        let nextLocation = f["next"].map { r.location($0) }
        let multiLine = f["multi-line"].map { r.bool($0, "multi-line") ?? true } ?? true
        let action = r.identifier(f["action"], "action", allowHyphen: true)
        let waitsFor = r.identifier(f["waits-for"], "waits-for")
        let group = r.identifier(f["group"], "group", allowHyphen: true)
        guard let id, let kind, let prompt else { return nil }
        var screen = Screen(id: id, kind: kind, prompt: prompt, help: help, source: source, required: required,
                            allowUnknown: allowUnknown, choices: choices, minimum: minimum, maximum: maximum,
                            constraints: constraints, branches: branches, next: next, action: action,
                            multiLine: multiLine, location: r.location(node), nextLocation: nextLocation)
        screen.waitsFor = waitsFor
        screen.waitsForLocation = f["waits-for"].map { r.location($0) }
        screen.group = group
        checkKindKeys(screen, f, &r)
        return screen
    }

    /// Keys that only make sense for some kinds; a misplaced one is a mistake worth stopping for.
    static func checkKindKeys(_ s: Screen, _ f: Fields, _ r: inout NodeReader) {
        func misplaced(_ key: String, _ kinds: String) {
            if let node = f.keyNode(key) { r.error(node, "'\(key)' is only for \(kinds) screens, and '\(s.id)' is \(s.kind.rawValue)") }
        }
        if s.kind != .choice, s.kind != .multiChoice { misplaced("choices", "choice and multi-choice") }
        if s.kind != .number { misplaced("min", "number"); misplaced("max", "number") }
        if s.kind != .checklist { misplaced("action", "checklist") }
        if s.kind != .text { misplaced("multi-line", "text") }
        // A row of a group is answered with one key; a typed or listed answer needs its own screen.
        if s.kind != .yesNoUnknown { misplaced("group", "yes-no-unknown") }
        if s.kind == .end {
            for key in ["next", "branches", "required", "allow-unknown", "constraints"] { misplaced(key, "non-end") }
        } else if f["next"] == nil {
            r.error(f.node, "screen '\(s.id)' has no 'next'", hint: "every screen but an end names where to go when no branch applies")
        }
        if s.kind == .info || s.kind == .checklist || s.kind == .yesNoUnknown { misplaced("allow-unknown", "choice, multi-choice, text, number and date-time") }
        if s.kind == .choice || s.kind == .multiChoice, s.choices.count < 2 {
            r.error(f.keyNode("choices") ?? f.node, "screen '\(s.id)' needs at least two choices", hint: "add choices: with value: and label: for each")
        }
        var seen: Set<String> = []
        for c in s.choices where !seen.insert(c.value).inserted {
            r.error(f.keyNode("choices") ?? f.node, "the choice value '\(c.value)' appears twice in '\(s.id)'")
        }
        if let min = s.minimum, let max = s.maximum, min > max {
            r.error(f.keyNode("min") ?? f.node, "min (\(min)) is greater than max (\(max))")
        }
        if s.kind == .checklist, s.action == nil {
            r.error(f.node, "checklist screen '\(s.id)' does not name its action", hint: "add action: <action id>")
        }
    }

    static func choice(_ node: Node, _ r: inout NodeReader) -> Choice? {
        guard let f = r.fields(node, "a choice", allowed: ["value", "label"], required: ["value", "label"]) else { return nil }
        guard let value = r.identifier(f["value"], "a choice value", allowHyphen: true),
              let label = r.string(f["label"], "label") else { return nil }
        return Choice(value: value, label: label)
    }

    static func constraint(_ node: Node, _ r: inout NodeReader) -> Constraint? {
        guard let f = r.fields(node, "a constraint", allowed: ["when", "message"], required: ["when", "message"]) else { return nil }
        guard let condition = r.condition(f["when"], "the constraint"), let message = r.string(f["message"], "message") else { return nil }
        return Constraint(condition: condition, message: message)
    }

    static func transition(_ node: Node, _ r: inout NodeReader) -> Transition? {
        guard let f = r.fields(node, "a branch", allowed: ["when", "to"], required: ["when", "to"]) else { return nil }
        guard let condition = r.condition(f["when"], "the branch"), let target = r.identifier(f["to"], "to"),
              let toNode = f["to"] else { return nil }
        return Transition(condition: condition, target: target, targetLocation: r.location(toNode))
    }

    static func fact(_ node: Node, _ r: inout NodeReader) -> DerivedFact? {
        guard let f = r.fields(node, "a fact", allowed: ["id", "text", "when", "source"], required: ["id", "text", "when"]) else { return nil }
        let id = r.identifier(f["id"], "the fact id")
        let text = r.string(f["text"], "text")
        let condition = r.condition(f["when"], "fact '\(id ?? "?")'")
        let source = r.string(f["source"], "source")
        guard let id, let text, let condition else { return nil }
        return DerivedFact(id: id, text: text, condition: condition, source: source)
    }

    static func determinationSpec(_ node: Node, _ r: inout NodeReader) -> DeterminationSpec? {
        guard let f = r.fields(node, "determination", allowed: ["decisive", "also-establish", "prerequisites", "rules", "otherwise"],
                               required: ["rules", "otherwise"]) else { return nil }
        var locations: [String: SourceLocation] = [:]
        let decisiveNodes = r.sequence(f["decisive"], "decisive") ?? []
        let alsoNodes = r.sequence(f["also-establish"], "also-establish") ?? []
        for node in decisiveNodes + alsoNodes { if let id = node.scalar?.string, locations[id] == nil { locations[id] = r.location(node) } }
        let decisive = decisiveNodes.compactMap { r.identifier($0, "a decisive fact") }
        let also = alsoNodes.compactMap { r.identifier($0, "a fact") }
        let rules = (r.sequence(f["rules"], "rules") ?? []).compactMap { rule($0, &r, needsCondition: true) }
        let otherwise = f["otherwise"].flatMap { rule($0, &r, needsCondition: false) }
        guard let otherwise else { return nil }
        var spec = DeterminationSpec(decisive: decisive, alsoEstablish: also, rules: rules, otherwise: otherwise)
        spec.locations = locations
        spec.prerequisites = (r.sequence(f["prerequisites"], "prerequisites") ?? []).compactMap { prerequisite($0, &r) }
        return spec
    }

    static func rule(_ node: Node, _ r: inout NodeReader, needsCondition: Bool) -> DeterminationRule? {
        let keys = ["classification", "outcome21", "lenient", "summary"] + (needsCondition ? ["when"] : [])
        guard let f = r.fields(node, needsCondition ? "a determination rule" : "otherwise", allowed: keys,
                               required: needsCondition ? ["when", "classification"] : ["classification"]) else { return nil }
        let condition = needsCondition ? r.condition(f["when"], "the determination rule") : nil
        let classification = r.identifier(f["classification"], "classification", allowHyphen: true)
        var outcome: Outcome21?
        if let node = f["outcome21"], let text = r.string(node, "outcome21") {
            outcome = Outcome21(rawValue: text)
            if outcome == nil {
                r.error(node, "outcome21 must be one of \(Outcome21.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text.prefix(40))'")
            }
        }
        let lenient = f["lenient"].map { r.bool($0, "lenient") ?? false } ?? false
        let summary = r.string(f["summary"], "summary")
        guard let classification, !needsCondition || condition != nil else { return nil }
        return DeterminationRule(condition: condition, classification: classification, outcome21: outcome, lenient: lenient,
                                 summary: summary, location: r.location(node))
    }

    static func reason(_ node: Node, _ r: inout NodeReader) -> ReasonRule? {
        guard let f = r.fields(node, "a reason", allowed: ["fact", "when", "text", "source"],
                               required: ["fact", "when", "text", "source"]) else { return nil }
        let fact = r.identifier(f["fact"], "fact")
        let condition = r.condition(f["when"], "the reason")
        let text = r.string(f["text"], "text")
        let source = r.string(f["source"], "source")
        guard let fact, let condition, let text, let source else { return nil }
        return ReasonRule(fact: fact, condition: condition, text: text, source: source)
    }

    static func invariant(_ node: Node, _ r: inout NodeReader) -> Invariant? {
        guard let f = r.fields(node, "an invariant", allowed: ["name", "when", "source"], required: ["name", "when", "source"]) else { return nil }
        let name = r.string(f["name"], "name")
        let condition = r.condition(f["when"], "invariant '\(name ?? "?")'")
        let source = r.string(f["source"], "source")
        guard let name, let condition, let source else { return nil }
        return Invariant(name: name, condition: condition, source: source)
    }

    static func action(_ node: Node, _ r: inout NodeReader) -> ActionRule? {
        guard let f = r.fields(node, "an action", allowed: ["id", "text", "source", "when", "standing"], required: ["id", "text", "source"]) else { return nil }
        let id = r.identifier(f["id"], "the action id", allowHyphen: true)
        let text = r.string(f["text"], "text")
        let source = r.string(f["source"], "source")
        let condition = f["when"] == nil ? nil : r.condition(f["when"], "action '\(id ?? "?")'")
        let standing = f["standing"].map { r.bool($0, "standing") ?? false } ?? false
        guard let id, let text, let source, f["when"] == nil || condition != nil else { return nil }
        return ActionRule(id: id, text: text, source: source, condition: condition, location: r.location(node), standing: standing)
    }

    static func prerequisite(_ node: Node, _ r: inout NodeReader) -> Prerequisite? {
        guard let f = r.fields(node, "a prerequisite", allowed: ["id", "until", "source"], required: ["id", "until", "source"]) else { return nil }
        let id = r.identifier(f["id"], "the prerequisite's question")
        let until = r.condition(f["until"], "the prerequisite '\(id ?? "?")'")
        let source = r.string(f["source"], "source")
        guard let id, let until, let source else { return nil }
        return Prerequisite(id: id, until: until, source: source, idLocation: f["id"].map { r.location($0) })
    }

    static func notice(_ node: Node, _ r: inout NodeReader) -> Notice? {
        guard let f = r.fields(node, "the notice", allowed: ["title", "paragraphs", "blanks", "addressee", "contact", "language", "withhold", "source"],
                               required: ["title", "paragraphs", "source"]) else { return nil }
        let title = r.string(f["title"], "title")
        let nodes = r.sequence(f["paragraphs"], "paragraphs") ?? []
        let paragraphs = nodes.compactMap { r.string($0, "a paragraph") }
        var blanks: [String: String] = [:]
        if let blanksNode = f["blanks"] {
            if case .mapping(let pairs) = blanksNode {
                for (key, value) in pairs {
                    if let id = r.identifier(key, "a blank's question"), let text = r.string(value, "a blank's text") { blanks[id] = text }
                }
            } else {
                r.error(blanksNode, "blanks must map question ids to the text printed while they have no answer")
            }
        }
        let addressee = f["addressee"].flatMap { r.identifier($0, "the notice's addressee screen") }
        let contact = f["contact"].flatMap { r.identifier($0, "the notice's contact screen") }
        var at: [String: SourceLocation] = [:]
        let language = f["language"].flatMap { r.identifier($0, "the notice's language screen") }
        for key in ["addressee", "contact", "language"] { if let node = f[key] { at[key] = r.location(node) } }
        let source = r.string(f["source"], "source")
        guard let title, let source, paragraphs.count == nodes.count else { return nil }
        var notice = Notice(title: title, paragraphs: paragraphs, blanks: blanks, source: source, locations: nodes.map { r.location($0) },
                            addressee: addressee, contact: contact, screenLocations: at)
        notice.language = language
        for item in r.sequence(f["withhold"], "withhold") ?? [] {
            guard let w = r.fields(item, "a withhold rule", allowed: ["when", "reason"], required: ["when", "reason"]) else { continue }
            if let condition = r.condition(w["when"], "a withhold rule"), let reason = r.string(w["reason"], "reason") {
                notice.withhold.append(Notice.Withhold(condition: condition, reason: reason))
            }
        }
        return notice
    }

    static func support(_ node: Node, _ r: inout NodeReader) -> SupportList? {
        guard let f = r.fields(node, "the support list", allowed: ["title", "entries", "source"],
                               required: ["title", "entries", "source"]) else { return nil }
        let title = r.string(f["title"], "title")
        let entries = (r.sequence(f["entries"], "entries") ?? []).compactMap { node -> SupportList.Entry? in
            guard let e = r.fields(node, "a support entry", allowed: ["name", "helps", "contact", "checked", "checked-at", "family"],
                                   required: ["name", "helps", "contact", "checked", "checked-at"]) else { return nil }
            let name = r.string(e["name"], "name"), helps = r.string(e["helps"], "helps"), contact = r.string(e["contact"], "contact")
            let checked = r.string(e["checked"], "checked"), checkedAt = r.string(e["checked-at"], "checked-at")
            if let text = checked, let at = e["checked"], !isDate(text) {
                r.error(at, "checked must be a date, YYYY-MM-DD, not '\(text.prefix(40))'", hint: "write the day the contact details were last checked")
            }
            var family: SupportList.Entry.Family?
            if let at = e["family"], let text = r.string(at, "family") {
                family = SupportList.Entry.Family(rawValue: text)
                if family == nil {
                    r.error(at, "family must be all or recorded, not '\(text.prefix(40))'",
                            hint: "all: on every child's letter; recorded: only on the letter for a child recorded against the offence")
                }
            }
            guard let name, let helps, let contact, let checked, let checkedAt else { return nil }
            return SupportList.Entry(name: name, helps: helps, contact: contact, checked: checked, checkedAt: checkedAt, family: family)
        }
        let source = r.string(f["source"], "source")
        guard let title, let source else { return nil }
        return SupportList(title: title, entries: entries, source: source)
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
