import Foundation
import XCTest
import IntakeCore
@testable import IntakeTerminal

/// Text snapshots of `render` for every screen kind and overlay, at 80×24 and 60×16. A missing
/// snapshot is written and the test fails, so a new one is always looked at before it is trusted;
/// INTAKE_RECORD_SNAPSHOTS=1 rewrites them all.
final class SnapshotTests: XCTestCase {
    static let flowText = """
    id: kinds
    title: Every kind of screen
    version: 1.0.0
    start: intro
    screens:
      - id: intro
        kind: info
        prompt: This flow shows every kind of screen once, so each can be drawn and checked.
        help: Guidance appears here, wrapped to the width of the terminal, with its source below.
        source: Test source, section 1
        next: adult
      - id: adult
        kind: yes-no-unknown
        prompt: Is an adult involved in any way?
        next: who
      - id: who
        kind: choice
        allow-unknown: true
        prompt: Who made the report?
        choices:
          - value: school
            label: A school or college
          - value: parent
            label: A parent or carer
          - value: other
            label: Someone else, for example another agency such as social care, health or a platform
        next: harms
      - id: harms
        kind: multi-choice
        prompt: What has happened to the image?
        choices:
          - value: kept
            label: Kept on a phone
          - value: sent
            label: Sent on to others
          - value: online
            label: Posted online
        next: name
      - id: name
        kind: text
        multi-line: false
        prompt: Your name
        next: account
      - id: account
        kind: text
        prompt: In a few lines, what happened?
        next: age
      - id: age
        kind: number
        min: 0
        max: 17
        allow-unknown: true
        prompt: Age of the youngest child
        next: when
      - id: when
        kind: date-time
        prompt: When was the report received?
        next: checks
      - id: checks
        kind: checklist
        action: checks
        prompt: Run background checks on everyone involved.
        next: done
      - id: done
        kind: end
        prompt: The interview is complete. Check the summary below.
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
        source: Test source, section 2
    """

    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let sizes = [Size(columns: 80, rows: 24), Size(columns: 60, rows: 16)]

    /// The front after `keys`, typed from the start.
    static func makeFront(_ keys: [Key]) throws -> Front {
        let flow = try FlowLoader.load(text: flowText, file: "kinds.yaml")
        var front = Front(interview: Interview(flow: flow, startedAt: t0),
                          parser: AnswerParser(timeZone: Zone.utc))
        for key in keys { _ = front.update(key, now: t0) }
        return front
    }

    func front(_ keys: [Key]) throws -> Front { try Self.makeFront(keys) }

    static func typing(_ text: String) -> [Key] {
        text.map { $0 == "\n" ? Key.enter : Key.character($0) }
    }

    static let toName: [Key] = [.enter, .character("n"), .character("1"), .character(" "), .character("3"), .enter]
    static let toAccount = toName + typing("Zoë Ångström") + [.enter]
    static let toAge = toAccount + typing("A sent B one image.\nB kept it.") + [.endOfText]
    static let toWhen = toAge + typing("14") + [.enter]
    static let toChecks = toWhen + typing("2027-01-10 16:30") + [.enter]
    static let toEnd = toChecks + [.character("d")]

    static let cases: [(String, [Key])] = [
        ("info", []),
        ("info-help", [.function(1)]),
        ("yes-no-unknown", [.enter]),
        ("choice", [.enter, .character("n"), .down, .down]),
        ("multi-choice", [.enter, .character("n"), .character("1"), .character(" ")]),
        ("text-single", toName + typing("Zoë Ångström")),
        ("text-multi", toAccount + typing("A sent B one image.\nB kept it; 張 and Ελένη were told.")),
        ("number-invalid", toAge + typing("18") + [.enter]),
        ("date-time", toWhen + typing("2027-01-10 16:30")),
        ("checklist", toChecks),
        ("checklist-reason", toChecks + [.character("n")] + typing("Systems down")),
        ("end-summary", toEnd),
        ("end-confirm", toEnd + [.enter]),
        ("review", toEnd + [.function(2), .down, .down]),
        ("confirm-quit", [.enter, .interrupt]),
    ]

    var snapshotDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    }

    func testEveryScreenKindMatchesItsSnapshot() throws {
        for (name, keys) in Self.cases { try Self.assertSnapshots(of: try front(keys), named: name) }
    }

    /// `front` drawn at each size matches `Snapshots/NAME-COLSxROWS.txt`, every row within the width.
    static func assertSnapshots(of front: Front, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let recording = ProcessInfo.processInfo.environment["INTAKE_RECORD_SNAPSHOTS"] == "1"
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        for size in sizes {
            let rendered = render(front, size: size)
            XCTAssertEqual(rendered.lines.count, size.rows, name, file: file, line: line)
            for row in rendered.lines {
                XCTAssertLessThanOrEqual(DisplayWidth.of(row.text), size.columns, "\(name): \(row.text)", file: file, line: line)
            }
            let snapshot = folder.appendingPathComponent("\(name)-\(size.columns)x\(size.rows).txt")
            let cursor = rendered.cursor.map { "cursor \($0.row):\($0.column)" } ?? "cursor hidden"
            let actual = rendered.lines.map { $0.text.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
                .joined(separator: "\n") + "\n-- \(cursor)\n"
            if recording || !FileManager.default.fileExists(atPath: snapshot.path) {
                try actual.write(to: snapshot, atomically: true, encoding: .utf8)
                if !recording { XCTFail("recorded new snapshot \(snapshot.lastPathComponent); check it and run again", file: file, line: line) }
                continue
            }
            XCTAssertEqual(actual, try String(contentsOf: snapshot, encoding: .utf8), "\(name) at \(size.columns)×\(size.rows)", file: file, line: line)
        }
    }

    func testTooSmallAsksToEnlarge() throws {
        let rendered = render(try front([]), size: Size(columns: 59, rows: 16))
        XCTAssertTrue(rendered.text.contains("Please enlarge it to at least 60×16."))
        XCTAssertTrue(rendered.text.contains("It is now 59×16."))
        XCTAssertNil(rendered.cursor)
        XCTAssertTrue(render(try front([]), size: Size(columns: 80, rows: 15)).text.contains("It is now 80×15."))
    }

    func testTheSelectionIsMarkedWithoutColour() throws {
        let rendered = render(try front([.enter, .down, .down]), size: Size(columns: 80, rows: 24))
        let selected = rendered.lines.filter { $0.spans.contains { $0.style == .selected } }
        XCTAssertEqual(selected.map { $0.text.trimmingCharacters(in: .whitespaces) }, ["› n  No"])
        // A new question shows no highlighted answer at all.
        let fresh = render(try front([.enter]), size: Size(columns: 80, rows: 24))
        XCTAssertFalse(fresh.lines.contains { $0.spans.contains { $0.style == .selected } || $0.text.contains("›") })
    }

    func testResizingKeepsWhatWasTyped() throws {
        var front = try front(Self.toAccount + Self.typing("half a sent"))
        let before = front
        XCTAssertEqual(front.update(.resize, now: Self.t0), [])
        XCTAssertEqual(front, before)
        XCTAssertTrue(render(front, size: Size(columns: 60, rows: 16)).text.contains("│ half a sent"))
        XCTAssertTrue(render(front, size: Size(columns: 30, rows: 10)).text.contains("too small"))
        XCTAssertTrue(render(front, size: Size(columns: 80, rows: 24)).text.contains("│ half a sent"))
    }

    /// Issue 13: text fields wrap between words, and a long text keeps the cursor's row in view with
    /// a marker for what scrolled above.
    func testTextWrapsAtWordsAndTheCursorStaysInView() throws {
        let words = String(repeating: "abcdefg ", count: 700) + "ENDMARK"
        let front = try front(Self.toAccount + Self.typing(words))
        let rendered = render(front, size: Size(columns: 80, rows: 24))
        let editorRows = rendered.lines.map(\.text).filter { $0.hasPrefix("  │ ") }.map { String($0.dropFirst(4)) }
        XCTAssertEqual(editorRows.first, "… (earlier text above)")
        for row in editorRows.dropFirst() {
            for word in row.split(separator: " ") { XCTAssertTrue(["abcdefg", "ENDMARK"].contains(String(word)), "a word was split: \(row)") }
        }
        XCTAssertTrue(editorRows.last?.hasSuffix("ENDMARK") ?? false, "\(editorRows)")
        let cursor = try XCTUnwrap(rendered.cursor)
        XCTAssertLessThan(cursor.row, 24 - 2, "the cursor is on the screen, above the footer")
        XCTAssertTrue(rendered.lines[cursor.row].text.contains("ENDMARK"), "the cursor is on the row being typed")
        // A short text shows from its start, wrapped between words too.
        let short = render(try self.front(Self.toAccount + Self.typing(String(repeating: "wordy ", count: 20))), size: Size(columns: 60, rows: 16))
        let rows = short.lines.map(\.text).filter { $0.hasPrefix("  │ ") }
        XCTAssertEqual(rows.count, 3, "\(rows)")
        XCTAssertTrue(rows.allSatisfy { $0.dropFirst(4).split(separator: " ").allSatisfy { $0 == "wordy" } }, "\(rows)")
    }
}
