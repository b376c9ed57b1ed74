import Foundation
import XCTest
@testable import IntakeRecords

/// `intake verify` on many files: every file reported, in order, an unreadable one as failed.
final class RecordFilesTests: XCTestCase {
    func testAFolderIsItsRecordsInOrderAndAnUnreadableFileFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = SigningKey(comment: "test")
        let verifier = RecordVerifier(allowed: [AllowedSigner(principals: ["1@example"], namespaces: Namespace.all, key: key.publicKey)])
        for name in ["b.txt", "a.txt"] {
            try (try SignedRecord.sign("Record: \(name)\nSigning key: 1@example \(key.publicKey.fingerprint)\n", namespace: Namespace.record, key: key)).write(
                to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try "not a record".write(to: folder.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        let paths = RecordFiles.expand(folder.path) + [folder.appendingPathComponent("missing.txt").path]
        XCTAssertEqual(paths.map { ($0 as NSString).lastPathComponent }, ["a.txt", "b.txt", "missing.txt"])
        let reports = RecordFiles.verify(paths, with: verifier)
        XCTAssertEqual(reports.map(\.good), [true, true, false])
        XCTAssertEqual(reports.last?.signatures.first?.message, "cannot read the file: No such file or directory")
        XCTAssertEqual(reports.last?.signatures.first?.failure, .unreadable)
    }
}
