import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// A validated flow kept compiled beside the flow copies (issue 37, item 3): used only for exactly
/// the bytes it was made from, and anything wrong with it costs speed, never a wrong flow.
final class CompiledFlowsTests: XCTestCase {
    var root: URL!
    var compiled: CompiledFlows!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-compiled-\(UUID().uuidString)")
        compiled = CompiledFlows(directory: root.appendingPathComponent("flows/compiled"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    static var police: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("flows/initial-response.yaml").path
    }

    /// Loads as an interview does, then keeps the compiled form as it does after the first screen.
    @discardableResult
    func load(_ bytes: Data, path: String = police, by store: CompiledFlows? = nil) throws -> Flow {
        let loaded = try LoadedFlow(bytes: bytes, path: path, compiled: store ?? compiled)
        loaded.keepCompiled()
        return loaded.flow
    }

    func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: compiled.directory.path)) ?? []).sorted()
    }

    func testTheSecondLoadIsReadFromTheCompiledCopy() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.police))
        let sha = sha256Hex(bytes)
        XCTAssertFalse(try compiled.load(bytes: bytes, sha256: sha, path: Self.police).compiled)
        XCTAssertEqual(files(), [], "nothing is written before the first screen")
        let first = try load(bytes)
        XCTAssertEqual(files().count, 1, "the first interview keeps one compiled flow")
        XCTAssertEqual(first, try FlowLoader.load(data: bytes, file: Self.police))
        // Proof the second load reads the compiled copy: with the YAML made unreadable as a flow, the
        // same hash still gives the flow, which only the compiled copy can.
        let second = try compiled.load(bytes: Data("not: a flow".utf8), sha256: sha, path: Self.police)
        XCTAssertEqual(second.flow, first)
        XCTAssertTrue(second.compiled)
    }

    /// The test: a changed byte is never served from the cache. Each change below keeps the
    /// YAML a valid flow (so a stale cached flow could pass for it) and must come back as written.
    func testAChangedByteIsNeverServedFromTheCache() throws {
        let original = try String(contentsOfFile: Self.police, encoding: .utf8)
        let bytes = Data(original.utf8)
        try load(bytes)
        let edits = [("title: Initial response", "title: Initial responsE"), ("version: 3.2.2", "version: 3.2.3"),
                     ("classification: aggravated", "classification: experimental")]
        for (old, new) in edits {
            let range = try XCTUnwrap(original.range(of: old), old)
            let changed = Data(original.replacingCharacters(in: range, with: new).utf8)
            let expected = try FlowLoader.load(data: changed, file: Self.police)
            let got = try load(changed)
            XCTAssertEqual(got, expected, "after \(old) → \(new)")
            XCTAssertNotEqual(got, try FlowLoader.load(data: bytes, file: Self.police))
            // And read a second time, now from its own compiled copy, it is still the changed flow.
            XCTAssertEqual(try load(changed), expected)
        }
        XCTAssertEqual(files().count, 1 + edits.count, "one compiled flow per distinct file")
    }

    func testADamagedCompiledCopyIsReplacedNotTrusted() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.police))
        let sha = sha256Hex(bytes)
        let good = try load(bytes)
        let file = compiled.file(sha256: sha, path: Self.police)
        var kept = try [UInt8](Data(contentsOf: file))
        for damage in [{ (b: inout [UInt8]) in b[b.count - 10] ^= 0x01 }, { b in b.removeLast(100) }, { b in b[30] ^= 0x20 }] {
            var bad = kept
            damage(&bad)
            try Data(bad).write(to: file)
            XCTAssertNil(compiled.read(.flow, sha256: sha, path: Self.police) as Flow?, "a damaged copy is not read")
            XCTAssertEqual(try load(bytes), good, "the flow is loaded in full instead")
            XCTAssertEqual(compiled.read(.flow, sha256: sha, path: Self.police) as Flow?, good, "and a good copy is kept again")
            kept = try [UInt8](Data(contentsOf: file))
        }
    }

    func testAnotherPathOrBuildIsAnotherKey() throws {
        let sha = String(repeating: "a", count: 64)
        XCTAssertNotEqual(compiled.file(sha256: sha, path: "/a/flow.yaml"), compiled.file(sha256: sha, path: "/b/flow.yaml"))
        XCTAssertNotEqual(compiled.file(.flow, sha256: sha, path: "/a/flow.yaml"), compiled.file(.translation, sha256: sha, path: "/a/flow.yaml"),
                          "a flow and a translation of the same bytes are kept apart")
        let key = CompiledFlows.key(.flow, sha256: sha, path: "/a/flow.yaml")
        XCTAssertTrue(key.contains("intake \(IntakeRelease.version) build "), key)
        XCTAssertFalse(key.contains("build unknown"), "this executable is part of the key")
        // A path with a line break cannot forge the header's end.
        XCTAssertFalse(CompiledFlows.key(.flow, sha256: sha, path: "/a\nflow.yaml").contains("\n"))
    }

    func testAFailedWriteCostsSpeedNotTheFlow() throws {
        let full = CompiledFlows(directory: compiled.directory, ops: FileOps(write: { _, _ in errno = ENOSPC; return -1 },
                                                                             fsync: { Foundation.fsync($0) },
                                                                             ftruncate: { Foundation.ftruncate($0, $1) }))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.police))
        let flow = try load(bytes, by: full)
        XCTAssertEqual(flow.id, "initial-response")
        XCTAssertEqual(files(), [], "nothing kept, not even a temporary file")
    }

    func testAFlowThatDoesNotLoadKeepsNothing() throws {
        let bytes = Data("id: broken\ntitle: [".utf8)
        XCTAssertThrowsError(try load(bytes, path: "/x/broken.yaml"))
        XCTAssertEqual(files(), [])
    }

    /// The interview's own path: a kept copy loads through the compiled form and is the same flow.
    func testKeptCopiesLoadThroughTheCompiledForm() throws {
        let interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
        let loaded = try LoadedFlow.read(path: Self.police, compiled: interviews.flowCopies.compiled)
        try interviews.flowCopies.keep(loaded)
        loaded.keepCompiled()
        let copy = try XCTUnwrap(interviews.flowCopies.load(sha256: loaded.sha256, path: Self.police))
        XCTAssertEqual(copy.flow, loaded.flow)
        XCTAssertEqual(copy.sha256, loaded.sha256)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: interviews.flowCopies.compiled.directory.path).count, 1)
    }

    /// An interview keeps its flow compiled when it begins, so the next start of the same flow reads it.
    func testBeginningAnInterviewKeepsItsFlowCompiled() throws {
        let interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
        let loaded = try LoadedFlow.read(path: Self.police, compiled: interviews.flowCopies.compiled)
        let open = try interviews.begin(loaded, id: "IR-20261205-0123456789AB", started: Date(), training: true, source: nil)
        open.lock.remove()
        let again = try interviews.flowCopies.compiled.load(bytes: loaded.bytes, sha256: loaded.sha256, path: Self.police)
        XCTAssertTrue(again.compiled, "the next start reads the compiled form")
        XCTAssertEqual(again.flow, loaded.flow)
    }

    static var welsh: String { Translation.path(for: police, language: .cy) }

    /// The Welsh is kept compiled like the flow: the second start reads it without YAML, and the
    /// translated flow is the same either way.
    func testATranslationIsKeptCompiledAndReadBackTheSame() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.welsh))
        let sha = sha256Hex(bytes)
        let first = try compiled.loadTranslation(bytes: bytes, sha256: sha, path: Self.welsh)
        XCTAssertEqual(first, try TranslationLoader.load(data: bytes, file: Self.welsh))
        XCTAssertEqual(files().count, 1, "kept when first read")
        // Only the compiled copy can give a translation for bytes that are not one.
        XCTAssertEqual(try compiled.loadTranslation(bytes: Data("not: a translation".utf8), sha256: sha, path: Self.welsh), first)
        // Another path for the same bytes is read from the YAML and names its own file.
        let other = "/elsewhere/initial-response.cy.yaml"
        XCTAssertEqual(try compiled.loadTranslation(bytes: bytes, sha256: sha, path: other).file, other)
    }

    /// Through an interview's own path: the Welsh flow made from the compiled translation is the
    /// Welsh flow made from the YAML, and a changed byte in the translation is never served stale.
    func testTheWelshFlowIsTheSameFromTheCompiledTranslation() throws {
        let interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
        let store = interviews.flowCopies.compiled
        let expected = try FlowLoader.load(path: Self.police).translated(by: try TranslationLoader.load(path: Self.welsh))
        for round in 0..<2 {
            let loaded = try LoadedFlow.read(path: Self.police, compiled: store)
            var welsh = try loaded.languages.flow(in: .cy).get()
            XCTAssertNotNil(welsh.translationStatus, "round \(round)")
            welsh.translationStatus = expected.translationStatus
            XCTAssertEqual(welsh, expected, "round \(round)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: store.directory.path).count, 1, "the translation; the flow is kept after the first screen")
        // A translation edited in place, at the same path: another hash, so read from its YAML.
        let folder = root.appendingPathComponent("flows-edit")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let flowPath = folder.appendingPathComponent("initial-response.yaml").path
        let welshPath = Translation.path(for: flowPath, language: .cy)
        try FileManager.default.copyItem(atPath: Self.police, toPath: flowPath)
        try FileManager.default.copyItem(atPath: Self.welsh, toPath: welshPath)
        let before = try LoadedFlow.read(path: flowPath, compiled: store).languages.flow(in: .cy).get()
        let text = try String(contentsOfFile: Self.welsh, encoding: .utf8)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("text: ") && !$0.contains("{") }, "a Welsh text")
        try text.replacingOccurrences(of: String(line), with: String(line) + " (newid)").write(toFile: welshPath, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let welsh = try LoadedFlow.read(path: flowPath, compiled: store).languages.flow(in: .cy).get()
            XCTAssertEqual(welsh, try FlowLoader.load(path: flowPath).translated(by: try TranslationLoader.load(path: welshPath)))
            XCTAssertNotEqual(welsh, before, "the edit shows")
        }
    }
}
