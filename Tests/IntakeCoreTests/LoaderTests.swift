import Foundation
import XCTest
@testable import IntakeCore

final class LoaderTests: XCTestCase {
    func fixture(_ name: String) throws -> String {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "yaml")).path
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testTheMiniFlowLoads() throws {
        let flow = try FlowLoader.load(path: try fixture("mini"))
        XCTAssertEqual(flow.id, "mini")
        XCTAssertEqual(flow.screens.map(\.id), ["q1", "adult", "who", "age", "done"])
        XCTAssertEqual(flow.screen("q1")?.branches.first?.target, "adult")
        XCTAssertEqual(flow.screen("age")?.maximum, 17)
        XCTAssertEqual(flow.determination.rules.count, 2)
    }

    /// Issue 33, item 14: a flow file is named after its id (or id-version); a file whose name says one
    /// flow while its id says another is refused at the id line, from a path, as `--flow` loads it.
    func testAFlowWhoseIdIsNotItsFileNameIsRefused() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try fixture("mini")))
        let flow = try FlowLoader.load(data: data, file: "mini.yaml")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["initial-response.yaml", "mini-2.yaml", "Mini.yaml", "mini.yaml.yaml"] {
            let path = dir.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try FlowLoader.load(path: path), name) { error in
                let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("id:") }! + 1
                XCTAssertTrue("\(error)".contains("\(name):\(line):1: error: the file is named \(name) but the flow's id is 'mini'"), "\(error)")
                XCTAssertTrue("\(error)".contains("name the file mini.yaml"), "\(error)")
            }
        }
        for name in ["mini.yaml", "mini-\(flow.version).yaml", "mini.yml"] {
            let path = dir.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: path))
            XCTAssertNoThrow(try FlowLoader.load(path: path), name)
        }
    }

    func testTheBundledFlowsLoad() throws {
        let dir = Self.repositoryRoot.appendingPathComponent("flows")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") && !Translation.isTranslationPath($0) }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            XCTAssertNoThrow(try FlowLoader.load(path: dir.appendingPathComponent(file).path), file)
        }
    }

    /// Each malformed fixture: the first diagnostic's line, column and a fragment of its message.
    static let malformed: [(String, Int, Int, String)] = [
        ("yaml-syntax", 8, 24, "a colon followed by a space inside text makes YAML read it as a new key"),
        ("unclosed-quote", 68, 19, "YAML syntax: did not find expected key"),
        ("unknown-top-key", 2, 1, "unknown key 'titel' in the flow"),
        ("unknown-screen-key", 8, 5, "unknown key 'promt' in a screen"),
        ("unknown-kind", 7, 11, "unknown screen kind 'yesno'"),
        ("duplicate-screen-id", 13, 5, "the screen id 'q1' is already used at line 6"),
        ("missing-target", 35, 11, "'next' of 'age' names 'dnoe'"),
        ("expression-syntax", 10, 18, "a single = is not an operator"),
        ("expression-type", 10, 18, "cannot compare a yes/no/unknown answer with a number"),
        ("unknown-reference", 49, 13, "'q2' is not a question or fact of this flow"),
        ("unreachable", 13, 5, "screen 'adult' cannot be reached from the start"),
        ("loop", 13, 5, "no end screen can be reached from 'adult'"),
        ("no-end-reachable", 13, 5, "no end screen can be reached from 'adult'"),
        ("duplicate-key", 4, 1, "the key 'version' appears twice"),
        ("choice-typo", 68, 18, "\"scool\" is not one of the choices"),
        ("wrong-value-type", 31, 20, "allow-unknown must be true or false"),
        ("missing-prompt", 13, 5, "a screen is missing 'prompt'"),
        ("not-utf8", 2, 8, "not valid UTF-8"),
        ("empty", 1, 1, "the file is empty"),
        ("decisive-not-a-question", 44, 18, "determination lists 'who_else'"),
        ("fact-uses-later-fact", 42, 11, "fact 'young' uses 'old', which is defined after it"),
        ("misplaced-key", 8, 5, "'min' is only for number screens"),
        ("missing-start", 4, 8, "start names 'q0', which is not a screen"),
        ("prerequisite-not-a-question", 46, 11, "the prerequisite names 'checks_done', which is not a question"),
        ("prerequisite-type", 47, 17, "in the prerequisite 'who': cannot compare a yes/no/unknown answer with text"),
        ("notice-placeholder", 72, 7, "the notice's placeholder {whom} is not a question of this flow"),
        ("notice-addressee-not-text", 76, 14, "the notice's addressee names 'who', a choice screen"),
        ("notice-contact-unknown", 76, 12, "the notice's contact names 'phone', which is not a screen of this flow"),
        ("support-date", 83, 16, "checked must be a date, YYYY-MM-DD, not '23/11/2026'"),
        ("identity-not-text", 6, 9, "identity 'name' names 'who', a choice screen"),
        ("record-prefix", 87, 14, "id-prefix must be two to four capital letters A-Z, not 'ir'"),
        ("record-words-typo", 91, 5, "record words are given for 'experimentl', which no determination rule gives"),
        ("record-words-missing", 49, 7, "classification 'undetermined' has no words under record: classifications"),
        ("record-header-unknown", 89, 15, "the record header names 'reference', which is not a screen of this flow"),
        ("takes-from-unknown-screen", 89, 7, "takes-from 'school-incident' renames 'whom', which is not a screen of this flow"),
    ]

    func testEveryMalformedFixtureFailsWithItsMessageAndLocation() throws {
        XCTAssertGreaterThanOrEqual(Self.malformed.count, 12)
        for (name, line, column, message) in Self.malformed {
            let path = try fixture("bad/\(name)")
            do throws(FlowError) {
                _ = try FlowLoader.load(path: path)
                XCTFail("\(name) loaded but should not")
            } catch {
                guard let first = error.diagnostics.first else { XCTFail(name); continue }
                XCTAssertEqual(first.location.file, path, name)
                XCTAssertEqual(first.location.line, line, "\(name): \(first)")
                XCTAssertEqual(first.location.column, column, "\(name): \(first)")
                XCTAssertTrue(first.message.contains(message), "\(name): \(first.message)")
            }
        }
    }

    /// flows/schema.json (for editors and CI) knows every key the loader accepts, and no more: a key
    /// added to one and not the other failed CI on a fresh clone once.
    func testTheSchemaAndTheLoaderAcceptTheSameKeys() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("flows/schema.json"))) as? [String: Any])
        let definitions = try XCTUnwrap(schema["definitions"] as? [String: Any])
        let top = try XCTUnwrap((definitions["flow"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual(Set(top.keys), Set(FlowReader.topKeys))
        // A translation file: the keys TranslationLoader reads.
        let translation = try XCTUnwrap((definitions["translation"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual(Set(translation.keys), ["translation-of", "language", "status", "signed-off-by", "texts"])
        let entry = try XCTUnwrap((definitions["translatedText"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual(Set(entry.keys), ["english", "text"])
        let screen = try XCTUnwrap((definitions["screen"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual(Set(screen.keys), Set(FlowReader.screenKeys))
        let action = try XCTUnwrap(((top["actions"] as? [String: Any])?["items"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual(Set(action.keys), ["id", "text", "source", "when", "standing"])
    }

    func testEveryMalformedFixtureIsListed() throws {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/bad", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).map { ($0 as NSString).deletingPathExtension }
        XCTAssertEqual(Set(names), Set(Self.malformed.map(\.0)))
    }

    func testLoopsAreNamed() throws {
        let error = try XCTUnwrap(loadError("loop"))
        XCTAssertTrue(error.diagnostics.contains { $0.message == "screens form a loop: adult → adult" }, "\(error)")
    }

    func testHintsSuggestTheClosestName() throws {
        XCTAssertEqual(try XCTUnwrap(loadError("missing-target")).diagnostics.first?.hint, "did you mean 'done'?")
        XCTAssertEqual(try XCTUnwrap(loadError("unknown-top-key")).diagnostics.first?.hint, "did you mean 'title'?")
        XCTAssertEqual(try XCTUnwrap(loadError("choice-typo")).diagnostics.first?.hint, "did you mean \"school\"?")
    }

    func testDiagnosticsPrintAsFileLineColumn() throws {
        let error = try XCTUnwrap(loadError("unknown-kind"))
        XCTAssertTrue(error.description.hasSuffix("bad/unknown-kind.yaml:7:11: error: unknown screen kind 'yesno'\n    kinds: yes-no-unknown, choice, multi-choice, text, number, date-time, info, checklist, end, people"),
                      error.description)
    }

    func testDeepNestingIsRefusedAtItsLine() {
        let text = "id: x\ntitle: " + String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try FlowLoader.load(text: text, file: "deep.yaml")) { error in
            let diagnostic = (error as? FlowError)?.diagnostics.first
            XCTAssertEqual(diagnostic?.location.line, 2)
            XCTAssertEqual(diagnostic?.message, "the YAML nests more than 200 levels deep")
        }
    }

    func testArbitraryBytesNeverCrashTheLoader() throws {
        var generator = SplitMix(seed: 7)
        let base = Array(try Data(contentsOf: URL(fileURLWithPath: try fixture("mini"))))
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int(generator.next() % 8 + 1) {
                let at = Int(generator.next() % UInt64(bytes.count))
                bytes[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            do throws(FlowError) {
                _ = try FlowLoader.load(data: Data(bytes), file: "mutant.yaml")
            } catch {
                XCTAssertFalse(error.diagnostics.isEmpty)
                XCTAssertTrue(error.diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
            }
        }
    }

    private func loadError(_ name: String) -> FlowError? {
        do {
            _ = try FlowLoader.load(path: try fixture("bad/\(name)"))
            return nil
        } catch let error as FlowError {
            return error
        } catch {
            return nil
        }
    }
}

/// A small deterministic generator, so a failing mutation can be reproduced.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
