import Foundation
import XCTest
@testable import IntakeCore

/// Hand-made malformed flows (Fixtures/traps, each one change to mini.yaml): the traps an author
/// falls into — an unquoted value, curly quotes, `||`, a tag, `null`, a tab, an id used twice, a
/// number past the limit. Each is refused at its file:line:column with a message that says what to
/// do, or accepted for the reason given. With Fixtures/bad, 84 in all; none may crash or hang.
final class TrapCorpusTests: XCTestCase {
    /// Each trap: nil when it is accepted (the comment says why), else the first diagnostic's line,
    /// column and the start of its message.
    static let traps: [(String, (Int, Int, String)?)] = [
        ("accented-id", (40, 9, "the fact id 'jeune_é' is not a valid id")),
        ("action-id-twice", (65, 5, "the action id 'refer' is already used")),
        ("action-no-source", (61, 5, "action 'refer' has no source")),
        ("allow-unknown-yes", (31, 20, "allow-unknown must be true or false, not 'yes'")),
        ("answered-fact", (68, 11, "in action 'talk': answered(young) needs a question, and 'young' is not")),
        ("bom", nil),  // accepted: a UTF-8 byte-order mark is allowed by YAML and changes nothing
        ("branch-to-self", (6, 5, "screens form a loop: q1 → q1")),
        ("choice-value-twice", (20, 5, "the choice value 'school' appears twice in 'who'")),
        ("choice-vs-number", (68, 15, "in action 'talk': cannot compare a choice with a number")),
        ("constraint-no-message", (33, 9, "a constraint is missing 'message'")),
        ("crlf", nil),  // accepted: CRLF line endings are allowed by YAML; lines and columns are the same
        ("date-compared-number", (42, 15, "in fact 'young': < compares two numbers or two date-times, not a numbe")),
        ("decisive-a-fact", (44, 14, "determination lists 'young', which is not a question of this flow")),
        ("double-amp", (46, 23, "in the determination rule: & is not an operator")),
        ("double-pipe", (46, 23, "in the determination rule: | is not an operator")),
        ("empty-prompt", (15, 12, "prompt has no value here (nothing after the colon)")),
        ("fact-id-is-screen-id", (42, 11, "the fact id 'who' is already used")),
        ("id-with-space", (6, 9, "the screen id 'q 1' is not a valid id")),
        ("in-without-brackets", (68, 26, "in action 'talk': unexpected ',' after a complete expression")),
        ("kind-typo", (7, 11, "unknown screen kind 'yes-no'")),
        ("literal-too-large", (42, 17, "in fact 'young': the number 10000000000 is too large: numbers in a flo")),
        ("long-chain", (42, 11, "in fact 'young': the expression is 5195 bytes long; expressions may be")),
        ("lowercase-and-caps", (46, 23, "in the determination rule: unexpected 'OR' after a complete expression")),
        ("many-operators", (42, 814, "in fact 'young': the expression has more than 200 operators")),
        ("max-too-large", (30, 10, "max is 99999999999; numbers in a flow are between -1,000,000,000 and 1")),
        ("min-fraction", (29, 10, "min must be a whole number, not '0.5'")),
        ("min-over-max", (29, 5, "min (20) is greater than max (17)")),
        ("no-next", (13, 5, "screen 'adult' has no 'next'")),
        ("not-equal-bang", (42, 15, "in fact 'young': a single = is not an operator")),
        ("null-prompt", (15, 13, "prompt has no value here (null)")),
        ("outcome21-typo", (54, 16, "outcome21 must be one of not-applicable, pending, may-be-considered, n")),
        ("placeholder-spaces", (72, 7, "the notice's placeholder { who } is not a question of this flow")),
        ("prompt-list", (15, 13, "prompt must be text, not a list")),
        ("quoted-null", nil),  // accepted: a quoted "null" is the word the author chose to write
        ("quoted-yes", (10, 18, "in a branch of 'q1': cannot compare a yes/no/unknown answer with text")),
        ("rule-no-classification", (49, 7, "a determination rule is missing 'classification'")),
        ("screens-empty", (6, 1, "unknown key 'unused' in the flow")),
        ("smart-quotes", (68, 18, "in action 'talk': unexpected character '“'")),
        ("tab-indent", (15, 1, "YAML syntax: found a tab character that violates indentation (while sc")),
        ("tag-binary", (15, 13, "YAML tags (here !!binary) are not used in these files")),
        ("tag-str", (15, 13, "YAML tags (here !!str) are not used in these files")),
        ("tilde-prompt", (15, 13, "prompt has no value here (~)")),
        ("unknown-quoted", (49, 16, "in the determination rule for 'undetermined': cannot compare a yes/no/")),
        ("unquoted-choice", (68, 18, "in action 'talk': 'school' is a value, and values are quoted")),
        ("unquoted-classification", (68, 29, "in action 'talk': 'experimental' is a value, and values are quoted")),
        ("version-number", nil),  // accepted: a version is text; 1.0 reads as the text "1.0", as the author wrote it
        ("when-bare-yes", (57, 11, "in the reason for 'q1': this must be a condition, but it is a yes/no/u")),
        ("when-equals-single", (42, 15, "in fact 'young': a single = is not an operator")),
        ("yes-capital", (46, 19, "in the determination rule for 'aggravated': 'Yes' is written yes, in l")),
    ]

    func testEveryTrapIsRefusedWhereItIsOrAcceptedForAReason() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/traps")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(Set(files.map { String($0.dropLast(5)) }), Set(Self.traps.map(\.0)), "every trap file has its expectation")
        XCTAssertGreaterThanOrEqual(Self.traps.count + LoaderTests.malformed.count, 60)
        for (name, expected) in Self.traps {
            let path = folder.appendingPathComponent(name + ".yaml").path
            do throws(FlowError) {
                // Each trap is mini.yaml with one change, named for the trap: read from its bytes, so the
                // file-name rule (tested in LoaderTests) is not the trap.
                _ = try FlowLoader.load(data: FileManager.default.contents(atPath: path) ?? Data(), file: path)
                XCTAssertNil(expected, "\(name) was accepted")
            } catch {
                guard let (line, column, message) = expected else {
                    XCTFail("\(name) was refused: \(error)")
                    continue
                }
                let first = try XCTUnwrap(error.diagnostics.first, name)
                XCTAssertEqual(first.location.line, line, "\(name): \(first)")
                XCTAssertEqual(first.location.column, column, "\(name): \(first)")
                XCTAssertTrue(first.message.hasPrefix(message), "\(name): \(first.message)")
                XCTAssertFalse(first.message.contains("mapping values are not allowed"), "\(name): libyaml's words reached the author")
            }
        }
    }

    func testAScenarioOrAnswersFileGivenAsAFlowSaysWhatItIs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (file, words) in [("flows/scenarios/experimental.yaml", "this is a teaching scenario"),
                              ("flows/scenarios/review-agree.yaml", "this looks like an answers file")] {
            XCTAssertThrowsError(try FlowLoader.load(path: root.appendingPathComponent(file).path)) { error in
                let diagnostics = (error as? FlowError)?.diagnostics ?? []
                XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
                XCTAssertTrue(diagnostics.first?.message.hasPrefix(words) ?? false, "\(diagnostics)")
            }
        }
    }

    func testAChoiceTypoInAnAnswersFileListsTheValuesAndSuggestsOne() throws {
        let flow = try FlowLoader.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mini.yaml").path)
        XCTAssertThrowsError(try AnswersFile.parse(text: "q1: no\nwho: scool\n", file: "a.yaml", flow: flow)) { error in
            let first = (error as? FlowError)?.diagnostics.first
            XCTAssertEqual(first?.message, "'who': 'scool' is not one of its values")
            XCTAssertEqual(first?.hint, "did you mean school? the values are: school, parent")
            XCTAssertEqual(first?.location.line, 2)
        }
    }
}
