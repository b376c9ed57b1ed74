import Foundation
import XCTest

/// Issue 35, item 4, through the real binary: on every kind of screen the footer names the same keys,
/// and F1 (guidance), F2 (review), Esc (back) and Ctrl-C (leave) do the same thing. `KeyMapTests`
/// holds the pure state to it; this holds the terminal (escape sequences, ncurses, the adapter).
final class KeyMapTerminalTests: KeyedTerminalCase {

    /// Each kind once, in order, with guidance on every screen; `answer` moves on from it, `again`
    /// moves on when it is shown a second time with its answer kept.
    let kinds: [(kind: String, prompt: String, answer: (Tmux) throws -> Void, again: (Tmux) throws -> Void)] = [
        ("info", "Every kind of screen, once", { try $0.press("Enter") }, { try $0.press("Enter") }),
        ("yes-no-unknown", "Is an adult involved", { try $0.type("n") }, { try $0.type("n") }),
        ("choice", "Who made the report?", { try $0.type("1") }, { try $0.type("1") }),
        ("multi-choice", "What has happened to the image?", { try $0.type(" "); try $0.press("Enter") }, { try $0.press("Enter") }),
        ("people", "Who is involved?", { try $0.type("Ann; 15; pictured"); try $0.press("C-d") }, { try $0.press("C-d") }),
        ("text (one line)", "Your name", { try $0.type("PC Keys"); try $0.press("Enter") }, { try $0.press("Enter") }),
        ("text (several lines)", "In a few lines", { try $0.type("One image, sent."); try $0.press("C-d") }, { try $0.press("C-d") }),
        ("number", "Age of the youngest", { try $0.type("14"); try $0.press("Enter") }, { try $0.press("Enter") }),
        ("date-time", "When was the report", { try $0.type("yesterday 16:30"); try $0.press("Enter") }, { try $0.press("Enter") }),
        ("checklist", "Run background checks", { try $0.type("d") }, { try $0.type("d") }),
    ]

    func testEveryScreenKindHasTheSameKeysAndTheFooterSaysSo() throws {
        let flow = home.appendingPathComponent("kinds.yaml")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Self.flowText.write(to: flow, atomically: true, encoding: .utf8)
        let t = try Tmux(["run", "--flow", flow.path, "--training"], columns: 120, rows: 30, environment: env)
        for (index, screen) in kinds.enumerated() {
            let shown = try t.waitFor(screen.prompt)
            try checkKeys(t, shown: shown, kind: screen.kind, prompt: screen.prompt)
            if index > 0 {
                // Esc goes back one screen; answering that one again comes back here.
                try t.press("Escape")
                try t.waitFor(kinds[index - 1].prompt)
                try kinds[index - 1].again(t)
                try t.waitFor(screen.prompt)
            }
            try screen.answer(t)
        }
        // The end screen: the same footer, and Esc back from it too.
        let end = try t.waitFor("The interview is complete")
        try checkKeys(t, shown: end, kind: "end", prompt: "The interview is complete")
        try t.press("Escape")
        try t.waitFor("Run background checks")
        try t.type("d")
        try t.waitFor("The interview is complete")
        // Ctrl-C asks before leaving, on any screen; "n" stays.
        try t.press("C-c")
        try t.waitFor("Quit the interview?")
        try t.type("n")
        try t.waitForAbsence("Quit the interview?")
        XCTAssertNil(try t.exitStatus(timeout: 0.3), "n stays in the interview")
        try t.press("C-c")
        try t.waitFor("Quit the interview?")
        try t.type("y")
        XCTAssertNotNil(try t.exitStatus(), "y leaves")
    }

    /// The footer names the four shared keys; F1 opens the screen's guidance and Esc closes it; F2
    /// opens the review and Esc closes it, back on the same screen.
    private func checkKeys(_ t: Tmux, shown: String, kind: String, prompt: String, line: UInt = #line) throws {
        let footer = shown.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map(String.init) ?? ""
        for part in ["Esc back", "F1 help", "F2 review", "Ctrl-C leave"] {
            XCTAssertTrue(footer.contains(part), "\(kind): the footer names \(part): \(footer)", line: line)
        }
        try t.press("F1")
        try t.waitFor("Guidance for the \(kind) screen")
        try t.press("Escape")
        try t.waitForAbsence("Guidance for the \(kind) screen")
        try t.waitFor(prompt)
        try t.press("F2")
        try t.waitFor("Review — every answer")
        try t.press("Escape")
        try t.waitForAbsence("Review — every answer")
        try t.waitFor(prompt)
    }

    static let flowText = """
    id: kinds
    title: Every kind of screen
    version: 1.0.0
    start: intro
    screens:
      - id: intro
        kind: info
        prompt: Every kind of screen, once, to try the keys on each.
        help: Guidance for the info screen.
        source: Test source
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: Is an adult involved in any way?
        help: Guidance for the yes-no-unknown screen.
        next: who
      - id: who
        kind: choice
        prompt: Who made the report?
        help: Guidance for the choice screen.
        choices:
          - value: school
            label: A school or college
          - value: parent
            label: A parent or carer
        next: harms
      - id: harms
        kind: multi-choice
        prompt: What has happened to the image?
        help: Guidance for the multi-choice screen.
        choices:
          - value: kept
            label: Kept on a phone
          - value: sent
            label: Sent on to others
        next: people
      - id: people
        kind: people
        prompt: Who is involved? One row each.
        help: Guidance for the people screen.
        next: name
      - id: name
        kind: text
        multi-line: false
        prompt: Your name
        help: Guidance for the text (one line) screen.
        next: account
      - id: account
        kind: text
        prompt: In a few lines, what happened?
        help: Guidance for the text (several lines) screen.
        next: age
      - id: age
        kind: number
        min: 0
        max: 17
        prompt: Age of the youngest child
        help: Guidance for the number screen.
        next: when
      - id: when
        kind: date-time
        prompt: When was the report received?
        help: Guidance for the date-time screen.
        next: checks
      - id: checks
        kind: checklist
        action: checks
        prompt: Run background checks on everyone involved.
        help: Guidance for the checklist screen.
        next: done
      - id: done
        kind: end
        prompt: The interview is complete. Check the summary below.
        help: Guidance for the end screen.
    determination:
      decisive: [adult]
      rules:
        - when: adult == yes
          classification: aggravated
          outcome21: not-applicable
      otherwise:
        classification: experimental
        outcome21: may-be-considered
    actions:
      - id: checks
        text: Run background checks.
        source: Test source
    """
}
