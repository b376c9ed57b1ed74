import FoundationEssentials
import Glibc
import IntakeCore

/// The trainer demo's state: a scenario's walk through a flow and the step on show. Pure, like
/// `Front`: `update` moves between steps, `render(demo, size)` draws the interview screen as an officer
/// would see it, with the answer given and the reason for the next screen underneath.
package struct Demo: Equatable, Sendable {
    /// The scenario's title.
    package let title: String
    /// What the scenario teaches.
    package let about: String
    /// The screens and answers, what-ifs included.
    package private(set) var walkthrough: Walkthrough
    /// The scenario's own answers, by screen.
    let scenario: [String: AnswerValue]
    /// The trainer's "what if" answers, by screen: they replace the scenario's.
    package private(set) var whatIf: [String: AnswerValue] = [:]
    /// Picking another answer for the screen on show.
    package private(set) var choosing = false
    /// 0 is the title card; 1…steps.count are the flow's screens.
    package private(set) var position = 0
    /// The interview screen of the current step, for drawing and for the guidance and scroll keys.
    package private(set) var front: Front?

    /// The zone times are shown in: the trainer's, given by the command line, never read here.
    package let timeZone: Zone

    /// Creates a demo at its title card.
    package init(title: String, about: String, walkthrough: Walkthrough, timeZone: Zone) {
        self.title = title
        self.about = about
        self.walkthrough = walkthrough
        self.timeZone = timeZone
        scenario = Dictionary(walkthrough.steps.compactMap { step in step.answer.map { (step.screen, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    var flow: Flow { walkthrough.steps[0].interview.flow }

    /// The step on show, nil on the title card.
    package var step: Walkthrough.Step? { position == 0 ? nil : walkthrough.steps[position - 1] }

    /// Applies a key; returns false when the trainer leaves the demo.
    package mutating func update(_ key: Key) -> Bool {
        if choosing { return choose(key) }
        if front?.overlay == .help {
            if [.escape, .character("?"), .function(1), .enter, .character(" ")].contains(key) { _ = front?.update(key, now: Date()) }
            return true
        }
        switch key {
        case .character("q"), .character("Q"), .interrupt:
            // Not Escape: a function key the terminal database does not know arrives as Escape first.
            return false
        case .character(" "), .enter, .right, .character("n"), .character("N"):
            move(to: min(position + 1, walkthrough.steps.count))
        case .character("b"), .character("B"), .left, .backspace, .character("p"):
            move(to: max(position - 1, 0))
        case .character("w"), .character("W"):
            // "What if?": the screen on show takes the trainer's answer instead.
            if let step, flow.screen(step.screen)?.kind != .end {
                choosing = true
                front = Self.front(step.interview)
            }
        case .character("r"), .character("R"):
            if !whatIf.isEmpty {
                whatIf = [:]
                replay()
            }
        case .home:
            move(to: 0)
        case .end:
            move(to: walkthrough.steps.count)
        case .character("?"), .function(1), .up, .down, .pageUp, .pageDown:
            // Guidance, and scrolling the summary on the end screen, work as in an interview.
            if front?.interview.currentScreen.kind == .end || [.character("?"), .function(1)].contains(key) {
                _ = front?.update(key, now: Date())
            }
        default:
            break
        }
        return true
    }

    /// A screen of the walk as the officer would see it, without its own "step N of about M": the
    /// demo's bar counts the screens, and two counts side by side disagreed.
    static func front(_ interview: Interview) -> Front {
        var front = Front(interview: interview)
        front.showsStep = false
        return front
    }

    /// The whole walk as plain text, for a handout or a terminal without full-screen support.
    package func transcript() -> String {
        let flow = walkthrough.steps[0].interview.flow
        var out = ["Demo: \(title)", "Flow: \(flow.title) (\(flow.id) \(flow.version))"]
        if !about.isEmpty { out += ["", about.trimmed()] }
        /// Text in full, each of its lines indented under the item: a handout is read on paper.
        func indented(_ text: String, _ first: String) -> [String] {
            Visible.text(text).split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
                (i == 0 ? first : String(repeating: " ", count: first.count)) + line
            }
        }
        for (n, step) in walkthrough.steps.enumerated() {
            guard let screen = flow.screen(step.screen) else { continue }
            out.append("")
            out += indented(screen.prompt, "\(n + 1). ")
            if let answer = step.answer {
                out += indented(Describe.answer(answer, on: screen, timeZone: timeZone), "   Answer given: ")
                out += indented(DemoLayout.why(step, flow: flow, full: true), "   ")
            } else {
                out += DemoLayout.verdict(walkthrough.determination, flow: flow).map { "   " + $0 }
                let actions = walkthrough.determination.actions
                if !actions.isEmpty {
                    out.append("   Actions:")
                    for action in actions { out += indented(action.text, "   - ") }
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A key while the trainer picks another answer: the screen works as in an interview, and the
    /// answer it accepts becomes this screen's what-if. Escape puts the scenario's answer back on show.
    mutating func choose(_ key: Key) -> Bool {
        if key == .escape || key == .interrupt {
            choosing = false
            front = step.map { Self.front($0.interview) }
            return true
        }
        guard let screen = step?.screen, var picking = front else { return true }
        for effect in picking.update(key, now: Date()) {
            if case .save(.answer(let value, _)) = effect {
                whatIf[screen] = value
                choosing = false
                replay()
                return true
            }
        }
        front = picking
        return true
    }

    /// Plays the scenario again with the what-ifs: the rest of its answers apply where the path
    /// still asks them, and the walk stops at the first screen nobody has answered.
    mutating func replay() {
        let values = scenario.merging(whatIf) { $1 }
        if let replayed = try? Walkthrough.build(flow: flow, values: values, file: title, stopWhereUnanswered: true) {
            walkthrough = replayed
        }
        position = min(position, walkthrough.steps.count)
        front = step.map { Self.front($0.interview) }
    }

    private mutating func move(to newPosition: Int) {
        guard newPosition != position || front == nil && newPosition > 0 else { return }
        position = newPosition
        front = step.map { Self.front($0.interview) }
    }
}

/// Lays out `demo` for a terminal of `size`: the interview screen on top, the demo panel below.
package func render(_ demo: Demo, size: Size) -> Rendered {
    DemoLayout(demo: demo, size: size).render()
}

struct DemoLayout {
    let demo: Demo
    let size: Size
    /// The panel's rows: its title bar, the answer, two lines of reasons, and the key bar.
    static let panelRows = 5
    static var minimum: Size { Size(columns: Size.minimum.columns, rows: Size.minimum.rows + panelRows - 1) }

    /// From this width the running determination has a column of its own on the right.
    static let sideFrom = 110
    static let sideWidth = 40

    func render() -> Rendered {
        guard size.columns >= Self.minimum.columns, size.rows >= Self.minimum.rows else {
            return Rendered(lines: Layout.tooSmallLines(size: size, minimum: Self.minimum), cursor: nil)
        }
        guard let step = demo.step, let front = demo.front else { return titleCard() }
        let side = size.columns >= Self.sideFrom ? Self.sideWidth : 0
        let width = size.columns - side
        var screen = IntakeTerminal.render(front, size: Size(columns: width, rows: size.rows - Self.panelRows + 1))
        screen.lines.removeLast()
        let flow = demo.walkthrough.steps[0].interview.flow
        let soFar = step.soFar
        var title = " Demo · \(demo.title) · screen \(demo.position) of \(demo.walkthrough.steps.count)"
        if side == 0 {
            // No room for the side column: the running determination rides in the title bar.
            title += " · so far: " + DemoLayout.classification(soFar, flow: flow)
        }
        var panel = [bar(title, width)]
        var explanation: [String]
        if demo.choosing {
            panel.append(Line(spans: [Span(text: " What if? ", style: .title),
                                      Span(text: "Give another answer on the screen above; the rest of the scenario replays from it.", style: .normal)]))
            explanation = ["Esc keeps the scenario's answer."]
        } else if let answer = step.answer, let screen = flow.screen(step.screen) {
            let changed = demo.whatIf[step.screen] != nil
            panel.append(Line(spans: [Span(text: changed ? " What if: " : " Answer given: ", style: .title),
                                      Span(text: Visible.line(Describe.answer(answer, on: screen, timeZone: demo.timeZone, brief: true)), style: .normal)]))
            explanation = [DemoLayout.why(step, flow: flow)]
        } else if flow.screen(step.screen)?.kind != .end {
            panel.append(Line(spans: [Span(text: " Not in the scenario: ", style: .title),
                                      Span(text: "its answers never reach this screen.", style: .normal)]))
            explanation = ["Press w to answer it, and the walk goes on from here."]
        } else {
            let determination = demo.walkthrough.determination
            let verdict = DemoLayout.verdict(determination, flow: flow)
            panel.append(Line(spans: [Span(text: " Determination: ", style: .title),
                                      Span(text: DemoLayout.classification(determination, flow: flow), style: .normal)]))
            // The outcome on the lines below, where it wraps: at 80 columns it was cut off the first.
            explanation = ["Outcome 21: " + Describe.outcome21(determination.outcome21) + ". " + verdict[1]]
        }
        var wrappedWhy = explanation.flatMap { DisplayWidth.wrap($0, width: width - 2) }.map { Line(" " + $0) }
        if wrappedWhy.count > 2 {
            wrappedWhy = Array(wrappedWhy.prefix(2))
            wrappedWhy[1] = Line(" " + DisplayWidth.truncate(String(wrappedWhy[1].text.dropFirst()), to: width - 3) + "…")
        }
        panel += wrappedWhy + Array(repeating: Line(""), count: 2 - wrappedWhy.count)
        let atEnd = demo.position == demo.walkthrough.steps.count
        let undo = demo.whatIf.isEmpty ? "" : " · r undo what-ifs"
        panel.append(bar(demo.choosing ? " Enter choose · Esc cancel"
                         : atEnd ? " b back · ↑↓ scroll · w what if\(undo) · q leave the demo"
                         : " Space next · b back · w what if\(undo) · ? guidance · q leave", width))
        screen.lines += panel.map { Layout.fit($0, width) }
        if front.field != nil, !demo.choosing { screen.cursor = nil }
        guard side > 0 else { return screen }
        let column = sideColumn(soFar, rows: size.rows)
        screen.lines = zip(screen.lines, column).map { main, right in
            let fitted = Layout.fit(main, width)
            let pad = String(repeating: " ", count: max(0, width - DisplayWidth.of(fitted.text)))
            return Line(spans: fitted.spans + [Span(text: pad, style: .normal)] + right.spans)
        }
        return screen
    }

    /// The running determination, the actions it brings and the what-ifs, down the right-hand side.
    func sideColumn(_ soFar: Determination, rows: Int) -> [Line] {
        let inner = Self.sideWidth - 3
        func text(_ s: String, _ style: Style = .normal) -> [Line] {
            DisplayWidth.wrap(Visible.line(s), width: inner).map { Line($0, style) }
        }
        let flow = demo.walkthrough.steps[0].interview.flow
        var lines = [Line(" So far", .bar)]
        lines += text("Classification: " + DemoLayout.classification(soFar, flow: flow), .title)
        lines += text("Outcome 21: " + Describe.outcome21(soFar.outcome21))
        if !soFar.outstanding.isEmpty { lines += text("Still to establish: " + DemoLayout.outstanding(soFar, flow: flow), .dim) }
        lines.append(Line(""))
        if !demo.whatIf.isEmpty {
            lines += text("What if:", .title)
            for (id, value) in demo.whatIf.sorted(by: { $0.key < $1.key }) {
                let answer = flow.screen(id).map { Describe.answer(value, on: $0, timeZone: demo.timeZone, brief: true) } ?? ""
                lines += text("- \(Describe.prompt(of: id, in: flow)): \(answer)")
            }
            lines.append(Line(""))
        }
        lines += text("Actions (\(soFar.actions.count)):", .title)
        for action in soFar.actions { lines += text("- " + action.text) }
        if lines.count > rows {
            lines = Array(lines.prefix(rows - 1)) + [Line("  … more when the walk ends", .dim)]
        }
        lines += Array(repeating: Line(""), count: max(0, rows - lines.count))
        return lines.map { line in
            let fitted = Layout.fit(line, inner)
            let pad = String(repeating: " ", count: max(0, inner - DisplayWidth.of(fitted.text)))
            return Line(spans: [Span(text: " │ ", style: .dim)] + fitted.spans + [Span(text: pad, style: fitted.spans.last?.style ?? .normal)])
        }
    }

    /// The determination in two lines: the outcome, and what is still to establish.
    static func verdict(_ d: Determination, flow: Flow) -> [String] {
        ["Determination: " + classification(d, flow: flow) + " · Outcome 21: " + Describe.outcome21(d.outcome21),
         d.outstanding.isEmpty ? "Nothing decisive is left to establish."
             : "Still to establish: " + outstanding(d, flow: flow) + "."]
    }

    /// The classification in the flow's words ("Aggravated: a full investigation follows"), else its value.
    static func classification(_ d: Determination, flow: Flow) -> String {
        flow.record.classifications[d.classification] ?? d.classification
    }

    /// What is still to establish, by the questions' words, not their ids.
    static func outstanding(_ d: Determination, flow: Flow) -> String {
        d.outstanding.map { "“" + Visible.line(Describe.prompt(of: $0, in: flow)) + "”" }.joined(separator: "; ")
    }

    /// Why the next screen follows, in words.
    static func why(_ step: Walkthrough.Step, flow: Flow, full: Bool = false) -> String {
        guard let route = step.route, let target = route.target, let next = flow.screen(target) else {
            return "This is the last screen."
        }
        let prompt = Visible.line(next.prompt)
        // The panel has two lines for this; a handout has room for all of it.
        let name = "Next: “" + (!full && DisplayWidth.of(prompt) > 48 ? DisplayWidth.truncate(prompt, to: 47) + "…" : prompt) + "”"
        if let branch = route.branch {
            return "\(name), because \(ExpressionWords.spoken(branch.condition.expr, in: flow, on: flow.screen(step.screen)))."
        }
        if flow.screen(step.screen)?.branches.isEmpty ?? true {
            return "\(name), which always follows this screen."
        }
        let guards = (flow.screen(step.screen)?.branches ?? []).map { ExpressionWords.spoken($0.condition.expr, in: flow, on: flow.screen(step.screen)) }
        return guards.count == 1 ? "\(name), the default route, since its condition (\(guards[0])) does not hold."
            : "\(name), the default route, since none of its conditions (\(guards.joined(separator: "; "))) holds."
    }

    func titleCard() -> Rendered {
        let width = size.columns
        let flow = demo.walkthrough.steps[0].interview.flow
        var lines = [bar(" Demo · \(flow.title)", width), Line("")]
        lines += DisplayWidth.wrap(demo.title, width: width - 4).map { Line("  " + $0, .title) }
        lines.append(Line(""))
        lines += DisplayWidth.wrap(demo.about, width: width - 4).map { Line("  " + $0) }
        lines.append(Line(""))
        lines += DisplayWidth.wrap("\(demo.walkthrough.steps.count) screens. Each shows the answer this scenario gives and why the next screen follows.",
                                   width: width - 4).map { Line("  " + $0, .dim) }
        lines = Array(lines.prefix(size.rows - 1))
        lines += Array(repeating: Line(""), count: size.rows - 1 - lines.count)
        lines.append(bar(" Space begin · q leave the demo", width))
        return Rendered(lines: lines.map { Layout.fit($0, width) }, cursor: nil)
    }

    func bar(_ text: String, _ width: Int) -> Line {
        Line(DisplayWidth.truncate(text, to: width) + String(repeating: " ", count: max(0, width - DisplayWidth.of(text))), .bar)
    }
}
