import Foundation
import XCTest

/// Every fuzzing seed and every input a fuzzer once crashed on, replayed through the targets
/// (`intake-fuzz TARGET FILE…`, built without libFuzzer): none may crash again.
final class FuzzRegressionTests: XCTestCase {
    func testSeedsAndRegressionsReplayCleanly() throws {
        let fuzz = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().appendingPathComponent("intake-fuzz").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: fuzz), "intake-fuzz is built with the tests")
        var replayed = 0
        for target in ["expression", "flow", "signature", "record", "journal"] {
            var files: [String] = []
            for folder in ["Fuzz/corpus/\(target)", "Fuzz/regressions/\(target)"] {
                let dir = Binary.root.appendingPathComponent(folder)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                files += names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0).path }
            }
            XCTAssertFalse(files.isEmpty, "\(target) has seeds")
            let out = try Binary.runTool(fuzz, [target] + files)
            XCTAssertTrue(out.contains("replayed \(files.count) input(s) through \(target)"), out)
            replayed += files.count
        }
        XCTAssertGreaterThan(replayed, 30)
    }
}
