import Foundation
import XCTest
import IntakeRecords
@testable import IntakeSession

/// Which copy of a record a records folder may give up for a newer one (issue 36, item 1).
final class NewerCopyTests: XCTestCase {
    func testOnlyTheSameRecordBeforeItsLaterSectionsIsEarlier() {
        let signed = "body\n-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"
        let reviewed = signed + "\nSUPERVISOR REVIEW\nDecision: agreed\n-----BEGIN SSH SIGNATURE-----\nBBBB\n-----END SSH SIGNATURE-----\n"
        XCTAssertTrue(NewerCopy.isEarlier(Data(signed.utf8), than: Data(reviewed.utf8)))
        XCTAssertFalse(NewerCopy.isEarlier(Data(reviewed.utf8), than: Data(reviewed.utf8)), "the same bytes are not earlier")
        XCTAssertFalse(NewerCopy.isEarlier(Data(reviewed.utf8), than: Data(signed.utf8)), "a newer local copy is kept")
        XCTAssertFalse(NewerCopy.isEarlier(Data("body\n".utf8), than: Data(reviewed.utf8)), "a prefix that is not a signed record")
        let altered = signed.replacingOccurrences(of: "body", with: "bodY")
        XCTAssertFalse(NewerCopy.isEarlier(Data(altered.utf8), than: Data(reviewed.utf8)), "an altered copy is left for verify to judge")
    }
}
