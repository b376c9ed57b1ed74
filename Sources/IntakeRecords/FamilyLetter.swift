import Foundation
import IntakeCore

/// The letter a child and their family are given once a senior officer has agreed to Outcome 21
/// (College of Policing briefing note, Actions 11–13). A document of its own: it names one child and
/// nothing else from the officer's record, which holds other children's details and never leaves
/// the police.
package struct FamilyLetter: Sendable, Equatable {
    /// The child the letter is for, as the flow recorded the name.
    package var child: String
    /// The day the letter is made, as printed.
    package var date: String
    /// The day the senior officer agreed, as printed.
    package var agreed: String
    /// The offence recorded, as the crime system names it.
    package var crimeType: String
    /// The crime reference number.
    package var crimeReference: String
    /// The officer's force.
    package var force: String
    /// The officer's name and collar number.
    package var officer: String
    /// How the family reaches the officer.
    package var contact: String
    /// The flow's notice heading.
    package var title: String
    /// The flow's notice paragraphs, placeholders filled.
    package var paragraphs: [String]
    /// Where the wording comes from.
    package var source: String
    /// Organisations to signpost.
    package var support: SupportList?
    /// The signed record the letter was made from, for the police file copy.
    package var record: String
    /// A training record's letter is marked so it can never be mistaken for a real one.
    package var training: Bool
    /// The letter's language.
    package var language: Language = .en
    /// Made from a translation not yet signed off: the letter says so in both languages.
    package var draftTranslation = false

    /// Creates a letter.
    package init(child: String, date: String, agreed: String, crimeType: String, crimeReference: String, force: String,
                officer: String, contact: String, title: String, paragraphs: [String], source: String,
                support: SupportList?, record: String, training: Bool) {
        self.child = child
        self.date = date
        self.agreed = agreed
        self.crimeType = crimeType
        self.crimeReference = crimeReference
        self.force = force
        self.officer = officer
        self.contact = contact
        self.title = title
        self.paragraphs = paragraphs
        self.source = source
        self.support = support
        self.record = record
        self.training = training
    }

    var trainingMark: String { language(.letterTraining) }

    /// What to do with questions: the officer first, quoting the reference.
    var questions: String { language(.letterQuestionsText, officer, force, contact, crimeReference) }

    /// The facts at the top, label and value.
    var facts: [(String, String)] {
        let say = language
        return [(say(.letterFor), say(.letterForValue, child)), (say(.letterDate), date), (say(.letterCrimeRecorded), crimeType),
                (say(.letterCrimeReference), crimeReference), (say(.letterForce), force), (say(.letterOfficer), officer),
                (say(.letterContact), contact)]
    }

    /// The notice that a draft translation gives, in the letter's language and in English.
    var draftNote: String? {
        draftTranslation ? language(.draftTranslation) + (language == .en ? "" : " / " + Language.en(.draftTranslation)) : nil
    }

    /// The letter as plain text, wrapped for printing or pasting into an email.
    package func text() -> String {
        var out: [String] = []
        if training { out += [trainingMark, ""] }
        if let draftNote { out += RecordText.wrap(draftNote, first: "", rest: "") + [""] }
        out.append(Visible.line(title).uppercased())
        out.append("")
        for (label, value) in facts { out.append("\(label): \(Visible.line(value))") }
        out.append("")
        out += RecordText.wrap(language(.letterAgreed, agreed), first: "", rest: "")
        for paragraph in paragraphs {
            out.append("")
            out += RecordText.wrap(paragraph, first: "", rest: "")
        }
        out.append("")
        out.append(language(.letterQuestions).uppercased())
        out += RecordText.wrap(questions, first: "", rest: "")
        if let support {
            out.append("")
            out.append(Visible.line(support.title).uppercased())
            for entry in support.entries {
                out += RecordText.wrap("\(entry.name): \(entry.helps) \(language(.contact, entry.contact))", first: "- ", rest: "  ")
            }
        }
        out.append("")
        out += RecordText.wrap(language(.letterReference, record, source), first: "", rest: "")
        if training { out += ["", trainingMark] }
        return out.joined(separator: "\n") + "\n"
    }

    /// Letters for one child in several languages as one text, in the order given (Welsh first, as
    /// Welsh public bodies publish), each whole, divided by a rule.
    package static func text(_ letters: [FamilyLetter]) -> String {
        letters.map { $0.text() }.joined(separator: "\n" + String(repeating: "─", count: 60) + "\n\n")
    }

    /// Letters for one child in several languages as one printable page, each in a section marked
    /// with its language so screen readers and browsers read it right.
    package static func html(_ letters: [FamilyLetter]) -> String {
        guard letters.count > 1 else { return letters.first?.html() ?? "" }
        let pages = letters.map { $0.html() }
        func body(_ page: String) -> String {
            guard let start = page.range(of: "<body>\n"), let end = page.range(of: "</body>", options: .backwards) else { return page }
            return String(page[start.upperBound..<end.lowerBound])
        }
        let head = pages[0][..<pages[0].range(of: "<body>\n")!.upperBound]
        // The first letter's head: its language is the page's.
        var out = String(head)
        for (i, letter) in letters.enumerated() {
            out += "<section lang=\"\(letter.language.tag)\"\(i > 0 ? " style=\"page-break-before: always\"" : "")>\n" + body(pages[i]) + "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// The letter as one printable HTML page: an A4 print stylesheet, no scripts, nothing fetched.
    /// Well-formed XML as well, so a test (or a records system) can parse it.
    package func html() -> String {
        func e(_ text: String) -> String { Visible.markup(text) }
        var out = ["<!DOCTYPE html>", "<html lang=\"\(language.tag)\">", "<head>", "<meta charset=\"utf-8\"/>",
                   // No script may run and nothing may be fetched when the file is opened.
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>",
                   "<title>\(e(title))</title>", "<style>",
                   "@page { size: A4; margin: 20mm; }",
                   "body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.45; max-width: 170mm; margin: 0 auto; color: #000; }",
                   "h1 { font-size: 16pt; margin: 0 0 8mm; }",
                   "h2 { font-size: 13pt; margin: 8mm 0 2mm; }",
                   "table.facts { border-collapse: collapse; margin-bottom: 6mm; }",
                   "table.facts th { text-align: left; padding: 1mm 6mm 1mm 0; vertical-align: top; }",
                   "table.facts td { padding: 1mm 0; }",
                   ".training { border: 2pt solid #000; padding: 3mm; font-weight: bold; text-align: center; }",
                   "footer { margin-top: 10mm; font-size: 9pt; }",
                   "@media print { a { color: #000; text-decoration: none; } }",
                   "</style>", "</head>", "<body>"]
        if training { out.append("<p class=\"training\">\(e(trainingMark))</p>") }
        if let draftNote { out.append("<p class=\"training\">\(e(draftNote))</p>") }
        out.append("<h1>\(e(title))</h1>")
        out.append("<table class=\"facts\">")
        for (label, value) in facts { out.append("<tr><th scope=\"row\">\(e(label))</th><td>\(e(value))</td></tr>") }
        out.append("</table>")
        out.append("<p>\(e(language(.letterAgreed, agreed)))</p>")
        for paragraph in paragraphs { out.append("<p>\(e(paragraph))</p>") }
        out.append("<h2>\(e(language(.letterQuestions)))</h2>")
        out.append("<p>\(e(questions))</p>")
        if let support {
            out.append("<h2>\(e(support.title))</h2>")
            out.append("<ul>")
            for entry in support.entries {
                out.append("<li><strong>\(e(entry.name))</strong>: \(e(entry.helps)) \(e(language(.contact, entry.contact)))</li>")
            }
            out.append("</ul>")
        }
        out.append("<footer>\(e(language(.letterReference, record, source)))</footer>")
        if training { out.append("<p class=\"training\">\(e(trainingMark))</p>") }
        out += ["</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }
}
