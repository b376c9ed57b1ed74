import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Issue 16: a case from first report to the family's letter over several sittings, and nothing
/// reaching a family before a senior officer agreed.
final class NoticeTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                 "XDG_CACHE_HOME": home.appendingPathComponent("cache").path] }
    var records: URL { home.appendingPathComponent("data/intake/records") }
    var allowed: String { home.appendingPathComponent("config/intake/allowed_signers").path }
    var supervisor: String { home.appendingPathComponent("supervisor_key").path }
    var first: String { Binary.operational("facts-unknown") }
    let facts = Binary.root.appendingPathComponent("Tests/IntakeCLITests/FollowUp/facts-established.yaml").path
    let agree = Binary.root.appendingPathComponent("flows/scenarios/review-agree.yaml").path

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-notice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC First", "--collar", "1", "--organisation", "Testshire"], environment: env).status, 0)
        // The supervisor keeps their own key; sharing the officer's allowed_signers file is what a
        // force's shared list does.
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire", "--key", supervisor],
                                      environment: env).status, 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func saved(_ result: Binary.Result) throws -> String {
        let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
        return String(line.dropFirst("Signed record saved: ".count))
    }

    func testFromFirstReportToTheFamilysLetter() throws {
        let r1 = try saved(try Binary.run(["run", "--answers", first], environment: env))
        let undetermined = try Binary.run(["notice", r1], environment: env)
        XCTAssertEqual(undetermined.status, 1)
        XCTAssertTrue(undetermined.stderr.contains("is not decided yet (its outcome: pending)"), undetermined.stderr)

        let r2 = try saved(try Binary.run(["update", r1, "--answers", facts], environment: env))
        let awaiting = try Binary.run(["notice", r2], environment: env)
        XCTAssertEqual(awaiting.status, 1)
        XCTAssertTrue(awaiting.stderr.contains("is awaiting senior review"), awaiting.stderr)
        XCTAssertEqual(awaiting.stdout, "", "nothing of the letter before the review")
        let id2 = URL(fileURLWithPath: r2).deletingPathExtension().lastPathComponent
        let waiting = try Binary.run(["records", "--awaiting-review"], environment: env)
        XCTAssertEqual(waiting.status, 0, waiting.stderr)
        XCTAssertTrue(waiting.stdout.contains(id2), waiting.stdout)
        XCTAssertEqual(waiting.stdout.split(separator: "\n").count, 2, "a heading and the one record that waits: \(waiting.stdout)")

        let reviewed = try Binary.run(["review", r2, "--key", supervisor, "--answers", agree], environment: env)
        XCTAssertEqual(reviewed.status, 0, reviewed.stderr)
        XCTAssertTrue(reviewed.stdout.contains("\nDecision: agreed\n"), reviewed.stdout)
        let nothingWaits = try Binary.run(["records", "--awaiting-review"], environment: env)
        XCTAssertEqual(nothingWaits.stdout, "No records match.\n", nothingWaits.stdout)
        let listed = try Binary.run(["records", "--format", "csv"], environment: env)
        XCTAssertTrue(listed.stdout.contains("\(id2),\(URL(fileURLWithPath: r1).deletingPathExtension().lastPathComponent),"), listed.stdout)
        XCTAssertTrue(listed.stdout.contains(",agreed,agreed,9@testshire,"), listed.stdout)

        let both = try Binary.run(["notice", r2], environment: env)
        XCTAssertEqual(both.status, 1, "two children named: the officer chooses")
        XCTAssertTrue(both.stderr.contains("1. Amira Khan\n  2. Joel Price"), both.stderr)

        let text = try Binary.run(["notice", r2, "--child", "Amira Khan"], environment: env)
        XCTAssertEqual(text.status, 0, text.stderr)
        for expected in ["For: Amira Khan, and their parent or carer", "Crime reference: CR/0006/26", "Force: Testshire",
                         "Officer: PC First (collar 1)", "Contact: 01632 960123, pc.first@testshire.example",
                         "no further action", "0800 1111"] {
            XCTAssertTrue(text.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(expected), "\(expected)\n\(text.stdout)")
        }
        // Nothing about any other child: not the other name, not what the record says of anyone.
        for absent in ["Joel", "Price", "Child A", "account with no name", "boyfriend", "pictured", "DRAFT", "TRAINING"] {
            XCTAssertFalse(text.stdout.contains(absent), "\(absent) in the letter:\n\(text.stdout)")
        }

        let html = try Binary.run(["notice", r2, "--child", "Amira Khan", "--html"], environment: env)
        XCTAssertEqual(html.status, 0, html.stderr)
        let page = try HTMLPage(html.stdout)
        XCTAssertEqual(page.elements.first, "html")
        XCTAssertFalse(page.elements.contains("script"), "no scripts")
        XCTAssertFalse(page.elements.contains("link") || page.elements.contains("img"), "one file: nothing fetched")
        XCTAssertTrue(page.text.contains("Amira Khan"), page.text)
        XCTAssertFalse(page.text.contains("Joel"), page.text)
        XCTAssertTrue(page.text.contains("@page { size: A4"), "an A4 print stylesheet")

        let folder = home.appendingPathComponent("letters")
        let all = try Binary.run(["notice", r2, "--output", folder.path], environment: env)
        XCTAssertEqual(all.status, 0, all.stderr)
        let joel = try String(contentsOf: folder.appendingPathComponent("\(id2)-notice-2.txt"), encoding: .utf8)
        XCTAssertTrue(joel.contains("For: Joel Price"), joel)
        XCTAssertFalse(joel.contains("Amira"), joel)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("\(id2)-notice-2.html").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600, "a child's name is the officer's alone until handed over")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".tmp-") }, [], "no temporaries left")
        // Again into the same folder: never over a letter already there, and said in words.
        let again = try Binary.run(["notice", r2, "--output", folder.path], environment: env)
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertTrue(again.stderr.contains("already exists; a letter is never written over another"), again.stderr)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("\(id2)-notice-2.txt"), encoding: .utf8), joel)
        // A file where the folder should be: said, not a raw Foundation error.
        let onFile = try Binary.run(["notice", r2, "--output", folder.appendingPathComponent("\(id2)-notice-2.txt").path], environment: env)
        XCTAssertEqual(onFile.status, 1, onFile.stderr)
        XCTAssertTrue(onFile.stderr.contains("is a file, not a folder"), onFile.stderr)
        // A killed run's half-written letter is removed by the next one.
        let other = home.appendingPathComponent("letters-2")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let stale = other.appendingPathComponent(".tmp-0000")
        try "half a letter".write(to: stale, atomically: false, encoding: .utf8)
        var old = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        XCTAssertEqual(utimensat(AT_FDCWD, stale.path, &old, 0), 0)
        XCTAssertEqual(try Binary.run(["notice", r2, "--output", other.path], environment: env).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))

        // A later record of the case supersedes the reviewed one: the letter waits for its review.
        let r3 = try saved(try Binary.run(["update", r2, "--answers", facts], environment: env))
        let superseded = try Binary.run(["notice", r2, "--child", "Amira Khan"], environment: env)
        XCTAssertEqual(superseded.status, 1)
        XCTAssertTrue(superseded.stderr.contains("has been superseded by \(URL(fileURLWithPath: r3).deletingPathExtension().lastPathComponent)"), superseded.stderr)
    }

    func testADisagreeingReviewGivesNoLetter() throws {
        let r1 = try saved(try Binary.run(["run", "--answers", first], environment: env))
        let r2 = try saved(try Binary.run(["update", r1, "--answers", facts], environment: env))
        let disagree = try Binary.temporaryFile("disagree.yaml", "read_record: acknowledged\nreviewer_role: inspector\ndecision: disagree\nrationale: The sender is not yet identified.\n")
        XCTAssertEqual(try Binary.run(["review", r2, "--key", supervisor, "--answers", disagree], environment: env).status, 0)
        let notice = try Binary.run(["notice", r2], environment: env)
        XCTAssertEqual(notice.status, 1)
        XCTAssertTrue(notice.stderr.contains("did not agree (decision: disagreed)"), notice.stderr)
        XCTAssertEqual(notice.stdout, "")
    }

    func testALetterNeedsTheChildsNameAndTheOfficersContact() throws {
        let r1 = try saved(try Binary.run(["run", "--answers", first], environment: env))
        let blank = try String(contentsOfFile: facts, encoding: .utf8)
            .replacingOccurrences(of: "notice_children: |\n  Amira Khan\n  Joel Price\n", with: "notice_children: \"\"\n")
            .replacingOccurrences(of: "officer_contact: 01632 960123, pc.first@testshire.example\n", with: "officer_contact: \"\"\n")
        let r2 = try saved(try Binary.run(["update", r1, "--answers", try Binary.temporaryFile("blank.yaml", blank)], environment: env))
        XCTAssertEqual(try Binary.run(["review", r2, "--key", supervisor, "--answers", agree], environment: env).status, 0)
        let notice = try Binary.run(["notice", r2], environment: env)
        XCTAssertEqual(notice.status, 1)
        XCTAssertTrue(notice.stderr.contains("the letter needs the child's name [notice_children], the officer's contact for the family [officer_contact]"), notice.stderr)
        XCTAssertTrue(notice.stderr.contains("intake update"), notice.stderr)
    }

    func testAReviewSignedWithAnUntrustedKeyGivesNoLetter() throws {
        let r1 = try saved(try Binary.run(["run", "--answers", first], environment: env))
        let r2 = try saved(try Binary.run(["update", r1, "--answers", facts], environment: env))
        XCTAssertEqual(try Binary.run(["review", r2, "--key", supervisor, "--answers", agree], environment: env).status, 0)
        let officerOnly = try String(contentsOfFile: allowed, encoding: .utf8).split(separator: "\n").filter { !$0.contains("9@testshire") }
        let signers = try Binary.temporaryFile("allowed_signers", officerOnly.joined(separator: "\n") + "\n")
        let notice = try Binary.run(["notice", r2, "--child", "Amira Khan", "--allowed-signers", signers], environment: env)
        XCTAssertEqual(notice.status, 1)
        XCTAssertTrue(notice.stderr.contains("signature 2: unknown key"), notice.stderr)
        XCTAssertEqual(notice.stdout, "")
    }

    /// A supervisor reviewing a copy: the officer's records folder gets the countersigned record
    /// too, but only a copy that is the very record reviewed.
    func testAReviewOfACopyIsWrittenBackToTheRecordsFolder() throws {
        let original = try saved(try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: env))
        let inbox = home.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let copy = inbox.appendingPathComponent(URL(fileURLWithPath: original).lastPathComponent).path
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        let reviewed = try Binary.run(["review", copy, "--key", supervisor, "--answers", agree], environment: env)
        XCTAssertEqual(reviewed.status, 0, reviewed.stderr)
        XCTAssertTrue(reviewed.stderr.contains("Also written back to \(original)"), reviewed.stderr)
        XCTAssertFalse(reviewed.stderr.contains("INTAKE RECORD"), "a scripted review does not dump the record: \(reviewed.stderr)")
        XCTAssertEqual(try String(contentsOfFile: original, encoding: .utf8), try String(contentsOfFile: copy, encoding: .utf8))
        XCTAssertEqual(try Binary.run(["verify", original], environment: env).status, 0)

        // A copy that is not the record reviewed is left alone, and named.
        let second = try saved(try Binary.run(["run", "--answers", Binary.operational("experimental")], environment: env))
        let secondCopy = inbox.appendingPathComponent(URL(fileURLWithPath: second).lastPathComponent).path
        try FileManager.default.copyItem(atPath: second, toPath: secondCopy)
        try (try String(contentsOfFile: second, encoding: .utf8) + "\n").write(toFile: second, atomically: true, encoding: .utf8)
        let before = try String(contentsOfFile: second, encoding: .utf8)
        let differs = try Binary.run(["review", secondCopy, "--key", supervisor, "--answers", agree], environment: env)
        XCTAssertEqual(differs.status, 0, differs.stderr)
        XCTAssertTrue(differs.stderr.contains("warning: \(second) is not the record that was reviewed"), differs.stderr)
        XCTAssertEqual(try String(contentsOfFile: second, encoding: .utf8), before)
    }
}

/// An HTML page read as XML: the element names in order and all the text, style included.
struct HTMLPage {
    var elements: [String] = []
    var text = ""

    init(_ html: String) throws {
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        elements = collector.elements
        text = collector.text
    }

    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) { elements.append(name) }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }
}
