import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Issue 19: a case in Welsh from the first record to the family's letter, and the translation
/// checks as `intake flows check` runs them.
final class WelshTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                 "XDG_CACHE_HOME": home.appendingPathComponent("cache").path] }
    var supervisor: String { home.appendingPathComponent("supervisor_key").path }
    var first: String { Binary.operational("facts-unknown") }
    let facts = Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path
    let agree = Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-welsh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC Gwen Jones", "--collar", "1", "--organisation", "Heddlu Dyfed-Powys"], environment: env).status, 0)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Rhingyll Rhys", "--collar", "9", "--organisation", "Heddlu Dyfed-Powys", "--key", supervisor],
                                      environment: env).status, 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func saved(_ result: Binary.Result) throws -> String {
        // Said in the language of the record.
        for prefix in ["Signed record saved: ", "Cofnod wedi'i lofnodi a'i gadw: "] {
            if let line = result.stderr.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) { return String(line.dropFirst(prefix.count)) }
        }
        XCTFail(result.stderr)
        throw CancellationError()
    }

    func testACaseInWelshFromFirstRecordToTheLetterInBothLanguages() throws {
        // The locale chooses Welsh; the record says so, and that its translation is a draft, in both languages.
        let welshRun = try Binary.run(["run", "--answers", first], environment: env.merging(["LANG": "cy_GB.UTF-8"]) { $1 })
        XCTAssertTrue(welshRun.stderr.contains("Cofnod wedi'i lofnodi a'i gadw: "), welshRun.stderr)
        let r1 = try saved(welshRun)
        let body1 = try String(contentsOfFile: r1, encoding: .utf8)
        for expected in ["COFNOD INTAKE — Ymateb cychwynnol", "\nLanguage: cy (Cymraeg), translation initial-response.cy.yaml draft (SHA-256 ",
                         "Drafft yw'r cyfieithiad Cymraeg hwn", "This Welsh translation is a draft", "\nPENDERFYNIAD\n",
                         "Canlyniad 21: yn yr arfaeth", "\nATEBION\n", "  Ateb: Wedi'i gydnabod", "\nI'W SEFYDLU NEU EI WNEUD O HYD, YN Y DREFN HON\n"] {
            XCTAssertTrue(body1.contains(expected), "\(expected)\n\(body1)")
        }
        // What the officer typed stays as typed; the header's keys are the format's.
        XCTAssertTrue(body1.contains("\nCrime reference: CR/0006/26\n"), body1)
        XCTAssertTrue(body1.contains("\nSigning key: 1@heddlu-dyfed-powys "), body1)
        XCTAssertEqual(try Binary.run(["verify", r1], environment: env).status, 0)

        // A follow-up in English of a Welsh record reads its answers back by value.
        let r2 = try saved(try Binary.run(["update", r1, "--answers", facts, "--lang", "en"], environment: env))
        let body2 = try String(contentsOfFile: r2, encoding: .utf8)
        XCTAssertTrue(body2.contains("Outcome 21: proposed, awaiting senior review"), body2)
        XCTAssertFalse(body2.contains("Language: cy"), "an English record names no translation")

        let reviewed = try Binary.run(["review", r2, "--key", supervisor, "--answers", agree, "--lang", "cy"], environment: env)
        XCTAssertEqual(reviewed.status, 0, reviewed.stderr)
        XCTAssertTrue(reviewed.stdout.contains("\nDecision: agreed\n"), reviewed.stdout)
        XCTAssertTrue(reviewed.stdout.contains("Casgliad: Mae'r swyddog sy'n adolygu yn cytuno"), reviewed.stdout)
        XCTAssertEqual(try Binary.run(["verify", r2], environment: env).status, 0)
        let listed = try Binary.run(["records", "--format", "csv"], environment: env)
        XCTAssertTrue(listed.stdout.contains(",agreed,agreed,9@heddlu-dyfed-powys,"), listed.stdout)

        // The shipped Welsh is a draft: a family's letter is never made from it (issue 36).
        let draft = try Binary.run(["notice", r2, "--child", "Amira Khan", "--lang", "cy"], environment: env)
        XCTAssertEqual(draft.status, 1, draft.stdout)
        XCTAssertTrue(draft.stderr.contains("the Welsh wording of initial-response is a draft here"), draft.stderr)
        XCTAssertEqual(draft.stdout, "")

        // The force's Welsh reviewer approves its Welsh: the letter in Welsh, with no banner.
        let flow = try Binary.approvedWelsh(in: home.appendingPathComponent("own"), env: env)
        let welsh = try Binary.run(["notice", r2, "--child", "Amira Khan", "--lang", "cy", "--flow", flow], environment: env)
        XCTAssertEqual(welsh.status, 0, welsh.stderr)
        let words = welsh.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in ["YNGLŶN Â AMIRA KHAN: PENDERFYNIAD YR HEDDLU", "At: Amira Khan, a'u rhiant neu ofalwr",
                         "Cyfeirnod trosedd: CR/0006/26", "Swyddog: PC Gwen Jones (rhif coler 1)", "na fydd yr heddlu'n cymryd camau pellach",
                         "Llinell gymorth NSPCC Cymru"] {
            XCTAssertTrue(words.contains(expected), "\(expected)\n\(welsh.stdout)")
        }
        for absent in ["no further action", "Drafft", "draft"] {
            XCTAssertFalse(welsh.stdout.contains(absent), "\(absent)\n\(welsh.stdout)")
        }

        // The record says the family chose English (facts-unknown asks it): no --lang gives English.
        let chosen = try Binary.run(["notice", r2, "--child", "Amira Khan"], environment: env)
        XCTAssertTrue(chosen.stdout.contains("ABOUT AMIRA KHAN") && !chosen.stdout.contains("YNGLŶN"), chosen.stdout)

        let both = try Binary.run(["notice", r2, "--child", "Amira Khan", "--lang", "both", "--flow", flow], environment: env)
        XCTAssertEqual(both.status, 0, both.stderr)
        let cy = try XCTUnwrap(both.stdout.range(of: "YNGLŶN Â AMIRA KHAN")), en = try XCTUnwrap(both.stdout.range(of: "ABOUT AMIRA KHAN"))
        XCTAssertLessThan(cy.lowerBound, en.lowerBound, "Welsh first")
        XCTAssertFalse(both.stdout.contains("Joel"), "one child's letter, in two languages")
        XCTAssertFalse(both.stdout.contains("You asked for letters"), "both languages given: the family's choice is met")

        let html = try Binary.run(["notice", r2, "--child", "Amira Khan", "--lang", "both", "--html", "--flow", flow], environment: env)
        XCTAssertEqual(html.status, 0, html.stderr)
        let document = try XMLDocument(data: Data(html.stdout.utf8))
        let sections = try document.nodes(forXPath: "//section")
        XCTAssertEqual(sections.compactMap { ($0 as? XMLElement)?.attribute(forName: "lang")?.stringValue }, ["cy-GB", "en-GB"])
        XCTAssertEqual((try document.nodes(forXPath: "/html") .first as? XMLElement)?.attribute(forName: "lang")?.stringValue, "cy-GB")
    }

    /// Issue 30, item 12: the family's choice of language, asked and recorded, is the letter's language
    /// unless the officer asks for another.
    func testTheLetterIsInTheLanguageTheFamilyChose() throws {
        let r1 = try saved(try Binary.run(["run", "--answers", first], environment: env))
        let welshFamily = try Binary.temporaryFile("facts-cy.yaml", try String(contentsOfFile: facts, encoding: .utf8) + "family_language: cy\n")
        let r2 = try saved(try Binary.run(["update", r1, "--answers", welshFamily], environment: env))
        XCTAssertTrue(try String(contentsOfFile: r2, encoding: .utf8).contains("Welsh (Cymraeg)"), "the choice is in the record")
        XCTAssertEqual(try Binary.run(["review", r2, "--key", supervisor, "--answers", agree], environment: env).status, 0)
        // Welsh chosen, and the Welsh here a draft: refused with the way on, never a draft letter.
        let draft = try Binary.run(["notice", r2, "--child", "Amira Khan"], environment: env)
        XCTAssertEqual(draft.status, 1, draft.stdout)
        XCTAssertTrue(draft.stderr.contains("Make it in English with --lang en"), draft.stderr)
        let flow = try Binary.approvedWelsh(in: home.appendingPathComponent("own"), env: env)
        let chosen = try Binary.run(["notice", r2, "--child", "Amira Khan", "--flow", flow], environment: env)
        XCTAssertEqual(chosen.status, 0, chosen.stderr)
        XCTAssertTrue(chosen.stdout.contains("YNGLŶN Â AMIRA KHAN"), chosen.stdout)
        XCTAssertFalse(chosen.stdout.contains("ABOUT AMIRA KHAN"), chosen.stdout)
        let asked = try Binary.run(["notice", r2, "--child", "Amira Khan", "--lang", "en"], environment: env)
        XCTAssertTrue(asked.stdout.contains("ABOUT AMIRA KHAN") && !asked.stdout.contains("YNGLŶN"), asked.stdout)
        XCTAssertTrue(asked.stdout.contains("You asked for letters in Welsh."), "the family's choice is said: \(asked.stdout)")
    }

    /// Issue 33, item 14: a translation that swaps two choices' meanings passes every hash check, so
    /// `flows check` flags labels that collide and `--explain-lang` shows each value beside both
    /// labels; a translation that does not load is said in words at its file:line:col when Welsh is
    /// asked for, never as a Swift dump.
    func testSwappedChoicesAreFlaggedAndABrokenTranslationIsSaidInWords() throws {
        let folder = home.appendingPathComponent("flows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let flow = folder.appendingPathComponent("initial-response.yaml")
        try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("flows/initial-response.yaml"), to: flow)
        let welsh = try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.cy.yaml"), encoding: .utf8)
        let told = "text: Ydyn — maen nhw wedi cael gwybod", toBeTold = "text: Ydyn — byddan nhw'n cael gwybod"
        let swapped = welsh.replacingOccurrences(of: told, with: "@@").replacingOccurrences(of: toBeTold, with: told).replacingOccurrences(of: "@@", with: toBeTold)
        XCTAssertNotEqual(swapped, welsh)
        let cy = folder.appendingPathComponent("initial-response.cy.yaml")
        try swapped.write(to: cy, atomically: true, encoding: .utf8)
        // The hashes still match: only a reader of both languages can tell, and --explain-lang shows them.
        let explained = try Binary.run(["flows", "check", "--load-only", "--explain-lang", "cy", flow.path], environment: env)
        XCTAssertEqual(explained.status, 0, explained.stderr)
        let row = try XCTUnwrap(explained.stdout.split(separator: "\n").first { $0.contains(" told ") }, explained.stdout)
        XCTAssertTrue(row.contains("en: Yes — they have been told  |  cy: Ydyn — byddan nhw'n cael gwybod"), String(row))
        // A Welsh label that is another choice's English is flagged whatever the reader knows.
        let collided = welsh.replacingOccurrences(of: "text: Ydyn — maen nhw wedi cael gwybod", with: "text: Yes — they will be told")
        try collided.write(to: cy, atomically: true, encoding: .utf8)
        let flagged = try Binary.run(["flows", "check", "--load-only", flow.path], environment: env)
        XCTAssertTrue(flagged.stderr.contains("warning: on inform_parents, the Cymraeg of 'told' is 'Yes — they will be told', the English of 'to-be-told': are they swapped?"),
                      flagged.stderr)
        // Broken YAML beside the flow: said at its place, in words.
        try (welsh + "  broken: [1\n").write(to: cy, atomically: true, encoding: .utf8)
        let lines = welsh.split(separator: "\n", omittingEmptySubsequences: false).count
        let run = try Binary.run(["run", "--training", "--flow", flow.path, "--lang", "cy", "--plain"], stdin: "", environment: env)
        XCTAssertTrue(run.stderr.contains("initial-response.cy.yaml:\(lines + 1):1: YAML syntax"), run.stderr)
        XCTAssertFalse(run.stderr.contains("TranslationUnavailable("), run.stderr)
    }

    func testRequireLangMakesAStaleTranslationAnErrorAtItsLine() throws {
        let folder = home.appendingPathComponent("flows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let flow = folder.appendingPathComponent("initial-response.yaml")
        let english = try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.yaml"), encoding: .utf8)
        // The English of one prompt changes after it was translated.
        try english.replacingOccurrences(of: "prompt: Is any child in immediate danger?", with: "prompt: Is any child in danger right now?")
            .write(to: flow, atomically: true, encoding: .utf8)
        let welsh = try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.cy.yaml"), encoding: .utf8)
        try welsh.write(to: folder.appendingPathComponent("initial-response.cy.yaml"), atomically: true, encoding: .utf8)
        let line = welsh.split(separator: "\n", omittingEmptySubsequences: false)
        let at = try XCTUnwrap(line.indices.first { line[$0].hasPrefix("  # English: Is any child in immediate danger?") || line[$0].contains("# English: Is any child in immediate danger?") })
        // The stale entry's text: is three lines below its comment.
        let textLine = at + 4

        let lenient = try Binary.run(["flows", "check", "--load-only", flow.path], environment: env)
        XCTAssertEqual(lenient.status, 0, "a stale text is a warning unless the language is required: \(lenient.stderr)")
        XCTAssertTrue(lenient.stderr.contains("initial-response.cy.yaml:\(textLine):15: warning: stale: the English of screens.immediate_danger.prompt"), lenient.stderr)

        let strict = try Binary.run(["flows", "check", "--load-only", "--require-lang", "cy", flow.path], environment: env)
        XCTAssertEqual(strict.status, 1, strict.stderr)
        XCTAssertTrue(strict.stderr.contains("initial-response.cy.yaml:\(textLine):15: error: stale"), strict.stderr)

        // A required language with no file at all.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("initial-response.cy.yaml"))
        let none = try Binary.run(["flows", "check", "--load-only", "--require-lang", "cy", flow.path], environment: env)
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("error: no Cymraeg translation"), none.stderr)
    }

    /// Issue 31, item 6: after the English changes, `flows translate` keeps the text stale (its old
    /// hash, the English it translates beside it) so --require-lang still fails; only --done moves it.
    func testTranslateNeverMakesAStaleTextCurrent() throws {
        let folder = home.appendingPathComponent("flows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let flow = folder.appendingPathComponent("initial-response.yaml")
        let welshFile = folder.appendingPathComponent("initial-response.cy.yaml")
        let english = try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.yaml"), encoding: .utf8)
        try english.replacingOccurrences(of: "prompt: Is any child in immediate danger?", with: "prompt: Is any child in danger right now?")
            .write(to: flow, atomically: true, encoding: .utf8)
        try String(contentsOf: Binary.root.appendingPathComponent("flows/initial-response.cy.yaml"), encoding: .utf8)
            .write(to: welshFile, atomically: true, encoding: .utf8)
        for _ in 0..<2 {  // twice: writing the file again keeps what the first run kept
            XCTAssertEqual(try Binary.run(["flows", "translate", flow.path, "--lang", "cy", "--output", welshFile.path], environment: env).status, 0)
            let strict = try Binary.run(["flows", "check", "--load-only", "--require-lang", "cy", flow.path], environment: env)
            XCTAssertEqual(strict.status, 1, "still stale after flows translate: \(strict.stderr)")
            XCTAssertTrue(strict.stderr.contains("error: stale: the English of screens.immediate_danger.prompt"), strict.stderr)
            let written = try String(contentsOf: welshFile, encoding: .utf8)
            XCTAssertTrue(written.contains("# STALE: the English changed"), written)
            XCTAssertTrue(written.contains("#   Is any child in immediate danger?\n"), "the English it translates is beside it")
            XCTAssertTrue(written.contains("--done screens.immediate_danger.prompt"), "and how to mark it done")
        }
        let unknown = try Binary.run(["flows", "translate", flow.path, "--lang", "cy", "--done", "screens.nowhere.prompt"], environment: env)
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("has no text with that key"), unknown.stderr)
        XCTAssertEqual(try Binary.run(["flows", "translate", flow.path, "--lang", "cy", "--done", "screens.immediate_danger.prompt",
                                       "--output", welshFile.path], environment: env).status, 0)
        let current = try Binary.run(["flows", "check", "--load-only", "--require-lang", "cy", flow.path], environment: env)
        XCTAssertEqual(current.status, 0, current.stderr)
    }

    /// Issue 31, item 3: translations are kept by hash like flows, so an interview resumed after its
    /// Welsh file changed still shows — and its record cites — the wording it began with.
    func testAResumedWelshInterviewShowsTheWordingItBeganWith() throws {
        let folder = home.appendingPathComponent("flows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let flow = folder.appendingPathComponent("initial-response.yaml")
        let welshFile = folder.appendingPathComponent("initial-response.cy.yaml")
        try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("flows/initial-response.yaml"), to: flow)
        try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("flows/initial-response.cy.yaml"), to: welshFile)
        let welsh = try String(contentsOf: welshFile, encoding: .utf8)
        XCTAssertTrue(welsh.contains("Cofnodwch yr adroddiad fel trosedd"))
        let started = try Binary.run(["run", "--plain", "--lang", "cy", "--flow", flow.path], stdin: "\nn\nn\n", environment: env)
        XCTAssertEqual(started.status, 2, started.stderr)
        let journals = home.appendingPathComponent("data/intake/journal")
        let id = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: journals.path).first).replacingOccurrences(of: ".jsonl", with: "")
        try welsh.replacingOccurrences(of: "Cofnodwch yr adroddiad fel trosedd", with: "GEIRIAU NEWYDD")
            .write(to: welshFile, atomically: true, encoding: .utf8)
        let resumed = try Binary.run(["resume", id, "--plain", "--lang", "cy"], environment: env)
        XCTAssertTrue(resumed.stderr.contains("Cofnodwch yr adroddiad fel trosedd"), resumed.stderr)
        XCTAssertFalse(resumed.stderr.contains("GEIRIAU NEWYDD"), "the changed file is not what the interview showed")
    }

    /// Issue 34, item 4: what is said around an interview — the list of unfinished ones, continuing
    /// one, a review's progress — is in the language chosen, not English only.
    func testResumingIsSaidInWelsh() throws {
        let welsh = env.merging(["LANG": "cy_GB.UTF-8"]) { $1 }
        XCTAssertTrue(try Binary.run(["resume"], environment: welsh).stdout.contains("Dim cyfweliadau heb eu gorffen."))
        XCTAssertEqual(try Binary.run(["run", "--plain"], stdin: "\nn\n", environment: welsh).status, 2)
        let offered = try Binary.run([], stdin: "", environment: welsh)
        XCTAssertTrue(offered.stderr.contains("Cyfweliadau heb eu gorffen:"), offered.stderr)
        XCTAssertTrue(offered.stderr.contains("Parhewch ag un gyda: intake resume ID"), offered.stderr)
        XCTAssertFalse(offered.stderr.contains("Unfinished interviews"), offered.stderr)
        let journals = home.appendingPathComponent("data/intake/journal")
        let id = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: journals.path).first).replacingOccurrences(of: ".jsonl", with: "")
        let resumed = try Binary.run(["resume", id, "--plain"], stdin: "", environment: welsh)
        XCTAssertTrue(resumed.stderr.contains("Yn parhau â \(id) ar gam"), resumed.stderr)
    }

    func testTheBundledFlowsAreWhollyTranslated() throws {
        let flows = ["initial-response", "school-incident", "supervisor-review"].map { Binary.root.appendingPathComponent("flows/\($0).yaml").path }
        let result = try Binary.run(["flows", "check", "--load-only", "--require-lang", "cy"] + flows, environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
    }
}
