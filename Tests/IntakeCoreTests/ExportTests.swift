import Foundation
import XCTest
@testable import IntakeCore

final class ExportTests: XCTestCase {
    func flow() throws -> Flow {
        try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path)
    }

    func testExpressionsReadAsWords() throws {
        let expr = try ExpressionParser.parse("adult_involved == yes or (classification != \"aggravated\" and not answered(age)) or n in [unknown, no]")
        XCTAssertEqual(ExpressionWords.words(expr),
                       "`adult_involved` is yes, or the classification is not “aggravated”, and not (`age` has been answered), or `n` is one of: unknown (not yet established) or no")
    }

    func testTheDOTDiagramHasEveryScreenAndTransitionInFullAndInWords() throws {
        let flow = try flow()
        let dot = FlowDiagram.dot(flow)
        XCTAssertTrue(dot.hasPrefix("digraph \"initial-response\" {"))
        XCTAssertTrue(dot.contains("rankdir=TB"))
        XCTAssertFalse(dot.contains("…"), "no text is cut")
        for screen in flow.screens {
            XCTAssertTrue(dot.contains("\"\(screen.id)\" [label=<"), screen.id)
            // Every word of the prompt is there, in order (wrapped onto lines).
            let label = try XCTUnwrap(dot.split(separator: "\n").first { $0.contains("\"\(screen.id)\" [label=<") })
            let shown = label.replacingOccurrences(of: "<BR/>", with: " ").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            XCTAssertTrue(shown.contains(Visible.line(screen.prompt).split(separator: " ").joined(separator: " ")), screen.id)
            XCTAssertFalse(label.contains(">\(screen.id)<"), "ids are off by default")
            for branch in screen.branches {
                XCTAssertTrue(dot.contains("\"\(screen.id)\" -> \"\(branch.target)\" [label=<if "), "\(screen.id) → \(branch.target)")
            }
        }
        // Conditions in words: the screen's own question is "the answer".
        XCTAssertTrue(dot.contains("\"immediate_danger\" -> \"act_now\" [label=<if the answer is yes>]"), dot)
        // The determination reads in order: each rule leads to the next, "else".
        let rules = flow.determination.rules.count + 1
        for i in 1..<rules { XCTAssertTrue(dot.contains("\"rule\(i)\" -> \"rule\(i + 1)\" [label=\"else\"]"), "rule \(i)") }
        XCTAssertTrue(dot.contains("<B>1. → aggravated, Outcome 21 not-applicable</B>"), dot)
        // Derived facts are defined, and sections are boxes.
        for fact in flow.facts { XCTAssertTrue(dot.contains("\"fact:\(fact.id)\" [label=<"), fact.id) }
        XCTAssertTrue(dot.contains("label=\"Safeguarding first\""))
        XCTAssertEqual(dot.components(separatedBy: "subgraph cluster_section_").count - 1, Set(flow.screens.compactMap(\.section)).count)
        XCTAssertTrue(dot.contains("\"done\" -> \"rule1\" [style=dotted"), "end screens lead to the determination")
    }

    func testTheWideLayoutIdsAndOneSectionAsASlide() throws {
        let flow = try flow()
        let wide = FlowDiagram.dot(flow, .init(wide: true, ids: true))
        XCTAssertTrue(wide.contains("rankdir=LR"))
        XCTAssertTrue(wide.contains("<FONT POINT-SIZE=\"8\" COLOR=\"#666666\">immediate_danger</FONT>"))
        let slide = FlowDiagram.dot(flow, .init(section: "Safeguarding first"))
        let drawn = flow.screens.filter { $0.section == "Safeguarding first" }
        XCTAssertFalse(drawn.isEmpty)
        for screen in flow.screens {
            XCTAssertEqual(slide.contains("\"\(screen.id)\" [label=<"), drawn.contains { $0.id == screen.id }, screen.id)
        }
        XCTAssertTrue(slide.contains("\"out:record_crime\" [label=<On to “Recording the report”:<BR/>Record the report"), slide)
        XCTAssertFalse(slide.contains("cluster_determination"))
        // Wide, one section is a 16:9 slide: rows read left to right, in flow order, then down.
        let wideSlide = FlowDiagram.dot(flow, .init(wide: true, section: "Aggravating features"))
        XCTAssertTrue(wideSlide.contains("rankdir=TB; newrank=true; nodesep=0.3; ranksep=0.4; ratio=0.5625;"), wideSlide)
        XCTAssertTrue(wideSlide.contains("{ rank=same; \"adult_involved\"; \"adult_holds_copy\";"), wideSlide)
        XCTAssertEqual(FlowDiagram.rows(["a"]), [["a"]])
        XCTAssertEqual(FlowDiagram.rows((1...12).map(String.init)).map(\.count), [3, 3, 3, 3], "4 across: 4 × 240 over 3 × 150 is 2.1, past 16:9")
        XCTAssertEqual(FlowDiagram.rows((1...20).map(String.init)).map(\.count), [4, 4, 4, 4, 4], "5 across: 5 × 240 over 4 × 150 is 2.0")
        XCTAssertEqual(FlowDiagram.rows([]), [])
        // Text that is markup in Graphviz's labels is shown as text.
        XCTAssertEqual(FlowDiagram.escape("a < b & \"c\" > d's"), "a &lt; b &amp; &quot;c&quot; &gt; d&#39;s")
        XCTAssertEqual(FlowDiagram.wrap("one two three four five", 9), ["one two", "three", "four five"])
        XCTAssertEqual(FlowDiagram.wrap("supercalifragilistic word", 5), ["supercalifragilistic", "word"], "a long word is never cut")
    }

    /// Mermaid has no parser on this machine, so its syntax is checked by rule: a flowchart header,
    /// every node declared once with a quoted label, every edge between declared nodes, no stray quotes.
    func testTheMermaidDiagramIsWellFormed() throws {
        let flow = try flow()
        let lines = FlowDiagram.mermaid(flow).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "flowchart TD")
        let node = try NSRegularExpression(pattern: #"^\s+([a-z][a-z0-9]*)(\[|\{\{|\{|\(\[|>)"([^"]*)"(\]|\}\}|\}|\]\)|\])$"#)
        let edge = try NSRegularExpression(pattern: #"^\s+([a-z][a-z0-9]*) (-->|-\.->|-\.-)(\|"[^"]*"\|)? ?([a-z][a-z0-9]*)$"#)
        var declared: Set<String> = [], edges = 0
        for line in lines.dropFirst() {
            let range = NSRange(line.startIndex..., in: line)
            if let m = node.firstMatch(in: line, range: range) {
                let id = String(line[Range(m.range(at: 1), in: line)!])
                XCTAssertTrue(declared.insert(id).inserted, "declared twice: \(id)")
            } else if let m = edge.firstMatch(in: line, range: range) {
                for i in [1, 4] { XCTAssertTrue(declared.contains(String(line[Range(m.range(at: i), in: line)!])), line) }
                edges += 1
            } else {
                XCTAssertTrue(line.hasPrefix("  subgraph determination[\"") || line == "  end", "unexpected line: \(line)")
            }
        }
        XCTAssertEqual(declared.count, flow.screens.count + flow.determination.rules.count + 1)
        XCTAssertEqual(edges, flow.screens.reduce(0) { $0 + $1.branches.count + ($1.next == nil ? 0 : 1) } + 1)
    }

    func testTheBookletCoversEveryScreenRuleAndAction() throws {
        let flow = try flow()
        let booklet = FlowBooklet.markdown(flow)
        for screen in flow.screens { XCTAssertTrue(booklet.contains("`\(screen.id)` · "), screen.id) }
        for action in flow.actions { XCTAssertTrue(booklet.contains("- **`\(action.id)`** — \(action.text)"), action.id) }
        for fact in flow.facts { XCTAssertTrue(booklet.contains("- **`\(fact.id)`** — "), fact.id) }
        XCTAssertTrue(booklet.contains("- If `immediate_danger` is yes: go to `act_now`."))
        XCTAssertTrue(booklet.contains("6. Otherwise: **experimental**, Outcome 21 may-be-considered."), booklet)
        for prerequisite in flow.determination.prerequisites { XCTAssertTrue(booklet.contains("- `\(prerequisite.id)`: "), prerequisite.id) }
        XCTAssertTrue(booklet.contains("- `cse_screening`: `cse_screening` is “done”."), booklet)
        XCTAssertTrue(booklet.contains("### Outcome 21 notice for the child and family"), booklet)
        XCTAssertTrue(booklet.contains("Contact: 0808 800 5000, free. Checked 2026-11-23"), booklet)
        XCTAssertTrue(booklet.contains("Safety rule: while any of `immediate_danger`"))
        XCTAssertTrue(booklet.contains("*Source: College of Policing briefing note, Action 7*"))
    }
}
