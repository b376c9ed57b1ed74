import Foundation
import XCTest

/// Issue 36, item 4: each family's letter read as a parent would, against a checklist — plain
/// words, what the decision means, what to do now, support for a family, the officer's contact —
/// and each child's letter fitting that child's part in the case.
final class LetterReviewTests: XCTestCase {
    var officer: OfficerHome!
    var supervisor: String!
    var home: URL { officer.url }
    var env: [String: String] { officer.env }
    let facts = Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path
    let agree = Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path

    override func setUpWithError() throws {
        officer = try OfficerHome("letters")
        supervisor = try officer.supervisor()
    }

    override func tearDownWithError() throws { officer.remove() }

    func saved(_ result: Binary.Result) throws -> String { try OfficerHome.saved(result) }

    enum Part { case recorded, affected, next }

    /// The checklist every letter passes, whatever the case: the points of issue 36, item 4.
    func review(_ letter: String, child: String, part: Part, offence: String, others: [String],
                file: StaticString = #filePath, line: UInt = #line) {
        // Read as words, not as lines: wrapping is the printer's business.
        let words = letter.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        func has(_ text: String, _ why: String) { XCTAssertTrue(words.contains(text), "\(why): \(text)\n\(letter)", file: file, line: line) }
        func hasNot(_ text: String, _ why: String) { XCTAssertFalse(words.contains(text), "\(why): \(text)\n\(letter)", file: file, line: line) }
        let title = letter.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertFalse(title.contains("OUTCOME 21"), "a title never uses a code the family has not been told: \(title)", file: file, line: line)
        has("For: \(child), and their parent or carer", "addressed to the child's family")
        has("WHAT HAPPENED ", "what happened, in plain words")
        has("nude or semi-nude images", "what happened, in plain words")
        has("WHAT THE POLICE HAVE DECIDED ", "what the police decided")
        // What the family should do now.
        has("WHAT TO DO NOW ", "what to do now")
        has("Do not look at", "do not share")
        has("send them on", "do not share")
        has("Report Remove", "how to get an image removed")
        // Support for families, and none meant for professionals.
        for family in ["Childline", "0800 1111", "NSPCC helpline", "0808 800 5000", "Meic", "080880 23456"] { has(family, "support for families") }
        for professional in ["Professionals Online Safety Helpline", "CEOP (National Crime Agency)"] { hasNot(professional, "a helpline for professionals") }
        // How to reach the officer.
        has("Contact: 01632 960", "the officer's contact")
        has("Please quote the crime reference", "how to ask a question")
        hasNot("draft", "no draft banner in a letter")
        hasNot("DRAFT", "no draft banner in a letter")
        for other in others { hasNot(other, "names nobody else") }
        switch part {
        case .recorded:
            has("WHAT OUTCOME 21 MEANS ", "what Outcome 21 means")
            has("does not give \(child) a criminal record", "no criminal record")
            has("enhanced criminal record check", "when it could appear in a check")
            has("against the offence of \(offence)", "the offence is named beside the child the crime report names")
            has("Delete every copy", "delete copies")
            has("Stop It Now", "help with one's own behaviour, for this family only")
        case .affected, .next:
            hasNot("against the offence", "a child not recorded as a suspect is never named against an offence")
            hasNot(offence, "nor is the offence set beside their name")
            has("\(child) is not accused of anything", "said plainly")
            hasNot("Stop It Now", "help with one's own behaviour is not for this family")
            if part == .affected {
                has("Delete every copy", "delete copies")
                has("will take no further action", "the decision")
            } else {
                XCTAssertTrue(title.hasSuffix("WHAT HAPPENS NEXT"), title, file: file, line: line)
                hasNot("Outcome 21", "an aggravated case is not Outcome 21")
                has("fuller police investigation", "what happens next")
                has("ask before you delete anything", "evidence: ask before deleting")
                has("keep you informed", "the family kept informed")
            }
        }
    }

    func testAnOutcome21CaseGivesEachFamilyTheLetterThatFitsItsChild() throws {
        let r1 = try saved(try Binary.run(["run", "--answers", Binary.operational("facts-unknown")], environment: env))
        let r2 = try saved(try Binary.run(["update", r1, "--answers", facts], environment: env))
        XCTAssertEqual(try Binary.run(["review", r2, "--key", supervisor, "--answers", agree], environment: env).status, 0)
        let folder = home.appendingPathComponent("letters")
        let written = try Binary.run(["notice", r2, "--output", folder.path], environment: env)
        XCTAssertEqual(written.status, 0, written.stderr)
        let id = URL(fileURLWithPath: r2).deletingPathExtension().lastPathComponent
        let amira = try String(contentsOf: folder.appendingPathComponent("\(id)-notice-1.txt"), encoding: .utf8)
        let joel = try String(contentsOf: folder.appendingPathComponent("\(id)-notice-2.txt"), encoding: .utf8)
        // Amira is the girl pictured: not a suspect, never named against the offence.
        review(amira, child: "Amira Khan", part: .affected, offence: "Distributing an indecent image of a child", others: ["Joel", "Price"])
        // Joel is the one the crime report records: the Outcome 21 letter, explained.
        review(joel, child: "Joel Price", part: .recorded, offence: "Distributing an indecent image of a child", others: ["Amira", "Khan"])
    }

    /// Safeguarding first: when telling a parent would put the child at risk, no family of the case
    /// gets a letter, whatever the review said (the flow's notice `withhold:` rule).
    func testNoLetterGoesOutWhenTellingTheParentsWouldPutTheChildAtRisk() throws {
        let atRisk = try String(contentsOfFile: Binary.operational("coercion"), encoding: .utf8)
            .replacingOccurrences(of: "  inform_parents: told\n",
                                  with: "  inform_parents: not-told-risk\n  parents_risk: |\n    Her father has threatened her; her aunt is told instead.\n")
        let r2 = try saved(try Binary.run(["run", "--answers", try Binary.temporaryFile("risk.yaml", atRisk)], environment: env))
        XCTAssertEqual(try Binary.run(["review", r2, "--key", supervisor, "--answers", agree], environment: env).status, 0)
        for args in [["--child", "Child A"], ["--output", home.appendingPathComponent("letters").path]] {
            let refused = try Binary.run(["notice", r2] + args, environment: env)
            XCTAssertEqual(refused.status, 1, refused.stdout)
            XCTAssertTrue(refused.stderr.contains("no letter goes to any family of"), refused.stderr)
            XCTAssertTrue(refused.stderr.contains("would put the child at further risk [inform_parents]"), refused.stderr)
            XCTAssertEqual(refused.stdout, "")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent("letters").path), "nothing written")
    }

    func testAnAggravatedCaseTellsTheHarmedChildsFamilyWhatHappensNextOnceAgreed() throws {
        let answers = try String(contentsOfFile: Binary.operational("coercion"), encoding: .utf8)
            .replacingOccurrences(of: "  notice_children: |\n    Child A\n", with: "  notice_children: |\n    Child A\n    Child B\n")
        let r1 = try saved(try Binary.run(["run", "--answers", try Binary.temporaryFile("coercion.yaml", answers)], environment: env))
        XCTAssertTrue(try String(contentsOfFile: r1, encoding: .utf8).contains("[aggravated]\n"))
        let before = try Binary.run(["notice", r1, "--child", "Child A"], environment: env)
        XCTAssertEqual(before.status, 1)
        XCTAssertTrue(before.stderr.contains("is awaiting senior review: nothing goes to a family before a senior officer agrees"), before.stderr)
        XCTAssertEqual(before.stdout, "")

        XCTAssertEqual(try Binary.run(["review", r1, "--key", supervisor, "--answers", agree], environment: env).status, 0)
        let harmed = try Binary.run(["notice", r1, "--child", "Child A"], environment: env)
        XCTAssertEqual(harmed.status, 0, harmed.stderr)
        review(harmed.stdout, child: "Child A", part: .next, offence: "Making and distributing indecent images of a child", others: ["Child B"])
        // The child recorded as a suspect: their family hears from the investigating officer.
        let suspect = try Binary.run(["notice", r1, "--child", "Child B"], environment: env)
        XCTAssertEqual(suspect.status, 1)
        XCTAssertTrue(suspect.stderr.contains("no letter for Child B: recorded as a suspect in a case that goes further"), suspect.stderr)
        XCTAssertEqual(suspect.stdout, "")
        // Writing them all: Child A's is written, Child B's is said with its reason, and the run fails.
        let folder = home.appendingPathComponent("letters")
        let all = try Binary.run(["notice", r1, "--output", folder.path], environment: env)
        XCTAssertEqual(all.status, 1, all.stderr)
        XCTAssertTrue(all.stdout.contains("the letter for Child A"), all.stdout)
        XCTAssertTrue(all.stderr.contains("no letter for Child B"), all.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().count, 2, "one letter, text and HTML")
    }

    func testAWelshLetterComesOnlyFromApprovedWelshOrInEnglishSayingTheFamilysChoice() throws {
        let r1 = try saved(try Binary.run(["run", "--answers", Binary.operational("facts-unknown")], environment: env))
        let welshFamily = try Binary.temporaryFile("facts-cy.yaml", try String(contentsOfFile: facts, encoding: .utf8) + "family_language: cy\n")
        let r2 = try saved(try Binary.run(["update", r1, "--answers", welshFamily], environment: env))
        XCTAssertEqual(try Binary.run(["review", r2, "--key", supervisor, "--answers", agree], environment: env).status, 0)
        // The shipped Welsh is a draft: no letter from it, and the refusal says what to do.
        let refused = try Binary.run(["notice", r2, "--child", "Amira Khan"], environment: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("is a draft here, not approved"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--lang en") && refused.stderr.contains("intake flows approve"), refused.stderr)
        XCTAssertEqual(refused.stdout, "")
        // In English, the letter says the family asked for Welsh.
        let english = try Binary.run(["notice", r2, "--child", "Amira Khan", "--lang", "en"], environment: env)
        XCTAssertEqual(english.status, 0, english.stderr)
        XCTAssertTrue(english.stdout.contains("You asked for letters in Welsh."), english.stdout)
        review(english.stdout, child: "Amira Khan", part: .affected, offence: "Distributing an indecent image of a child", others: ["Joel"])
        // Once the force's Welsh reviewer approves the Welsh, the family's choice is followed.
        let flow = try Binary.approvedWelsh(in: home.appendingPathComponent("own"), env: env)
        let welsh = try Binary.run(["notice", r2, "--child", "Amira Khan", "--flow", flow], environment: env)
        XCTAssertEqual(welsh.status, 0, welsh.stderr)
        let welshWords = welsh.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in ["YNGLŶN Â AMIRA KHAN: PENDERFYNIAD YR HEDDLU", "At: Amira Khan, a'u rhiant neu ofalwr", "Nid oes neb yn cyhuddo Amira Khan o ddim",
                         "na fydd yr heddlu'n cymryd camau pellach", "BETH I'W WNEUD NAWR", "Meic"] {
            XCTAssertTrue(welshWords.contains(expected), "\(expected)\n\(welsh.stdout)")
        }
        for absent in ["Drafft", "drafft", "draft", "You asked for letters", "Joel"] {
            XCTAssertFalse(welsh.stdout.contains(absent), "\(absent)\n\(welsh.stdout)")
        }
    }
}
