import Foundation
import XCTest
@testable import IntakeCore
@testable import IntakeTerminal

/// Issue 35, item 4: one key map on every screen kind, shown in the footer — back, help, review,
/// language and leave are the same keys whatever the screen.
final class KeyMapTests: XCTestCase {
    let t0 = SnapshotTests.t0
    /// Keys that reach each kind of screen in the fixture flow that has every kind.
    let screens: [(kind: String, keys: [Key])] = [
        ("yes-no-unknown", [.enter]),
        ("choice", [.enter, .character("n")]),
        ("multi-choice", [.enter, .character("n"), .character("1")]),
        ("text (one line)", SnapshotTests.toName),
        ("text (several lines)", SnapshotTests.toAccount),
        ("number", SnapshotTests.toAge),
        ("date-time", SnapshotTests.toWhen),
        ("checklist", SnapshotTests.toChecks),
        ("end", SnapshotTests.toEnd),
    ]

    func testEveryScreenKindSharesOneKeyMapAndItsFooterSaysSo() throws {
        for (kind, keys) in screens {
            let start = try SnapshotTests.makeFront(keys)
            let screen = start.interview.current
            let footer = render(start, size: Size(columns: 100, rows: 30)).text.split(separator: "\n").last.map(String.init) ?? ""
            for part in ["Esc back", "F1 help", "F2 review", "Ctrl-C leave"] {
                XCTAssertTrue(footer.contains(part), "\(kind): \(part) in \(footer)")
            }
            // F1 opens the guidance and Esc closes it.
            var f = start
            _ = f.update(.function(1), now: t0)
            XCTAssertEqual(f.overlay, .help, kind)
            _ = f.update(.escape, now: t0)
            XCTAssertNil(f.overlay, kind)
            // F2 opens the review, Esc closes it, back where it was.
            _ = f.update(.function(2), now: t0)
            XCTAssertEqual(f.interview.phase, .reviewing, kind)
            _ = f.update(.escape, now: t0)
            XCTAssertEqual(f.interview.current, screen, kind)
            // Esc goes back a screen.
            _ = f.update(.escape, now: t0)
            XCTAssertNotEqual(f.interview.current, screen, "\(kind): Esc goes back")
            XCTAssertTrue(f.interview.path.firstIndex(of: f.interview.current)! < f.interview.path.firstIndex(of: screen)!, kind)
            // Ctrl-C asks before leaving.
            var g = start
            _ = g.update(.interrupt, now: t0)
            XCTAssertEqual(g.overlay, .confirmQuit, kind)
        }
    }
}
