@testable import IntakeCore
import Foundation
import XCTest
import Yams

/// The loader composes YAML from libyaml's events itself; these tests hold it to what Yams composes
/// and to the located errors it must give for what flows do not use.
final class YAMLDocumentTests: XCTestCase {
    /// Every value of every bundled flow, scenario and fixture, with its text, style and position.
    func testEveryFileComposesAsYamsComposesIt() throws {
        let root = LoaderTests.repositoryRoot
        var files = ["flows", "flows/scenarios", "Tests/IntakeCoreTests/Fixtures"].flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { root.appendingPathComponent("\(dir)/\($0)").path }
        }
        files.sort()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let ours = try YAMLDocument.compose(text, file: file)
            let theirs = try XCTUnwrap(try Yams.compose(yaml: text, .basic), file)
            var differences: [String] = []
            compare(ours, theirs, at: "", into: &differences)
            XCTAssertEqual(differences, [], file)
        }
    }

    func compare(_ ours: IntakeCore.Node, _ theirs: Yams.Node, at path: String, into differences: inout [String]) {
        guard differences.count < 5 else { return }
        if let mark = theirs.mark, mark.line != ours.mark.line || mark.column != ours.mark.column {
            differences.append("\(path): at \(ours.mark.line):\(ours.mark.column), Yams says \(mark.line):\(mark.column)")
        }
        switch (ours, theirs) {
        case (.scalar(let a), .scalar(let b)):
            if a.string != b.string { differences.append("\(path): '\(a.string)' vs '\(b.string)'") }
            if (a.style == .doubleQuoted) != (b.style == .doubleQuoted) || (a.style == .singleQuoted) != (b.style == .singleQuoted) {
                differences.append("\(path): quoting differs")
            }
        case (.mapping(let a), .mapping(let b)):
            let theirPairs = Array(b)
            guard a.count == theirPairs.count else { differences.append("\(path): \(a.count) keys vs \(theirPairs.count)"); return }
            for (x, y) in zip(a, theirPairs) {
                compare(x.key, y.key, at: path + "/key", into: &differences)
                compare(x.value, y.value, at: path + "/" + (x.key.scalar?.string ?? "?"), into: &differences)
            }
        case (.sequence(let a), .sequence(let b)):
            guard a.count == b.count else { differences.append("\(path): \(a.count) items vs \(b.count)"); return }
            for (i, (x, y)) in zip(a, b).enumerated() { compare(x, y, at: "\(path)[\(i)]", into: &differences) }
        default:
            differences.append("\(path): a different kind of value")
        }
    }

    func located(_ text: String) -> Diagnostic? {
        do {
            _ = try YAMLDocument.compose(text, file: "t.yaml")
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    func testAnchorsAndAliasesAreRefusedWhereTheyAre() throws {
        for (text, line, column, word) in [("a: &x [1, 2]\nb: 3\n", 1, 4, "anchors"), ("a:\n  - &y b\n", 2, 5, "anchors"),
                                           ("a: {k: v}\nb:\n  c: *x\n", 3, 6, "aliases")] {
            let d = try XCTUnwrap(located(text), text)
            XCTAssertEqual([d.location.line, d.location.column], [line, column], text)
            XCTAssertTrue(d.message.contains(word), d.message)
        }
    }

    func testASecondDocumentIsRefusedAtItsStart() throws {
        let d = try XCTUnwrap(located("a: 1\n---\nb: 2\n"))
        XCTAssertEqual(d.location.line, 2)
        XCTAssertTrue(d.message.contains("second YAML document"), d.message)
    }

    func testAControlCharacterIsLocated() throws {
        let d = try XCTUnwrap(located("a: 1\nb: x\u{7}y\n"))
        XCTAssertEqual([d.location.line, d.location.column], [2, 5])
        XCTAssertTrue(d.message.contains("control"), d.message)
    }

    func testADuplicateKeyIsReportedAtTheRepeatInAnyMappingSize() throws {
        for size in [3, 40] {
            let keys = (0..<size).map { "k\($0): v" }.joined(separator: "\n")
            let d = try XCTUnwrap(located(keys + "\nk1: again\n"), "\(size)")
            XCTAssertEqual([d.location.line, d.location.column], [size + 1, 1], "\(size)")
            XCTAssertTrue(d.message.contains("'k1' appears twice") && d.message.contains("first at line 2"), d.message)
        }
    }

    func testOnlyCommentsIsAnEmptyFile() throws {
        XCTAssertEqual(located("# nothing here\n")?.message, "the file is empty")
    }

    func testAnswersFilesWithInvalidUTF8AreLocatedToo() throws {
        let flow = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString).yaml")
        try Data("adult_involved: no\nsummary: caf\u{E9} ".utf8 + [0xC3, 0x28] + Array("\n".utf8)).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        XCTAssertThrowsError(try AnswersFile.load(path: path.path, flow: flow)) { error in
            let d = (error as? FlowError)?.diagnostics.first
            XCTAssertEqual([d?.location.line, d?.location.column], [2, 15])
            XCTAssertEqual(d?.message, "the answers file is not valid UTF-8 text here")
        }
    }
}
