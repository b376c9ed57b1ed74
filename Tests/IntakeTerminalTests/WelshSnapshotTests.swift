import Foundation
import XCTest
import IntakeCore
@testable import IntakeTerminal

/// The bundled initial-response flow in Welsh, drawn at 80×24 and 60×16 (issue 19): the screens an
/// officer working in Welsh sees, and the switch to English and back. Snapshots are recorded as
/// SnapshotTests records them (INTAKE_RECORD_SNAPSHOTS=1 rewrites them).
final class WelshSnapshotTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func languages() throws -> FlowLanguages {
        let flow = try FlowLoader.load(path: root.appendingPathComponent("flows/initial-response.yaml").path)
        let welsh = try TranslationLoader.load(path: root.appendingPathComponent("flows/initial-response.cy.yaml").path)
        return FlowLanguages(english: flow, translations: [.cy: welsh])
    }

    /// A front in Welsh after `keys`; with `answers`, the interview opens with that answers file given.
    static func front(_ keys: [Key], answers: String? = nil) throws -> Front {
        let languages = try languages()
        var interview = Interview(flow: languages.english, startedAt: t0)
        if let answers {
            Prefill.apply(try AnswersFile.load(path: root.appendingPathComponent(answers).path, flow: languages.english), to: &interview, at: t0)
        }
        interview.speak((try languages.flow(in: .cy).get()))
        var front = Front(interview: interview, parser: AnswerParser(timeZone: Zone.utc), languages: languages)
        for key in keys { _ = front.update(key, now: t0) }
        return front
    }

    /// Safeguarding first (issue 30): danger now is the first question, self-harm the second.
    static let toDanger: [Key] = [.enter]
    static let toRecord = toDanger + [.character("n"), .character("n")]
    static let toReference = toRecord + [.character("d")]
    static let toWhen = toReference + SnapshotTests.typing("CR/1/27\nDelwedd anweddus o blentyn\nGwen Jones\n1234\nHeddlu Dyfed-Powys\n")
    static let toWho = toWhen + SnapshotTests.typing("2027-01-10 16:30\n")
    static let toPeople = toWho + [.character("3")]

    static let cases: [(String, [Key], String?)] = [
        ("cy-info", [], nil),
        ("cy-info-help", [.function(1)], nil),
        ("cy-checklist", toRecord, nil),
        ("cy-text", toReference + SnapshotTests.typing("CR/1/27"), nil),
        ("cy-date-time", toWhen + SnapshotTests.typing("ddoe 16:30"), nil),
        ("cy-choice", toWho + [.down, .down], nil),
        ("cy-people", toPeople + SnapshotTests.typing("Plentyn A; 15; llun, anfon"), nil),
        ("cy-people-refused", toPeople + SnapshotTests.typing("Plentyn A; 15") + [.endOfText], nil),
        ("cy-yes-no-unknown", toDanger, nil),
        ("cy-yes-no-refused", toDanger + [.enter], nil),
        ("cy-switched-to-english", toDanger + [.character("L")], nil),
        ("cy-switched-back", toDanger + [.character("L"), .character("L")], nil),
        ("cy-review", toRecord + [.function(2)], nil),
        ("cy-confirm-quit", [.interrupt], nil),
        ("cy-end-summary", [], "flows/scenarios/facts-unknown.yaml"),
        ("cy-end-confirm", [.enter], "flows/scenarios/facts-unknown.yaml"),
    ]

    func testWelshScreensMatchTheirSnapshots() throws {
        for (name, keys, answers) in Self.cases {
            try SnapshotTests.assertSnapshots(of: try Self.front(keys, answers: answers), named: name)
        }
    }

    func testTheLanguageKeySwitchesWithoutLosingAnythingAndDropsKeysTypedBefore() throws {
        var front = try Self.front(Self.toReference + SnapshotTests.typing("CR/1"))
        XCTAssertEqual(front.languageKey, "F3", "L is a letter of the answer being typed")
        let generation = front.generation
        _ = front.update(.character("L"), now: Self.t0)
        XCTAssertEqual(front.field?.text, "CR/1L", "typed, not a switch")
        _ = front.update(.function(3), now: Self.t0)
        XCTAssertEqual(front.interview.flow.language, .en)
        XCTAssertEqual(front.field?.text, "CR/1L", "the draft is kept")
        XCTAssertGreaterThan(front.generation, generation)
        XCTAssertEqual(front.message, Language.en(.nowInLanguage, "F3"))
        // A key typed before the switch was seen is dropped, like any typed ahead.
        XCTAssertEqual(front.update(.enter, now: Self.t0, typedOn: generation), [])
        XCTAssertNil(front.interview.answers["crime_reference"])
        _ = front.update(.function(3), now: Self.t0)
        XCTAssertEqual(front.interview.flow.language, .cy)
        XCTAssertEqual(front.message, Language.cy(.nowInLanguage, "F3"))
        _ = front.update(.function(1), now: Self.t0)
        XCTAssertTrue(render(front, size: Size(columns: 80, rows: 24)).text.contains("Drafft yw'r cyfieithiad Cymraeg hwn"),
                      "the guidance says the translation is a draft")
        _ = front.update(.escape, now: Self.t0)
        XCTAssertEqual(front.interview.answers.mapValues(\.value), try Self.front(Self.toReference).interview.answers.mapValues(\.value))
    }

    func testWithOneLanguageThereIsNoLanguageKey() throws {
        let flow = try Self.languages().english
        var front = Front(interview: Interview(flow: flow, startedAt: Self.t0))
        _ = front.update(.character("L"), now: Self.t0)
        XCTAssertEqual(front.interview.flow.language, .en)
        XCTAssertNil(front.nextLanguage)
        XCTAssertFalse(render(front, size: Size(columns: 80, rows: 24)).text.contains("Cymraeg"))
    }

    func testATranslationThatDoesNotLoadIsSaidWhenAskedForAndTheInterviewStays() throws {
        let flow = try Self.languages().english
        let broken = FlowLanguages(english: flow, offered: [.cy]) { _ in .failure(.init("initial-response.cy.yaml:4:3: a mapping was expected")) }
        var front = Front(interview: Interview(flow: flow, startedAt: Self.t0), languages: broken)
        XCTAssertEqual(front.nextLanguage, .cy, "offered from the file's presence alone")
        let before = front.interview
        _ = front.update(.character("L"), now: Self.t0)
        XCTAssertEqual(front.interview.flow.language, .en)
        XCTAssertEqual(front.interview.current, before.current)
        XCTAssertEqual(front.message, Language.en(.languageUnavailable, "Cymraeg", "initial-response.cy.yaml:4:3: a mapping was expected"))
        XCTAssertNil(front.nextLanguage, "not offered again")
        XCTAssertFalse(render(front, size: Size(columns: 80, rows: 24)).text.contains("F3 Cymraeg"))
    }

    func testTheLineFrontSpeaksWelshAndLSwitches() throws {
        let languages = try Self.languages()
        var interview = Interview(flow: languages.english, startedAt: Self.t0)
        interview.speak((try languages.flow(in: .cy).get()))
        var front = LineFront(interview: interview, languages: languages)
        let (ending, printed, _) = LineFrontTests.drive(&front, ["", "n", "n", "l", "d", "CR/1", "l", "q"].map(EnteredLine.text))
        let io = (printed: printed, ())
        guard case .quit(let ended) = ending else { return XCTFail(io.printed) }
        for expected in ["Allweddi ar unrhyw anogwr", "Mae l yn newid i English.", "Cofnodwch yr adroddiad fel trosedd",
                         "Now in English; every answer is kept. l: Cymraeg.", "Record the report as a crime",
                         "Crime reference number", "Yn Gymraeg nawr; cedwir pob ateb. l: English.", "Drafft yw'r cyfieithiad Cymraeg hwn"] {
            XCTAssertTrue(io.printed.contains(expected), "\(expected)\n\(io.printed)")
        }
        XCTAssertEqual(ended.answers["crime_reference"]?.value, .text("CR/1"))
        XCTAssertEqual(ended.answers["record_crime"]?.value, .checklist(.done, reason: nil))
        XCTAssertEqual(ended.flow.language, .cy)
    }

    func testCircumflexedLettersDrawInOneCell() {
        for letter in ["ŵ", "ŷ", "â", "ê", "î", "ô", "û", "Ŵ", "Ŷ", "ẁ", "ẃ", "ẅ", "ỳ", "ÿ", "w\u{302}", "y\u{302}"] {
            XCTAssertEqual(DisplayWidth.of(letter), 1, letter)
        }
        XCTAssertEqual(DisplayWidth.of("Gŵyl Dewi, tŷ, dŵr"), 18)
    }
}
