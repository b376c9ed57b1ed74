import FoundationEssentials
import Glibc

/// Diagrams of a flow: screens as nodes (shaped by kind), guarded transitions as labelled edges, end
/// screens and the determination rules set apart.
package enum FlowDiagram {
    /// How a DOT diagram is laid out.
    package struct Options: Sendable {
        /// Left to right, for a projector's wide screen; top to bottom otherwise.
        package var wide = false
        /// Each screen's id in small type under its text (off: the picture is for people).
        package var ids = false
        /// Only this section's screens, with where each way out leads: one slide of a long flow.
        package var section: String?
        /// Creates options.
        package init(wide: Bool = false, ids: Bool = false, section: String? = nil) {
            self.wide = wide
            self.ids = ids
            self.section = section
        }
    }

    /// `ids` cut into rows for a 16:9 slide: as many screens to a row as keeps the picture no wider
    /// than 16:9, judging a wrapped screen about 240 points wide and a row about 150 high.
    static func rows(_ ids: [String]) -> [[String]] {
        guard !ids.isEmpty else { return [] }
        var columns = 1
        while columns < ids.count {
            let next = columns + 1
            let rows = (ids.count + next - 1) / next
            guard Double(next * 240) / Double(rows * 150) <= 16.0 / 9.0 else { break }
            columns = next
        }
        return stride(from: 0, to: ids.count, by: columns).map { Array(ids[$0..<min($0 + columns, ids.count)]) }
    }

    /// Graphviz DOT; renders with `dot -Tsvg`. Every text in full, wrapped (a room reads it from the
    /// back); conditions in the words the demo uses; the flow's sections as boxes; the derived facts
    /// defined; the determination rules in the order they are tried.
    package static func dot(_ flow: Flow, _ options: Options = Options()) -> String {
        func q(_ s: String) -> String {
            "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
                .replacing("\n", with: "\\n") + "\""
        }
        /// An HTML-like label: `lines` wrapped, escaped, and an optional small grey id under them.
        func html(_ text: String, width: Int = 30, bold: String? = nil, id: String? = nil) -> String {
            var rows: [String] = []
            if let bold { rows.append("<B>" + escape(bold) + "</B>") }
            rows += wrap(text, width).map(escape)
            if options.ids, let id { rows.append("<FONT POINT-SIZE=\"8\" COLOR=\"#666666\">" + escape(id) + "</FONT>") }
            return "<" + rows.joined(separator: "<BR/>") + ">"
        }
        let factTexts = Dictionary(flow.facts.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        /// A condition in the demo's words, names made readable: the screen's own question is "the
        /// answer", a derived fact is its text, another question its id in plain words.
        func words(_ expr: Expr, here: String? = nil) -> String {
            let parts = ExpressionWords.words(expr).split(separator: "`", omittingEmptySubsequences: false)
            return parts.enumerated().map { i, part in
                guard i % 2 == 1 else { return String(part) }
                let name = String(part)
                if name == here { return "the answer" }
                if let text = factTexts[name] {
                    return "“" + text.trimmed(of: ". ") + "”"
                }
                return name.replacing("_", with: " ")
            }.joined()
        }
        // A wide slide of one section is drawn as rows read left to right, then down, and held to
        // 16:9: one long row left to right was 4,021 × 251 px, unreadable once projected.
        let slide = options.wide && options.section != nil
        var out = ["digraph \(q(flow.id)) {",
                   // A slide's title wrapped, so the title is not what makes it wide.
                   "  label=\(q(slide ? wrap(flow.title + " " + flow.version, 36).joined(separator: "\n") : flow.title + " " + flow.version)); labelloc=t; fontname=\"Helvetica\"; fontsize=20;",
                   "  rankdir=\(options.wide && !slide ? "LR" : "TB"); newrank=true; nodesep=0.3; ranksep=0.4;"
                       + (slide ? " ratio=0.5625;" : ""),
                   "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=12];",
                   "  edge [fontname=\"Helvetica\", fontsize=10];"]
        func node(_ screen: Screen) -> String {
            let shape: String
            switch screen.kind {
            case .end: shape = "shape=doubleoctagon, style=bold"
            case .yesNoUnknown, .choice, .multiChoice: shape = "shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\""
            case .info: shape = "shape=note, style=\"\""
            case .checklist: shape = "shape=box, style=\"rounded,dashed\""
            default: shape = "shape=box, style=rounded"
            }
            return "\(q(screen.id)) [label=\(html(screen.prompt, id: screen.id)), \(shape)];"
        }
        // Sections as boxes, in the order the flow gives them.
        var sections: [String] = []
        for screen in flow.screens where !sections.contains(screen.section ?? "") { sections.append(screen.section ?? "") }
        if let only = options.section {
            sections = sections.filter { $0 == only }
        }
        let drawn = Set(flow.screens.filter { options.section == nil || $0.section == options.section }.map(\.id))
        var stubs: [String] = []
        /// The node an edge to `target` ends at: the screen, or a note saying where the way out leads.
        func end(_ target: String) -> String {
            guard !drawn.contains(target), let screen = flow.screen(target) else { return q(target) }
            let id = "out:" + target
            if !stubs.contains(id) {
                stubs.append(id)
                let place = screen.section.map { "On to “\($0)”: " } ?? "On to: "
                out.append("  \(q(id)) [label=\(html(place + screen.prompt, width: 30)), shape=plaintext, fontcolor=\"#555555\"];")
            }
            return q(id)
        }
        for (i, section) in sections.enumerated() {
            let members = flow.screens.filter { ($0.section ?? "") == section }
            if section.isEmpty {
                out += members.map { "  " + node($0) }
                continue
            }
            out.append("  subgraph cluster_section_\(i) {")
            out.append("    label=\(q(section)); style=\"rounded\"; color=\"#999999\"; fontsize=16;")
            out += members.map { "    " + node($0) }
            if slide {
                for row in rows(members.map(\.id)) {
                    out.append("    { rank=same; " + row.map(q).joined(separator: "; ") + "; }")
                    // Kept in flow order along the row.
                    for (a, b) in zip(row, row.dropFirst()) { out.append("    \(q(a)) -> \(q(b)) [style=invis];") }
                }
            }
            out.append("  }")
        }
        for screen in flow.screens where drawn.contains(screen.id) {
            for branch in screen.branches {
                out.append("  \(q(screen.id)) -> \(end(branch.target)) [label=\(html("if " + words(branch.condition.expr, here: screen.id), width: 28))];")
            }
            if let next = screen.next {
                out.append("  \(q(screen.id)) -> \(end(next))" + (screen.branches.isEmpty ? ";" : " [label=\"otherwise\", style=dashed];"))
            }
        }
        if options.section != nil {
            out.append("}")
            return out.joined(separator: "\n") + "\n"
        }
        if !flow.facts.isEmpty {
            out.append("  subgraph cluster_facts {")
            out.append("    label=\"Derived facts\"; style=dashed; fontsize=16;")
            for fact in flow.facts {
                out.append("    \(q("fact:" + fact.id)) [label=\(html(fact.text + " — when " + words(fact.condition.expr), width: 36, id: fact.id)), shape=box, style=\"\"];")
            }
            // One column, in the order they are defined.
            for (a, b) in zip(flow.facts, flow.facts.dropFirst()) {
                out.append("    \(q("fact:" + a.id)) -> \(q("fact:" + b.id)) [style=invis];")
            }
            out.append("  }")
        }
        out.append("  subgraph cluster_determination {")
        out.append("    label=\"Determination: the first rule that holds decides\"; style=dashed; fontsize=16;")
        let rules = flow.determination.rules + [flow.determination.otherwise]
        for (i, rule) in rules.enumerated() {
            let when = rule.condition.map { "If " + words($0.expr) } ?? "Otherwise"
            let outcome = "→ " + rule.classification + (rule.outcome21.map { ", Outcome 21 " + $0.rawValue } ?? "")
            out.append("    \(q("rule\(i + 1)")) [label=\(html(when, width: 36, bold: "\(i + 1). " + outcome)), shape=box, style=\"\"];")
        }
        // The rules read in order: each leads to the next, "else".
        for i in 1..<max(1, rules.count) {
            out.append("    \(q("rule\(i)")) -> \(q("rule\(i + 1)")) [label=\"else\"];")
        }
        out.append("  }")
        for end in flow.screens where end.kind == .end {
            out.append("  \(q(end.id)) -> \(q("rule1")) [style=dotted, arrowhead=none, label=\"determined by\"];")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// `text` as lines of at most `width` characters, broken between words; nothing is cut.
    static func wrap(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Text made safe inside a Graphviz HTML-like label.
    static func escape(_ text: String) -> String { Visible.markup(text) }

    /// Mermaid flowchart syntax.
    package static func mermaid(_ flow: Flow) -> String {
        func text(_ s: String) -> String {
            "\"" + s.replacing("\"", with: "#quot;").replacing("\n", with: " ") + "\""
        }
        var ids: [String: String] = [:]
        for (i, screen) in flow.screens.enumerated() { ids[screen.id] = "s\(i)" }
        var out = ["flowchart TD"]
        for screen in flow.screens {
            let label = text(screen.id + ": " + short(screen.prompt))
            let id = ids[screen.id]!
            switch screen.kind {
            case .end: out.append("  \(id)([\(label)])")
            case .yesNoUnknown, .choice, .multiChoice: out.append("  \(id){\(label)}")
            case .info: out.append("  \(id)>\(label)]")
            default: out.append("  \(id)[\(label)]")
            }
        }
        for screen in flow.screens {
            let from = ids[screen.id]!
            for branch in screen.branches {
                out.append("  \(from) -->|\(text(short(branch.condition.text, 48)))| \(ids[branch.target] ?? "missing")")
            }
            if let next = screen.next {
                out.append("  \(from) " + (screen.branches.isEmpty ? "--> " : "-.->|\"otherwise\"| ") + (ids[next] ?? "missing"))
            }
        }
        out.append("  subgraph determination[\"Determination: first rule that holds\"]")
        for (i, rule) in (flow.determination.rules + [flow.determination.otherwise]).enumerated() {
            let when = rule.condition.map { short($0.text, 48) } ?? "otherwise"
            let outcome = rule.classification + (rule.outcome21.map { " / Outcome 21 " + $0.rawValue } ?? "")
            out.append("    r\(i + 1){{\(text("\(i + 1). \(when) → \(outcome)"))}}")
        }
        out.append("  end")
        for end in flow.screens where end.kind == .end { out.append("  \(ids[end.id]!) -.- r1") }
        return out.joined(separator: "\n") + "\n"
    }

    static func short(_ text: String, _ limit: Int = 40) -> String {
        let flat = text.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
