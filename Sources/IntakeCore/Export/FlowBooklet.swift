/// A flow as a readable Markdown booklet for training: every screen with its guidance, source and
/// where each answer leads, then the rules in plain words.
package enum FlowBooklet {
    /// The booklet.
    package static func markdown(_ flow: Flow) -> String {
        var out = ["# \(flow.title)", "", "Flow `\(flow.id)`, version \(flow.version). \(flow.description)", ""]
        if !flow.sources.isEmpty {
            out += ["Drawn from:", ""] + flow.sources.map { "- \($0)" } + [""]
        }
        out += ["## Screens", "", "The interview starts at `\(flow.start)`. Each screen asks one thing.", ""]
        for (n, screen) in flow.screens.enumerated() {
            out.append("### \(n + 1). \(oneLine(screen.prompt))")
            out.append("")
            out.append("`\(screen.id)` · \(kindWords(screen))" + (screen.required || screen.kind == .end ? "" : " · may be left blank"))
            out.append("")
            if let help = screen.help { out += [oneLine(help), ""] }
            if let source = screen.source { out += ["*Source: \(source)*", ""] }
            if !screen.choices.isEmpty {
                out += screen.choices.map { "- \($0.label) (`\($0.value)`)" }
                if screen.allowUnknown { out.append("- Unknown — not yet established") }
                out.append("")
            }
            if let action = screen.action, let rule = flow.action(action) {
                out += ["Records the action `\(action)`: \(rule.text)", ""]
            }
            if screen.kind == .end {
                out += ["The interview ends here; the determination below is worked out from the answers.", ""]
                continue
            }
            if screen.branches.isEmpty {
                out.append("Then: `\(screen.next ?? "")`.")
            } else {
                for branch in screen.branches {
                    out.append("- If \(ExpressionWords.words(branch.condition.expr)): go to `\(branch.target)`.")
                }
                out.append("- Otherwise: go to `\(screen.next ?? "")`.")
            }
            out.append("")
        }
        out += ["## Rules", "", "Kept apart from the screens; each applies to whatever answers have been given.", ""]
        if !flow.facts.isEmpty {
            out += ["### Derived facts", ""]
            for fact in flow.facts {
                out.append("- **`\(fact.id)`** — \(fact.text) Holds when \(ExpressionWords.words(fact.condition.expr))."
                           + (fact.source.map { " *(\($0))*" } ?? ""))
            }
            out.append("")
        }
        let d = flow.determination
        out += ["### Determination", "", "The first rule that holds decides:", ""]
        for (i, rule) in d.rules.enumerated() {
            out.append("\(i + 1). If \(ExpressionWords.words(rule.condition!.expr)): **\(rule.classification)**"
                       + (rule.outcome21.map { ", Outcome 21 \($0.rawValue)" } ?? "") + "." + (rule.summary.map { " \($0)" } ?? ""))
        }
        out.append("\(d.rules.count + 1). Otherwise: **\(d.otherwise.classification)**"
                   + (d.otherwise.outcome21.map { ", Outcome 21 \($0.rawValue)" } ?? "") + "." + (d.otherwise.summary.map { " \($0)" } ?? ""))
        out.append("")
        if !d.decisive.isEmpty {
            out.append("Safety rule: while any of \(d.decisive.map { "`\($0)`" }.joined(separator: ", ")) is unknown, a lenient outcome is never given; the result is **undetermined**, Outcome 21 pending, and the unknown facts are listed as still to establish.")
            out.append("")
        }
        if !d.alsoEstablish.isEmpty {
            out += ["Also listed while unknown: \(d.alsoEstablish.map { "`\($0)`" }.joined(separator: ", ")).", ""]
        }
        if !d.prerequisites.isEmpty {
            out += ["A lenient outcome also waits, listing the question as still to establish, until:", ""]
            out += d.prerequisites.map { "- `\($0.id)`: \(ExpressionWords.words($0.until.expr))." + ($0.source.map { " *(\($0))*" } ?? "") }
            out.append("")
        }
        if !flow.reasons.isEmpty {
            out += ["### Reasons given", ""]
            out += flow.reasons.map { "- When \(ExpressionWords.words($0.condition.expr)): \($0.text) *(\($0.source))*" }
            out.append("")
        }
        if !flow.actions.isEmpty {
            out += ["### Actions", ""]
            out += flow.actions.map { action in
                "- **`\(action.id)`** — \(action.text) " + (action.condition.map { "When \(ExpressionWords.words($0.expr))." } ?? "Always.")
                    + " *(\(action.source))*"
            }
            out.append("")
        }
        if let notice = flow.notice {
            out += ["### \(notice.title)", "", "Printed as a draft in the officer's record whenever Outcome 21 is proposed; `{…}` stands for an answer.", ""]
            out += notice.paragraphs.map { "- \(oneLine($0))" }
            out += ["", "*Source: \(notice.source)*", ""]
        }
        if let support = flow.support {
            out += ["### \(support.title)", ""]
            out += support.entries.map { "- **\($0.name)** — \($0.helps) Contact: \($0.contact). Checked \($0.checked) against \($0.checkedAt)." }
            out += ["", "*Source: \(support.source)*", ""]
        }
        return out.joined(separator: "\n")
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
    }

    static func kindWords(_ screen: Screen) -> String {
        switch screen.kind {
        case .yesNoUnknown: return "yes / no / unknown"
        case .choice: return "one choice"
        case .multiChoice: return "several choices"
        case .text: return screen.multiLine ? "free text" : "one line of text"
        case .people: return "rows of people: name; age; roles; suspect"
        case .number:
            return "a whole number" + [screen.minimum.map { " from \($0)" }, screen.maximum.map { " to \($0)" }].compactMap { $0 }.joined()
        case .dateTime: return "a date and time"
        case .info: return "information to acknowledge"
        case .checklist: return "checklist: done / not done (with a reason) / not applicable"
        case .end: return "end"
        }
    }
}
