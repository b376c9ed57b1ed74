import Foundation
import XCTest
@testable import IntakeCore

/// The compact form a validated flow is kept in (issue 37, item 3): it reads back exactly, writes
/// every stored property of every type, and bytes that are not what it wrote are refused, never
/// trusted and never a crash.
final class CompactTests: XCTestCase {
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
            let back = try Flow(compactBytes: flow.compactBytes(file: flow.file), file: flow.file)
            XCTAssertEqual(back, flow, "\(flow.id) in \(flow.language)")
            XCTAssertEqual(back.screens.map(\.id).compactMap { back.position(of: $0) }, Array(back.screens.indices), "the screen index is rebuilt")
            XCTAssertEqual(back.actions.map(\.id).compactMap { back.action($0)?.id }, back.actions.map(\.id), "the action index is rebuilt")
            // Without the shared file every location carries its own, and still reads back.
            XCTAssertEqual(try Flow(compactBytes: flow.compactBytes()), flow)
        }
    }

    /// The guard against a field added to the model and forgotten in its compact form: every object
    /// written, in every shipped flow and translation, wrote exactly its stored properties, in the
    /// order it declares them (those rebuilt on reading named as such).
    func testEveryStoredPropertyIsWritten() throws {
        var types = Set<String>()
        var wrong: [String: String] = [:]
        var values: [any Compact] = try shippedFlows()
        for folder in ["flows", "Tests/IntakeCoreTests/Fixtures/translations"] {
            let url = LoaderTests.repositoryRoot.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where name.hasSuffix(".cy.yaml") {
                values.append(try TranslationLoader.load(path: url.appendingPathComponent(name).path))
            }
        }
        for value in values {
            var w = CompactWriter(file: "x.yaml", recording: true)
            value.write(compact: &w)
            for object in w.objects {
                types.insert(object.type)
                if object.written + object.derived != object.stored {
                    wrong[object.type] = "writes \(object.written) then derives \(object.derived); stores \(object.stored)"
                }
            }
        }
        XCTAssertEqual(wrong, [:], "every type writes its stored properties, in order")
        for type in [Flow.self, Screen.self, Choice.self, Condition.self, Constraint.self, Transition.self, DerivedFact.self,
                     DeterminationSpec.self, Prerequisite.self, Notice.self, Notice.Withhold.self, SupportList.self,
                     SupportList.Entry.self, DeterminationRule.self, ReasonRule.self, ActionRule.self, RecordStyle.self,
                     HeaderField.self, CarryOver.self, Invariant.self, FirstContact.self, Translation.self, Translation.Entry.self,
                     SourceLocation.self] as [any Compact.Type] {
            XCTAssertTrue(types.contains(String(reflecting: type)), "no shipped flow or fixture writes a \(type), so nothing checks it")
        }
    }

    func testLocationsInAnotherFileKeepTheirFile() throws {
        let here = SourceLocation(file: "a.yaml", line: 3, column: 7)
        let there = SourceLocation(file: "b:c.yaml", line: 12, column: 1)
        XCTAssertEqual(try [SourceLocation](compactBytes: [here, there].compactBytes(file: "a.yaml"), file: "a.yaml"), [here, there])
        XCTAssertThrowsError(try [SourceLocation](compactBytes: [here].compactBytes(file: "a.yaml")),
                             "a location written without its file cannot be read without one")
    }

    func testExpressionsReadBackWithTheirOffsets() throws {
        for text in ["adult == yes and not (age < 13 or x in [\"a\", \"b:c\"])", "answered(q) or applies_first(\"act\")",
                     "count - 2 >= -5", "unknown != true", "false or no"] {
            let expr = try ExpressionParser.parse(text)
            XCTAssertEqual(try Expr(compactBytes: expr.compactBytes()), expr, text)
        }
    }

    /// A cut anywhere, or a byte changed anywhere, in a compiled flow either throws or reads some
    /// value; it never traps. (The store around it checks a SHA-256 first; this is the layer below.)
    func testDamagedBytesThrowOrReadButNeverCrash() throws {
        let flow = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/supervisor-review.yaml").path)
        let bytes = flow.compactBytes(file: flow.file)
        var refused = 0
        for cut in stride(from: 0, to: bytes.count, by: 97) {
            if (try? Flow(compactBytes: Array(bytes[..<cut]), file: flow.file)) == nil { refused += 1 }
        }
        XCTAssertEqual(refused, (bytes.count + 96) / 97, "every cut-short copy is refused")
        XCTAssertThrowsError(try Flow(compactBytes: bytes + [0], file: flow.file), "a byte after the flow is refused")
        for at in stride(from: 0, to: bytes.count, by: 53) {
            var changed = bytes
            changed[at] ^= 0xFF
            _ = try? Flow(compactBytes: changed, file: flow.file)
        }
    }

    func testADeeplyNestedExpressionIsRefusedNotRecursedInto() throws {
        // 100,000 `not`s around a reference, as the writer would lay them out.
        let deep = [UInt8](repeating: UInt8(ascii: "!"), count: 100_000) + [UInt8(ascii: "r"), 1, UInt8(ascii: "x"), 0]
            + [UInt8](repeating: 0, count: 100_000)
        XCTAssertThrowsError(try Expr(compactBytes: deep))
        let shallow: [UInt8] = [UInt8(ascii: "!"), UInt8(ascii: "r"), 1, UInt8(ascii: "x"), 0, 0]
        XCTAssertEqual(try Expr(compactBytes: shallow), .not(.reference("x", offset: 0), offset: 0), "the same layout, not nested, reads")
    }

    func testOptionalsDictionariesAndEnumsReadBack() throws {
        let table: [String: [Int]] = ["a": [1, -2], "b": [], "": [Int.max, Int.min]]
        XCTAssertEqual(try [String: [Int]](compactBytes: table.compactBytes()), table)
        let nested: [[Bool?]] = [[true, nil, false], []]
        XCTAssertEqual(try [[Bool?]](compactBytes: nested.compactBytes()), nested)
        XCTAssertEqual(try [ScreenKind](compactBytes: ScreenKind.allCases.compactBytes()), ScreenKind.allCases)
        XCTAssertThrowsError(try ScreenKind(compactBytes: "no-such-kind".compactBytes()))
        XCTAssertThrowsError(try Bool(compactBytes: [2]), "a truth value is 0 or 1")
        XCTAssertThrowsError(try [String: Int](compactBytes: [2, 1, 0x61, 2, 1, 0x61, 4]), "a key twice is refused")
        XCTAssertThrowsError(try [Int](compactBytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), "a count larger than the bytes is refused")
    }
}
