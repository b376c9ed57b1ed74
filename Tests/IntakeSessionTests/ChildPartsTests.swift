import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// Which letter each named child's family gets, from the people screen (issue 36, item 4).
final class ChildPartsTests: XCTestCase {
    func parts(_ people: String) throws -> ChildParts {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let flow = try FlowLoader.load(path: root.appendingPathComponent("flows/initial-response.yaml").path)
        return ChildParts(flow: flow, answers: ["people_involved": .text(people)])
    }

    func kind(_ parts: ChildParts, _ child: String, further: Bool = false) -> String {
        switch parts.kind(of: child, further: further) {
        case .success(let kind): return kind.rawValue
        case .failure(let no): return "none: " + no.why
        }
    }

    func testEachChildsLetterFollowsTheirPart() throws {
        let p = try parts("""
        Amira Khan (sent the image to Joel only); 15; pictured, sent
        Joel  Price; 15; received, sent; suspect
        Sam Lee; 16; pictured, sent; suspect
        Kai; 16; received, sent, suspect
        Mr X; 34; received, suspect; suspect
        """)
        XCTAssertEqual(kind(p, "amira khan"), "affected", "the name alone, case and brackets aside")
        XCTAssertEqual(kind(p, "Joel Price"), "decision", "recorded as the suspect: the Outcome 21 letter; spacing aside")
        XCTAssertTrue(kind(p, "Sam Lee").hasPrefix("none: recorded both as the child pictured and as a suspect"), "a pictured child is never named against an offence")
        XCTAssertTrue(kind(p, "Kai").hasPrefix("none: suspected of something more but not recorded"))
        XCTAssertTrue(kind(p, "Mr X").hasPrefix("none: recorded as 34, an adult"))
        XCTAssertTrue(kind(p, "Nobody").hasPrefix("none: not found among the people involved"))
        // A case that goes further: what happens next for a child not suspected; none for one who is.
        XCTAssertEqual(kind(p, "Amira Khan", further: true), "next")
        XCTAssertTrue(kind(p, "Joel Price", further: true).hasPrefix("none: recorded as a suspect in a case that goes further"))
    }

    func testWithoutReadablePeopleNoChildGetsALetter() throws {
        XCTAssertTrue(kind(try parts("Amira; fifteen; pictured"), "Amira").hasPrefix("none: who is involved [people_involved] cannot be read"))
        let twice = try parts("Amira; 15; pictured\nAmira; 14; received")
        XCTAssertTrue(kind(twice, "Amira").hasPrefix("none: named 2 times"))
    }
}
