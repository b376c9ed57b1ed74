import Foundation
import XCTest
@testable import IntakeCore

/// `PathText` gives `NSString`'s answers for the paths intake handles; NSString is the reference.
final class PathTextTests: XCTestCase {
    let paths = ["/usr/share/intake/flows/initial-response.yaml", "/usr/bin/intake", "/intake", "/", "intake", "a/b", "a/b/",
                 "/a//b", "/a/b//", "flows/initial-response.cy.yaml", ".hidden", "/x/.hidden", "x.tar.gz", "", "/a.b/c",
                 "/work/main/.build/debug/intake", "Ysgol Gymraeg/cofnod.txt"]

    func testTheLastComponentAndTheParentAreNSStrings() {
        for path in paths {
            XCTAssertEqual(PathText.lastComponent(path), (path as NSString).lastPathComponent, "last component of \(path)")
            XCTAssertEqual(PathText.parent(path), (path as NSString).deletingLastPathComponent, "parent of \(path)")
        }
    }

    func testDroppingAnExtensionIsNSStrings() {
        for path in paths.map({ ($0 as NSString).lastPathComponent }) {
            XCTAssertEqual(PathText.droppingExtension(path), (path as NSString).deletingPathExtension, "extension of \(path)")
        }
    }

    func testAppendingJoinsWithOneSlash() {
        for folder in ["/a", "/a/", "a", "/"] {
            XCTAssertEqual(PathText.appending(folder, "r.txt"), (folder as NSString).appendingPathComponent("r.txt"), folder)
        }
    }

    /// A marker found byte by byte, as `contains` finds it in text written exactly.
    func testContainsBytesFindsWhatContainsFinds() {
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
        for (text, expected) in [(begin + "\nabc\n", true), ("x" + begin, true), ("-----BEGIN OPENSSH PRIVATE KEY----", false),
                                 ("", false), ("ssh-ed25519 AAAA comment", false), ("é" + begin + "ü", true)] {
            XCTAssertEqual(text.containsBytes(of: begin), expected, text)
            XCTAssertEqual(text.containsBytes(of: begin), text.contains(begin), text)
        }
        XCTAssertTrue("abc".containsBytes(of: ""), "the empty text is in every text, as with contains")
    }
}
