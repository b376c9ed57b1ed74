import XCTest
@testable import IntakeCore

final class ExpressionTests: XCTestCase {
    let env = TypeEnvironment(
        names: ["adult": .tri, "age": .int, "who": .choice(["school", "parent"]), "harms": .set(["online", "threat"]),
                "note": .text, "risky": .bool],
        questions: ["adult", "age", "who", "harms", "note"])

    func parse(_ text: String) throws -> Expr { try ExpressionParser.parse(text) }

    func value(_ text: String, _ values: [String: Value], answered: Set<String> = []) throws -> Value {
        Evaluator.evaluate(try parse(text), lookup: { values[$0] ?? .unknown }, answered: { answered.contains($0) })
    }

    func testPrecedenceOrIsLooserThanAndAndNot() throws {
        let expr = try parse("not risky or adult == yes and age < 13")
        guard case .binary(.or, .not, .binary(.and, _, _, _), _) = expr else { return XCTFail("\(expr)") }
        XCTAssertEqual(try value("false or true and false", [:]), .bool(false))
        XCTAssertEqual(try value("(false or true) and true", [:]), .bool(true))
    }

    func testArithmeticAndComparison() throws {
        XCTAssertEqual(try value("age + 2 - 1 >= 14", ["age": .int(13)]), .bool(true))
        XCTAssertEqual(try value("age - 20 < -5", ["age": .int(13)]), .bool(true))
        XCTAssertEqual(try value("age + 1", ["age": .unknown]), .unknown)
    }

    func testInWithListsAndMultipleChoices() throws {
        XCTAssertEqual(try value("who in [\"school\", \"parent\"]", ["who": .string("parent")]), .bool(true))
        XCTAssertEqual(try value("\"online\" in harms", ["harms": .set(["online"])]), .bool(true))
        XCTAssertEqual(try value("\"threat\" in harms", ["harms": .set(["online"])]), .bool(false))
        XCTAssertEqual(try value("adult in [yes, unknown]", ["adult": .unknown]), .bool(true))
        XCTAssertEqual(try value("adult in [yes, unknown]", ["adult": .tri(false)]), .bool(false))
    }

    /// Unknown is strict: only `== unknown` (and `in [.., unknown]`) can hold for an unknown fact.
    func testUnknownSemantics() throws {
        let unknown: [String: Value] = ["adult": .unknown, "age": .unknown]
        XCTAssertEqual(try value("adult == unknown", unknown), .bool(true))
        XCTAssertEqual(try value("adult == yes", unknown), .bool(false))
        XCTAssertEqual(try value("adult == no", unknown), .bool(false))
        XCTAssertEqual(try value("adult != no", unknown), .bool(true))
        XCTAssertEqual(try value("age < 13", unknown), .bool(false))
        XCTAssertEqual(try value("age >= 13", unknown), .bool(false))
        XCTAssertEqual(try value("not (adult == yes)", unknown), .bool(true))
        XCTAssertEqual(try value("answered(adult)", unknown, answered: ["adult"]), .bool(true))
        XCTAssertEqual(try value("answered(adult)", unknown), .bool(false))
    }

    func testSyntaxErrorsPointAtTheirOffset() {
        let cases: [(String, Int, String)] = [
            ("adult = yes", 6, "a single = is not an operator"),
            ("adult == yes and", 16, "the expression ends too early"),
            ("(adult == yes", 13, "expected ) to close the ( at column 1"),
            ("adult == yes yes", 13, "unexpected 'yes' after a complete expression"),
            ("adult && risky", 6, "& is not an operator"),
            ("\"open", 0, "this string is not closed"),
            ("age < 3 < 4", 8, "comparisons cannot be chained"),
            ("", 0, "the expression is empty"),
            ("answered(yes)", 9, "answered needs a question id"),
            ("age == 99999999999999999999", 7, "is too large"),
            ("who == #", 7, "unexpected character '#'"),
        ]
        for (text, offset, message) in cases {
            XCTAssertThrowsError(try ExpressionParser.parse(text), text) { error in
                let e = error as? ExpressionError
                XCTAssertEqual(e?.offset, offset, text)
                XCTAssertTrue(e?.message.contains(message) ?? false, "\(text): \(e?.message ?? "")")
            }
        }
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "(", count: 500) + "risky" + String(repeating: ")", count: 500)
        XCTAssertThrowsError(try ExpressionParser.parse(deep)) { error in
            XCTAssertTrue((error as? ExpressionError)?.message.contains("nests more than 64") ?? false)
        }
        let nots = String(repeating: "not ", count: 10_000) + "risky"
        XCTAssertThrowsError(try ExpressionParser.parse(nots))
        XCTAssertNoThrow(try ExpressionParser.parse(String(repeating: "(", count: 30) + "risky" + String(repeating: ")", count: 30)))
    }

    func testTypeErrors() throws {
        let cases: [(String, String)] = [
            ("adult", "this must be a condition, but it is a yes/no/unknown answer"),
            ("adult == 3", "cannot compare a yes/no/unknown answer with a number"),
            ("who == \"scool\"", "\"scool\" is not one of the choices (parent, school)"),
            ("age < adult", "< compares two numbers or two date-times"),
            ("risky and adult", "and joins conditions, but this is a yes/no/unknown answer"),
            ("adlt == yes", "'adlt' is not a question or fact of this flow"),
            ("answered(risky)", "answered(risky) needs a question"),
            ("age + who == 3", "+ works on numbers"),
            ("age in note", "in needs a list [a, b] or a multiple-choice answer on its right"),
            ("3 in harms", "only a choice value can be in a multiple choice"),
            ("not age", "not needs a condition"),
        ]
        for (text, message) in cases {
            let expr = try parse(text)
            XCTAssertThrowsError(try TypeChecker.checkCondition(expr, in: env), text) { error in
                XCTAssertTrue((error as? ExpressionError)?.message.contains(message) ?? false,
                              "\(text): \((error as? ExpressionError)?.message ?? "")")
            }
        }
        XCTAssertEqual((try? TypeChecker.typeOf(try parse("adlt"), env)).debugDescription, "nil")
    }

    func testWellTypedConditionsPass() throws {
        for text in ["adult == yes", "adult == unknown", "who == \"school\"", "\"online\" in harms", "age + 1 > 13",
                     "risky or not (adult in [yes, unknown])", "answered(note) and note != \"\"", "who in [\"school\"]"] {
            XCTAssertNoThrow(try TypeChecker.checkCondition(try parse(text), in: env), text)
        }
    }

    func testMisspeltNamesGetSuggestions() throws {
        XCTAssertThrowsError(try TypeChecker.checkCondition(try parse("adlt == yes"), in: env)) { error in
            XCTAssertEqual((error as? ExpressionError)?.hint, "did you mean adult?")
        }
    }
}
