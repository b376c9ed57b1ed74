import Foundation
import XCTest
@testable import IntakeSession

/// Issue 36, item 5: completion offers only scenarios the demo can play — never the review's answers
/// file that lives beside them.
final class ScenarioNamesTests: XCTestCase {
    func testEveryNameOfferedPlaysInTheDemo() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("flows/scenarios").path
        let names = Scenarios.names(in: folder)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/review-agree.yaml"))
        XCTAssertFalse(names.contains("review-agree"), "\(names)")
        XCTAssertTrue(names.contains("experimental"), "\(names)")
        for name in names {
            XCTAssertNoThrow(try Scenarios.demo(folder + "/" + name + ".yaml", flow: nil), name)
        }
    }
}
