import Foundation
import XCTest
@testable import IntakeCore

/// Issue 35, items 1–3: "not yet" is not "not done", only what can be answered is asked, and an
/// officer may finish at first contact with the rest carried as the case's to-do list.
final class FirstContactTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    var flow: Flow!

    override func setUpWithError() throws {
        flow = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path)
    }

    func scenarios() throws -> [(name: String, answers: AnswersFile)] {
        let folder = LoaderTests.repositoryRoot.appendingPathComponent("flows/scenarios")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().compactMap { name in
            let path = folder.appendingPathComponent(name).path
            // The review's scenarios are another flow's (and another shape): only this flow's are played.
            guard (try? Scenario.load(path: path))?.flow == flow.id else { return nil }
            return (name, try AnswersFile.load(path: path, flow: flow, now: t0))
        }
    }

    func interview(_ file: AnswersFile) -> Interview {
        var i = Interview(flow: flow, startedAt: t0)
        Prefill.apply(file, to: &i, at: t0)
        return i
    }

    /// Every checklist the determination waits for: "not yet" holds Outcome 21 back exactly as "not
    /// done" does, with no reason asked for it and the step on the to-do list.
    func testNotYetHoldsTheOutcomeBackAsNotDoneDoesWithoutAReason() throws {
        let experimental = try XCTUnwrap(try scenarios().first { $0.name == "experimental.yaml" }).answers
        XCTAssertEqual(interview(experimental).determination.outcome21, .mayBeConsidered, "the control case proposes Outcome 21")
        let steps = flow.determination.prerequisites.map(\.id).filter { id in
            flow.screen(id)?.kind == .checklist && experimental.values[id] != nil
        }
        XCTAssertGreaterThanOrEqual(steps.count, 5, "\(steps)")
        for step in steps {
            var notYet = experimental, notDone = experimental
            let i = try XCTUnwrap(notYet.entries.firstIndex { $0.id == step })
            notYet.entries[i].value = .checklist(.notYet, reason: nil)
            notDone.entries[i].value = .checklist(.notDone, reason: "it failed")
            // An answer the path no longer asks (what the checks show, before they are done) drops out.
            let a = interview(notYet), b = interview(notDone)
            XCTAssertNil(flow.screen(step)!.problem(with: .checklist(.notYet, reason: nil)), "no reason asked: \(step)")
            XCTAssertNotNil(flow.screen(step)!.problem(with: .checklist(.notDone, reason: nil)), "not done needs a reason: \(step)")
            XCTAssertEqual(a.result[step], .checklist(.notYet, reason: nil), step)
            XCTAssertNotEqual(a.determination.outcome21, .mayBeConsidered, step)
            XCTAssertEqual(a.determination.outcome21, b.determination.outcome21, step)
            XCTAssertEqual(a.determination.classification, b.determination.classification, step)
            XCTAssertEqual(a.determination.outstanding, b.determination.outstanding, step)
            let toDo = ToDo.items(flow, answers: a.result, determination: a.determination).map(\.id)
            XCTAssertTrue(toDo.contains(step), "\(step) is on the to-do list: \(toDo)")
        }
    }

    /// A step the determination does not wait for, answered "not yet", is on the list all the same:
    /// the list is the case's, not only Outcome 21's.
    func testEveryStepNotYetDoneIsOnTheList() throws {
        var file = try XCTUnwrap(try scenarios().first { $0.name == "experimental.yaml" }).answers
        for step in ["vpa", "educational_conversation"] {
            XCTAssertFalse(flow.determination.prerequisites.contains { $0.id == step }, step)
            let i = try XCTUnwrap(file.entries.firstIndex { $0.id == step }, step)
            file.entries[i].value = .checklist(.notYet, reason: nil)
        }
        let i = interview(file)
        XCTAssertTrue(i.isComplete)
        let toDo = ToDo.items(flow, answers: i.result, determination: i.determination)
        XCTAssertEqual(toDo.map(\.id), ["educational_conversation", "vpa"], "in the flow's order: \(toDo)")
        XCTAssertEqual(toDo.last?.text, flow.screen("vpa")?.prompt)
        XCTAssertTrue(Summary.lines(i.determination, flow: flow, answers: i.result).contains("  - \(flow.screen("vpa")!.prompt) [vpa]"))
    }

    /// Item 2: a question whose step is not done is not asked, and waits on the to-do list, worded.
    func testAQuestionWaitsForItsStep() throws {
        let waiting = ["record_crime": ["crime_reference", "crime_type"], "background_checks": ["previous_concerns"],
                       "cp_referral": ["child_needs_support", "strategy_outcome"]]
        for (step, questions) in waiting {
            for q in questions { XCTAssertEqual(flow.screen(q)?.waitsFor, step, q) }
        }
        var file = AnswersFile(entries: [("intro", .acknowledged), ("immediate_danger", .tri(false)), ("self_harm_concern", .tri(false)),
                                         ("record_crime", .checklist(.notYet, reason: nil))])
        var i = interview(file)
        XCTAssertEqual(i.current, "officer_name", "the reference and the offence are not asked before the crime is recorded")
        var toDo = ToDo.items(flow, answers: i.result, determination: i.determination)
        let reference = try XCTUnwrap(toDo.first { $0.id == "crime_reference" })
        XCTAssertTrue(reference.text.contains("once this is done: Record the report as a crime"), reference.text)
        XCTAssertEqual(toDo.first?.id, "record_crime", "in the flow's order: the step first")
        // Once it is done, they are asked.
        file.entries[3].value = .checklist(.done, reason: nil)
        i = interview(file)
        XCTAssertEqual(i.current, "crime_reference")
        toDo = ToDo.items(flow, answers: i.result, determination: i.determination)
        XCTAssertFalse(toDo.contains { $0.id == "crime_reference" || $0.id == "record_crime" }, "\(toDo)")
        // An answers file that answers a waiting question says which step it waits for, where.
        let early = try AnswersFile.parse(text: "background_checks: not-yet\nprevious_concerns: no\n", file: "a.yaml", flow: flow)
        XCTAssertThrowsError(try early.onPath(flow, file: "a.yaml")) { error in
            XCTAssertTrue("\(error)".contains("a.yaml:2:1: error: 'previous_concerns' is answered, but it waits for 'background_checks'"), "\(error)")
        }
    }

    /// Item 3: finishing at first contact signs a complete interview; Outcome 21 is never proposed
    /// from it, and its to-do list carries on from the point.
    func testFinishingAtFirstContactIsCompleteAndCarriesTheRest() throws {
        let point = try XCTUnwrap(flow.firstContact)
        for (name, full) in try scenarios() where full.values[point.question] != nil {
            let before = try answersBefore(point.question, in: full)
            let first = interview(AnswersFile(entries: before + [(point.question, .choice(point.answer))]))
            XCTAssertTrue(first.isComplete, name)
            XCTAssertNotEqual(first.determination.outcome21, .mayBeConsidered, name)
            let toDo = ToDo.items(flow, answers: first.result, determination: first.determination).map(\.id)
            XCTAssertTrue(toDo.contains(point.question), "\(name): \(toDo)")
            if first.determination.classification != "aggravated" {
                XCTAssertTrue(toDo.contains("background_checks"), "\(name): the checks are still to do: \(toDo)")
            }
        }
    }

    /// Done when: the determination is unchanged for the same final facts — every teaching scenario
    /// played straight through, and as a first-contact record followed up to the same answers.
    func testEveryScenarioDecidesTheSameBothWays() throws {
        let point = try XCTUnwrap(flow.firstContact)
        var played = 0
        for (name, full) in try scenarios() where full.values[point.question] != nil {
            let straight = interview(full)
            XCTAssertTrue(straight.isComplete, name)
            var later = interview(AnswersFile(entries: try answersBefore(point.question, in: full) + [(point.question, .choice(point.answer))]))
            XCTAssertTrue(later.isComplete, name)
            Prefill.overlay(full, on: &later, at: t0.addingTimeInterval(86_400))
            XCTAssertTrue(later.isComplete, name)
            XCTAssertEqual(later.result, straight.result, name)
            XCTAssertEqual(later.determination, straight.determination, name)
            XCTAssertTrue(later.audit.contains { $0.question == point.question }, "\(name): the change is in the audit")
            played += 1
        }
        XCTAssertGreaterThanOrEqual(played, 8, "every initial-response scenario is played")
    }

    /// The answers the path asks before `question`, in path order.
    func answersBefore(_ question: String, in file: AnswersFile) throws -> [(id: String, value: AnswerValue)] {
        let path = interview(file).path
        let index = try XCTUnwrap(path.firstIndex(of: question))
        let values = file.values
        return path[..<index].compactMap { id in values[id].map { (id, $0) } }
    }

    /// `intake run --first-contact`: the answer is added; a different one, or answers that stop
    /// before the point, are refused where they are.
    func testFinishingFromAFileNeedsEveryAnswerUpToThePoint() throws {
        let full = try XCTUnwrap(try scenarios().first { $0.name == "experimental.yaml" }).answers
        let before = AnswersFile(entries: try answersBefore("first_contact", in: full))
        let finished = try before.finishingAtFirstContact(flow, file: "a.yaml")
        XCTAssertTrue(interview(finished).isComplete)
        XCTAssertEqual(finished.values["first_contact"], .choice("finish"))
        var short = before
        short.entries.removeAll { $0.id == "coercion" }
        XCTAssertThrowsError(try short.finishingAtFirstContact(flow, file: "a.yaml")) { error in
            XCTAssertTrue("\(error)".contains("the answers stop at 'coercion'"), "\(error)")
        }
        var other = before
        other.entries.append(("first_contact", .choice("carry-on")))
        XCTAssertThrowsError(try other.finishingAtFirstContact(flow, file: "a.yaml")) { error in
            XCTAssertTrue("\(error)".contains("not 'finish'"), "\(error)")
        }
        XCTAssertThrowsError(try full.finishingAtFirstContact(flow, file: "a.yaml"), "answers after the point are not asked")
    }

    /// `waits-for` is proved, not trusted: a flow whose branch no longer routes past the question
    /// fails `flows check` at the `waits-for:` line, with answers that show it.
    func testAQuestionAskedBeforeItsStepIsABrokenInvariant() throws {
        let text = try String(contentsOf: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml"), encoding: .utf8)
        XCTAssertTrue(FlowChecker.check(flow).violations.isEmpty)
        let branch = """
                branches:
                  # Only the checks can say what they show: until they are done the question waits on the to-do list.
                  - when: not (background_checks == "done")
                    to: cp_activity

            """
        XCTAssertTrue(text.contains(branch))
        let broken = try FlowLoader.load(text: text.replacingOccurrences(of: branch, with: ""), file: "broken.yaml")
        let violation = try XCTUnwrap(FlowChecker.check(broken).violations.first)
        XCTAssertEqual(violation.name, "previous_concerns is asked only once background_checks is done (waits-for)")
        XCTAssertEqual(violation.location, broken.screen("previous_concerns")?.waitsForLocation)
        XCTAssertTrue(violation.answersFile.contains("previous_concerns:"), violation.answersFile)
    }

    func testTheFlowFormatChecksWaitsForAndFirstContact() throws {
        let text = try String(contentsOf: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml"), encoding: .utf8)
        let notAStep = text.replacingOccurrences(of: "    waits-for: background_checks\n", with: "    waits-for: child_under_13\n")
        XCTAssertThrowsError(try FlowLoader.load(text: notAStep, file: "f.yaml")) { error in
            XCTAssertTrue("\(error)".contains("waits for 'child_under_13', which is a yes-no-unknown screen, not a checklist step"), "\(error)")
        }
        let badAnswer = text.replacingOccurrences(of: "  answer: finish\n", with: "  answer: stop\n")
        XCTAssertThrowsError(try FlowLoader.load(text: badAnswer, file: "f.yaml")) { error in
            XCTAssertTrue("\(error)".contains("first-contact names 'first_contact' with the answer 'stop'"), "\(error)")
        }
    }
}
