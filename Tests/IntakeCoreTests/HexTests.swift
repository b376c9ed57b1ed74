import XCTest
@testable import IntakeCore

/// Hashes are written in lower-case hex in records, file names and translations.
final class HexTests: XCTestCase {
    func testEveryByteIsTwoLowerCaseDigits() {
        let all = (0...255).map(UInt8.init)
        let expected = all.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        XCTAssertEqual(lowerHex(all), expected)
        XCTAssertEqual(all.withUnsafeBytes { lowerHex($0) }, expected, "the in-place form agrees")
        XCTAssertEqual(lowerHex([UInt8]()), "")
        XCTAssertEqual(lowerHex([0x00, 0x0F, 0xA5, 0xFF][1...]), "0fa5ff", "any sequence of bytes")
    }
}
