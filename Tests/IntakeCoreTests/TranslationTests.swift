import Foundation
import XCTest
@testable import IntakeCore

final class TranslationTests: XCTestCase {
    func fixture(_ name: String) throws -> String {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "yaml")).path
    }

    func mini() throws -> Flow { try FlowLoader.load(path: try fixture("mini")) }

    // MARK: The catalogue

    func testEveryPhraseIsInEveryLanguageWithTheSameArguments() {
        for language in Language.allCases {
            let table = Catalogue.table(language)
            for phrase in Phrase.allCases {
                guard let text = table[phrase] else { return XCTFail("\(phrase) has no \(language.name)") }
                XCTAssertFalse(text.trimmingCharacters(in: .whitespaces).isEmpty, "\(phrase) is blank in \(language.name)")
                XCTAssertEqual(Catalogue.placeholders(text), Catalogue.placeholders(Catalogue.table(.en)[phrase]!),
                               "\(phrase) in \(language.name) takes other arguments than in English")
            }
            XCTAssertEqual(table.count, Phrase.allCases.count, "\(language.name) has phrases the program never uses")
        }
    }

    func testArgumentsAreFilledOnceInOnePass() {
        XCTAssertEqual(Language.cy(.stepOf, "3", "40"), "Cam 3 o tua 40")
        // An argument that looks like a placeholder is printed as it is, never filled in itself.
        XCTAssertEqual(Language.en(.givenAt, "{2}", "then"), "{2}, given then")
    }

    func testTheLocaleChoosesTheLanguage() {
        XCTAssertEqual(Language.fromEnvironment(["LANG": "cy_GB.UTF-8"]), .cy)
        XCTAssertEqual(Language.fromEnvironment(["LANG": "en_GB.UTF-8", "LC_MESSAGES": "cy_GB.UTF-8"]), .cy)
        XCTAssertEqual(Language.fromEnvironment(["LC_ALL": "en_GB.UTF-8", "LANG": "cy_GB.UTF-8"]), .en)
        XCTAssertNil(Language.fromEnvironment(["LANG": "C.UTF-8"]))
        XCTAssertNil(Language.fromEnvironment(["LANG": "fr_FR.UTF-8"]))
        XCTAssertNil(Language.fromEnvironment([:]))
    }

    // MARK: Checking a translation

    func testAStaleAMissingAndAnOrphanTextAreEachFoundWhereTheyAre() throws {
        let translation = try TranslationLoader.load(path: try fixture("translations/mini.cy"))
        let check = TranslationCheck(flow: try mini(), translation: translation)
        let stale = check.problems.filter { $0.kind == .stale }
        XCTAssertEqual(stale.map(\.diagnostic.location.line), [15], "q1's prompt, at its text:")
        XCTAssertTrue(stale[0].diagnostic.message.contains("screens.q1.prompt"), stale[0].diagnostic.message)
        XCTAssertTrue(stale[0].diagnostic.hint?.contains("english: \(FlowText.hash("Is an adult involved?"))") == true)
        let orphans = check.problems.filter { $0.kind == .orphan }
        XCTAssertEqual(orphans.map(\.diagnostic.location.line), [31])
        XCTAssertTrue(orphans[0].diagnostic.message.contains("screens.gone.prompt"))
        let missing = check.problems.filter { $0.kind == .missing }.map(\.diagnostic.message)
        XCTAssertTrue(missing.contains { $0.contains("screens.who.choices.school") }, "\(missing)")
        // Placed under the nearest mapping the translation has: who's choices, at line 24.
        let school = check.problems.first { $0.diagnostic.message.contains("screens.who.choices.school") }!
        XCTAssertEqual(school.diagnostic.location.line, 24)
        XCTAssertFalse(missing.contains { $0.contains("description") }, "an empty English text has nothing to translate")
        // Severity is the core's rule: stale, missing and orphan texts fail only a required language.
        XCTAssertFalse(stale[0].isError(required: false))
        XCTAssertTrue(stale[0].isError(required: true))
        XCTAssertTrue(TranslationCheck.Problem(kind: .placeholders, diagnostic: stale[0].diagnostic).isError(required: false))
        XCTAssertTrue(TranslationCheck.Problem(kind: .wrongFlow, diagnostic: stale[0].diagnostic).isError(required: false))
        XCTAssertFalse(TranslationCheck.Problem(kind: .choiceLabels, diagnostic: stale[0].diagnostic).isError(required: false))
    }

    func testACompleteTranslationHasNoProblemsAndChangingTheEnglishMakesItStale() throws {
        var flow = try mini()
        let entries = Dictionary(uniqueKeysWithValues: flow.texts.map {
            ($0.key, Translation.Entry(text: "CY " + $0.english, english: $0.hash, location: SourceLocation(file: "t", line: 1, column: 1)))
        })
        let translation = Translation(flow: "mini", language: .cy, status: .draft, entries: entries, file: "t")
        XCTAssertEqual(TranslationCheck(flow: flow, translation: translation).problems, [])
        flow.screens[0].prompt = "Is an adult (18 or over) involved?"
        let problems = TranslationCheck(flow: flow, translation: translation).problems
        XCTAssertEqual(problems.map(\.kind), [.stale])
    }

    func testATranslationOfAnotherFlowAndDifferentPlaceholdersAreFound() throws {
        let flow = try mini()
        var entries = Dictionary(uniqueKeysWithValues: flow.texts.map {
            ($0.key, Translation.Entry(text: $0.english, english: $0.hash, location: SourceLocation(file: "t", line: 1, column: 1)))
        })
        let paragraph = try XCTUnwrap(flow.texts.first { $0.english.contains("{") })
        entries[paragraph.key]!.text = "Paragraff heb y dalfan"
        let check = TranslationCheck(flow: flow, translation: Translation(flow: "other", language: .cy, status: .draft, entries: entries, file: "t"))
        XCTAssertEqual(Set(check.problems.map(\.kind)), [.wrongFlow, .placeholders])
    }

    // MARK: Applying one

    func testATranslatedFlowChangesWordsOnlyAndStaleTextsStayInEnglish() throws {
        let flow = try mini()
        let translation = try TranslationLoader.load(path: try fixture("translations/mini.cy"))
        let welsh = flow.translated(by: translation)
        XCTAssertEqual(welsh.language, .cy)
        XCTAssertEqual(welsh.translationStatus, .draft)
        XCTAssertEqual(welsh.title, "Llif bach")
        XCTAssertEqual(welsh.screen("adult")?.prompt, "Atgyfeiriwch nawr.")
        XCTAssertEqual(welsh.screen("who")?.label(of: "parent"), "Rhiant")
        XCTAssertEqual(welsh.screen("who")?.label(of: "school"), "A school", "missing: English")
        XCTAssertEqual(welsh.screen("q1")?.prompt, "Is an adult involved?", "stale: the English, not what it used to say")
        XCTAssertEqual(welsh.screen("who")?.language, .cy)
        // Ids, values, routes and rules are untouched.
        XCTAssertEqual(welsh.screens.map(\.id), flow.screens.map(\.id))
        XCTAssertEqual(welsh.screens.map(\.branches), flow.screens.map(\.branches))
        XCTAssertEqual(welsh.determination.rules.map(\.condition), flow.determination.rules.map(\.condition))
    }

    func testATranslationIsReadAndAppliedWhenFirstAskedForAndKept() throws {
        let flow = try mini()
        let translation = try TranslationLoader.load(path: try fixture("translations/mini.cy"))
        let reads = Counter()
        let languages = FlowLanguages(english: flow, offered: [.cy]) { _ in reads.add(); return .success(translation) }
        XCTAssertEqual(languages.available, [.en, .cy], "offered before it is read")
        XCTAssertEqual(try languages.flow(in: .en).get().title, flow.title)
        XCTAssertEqual(reads.count, 0, "English opens without reading Welsh")
        XCTAssertEqual(languages.translatedSoFar, [])
        let copy = languages  // a front holds a copy; what one makes, the other finds
        XCTAssertEqual(try copy.flow(in: .cy).get().title, "Llif bach")
        XCTAssertEqual(try languages.flow(in: .cy).get().screens.map(\.prompt), flow.translated(by: translation).screens.map(\.prompt))
        XCTAssertEqual(reads.count, 1, "read once, then kept")
        XCTAssertEqual(languages.translatedSoFar, [.cy])
        XCTAssertEqual(languages.next(after: .en), .cy)
        XCTAssertEqual(languages.next(after: .cy), .en)
    }

    func testATranslationThatDoesNotLoadSaysWhyWhenAskedForAndIsOfferedNoMore() throws {
        let flow = try mini()
        let broken = FlowLanguages(english: flow, offered: [.cy]) { _ in .failure(.init("mini.cy.yaml:3:1: not a mapping")) }
        XCTAssertEqual(broken.next(after: .en), .cy)
        XCTAssertThrowsError(try broken.flow(in: .cy).get()) { XCTAssertEqual(($0 as? FlowLanguages.TranslationUnavailable)?.description, "mini.cy.yaml:3:1: not a mapping") }
        XCTAssertEqual(broken.available, [.en])
        XCTAssertNil(broken.next(after: .en), "one language left: the key offers nothing")
        // A translation of another flow is refused, whoever read it.
        var other = try TranslationLoader.load(path: try fixture("translations/mini.cy"))
        other.flow = "another-flow"
        let wrong = FlowLanguages(english: flow, translations: [.cy: other])
        XCTAssertThrowsError(try wrong.flow(in: .cy).get())
        XCTAssertNil(wrong.next(after: .en))
    }

    /// Issue 34, item 1 (part): both fronts switch language, and say their step, through the core.
    func testBothFrontsSwitchLanguageAndCountStepsThroughOneFunction() throws {
        let flow = try mini()
        let translation = try TranslationLoader.load(path: try fixture("translations/mini.cy"))
        var interview = Interview(flow: flow, startedAt: Date(timeIntervalSinceReferenceDate: 0))
        XCTAssertNil(interview.switchLanguage(nil), "no languages: nothing to switch to")
        let languages = FlowLanguages(english: flow, translations: [.cy: translation])
        XCTAssertEqual(try interview.switchLanguage(languages)?.get(), .cy)
        XCTAssertEqual(interview.flow.title, "Llif bach")
        XCTAssertEqual(try interview.switchLanguage(languages)?.get(), .en, "round again")
        XCTAssertEqual(interview.flow.title, flow.title)
        let broken = FlowLanguages(english: flow, offered: [.cy]) { _ in .failure(.init("mini.cy.yaml:3:1: not a mapping")) }
        guard case .failure(let why)? = interview.switchLanguage(broken) else { return XCTFail("a broken translation is said") }
        XCTAssertEqual(why.description, "mini.cy.yaml:3:1: not a mapping")
        XCTAssertEqual(interview.flow.title, flow.title, "the interview stays as it is")
        let steps = flow.longestPathToEnd(skipping: [])
        let (step, about) = interview.stepOfAbout(steps)
        XCTAssertEqual(step, 1)
        XCTAssertEqual(about, steps[interview.current])
    }

    /// Counts calls from a closure the type checker treats as sendable.
    final class Counter: @unchecked Sendable {
        private(set) var count = 0
        func add() { count += 1 }
    }

    func testSwitchingLanguageKeepsEveryAnswerAndTheDetermination() throws {
        let flow = try mini()
        let welsh = flow.translated(by: try TranslationLoader.load(path: try fixture("translations/mini.cy")))
        var interview = Interview(flow: flow, startedAt: Date(timeIntervalSince1970: 0))
        reduce(&interview, .answer(.tri(false), at: Date(timeIntervalSince1970: 1)))
        reduce(&interview, .answer(.choice("parent"), at: Date(timeIntervalSince1970: 2)))
        let before = interview
        interview.speak(welsh)
        XCTAssertEqual(interview.answers, before.answers)
        XCTAssertEqual(interview.current, before.current)
        XCTAssertEqual(interview.determination.classification, before.determination.classification)
        XCTAssertEqual(Describe.answer(.tri(false), on: interview.flow.screen("q1")!, timeZone: .utc), "Na")
        XCTAssertEqual(interview.flow.screen("age")!.problem(with: .number(30)), "rhaid i'r rhif fod yn 17 ar y mwyaf")
    }

    func testWelshWordsAreReadAsAnswers() throws {
        let flow = try mini().translated(by: try TranslationLoader.load(path: try fixture("translations/mini.cy")))
        let parser = AnswerParser(timeZone: .utc)
        let q1 = flow.screen("q1")!
        XCTAssertEqual(try parser.parse("ie", for: q1, now: Date()), .tri(true))
        XCTAssertEqual(try parser.parse("na", for: q1, now: Date()), .tri(false))
        XCTAssertEqual(try parser.parse("anhysbys", for: q1, now: Date()), .unknown)
        XCTAssertThrowsError(try parser.parse("efallai", for: q1, now: Date())) { error in
            XCTAssertEqual((error as? AnswerInputError)?.message, Language.cy(.answerYesNo))
        }
    }

    // MARK: Reading translation files

    func testBadTranslationFilesSayWhereAndWhat() {
        func problems(_ text: String) -> [String] {
            do { _ = try TranslationLoader.load(text: text, file: "x.cy.yaml"); return [] }
            catch { return error.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" } }
        }
        let head = "translation-of: mini\nlanguage: cy\nstatus: draft\ntexts:\n"
        XCTAssertTrue(problems(head + "  title:\n    english: 1234\n    text: Llif\n").first?.hasPrefix("6:14 english must be the 8 hex digits") == true)
        XCTAssertTrue(problems(head + "  title:\n    english: 5d1b95a9\n    text:\n").first?.contains("has no value") == true,
                      "an empty text: is not a translation")
        XCTAssertTrue(problems("translation-of: mini\nlanguage: fr\nstatus: draft\ntexts: {}\n").first?.contains("'fr' is not a language") == true)
        XCTAssertTrue(problems("translation-of: mini\nlanguage: cy\nstatus: approved\ntexts: {}\n").first?.contains("names who signed it off") == true)
        XCTAssertTrue(problems(head + "  title: Llif\n").first?.contains("must be a mapping") == true)
    }

    func testATranslationFileGivenAsAFlowSaysWhatItIs() {
        XCTAssertThrowsError(try FlowLoader.load(text: "translation-of: mini\nlanguage: cy\nstatus: draft\ntexts: {}\n", file: "mini.cy.yaml")) { error in
            XCTAssertTrue("\(error)".contains("this is a translation of mini, not a flow"), "\(error)")
        }
    }

    func testTheTemplateReadsBackAsTheTranslationItWasMadeFrom() throws {
        let flow = try FlowLoader.load(path: LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.yaml").path)
        let file = LoaderTests.repositoryRoot.appendingPathComponent("flows/initial-response.cy.yaml").path
        let translation = try TranslationLoader.load(path: file)
        let written = TranslationTemplate.text(flow: flow, language: .cy, existing: translation)
        let again = try TranslationLoader.load(text: written, file: file)
        XCTAssertEqual(again.entries.mapValues(\.text), translation.entries.mapValues(\.text))
        XCTAssertEqual(written, try String(contentsOfFile: file, encoding: .utf8), "the bundled file is as flows translate writes it")
    }

    func testTheBundledTranslationsAreCompleteAndCurrent() throws {
        for name in ["initial-response", "school-incident", "supervisor-review"] {
            let root = LoaderTests.repositoryRoot.appendingPathComponent("flows")
            let flow = try FlowLoader.load(path: root.appendingPathComponent("\(name).yaml").path)
            let translation = try TranslationLoader.load(path: root.appendingPathComponent("\(name).cy.yaml").path)
            XCTAssertEqual(TranslationCheck(flow: flow, translation: translation).problems.map(\.diagnostic.message), [], name)
            XCTAssertEqual(translation.status, .draft, "\(name): not signed off by a Welsh speaker at a force yet")
        }
    }
}
