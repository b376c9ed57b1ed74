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

    func testTheDOTDiagramHasEveryScreenAndTransition() throws {
        let flow = try flow()
        let dot = FlowDiagram.dot(flow)
        XCTAssertTrue(dot.hasPrefix("digraph \"initial-response\" {"))
        for screen in flow.screens {
            XCTAssertTrue(dot.contains("  \"\(screen.id)\" [label="), screen.id)
            for branch in screen.branches {
                XCTAssertTrue(dot.contains("  \"\(screen.id)\" -> \"\(branch.target)\" [label=\"\(branch.condition.text.replacingOccurrences(of: "\"", with: "\\\"").prefix(20))"), "\(screen.id) → \(branch.target)")
            }
        }
        let edges = dot.components(separatedBy: "\n").filter { $0.contains(" -> ") }.count
        let expected = flow.screens.reduce(0) { $0 + $1.branches.count + ($1.next == nil ? 0 : 1) }
            + flow.screens.filter { $0.kind == .end }.count
        XCTAssertEqual(edges, expected)
        XCTAssertTrue(dot.contains("\"done\" [label=\"done\\nThe initial response is recorded. Check…\", shape=doubleoctagon"), "end screens stand apart")
        XCTAssertTrue(dot.contains("shape=hexagon"), "determination rules stand apart")
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
        XCTAssertTrue(booklet.contains("5. Otherwise: **experimental**, Outcome 21 may-be-considered."), booklet)
        for prerequisite in flow.determination.prerequisites { XCTAssertTrue(booklet.contains("- `\(prerequisite.id)`: "), prerequisite.id) }
        XCTAssertTrue(booklet.contains("- `cse_screening`: `cse_screening` is “done”."), booklet)
        XCTAssertTrue(booklet.contains("### Outcome 21 notice for the child and family"), booklet)
        XCTAssertTrue(booklet.contains("Contact: 0808 800 5000, free. Checked 2026-11-23"), booklet)
        XCTAssertTrue(booklet.contains("Safety rule: while any of `adult_involved`"))
        XCTAssertTrue(booklet.contains("*Source: College of Policing briefing note, Action 7*"))
    }
}
