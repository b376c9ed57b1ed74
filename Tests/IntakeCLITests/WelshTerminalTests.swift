import Foundation
import XCTest

/// Issue 19: a whole interview in Welsh on the full screen, switching to English and back mid-way,
/// ending in a signed Welsh record that verifies.
final class WelshTerminalTests: KeyedTerminalCase {
    override var officer: (name: String, collar: String, force: String) { ("PC Gwen Jones", "99", "Heddlu Gogledd Cymru") }

    func testAWholeInterviewInWelshSwitchingToEnglishAndBack() throws {
        let t = try Tmux(["run", "--lang", "cy"], columns: 80, rows: 24, environment: env)
        try t.waitFor("Mae'r cyfweliad hwn yn eich tywys")
        XCTAssertTrue(try t.screen().contains("F3 English"), "the other language is named in itself")
        // Safeguarding first: danger now, then self-harm, then the crime record.
        try t.press("Enter"); try t.waitFor("mewn perygl uniongyrchol")
        try t.answerEach("nn")
        try t.waitFor("Cofnodwch yr adroddiad fel trosedd"); try t.type("d")
        try t.waitFor("Rhif cyfeirnod y drosedd"); try t.type("CR/7/26"); try t.press("Enter")
        // F3 switches where L would be typed into the answer.
        try t.waitFor("Fel pa drosedd"); try t.type("Delwedd anweddus o blentyn"); try t.press("F3")
        try t.waitFor("Which offence is the crime recorded as?")
        XCTAssertTrue(try t.screen().contains("│ Delwedd anweddus o blentyn"), "the typed answer is kept")
        try t.press("F3"); try t.waitFor("Fel pa drosedd"); try t.press("Enter")
        try t.waitFor("Pryd y daeth yr adroddiad i law?")
        try t.type("ddoe 16:30"); try t.press("Enter")
        try t.waitFor("Pwy wnaeth yr adroddiad?"); try t.type("3")
        try t.waitFor("Pwy sy'n gysylltiedig?")
        try t.type("Plentyn A; 15; llun, anfon"); try t.press("Enter"); try t.type("Plentyn B; 15; derbyn"); try t.press("C-d")
        try t.waitFor("beth ddigwyddodd?"); try t.type("Un ddelwedd, a anfonwyd o'i wirfodd. Dŵr, tŷ, ŵyn."); try t.press("C-d")
        try t.waitFor("A wnaeth oedolyn")
        try t.answerEach("nnnn")
        // Mid-way: to English for a few answers, then back.
        try t.type("L")
        try t.waitFor("Now in English; every answer is kept.")
        try t.answerEach("nnnn")
        try t.type("L")
        try t.waitFor("Yn Gymraeg nawr; cedwir pob ateb.")
        try t.answerEach("nnnnn")
        // Carry on past first contact (issue 35).
        try t.waitFor("Parhau nawr gyda'r gwiriadau"); try t.answerEach("1")
        try t.waitFor("Cynhaliwch wiriadau cefndir"); try t.type("d")
        try t.waitFor("iau na 13 oed")
        try t.answerEach("nnnnnn")
        try t.waitFor("Gwiriwch les pob plentyn")
        // Welfare; parents told; English; the talk; VPA; CSE screening; no strategy meeting.
        try t.answerEach("d11ddd4")
        try t.waitFor("Beth yw barn y bobl"); try t.type("Mae'r ddau deulu o blaid cefnogaeth."); try t.press("C-d")
        try t.waitFor("Pwy, os unrhyw un"); try t.type("Neb: cyfnewid parod."); try t.press("C-d")
        try t.waitFor("Cofnodwch pam rydych yn barnu"); try t.type("Ymchwiliwyd i'r ddau; dim pryder."); try t.press("C-d")
        try t.waitFor("Peidiwch ag atafaelu dyfeisiau")
        try t.answerEach("ddd")
        try t.waitFor("Peidiwch ag esbonio Canlyniad 21"); try t.press("Enter")
        try t.waitFor("Mae eich cofnod yn cynnwys drafft"); try t.press("Enter")
        try t.waitFor("Dywedwch wrth bob plentyn"); try t.answerEach("d")
        try t.waitFor("Teuluoedd pa blant fydd yn cael llythyr"); try t.type("Plentyn A"); try t.press("C-d")
        try t.waitFor("Sut y gall y teulu gysylltu"); try t.type("101"); try t.press("Enter")
        try t.waitFor("Codwch ffurflen cyswllt plentyn"); try t.answerEach("d")
        let summary = try t.waitFor("Dosbarthiad: Arbrofol")
        XCTAssertTrue(summary.contains("Canlyniad 21: wedi'i gynnig, yn aros am adolygiad"), summary)
        try t.press("Enter")
        try t.waitFor("Gorffen a llofnodi'r cofnod?")
        try t.type("y")
        XCTAssertEqual(try t.exitStatus(), 0)
        let record = t.stdout
        XCTAssertTrue(record.hasPrefix("COFNOD INTAKE — Ymateb cychwynnol"), record)
        XCTAssertTrue(record.contains("\nLanguage: cy (Cymraeg), translation initial-response.cy.yaml draft"), record)
        XCTAssertTrue(record.contains("Ateb: Un ddelwedd, a anfonwyd o'i wirfodd. Dŵr, tŷ, ŵyn."), "typed as typed: \(record)")
        XCTAssertTrue(record.contains("Dosbarthiad: Arbrofol: ni chafwyd dim gwaethygol [experimental]"), record)
        XCTAssertTrue(record.contains("HYSBYSIAD CANLYNIAD 21 I'R PLENTYN A'R TEULU — DRAFFT"), record)
        XCTAssertTrue(record.hasSuffix("-----END SSH SIGNATURE-----\n"), "the record is signed")
        let file = home.appendingPathComponent("record.txt")
        try record.write(to: file, atomically: true, encoding: .utf8)
        let verified = try Binary.run(["verify", file.path], environment: env)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    }
}
