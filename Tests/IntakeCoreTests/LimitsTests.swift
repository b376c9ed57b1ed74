import Foundation
import XCTest
@testable import IntakeCore

/// No flow can crash or exhaust intake, and no number can overflow into a wrong answer (issue 18).
final class LimitsTests: XCTestCase {
    /// A small flow of number questions, with `fact` deciding the aggravated outcome.
    func flow(fact: String, invariant: String = "not (big and classification == \"experimental\")",
              bounds: String = "") -> String {
        """
        id: numbers
        title: Numbers
        version: 1.0.0
        start: a
        screens:
          - id: a
            kind: number
            prompt: A?\(bounds)
            next: b
          - id: b
            kind: number
            prompt: B?\(bounds)
            next: done
          - id: done
            kind: end
            prompt: Done.
        facts:
          - id: big
            text: It is big.
            when: \(fact)
        determination:
          rules:
            - when: a > 1000
              classification: aggravated
              outcome21: not-applicable
          otherwise:
            classification: experimental
            outcome21: may-be-considered
        invariants:
          - name: never lenient when big
            when: \(invariant)
            source: test

        """
    }

    func loadError(_ text: String) -> String? {
        do {
            _ = try FlowLoader.load(text: text, file: "limits.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    func testLongFlatChainsAreLoadErrorsNotCrashes() throws {
        // 12,000 `and`s and 30,000 `+`s once overflowed the stack of every pass after the parser.
        let ands = Array(repeating: "a > 1", count: 12_001).joined(separator: " and ")
        XCTAssertTrue(loadError(flow(fact: ands))?.contains("expressions may be at most 2000") ?? false)
        let pluses = Array(repeating: "a", count: 30_001).joined(separator: "+") + " > 1"
        XCTAssertTrue(loadError(flow(fact: pluses))?.contains("expressions may be at most 2000") ?? false)
        // Within the length, the operator count is the limit.
        let many = Array(repeating: "a", count: 202).joined(separator: "+") + " > 1"
        XCTAssertLessThan(many.utf8.count, ExpressionParser.maximumLength)
        XCTAssertTrue(loadError(flow(fact: many))?.contains("more than 200 operators") ?? false, loadError(flow(fact: many)) ?? "loaded")
        let enough = Array(repeating: "a", count: 150).joined(separator: "+") + " > 1"
        XCTAssertNil(loadError(flow(fact: enough)))
    }

    func testNumbersPastTheLimitAreRefusedSoArithmeticCannotOverflow() throws {
        XCTAssertTrue(loadError(flow(fact: "a > 1000000001"))?.contains("numbers in a flow are at most 1,000,000,000") ?? false)
        XCTAssertTrue(loadError(flow(fact: "a + 99999999999999 > 1"))?.contains("too large") ?? false)
        XCTAssertTrue(loadError(flow(fact: "a > 1", bounds: "\n    max: 2000000000"))?.contains("max is 2000000000") ?? false)
        XCTAssertNil(loadError(flow(fact: "a > 1000000000", bounds: "\n    min: -1000000000")))
        let loaded = try FlowLoader.load(text: flow(fact: "a > 1"), file: "limits.yaml")
        XCTAssertEqual(loaded.screen("a")?.problem(with: .number(1_000_000_001)), "the number must be between -1,000,000,000 and 1,000,000,000")
        XCTAssertNil(loaded.screen("a")?.problem(with: .number(-1_000_000_000)))
        // Issue 33, item 13: the edge of the 64-bit range is refused where it is written, never a trap
        // (abs(Int.min) cannot be taken).
        let edge = loadError(flow(fact: "a > 1", bounds: "\n    min: -9223372036854775808"))
        XCTAssertTrue(edge?.contains("min is -9223372036854775808; numbers in a flow are between") ?? false, edge ?? "loaded")
        XCTAssertEqual(loaded.screen("a")?.problem(with: .number(Int.min)), "the number must be between -1,000,000,000 and 1,000,000,000")
        XCTAssertThrowsError(try AnswersFile.parse(text: "a: -9223372036854775808\n", file: "edge.yaml", flow: loaded)) { error in
            XCTAssertEqual("\(error)", "edge.yaml:1:4: error: 'a': the number must be between -1,000,000,000 and 1,000,000,000")
        }
        XCTAssertNotNil(try? AnswersFile.parse(text: "a: 5\n", file: "ok.yaml", flow: loaded))
        // Issue 33, item 9: an answer time in the future is refused, so no record says Given after Finished.
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertThrowsError(try AnswersFile.parse(text: "a: {answer: 5, at: 2099-01-01T00:00:00Z}\n", file: "t.yaml", flow: loaded, now: now)) { error in
            XCTAssertTrue("\(error)".contains("t.yaml:1:20: error: 'a': at: 2099-01-01T00:00:00Z is in the future"), "\(error)")
        }
        XCTAssertNotNil(try? AnswersFile.parse(text: "a: {answer: 5, at: 2027-01-15T07:59:00Z}\n", file: "t.yaml", flow: loaded, now: now))
        // The largest sum an expression can hold is far inside Int: 201 terms of the limit.
        let sum = try ExpressionParser.parse(Array(repeating: "a", count: 201).joined(separator: " + "))
        XCTAssertEqual(Evaluator.evaluate(sum, lookup: { _ in .int(NumberLimit.magnitude) }, answered: { _ in true }), .int(201 * NumberLimit.magnitude))
    }

    func testTheCheckerExploresTheValuesArithmeticOnOneAnswerCuts() throws {
        // Only a = 7 makes it big: the value 7 comes from solving a + 3 == 10.
        let report = FlowChecker.check(try FlowLoader.load(text: flow(fact: "a + 3 == 10"), file: "one.yaml"))
        XCTAssertEqual(report.incomplete, [])
        XCTAssertEqual(report.violations.first?.answers.first { $0.id == "a" }?.value, .number(7))
        // a - 4 > 3 - a  ⇔  2a > 7: a changes at 3.5, so 3 (and its neighbours) are tried.
        XCTAssertEqual(FlowChecker.numberBoundaries(try FlowLoader.load(text: flow(fact: "a - 4 > 3 - a"), file: "t.yaml"))["a"], [3, 1000])
    }

    func testComparingTwoAnswersProvesNothing() throws {
        for fact in ["a + b > 10", "a > b", "a - b == 0"] {
            let report = FlowChecker.check(try FlowLoader.load(text: flow(fact: fact, invariant: "not (a > 1000 and classification == \"experimental\")"),
                                                               file: "two.yaml"))
            XCTAssertEqual(report.proved, [], fact)
            XCTAssertEqual(report.incomplete.count, 1, fact)
            XCTAssertTrue(report.incomplete.first?.message.hasPrefix("check incomplete: '\(fact)' compares two or more number or date answers") ?? false, fact)
            XCTAssertEqual(report.incomplete.first?.location.line, 20, fact)
        }
    }

    func testPastItsBudgetTheCheckStopsAndSaysSo() throws {
        let flow = try FlowLoader.load(text: flow(fact: "a > 2000"), file: "budget.yaml")
        XCTAssertEqual(FlowChecker.check(flow).incomplete, [])
        XCTAssertEqual(FlowChecker.check(flow).proved.count, 1)
        let report = FlowChecker.check(flow, budget: FlowChecker.Budget(states: 2))
        XCTAssertEqual(report.incomplete.map(\.message), ["check incomplete: 2 states explored, budget 2 states; nothing is proved (raise it with --budget, or split the flow)"])
        XCTAssertEqual(report.proved, [])
        XCTAssertEqual(report.problems, [], "nothing is said of paths not explored")
    }

    func testAFileTooLargeIsRefusedBeforeItIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).yaml").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(truncate(path, 1 << 30), 0)  // sparse: 1 GB that takes no disk
        XCTAssertThrowsError(try FlowLoader.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains("the file is 1073741824 bytes; flow files may be at most"), "\(error)")
        }
    }
}
