import Foundation
import XCTest
@testable import IntakeCore

/// Issue 30's engine rules: people as rows with their parts, one reading of an answers file for
/// `assess` and `run`, the police's own research never taken from another flow, the family's language.
final class EveryChildTests: XCTestCase {
    func bundled(_ name: String = "initial-response") throws -> Flow {
        try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/\(name).yaml").path)
    }

    // MARK: people rows

    func testRowsReadNameAgeRolesAndSuspicion() throws {
        let rows = try PeopleRows.parse("Child A; 15; pictured, sent\n\n  Child B ; ? ; received / suspect ; suspect\nAdult X; 23; involved").get()
        XCTAssertEqual(rows, [
            PersonRow(name: "Child A", age: 15, roles: [.pictured, .sent], recordedSuspect: false),
            PersonRow(name: "Child B", age: nil, roles: [.received, .suspect], recordedSuspect: true),
            PersonRow(name: "Adult X", age: 23, roles: [.involved], recordedSuspect: false),
        ])
        // Welsh words for the parts are read as the same values.
        XCTAssertEqual(try PeopleRows.parse("Plentyn A; 14; llun, anfon").get().first?.roles, [.pictured, .sent])
    }

    func testEachBadRowIsRefusedAtItsLineSayingWhatToWrite() {
        func problem(_ text: String) -> String? { PeopleRows.problem(text, in: .en, required: true) }
        XCTAssertEqual(problem("Child A; 15"), "line 1: a row needs name; age; roles")
        XCTAssertEqual(problem("Child A; 15; pictured\n; 14; sent"), "line 2: the row needs a name first")
        XCTAssertEqual(problem("Child A; fifteen; pictured"), "line 1: 'fifteen' is not an age; give years, or ?")
        XCTAssertEqual(problem("Child A; 300; pictured"), "line 1: '300' is not an age; give years, or ?")
        XCTAssertEqual(problem("Child A; 15; victim"), "line 1: 'victim' is not one of the roles listed")
        XCTAssertEqual(problem("Child A; 15; sent; maybe"), "line 1: 'maybe': write suspect, or leave it out")
        XCTAssertEqual(problem("\n \n"), "add at least one person, one row a line")
        XCTAssertNil(PeopleRows.problem("", in: .en, required: false))
        XCTAssertTrue(PeopleRows.problem("Plentyn A; 15", in: .cy, required: true)?.hasPrefix("llinell 1:") ?? false)
    }

    /// Victims are not suspects: a child who is only the one pictured cannot be recorded as a suspect.
    func testTheChildPicturedAloneIsNeverASuspect() throws {
        XCTAssertEqual(PeopleRows.problem("Child A; 15; pictured; suspect", in: .en, required: true),
                       "line 1: Child A is only pictured: a victim, not a suspect")
        XCTAssertNil(PeopleRows.problem("Child A; 15; pictured, sent; suspect", in: .en, required: true))
        // And the screen says so when the answer is given.
        let screen = try XCTUnwrap(try bundled().screen("people_involved"))
        XCTAssertEqual(screen.kind, .people)
        XCTAssertNotNil(screen.problem(with: .text("Child A; 15; pictured; suspect")))
        XCTAssertNil(screen.problem(with: .text("Child A; 15; pictured")))
    }

    // MARK: one reading for assess and run

    func testAnAnswerThePathNeverAsksIsRefusedWhereItIsWritten() throws {
        let flow = try bundled()
        let text = "immediate_danger: no\nadult_involved: no\nseize_devices: done\n"
        let file = try AnswersFile.parse(text: text, file: "a.yaml", flow: flow)
        XCTAssertThrowsError(try file.onPath(flow, file: "a.yaml")) { error in
            let diagnostics = (error as! FlowError).diagnostics
            XCTAssertEqual(diagnostics.map(\.location.line), [3])
            XCTAssertEqual(diagnostics.first?.message, "'seize_devices' is answered, but the path these answers take never asks it")
        }
        // Without it, the file is read, and only its answers on the path are used.
        let used = try AnswersFile.parse(text: "immediate_danger: no\nadult_involved: no\n", file: "b.yaml", flow: flow).onPath(flow, file: "b.yaml")
        XCTAssertEqual(used, ["immediate_danger": .tri(false), "adult_involved": .tri(false)])
    }

    /// An image shared without permission is beyond the child's control: "not online" then contradicts it.
    func testAnAnswerSetThatContradictsItselfIsRefused() throws {
        let flow = try bundled()
        let text = "shared_without_permission: yes\nshared_online: no\n"
        let file = try AnswersFile.parse(text: text, file: "c.yaml", flow: flow)
        XCTAssertThrowsError(try file.onPath(flow, file: "c.yaml")) { error in
            let diagnostic = (error as! FlowError).diagnostics.first
            XCTAssertEqual(diagnostic?.location.line, 2)
            XCTAssertTrue(diagnostic?.message.contains("beyond their control") ?? false, diagnostic?.message ?? "")
        }
        let agreeing = try AnswersFile.parse(text: "shared_without_permission: yes\nshared_online: yes\n", file: "d.yaml", flow: flow)
        let used = try agreeing.onPath(flow, file: "d.yaml")
        let actions = Determiner.determine(flow, answers: used).actions.map(\.id)
        XCTAssertTrue(actions.contains("removal-request") && actions.contains("caid-referral"), "\(actions)")
    }

    // MARK: the police's own research

    func testASchoolsAnswerToAPoliceOnlyQuestionIsShownNeverOffered() throws {
        let police = try bundled(), school = try bundled("school-incident")
        let plan = try XCTUnwrap(Carry.plan(into: police, from: school,
                                            answers: ["previous_concerns": .tri(false), "adult_involved": .tri(false)]))
        XCTAssertEqual(plan.proposals.map(\.id), ["adult_involved"])
        let left = try XCTUnwrap(plan.left.first { $0.id == "previous_concerns" })
        XCTAssertTrue(left.why.contains("only this interview's own research answers it; school-incident said: No"), left.why)
    }

    func testAPupilsListThatReadsAsRowsIsOfferedAndOneThatDoesNotIsSaidSo() throws {
        let police = try bundled(), school = try bundled("school-incident")
        let rows = try XCTUnwrap(Carry.plan(into: police, from: school, answers: ["pupils_involved": .text("Pupil A; 14; pictured")]))
        XCTAssertEqual(rows.proposals.map(\.id), ["people_involved"])
        let prose = try XCTUnwrap(Carry.plan(into: police, from: school, answers: ["pupils_involved": .text("Pupil A, 14, in the picture")]))
        XCTAssertEqual(prose.proposals.map(\.id), [])
        XCTAssertEqual(prose.left.first?.id, "people_involved")
    }

    func testOwnResearchAndTheNoticeLanguageMustNameRealScreens() throws {
        var text = try String(contentsOfFile: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path, encoding: .utf8)
        text = text.replacingOccurrences(of: "own-research: [previous_concerns]", with: "own-research: [previous_concern]")
            .replacingOccurrences(of: "  language: family_language\n", with: "  language: reported_by\n")
        XCTAssertThrowsError(try FlowLoader.load(text: text, file: "f.yaml")) { error in
            let messages = (error as! FlowError).diagnostics.map(\.message)
            XCTAssertTrue(messages.contains { $0.contains("'previous_concern' under own-research, which is not a screen") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.contains("the notice's language must name a choice screen whose values are en, cy or both") }, "\(messages)")
        }
        XCTAssertEqual(try bundled().notice?.language, "family_language")
    }

    // MARK: the review

    /// The force's minimum for a reviewer is the flow's own rule: removed, the checker catches it.
    func testTheReviewersRankIsTheForcesMinimumAndBreakingItIsCaught() throws {
        let path = LoaderTests.repositoryRoot.appendingPathComponent("flows/supervisor-review.yaml").path
        let flow = try FlowLoader.load(path: path)
        let role = try XCTUnwrap(flow.screen("reviewer_role"))
        XCTAssertNotNil(role.problem(with: .choice("constable")))
        XCTAssertNil(role.problem(with: .choice("sergeant")))
        XCTAssertEqual(FlowChecker.check(flow).violations, [])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let weakened = text.replacingOccurrences(of: "      - when: value in [\"sergeant\",", with: "      - when: value in [\"constable\", \"sergeant\",")
        XCTAssertNotEqual(weakened, text)
        let violations = FlowChecker.check(try FlowLoader.load(text: weakened, file: "weak.yaml")).violations
        XCTAssertEqual(violations.map(\.name), ["only a reviewer who meets the force's minimum can agree"])
        XCTAssertTrue(violations.first?.answersFile.contains("reviewer_role: constable") ?? false)
    }
}
