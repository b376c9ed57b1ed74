import Foundation
@testable import IntakeCore
import XCTest

/// Characters that act on a terminal or hide (ESC, BEL, DEL, C1 controls, bidi overrides, zero-width
/// spaces, tabs) never reach a signed record (issue 33, item 1): refused with a location in answers
/// files, flows and translations, and refused by the reducer for a typed or replayed answer.
final class HiddenCharacterTests: XCTestCase {
    static let flowText = """
    id: note
    title: Note
    version: 1.0.0
    start: what
    screens:
      - id: what
        kind: text
        prompt: What happened?
        next: step
      - id: step
        kind: checklist
        action: tell-school
        prompt: Tell the school.
        next: done
      - id: done
        kind: end
        prompt: Done.
    determination:
      decisive: []
      rules:
        - when: step == 'done'
          classification: told
      otherwise:
        classification: experimental
    actions:
      - id: tell-school
        text: Tell the school.
        source: Test source
    """

    /// The hostile characters the adversarial run used, and their neighbours.
    static let hostile: [String] = ["\u{1b}]52;c;aGk=\u{07}", "\u{7f}", "\u{202e}", "\u{9b}", "\u{200b}", "\u{2066}", "\t", "\r", "\u{feff}", "\u{e0041}"]

    func flow() throws -> Flow { try FlowLoader.load(text: Self.flowText, file: "note.yaml") }

    func testAnAnswersFileIsRefusedWhereItHoldsOne() throws {
        let flow = try flow()
        for bad in Self.hostile {
            // Written as a JSON escape inside double quotes, as a crafted file would.
            let escaped = bad.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
            let text = bad.unicodeScalars.first!.value > 0xFFFF ? "what: \"a\\U000e0041b\"\n" : "what: \"a\(escaped)b\"\n"
            XCTAssertThrowsError(try AnswersFile.parse(text: text, file: "a.yaml", flow: flow), "\(escaped)") { error in
                XCTAssertTrue("\(error)".contains("a.yaml:1:7"), "located: \(error)")
                XCTAssertTrue("\(error)".contains("would act on a terminal or hide"), "\(error)")
            }
        }
        XCTAssertNoThrow(try AnswersFile.parse(text: "what: \"two\\nlines, ünïcode, 日本\"\n", file: "a.yaml", flow: flow),
                         "line feeds and letters of any script are text")
    }

    func testATypedOrReplayedAnswerIsNotTaken() throws {
        for bad in Self.hostile {
            var interview = Interview(flow: try flow(), startedAt: Date(timeIntervalSinceReferenceDate: 0))
            reduce(&interview, .answer(.text("before\(bad)after"), at: Date(timeIntervalSinceReferenceDate: 1)))
            XCTAssertNil(interview.answers["what"], "not taken: \(bad.debugDescription)")
            XCTAssertTrue(interview.problem?.contains("cannot go in a record") ?? false, interview.problem ?? "nothing said")
            XCTAssertTrue(interview.problem?.contains("U+") ?? false, "named by its code: \(interview.problem ?? "")")
            reduce(&interview, .answer(.text("first line\nsecond line"), at: Date(timeIntervalSinceReferenceDate: 2)))
            XCTAssertEqual(interview.current, "step")
            reduce(&interview, .answer(.checklist(.notDone, reason: "no\(bad)reason"), at: Date(timeIntervalSinceReferenceDate: 3)))
            XCTAssertNil(interview.answers["step"], "a reason is text too: \(bad.debugDescription)")
        }
    }

    func testAFlowOrTranslationTextHoldingOneIsRefusedAtLoad() throws {
        for (field, replacement) in [("title: Note", "title: \"No\\ete\""), ("prompt: What happened?", "prompt: \"What\\u202ehappened?\""),
                                     ("prompt: Tell the school.", "prompt: \"Tell\\athe school.\"")] {
            let text = Self.flowText.replacingOccurrences(of: field, with: replacement)
            XCTAssertThrowsError(try FlowLoader.load(text: text, file: "note.yaml"), replacement) { error in
                let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(replacement) }! + 1
                XCTAssertTrue("\(error)".contains("note.yaml:\(line):"), "located at line \(line): \(error)")
                XCTAssertTrue("\(error)".contains("U+"), "\(error)")
            }
        }
        let translation = "translation-of: note\nlanguage: cy\nstatus: draft\ntexts:\n  title:\n    english: 5d1b95a9\n    text: \"Beth\\u001b[2J?\"\n"
        XCTAssertThrowsError(try TranslationLoader.load(text: translation, file: "note.cy.yaml")) { error in
            XCTAssertTrue("\(error)".contains("note.cy.yaml:7:11"), "\(error)")
        }
    }

    func testVisibleShowsAndJSONEscapesEveryHiddenCharacter() {
        for bad in Self.hostile {
            let shown = Visible.line("a\(bad)b")
            XCTAssertNil(Visible.firstHidden(in: shown), "\(bad.debugDescription) shown as \(shown)")
            let json = Visible.json(String(decoding: try! JSONEncoder().encode(["k": "a\(bad)b"]), as: UTF8.self))
            XCTAssertNil(Visible.firstHidden(in: json), json)
            XCTAssertEqual(try! JSONDecoder().decode([String: String].self, from: Data(json.utf8))["k"], "a\(bad)b", "round trip")
        }
        XCTAssertEqual(Visible.json("\"\u{202e}\""), "\"\\u202e\"")
        XCTAssertEqual(Visible.name("\u{202e}"), "U+202E RIGHT-TO-LEFT OVERRIDE")
    }
}
