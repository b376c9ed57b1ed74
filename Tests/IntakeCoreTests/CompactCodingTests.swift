import Foundation
import XCTest
@testable import IntakeCore

/// The compact form a validated flow is kept in (issue 37, item 3): it reads back exactly, and bytes
/// that are not what it wrote are refused, never trusted and never a crash.
final class CompactCodingTests: XCTestCase {
    /// Every flow intake ships, in English and in Welsh, and the test fixture with its translation: a
    /// field the compact form lost or changed would make a decoded flow differ from the loaded one.
    func shippedFlows() throws -> [Flow] {
        var flows: [Flow] = []
        for folder in ["flows", "Tests/IntakeCoreTests/Fixtures"] {
            let url = LoaderTests.repositoryRoot.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") && !name.contains(".cy.") && !name.contains("scenario") {
                let path = url.appendingPathComponent(name).path
                guard let flow = try? FlowLoader.load(path: path) else { continue }
                flows.append(flow)
                let welsh = Translation.path(for: path, language: .cy)
                if FileManager.default.fileExists(atPath: welsh) {
                    flows.append(flow.translated(by: try TranslationLoader.load(path: welsh)))
                }
            }
        }
        let mini = LoaderTests.repositoryRoot.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/mini.yaml").path
        flows.append(try FlowLoader.load(path: mini).translated(by: try TranslationLoader.load(
            path: LoaderTests.repositoryRoot.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/translations/mini.cy.yaml").path)))
        XCTAssertGreaterThanOrEqual(flows.count, 8, "the three shipped flows and their Welsh, at least")
        return flows
    }

    func testEveryShippedFlowReadsBackExactly() throws {
        for flow in try shippedFlows() {
            let bytes = try CompactCoding.encode(flow, file: flow.file)
            let back = try CompactCoding.decode(Flow.self, from: bytes, file: flow.file)
            XCTAssertEqual(back, flow, "\(flow.id) in \(flow.language)")
            XCTAssertEqual(back.screens.map(\.id).compactMap { back.position(of: $0) }, Array(back.screens.indices), "the screen index is rebuilt")
            // Without the shared file every location carries its own, and still reads back.
            XCTAssertEqual(try CompactCoding.decode(Flow.self, from: try CompactCoding.encode(flow)), flow)
        }
    }

    func testLocationsInAnotherFileKeepTheirFile() throws {
        let here = SourceLocation(file: "a.yaml", line: 3, column: 7)
        let there = SourceLocation(file: "b:c.yaml", line: 12, column: 1)
        let back = try CompactCoding.decode([SourceLocation].self, from: try CompactCoding.encode([here, there], file: "a.yaml"), file: "a.yaml")
        XCTAssertEqual(back, [here, there])
        XCTAssertThrowsError(try CompactCoding.decode([SourceLocation].self, from: try CompactCoding.encode([here], file: "a.yaml")),
                             "a location written without its file cannot be read without one")
    }

    func testExpressionsReadBackWithTheirOffsets() throws {
        for text in ["adult == yes and not (age < 13 or x in [\"a\", \"b:c\"])", "answered(q) or applies_first(\"act\")",
                     "count - 2 >= -5", "unknown != true"] {
            let expr = try ExpressionParser.parse(text)
            XCTAssertEqual(try CompactCoding.decode(Expr.self, from: try CompactCoding.encode(expr)), expr, text)
        }
    }

    /// A cut anywhere, or a byte changed anywhere, in a compiled flow either throws or reads some
    /// value; it never traps. (The store around it checks a SHA-256 first; this is the layer below.)
    func testDamagedBytesThrowOrReadButNeverCrash() throws {
        let flow = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/supervisor-review.yaml").path)
        let bytes = try CompactCoding.encode(flow, file: flow.file)
        var refused = 0
        for cut in stride(from: 0, to: bytes.count, by: 97) {
            if (try? CompactCoding.decode(Flow.self, from: Array(bytes[..<cut]), file: flow.file)) == nil { refused += 1 }
        }
        XCTAssertEqual(refused, (bytes.count + 96) / 97, "every cut-short copy is refused")
        for at in stride(from: 0, to: bytes.count, by: 53) {
            var changed = bytes
            changed[at] ^= 0xFF
            _ = try? CompactCoding.decode(Flow.self, from: changed, file: flow.file)
        }
    }

    func testADeeplyNestedExpressionIsRefusedNotRecursedInto() throws {
        let deep = String(repeating: "!0,", count: 100_000) + "r1:x0,"
        let bytes = try CompactCoding.encode(deep)
        XCTAssertThrowsError(try CompactCoding.decode(Expr.self, from: bytes))
    }

    func testOptionalsDictionariesAndEnumsReadBack() throws {
        struct Sample: Codable, Equatable {
            var name: String?
            var none: Int?
            var table: [String: [Int]]
            var kind: ScreenKind
            var nested: [[Bool?]]
            var real: Double
        }
        let sample = Sample(name: "x", none: nil, table: ["a": [1, -2], "b": [], "": [Int.max, Int.min]], kind: .checklist,
                            nested: [[true, nil, false], []], real: -0.5)
        XCTAssertEqual(try CompactCoding.decode(Sample.self, from: try CompactCoding.encode(sample)), sample)
    }
}
