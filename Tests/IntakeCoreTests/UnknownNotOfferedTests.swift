import Foundation
@testable import IntakeCore
import XCTest

/// "Unknown" is an answer only where a screen offers it (issue 33, item 8): refused from an answers
/// file, from a journal replayed event, and from a key, on a screen without `allow-unknown`.
final class UnknownNotOfferedTests: XCTestCase {
    static let flowText = """
    id: pick
    title: Pick
    version: 1.0.0
    start: colour
    screens:
      - id: colour
        kind: choice
        prompt: Which colour?
        choices:
          - value: red
            label: Red
          - value: blue
            label: Blue
        next: count
      - id: count
        kind: number
        prompt: How many?
        allow-unknown: true
        next: done
      - id: done
        kind: end
        prompt: Done.
    determination:
      rules:
        - when: colour == 'red'
          classification: aggravated
      otherwise:
        classification: experimental
    """

    func flow() throws -> Flow { try FlowLoader.load(text: Self.flowText, file: "pick.yaml") }

    func testAnAnswersFileCannotSayUnknownWhereItIsNotOffered() throws {
        let flow = try flow()
        XCTAssertThrowsError(try AnswersFile.parse(text: "colour: unknown\ncount: 2\n", file: "a.yaml", flow: flow)) { error in
            XCTAssertTrue("\(error)".contains("'unknown' is not one of its values"), "\(error)")
            XCTAssertTrue("\(error)".contains("a.yaml:1:"), "located: \(error)")
        }
        // Where it is offered, it is an answer.
        XCTAssertNoThrow(try AnswersFile.parse(text: "colour: red\ncount: unknown\n", file: "a.yaml", flow: flow))
    }

    func testAnEventOrAKeyCannotGiveUnknownWhereItIsNotOffered() throws {
        var interview = Interview(flow: try flow(), startedAt: Date(timeIntervalSinceReferenceDate: 0))
        reduce(&interview, .answer(.unknown, at: Date(timeIntervalSinceReferenceDate: 1)))
        XCTAssertNil(interview.answers["colour"], "a replayed or typed unknown is not taken")
        XCTAssertEqual(interview.current, "colour")
        XCTAssertTrue(interview.problem?.contains("unknown is not offered here") ?? false, interview.problem ?? "no problem said")
        reduce(&interview, .answer(.choice("red"), at: Date(timeIntervalSinceReferenceDate: 2)))
        reduce(&interview, .answer(.unknown, at: Date(timeIntervalSinceReferenceDate: 3)))
        XCTAssertEqual(interview.answers["count"]?.value, .unknown, "offered on the number screen")
    }
}
