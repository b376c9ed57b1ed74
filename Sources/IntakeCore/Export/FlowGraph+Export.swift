/// Diagrams of a flow: screens as nodes (shaped by kind), guarded transitions as labelled edges, end
/// screens and the determination rules set apart.
public enum FlowDiagram {
    /// Graphviz DOT; renders with `dot -Tsvg`.
    public static func dot(_ flow: Flow) -> String {
        func q(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        var out = ["digraph \(q(flow.id)) {", "  label=\(q(flow.title + " " + flow.version)); labelloc=t;",
                   "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];",
                   "  edge [fontname=\"Helvetica\", fontsize=9];"]
        for screen in flow.screens {
            let shape: String
            switch screen.kind {
            case .end: shape = "shape=doubleoctagon, style=bold"
            case .yesNoUnknown, .choice, .multiChoice: shape = "shape=diamond, style=\"\""
            case .info: shape = "shape=note, style=\"\""
            case .checklist: shape = "shape=box, style=\"rounded,dashed\""
            default: shape = "shape=box, style=rounded"
            }
            out.append("  \(q(screen.id)) [label=\(q(screen.id + "\n" + short(screen.prompt))), \(shape)];")
        }
        for screen in flow.screens {
            for branch in screen.branches {
                out.append("  \(q(screen.id)) -> \(q(branch.target)) [label=\(q(short(branch.condition.text, 48)))];")
            }
            if let next = screen.next {
                out.append("  \(q(screen.id)) -> \(q(next))" + (screen.branches.isEmpty ? ";" : " [label=\"otherwise\", style=dashed];"))
            }
        }
        out.append("  subgraph cluster_determination {")
        out.append("    label=\"Determination (first rule that holds)\"; style=dashed;")
        for (i, rule) in (flow.determination.rules + [flow.determination.otherwise]).enumerated() {
            let when = rule.condition.map { short($0.text, 48) } ?? "otherwise"
            let outcome = rule.classification + (rule.outcome21.map { " / Outcome 21 " + $0.rawValue } ?? "")
            out.append("    \(q("rule\(i + 1)")) [label=\(q("\(i + 1). \(when)\n→ \(outcome)")), shape=hexagon, style=\"\"];")
        }
        out.append("  }")
        for end in flow.screens where end.kind == .end {
            out.append("  \(q(end.id)) -> \(q("rule1")) [style=dotted, arrowhead=none, label=\"determined by\"];")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// Mermaid flowchart syntax.
    public static func mermaid(_ flow: Flow) -> String {
        func text(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: " ") + "\""
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
