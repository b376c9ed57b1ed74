import Foundation
import XCTest
@testable import IntakeCore

/// Issue 13: dates and times as people type them, read in local time, never in the future.
final class AnswerParserDateTests: XCTestCase {
    let parser = AnswerParser(timeZone: Zone.named("Europe/London")!)
    // 2026-11-23 14:00 in London (GMT in November).
    let now = ISO8601DateFormatter().date(from: "2026-11-23T14:00:00Z")!
    let screen = Screen(id: "when", kind: .dateTime, prompt: "When?", location: SourceLocation(file: "t", line: 1, column: 1))

    func parsed(_ text: String) throws -> Date {
        guard case .dateTime(let date) = try parser.parse(text, for: screen, now: now) else { throw AnswerInputError("not a date") }
        return date
    }

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func testTheWaysPeopleTypeATime() throws {
        XCTAssertEqual(try parsed("23/11/2026 13:30"), utc("2026-11-23T13:30:00Z"))
        XCTAssertEqual(try parsed("1/11/2026 9:05"), utc("2026-11-01T09:05:00Z"))
        XCTAssertEqual(try parsed("2026-11-23 13:30"), utc("2026-11-23T13:30:00Z"))
        XCTAssertEqual(try parsed("13:30"), utc("2026-11-23T13:30:00Z"), "a bare time is today")
        XCTAssertEqual(try parsed("today 08:00"), utc("2026-11-23T08:00:00Z"))
        XCTAssertEqual(try parsed("yesterday 22:15"), utc("2026-11-22T22:15:00Z"))
        XCTAssertEqual(try parsed("now"), now)
        XCTAssertEqual(try parsed("2026-11-23T12:00:00+01:00"), utc("2026-11-23T11:00:00Z"))
        // Summer time: 1 July 14:30 in London is 13:30 UTC.
        XCTAssertEqual(try parsed("01/07/2026 14:30"), utc("2026-07-01T13:30:00Z"))
    }

    func testImpossibleAndFutureTimesAreRefusedWithAReason() {
        for text in ["31/02/2026 10:00", "23/11/2026 25:00", "14:61", "tomorrow 10:00", "23-11-2026 10:00", "soon"] {
            XCTAssertThrowsError(try parsed(text), text) { error in
                XCTAssertTrue((error as? AnswerInputError)?.message.contains("23/11/2026 14:30") ?? false, "the message shows the form: \(error)")
            }
        }
        XCTAssertThrowsError(try parsed("16:00")) { error in
            XCTAssertEqual((error as? AnswerInputError)?.message,
                           "23/11/2026 16:00 is in the future (it is now 23/11/2026 14:00); check the date and time")
        }
        XCTAssertNoThrow(try parsed("14:01"), "a minute's grace for clocks that disagree")
    }

    func testATimeMoreThanAMonthOldAsksForConfirmation() throws {
        XCTAssertNil(parser.confirmation(for: .dateTime(try parsed("20/11/2026 10:00")), now: now))
        XCTAssertEqual(parser.confirmation(for: .dateTime(try parsed("20/10/2025 10:00")), now: now),
                       "20/10/2025 10:00 is more than a month ago")
        XCTAssertNil(parser.confirmation(for: .text("x"), now: now))
    }
}
