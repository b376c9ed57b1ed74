import Foundation
import XCTest
@testable import IntakeRecords

/// `TextFile.read` stands in for `String(contentsOf:encoding: .utf8)` on the start's path (issue 37):
/// the same text, and nothing wherever that gave nothing.
final class TextFileTests: XCTestCase {
    func testItReadsWhatFoundationReadsAndRefusesWhatItRefuses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-textfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var generator = SystemRandomNumberGenerator()
        // Longer than one 16 KB read, with two- and four-byte characters falling across the reads.
        let long = (0..<9_000).map { _ in ["a", "é", "🙂", "\n", "ŵ"][Int(generator.next() % 5)] }.joined()
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("config", Array("lang = cy\nfront = plain\n".utf8)),
            ("long", Array(long.utf8)),
            ("bad-utf8", [0x61, 0xC3, 0x28, 0x62]),
            ("cut-utf8", Array("ŵ".utf8).dropLast()),
        ]
        for (name, bytes) in cases {
            let path = dir.appendingPathComponent(name).path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let foundation = try? String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(TextFile.read(path), foundation, name)
        }
        XCTAssertEqual(TextFile.read(dir.appendingPathComponent("long").path)?.utf8.count, long.utf8.count)
        XCTAssertNil(TextFile.read(dir.appendingPathComponent("bad-utf8").path))
        XCTAssertNil(TextFile.read(dir.appendingPathComponent("missing").path), "a missing file")
        XCTAssertNil(TextFile.read(dir.path), "a folder is not a file")
    }

    func testAFIFOOrAnOversizedFileGivesNothingAndNeverHangs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-textfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertNil(TextFile.read(fifo), "a FIFO with no writer: nothing, at once")
        let big = dir.appendingPathComponent("big").path
        let limit = TextFile.maximumBytes
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: Data(repeating: 0x61, count: limit)))
        XCTAssertEqual(TextFile.read(big)?.utf8.count, limit, "at the limit: read")
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: Data(repeating: 0x61, count: limit + 1)))
        XCTAssertNil(TextFile.read(big), "over the limit: not a config")
    }
}
