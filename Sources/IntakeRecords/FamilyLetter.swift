import FoundationEssentials
import Glibc
import IntakeCore

/// The letter a child's family is given once a senior officer has agreed the decision (College of
/// Policing briefing note, Actions 7 and 11–13). A document of its own: it names one child and
/// nothing else from the officer's record, which holds other children's details and never leaves
/// the police. What it says is chosen for that child's part (`FamilyNotice`); this type lays it out.
package struct FamilyLetter: Sendable, Equatable {
    /// Which letter a child's family gets.
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Outcome 21, to the family of a child the crime report records against the offence.
        case decision
        /// Outcome 21, to the family of a child who is not recorded as a suspect (pictured,
        /// receiving): nothing is held against them, and the offence is not named beside them.
        case affected
        /// A case that goes further (aggravated, or a child's needs first): what happens next, to
        /// the family of a child not recorded as a suspect.
        case next
    }

    /// A heading and its paragraphs.
    package struct Section: Sendable, Equatable {
        package var heading: String
        package var paragraphs: [String]
        package init(heading: String, paragraphs: [String]) {
            self.heading = heading
            self.paragraphs = paragraphs
        }
    }

    /// The child the letter is for, as the flow recorded the name.
    package var child: String
    /// Which letter it is.
    package var kind: Kind
    /// The day the letter is made, as printed.
    package var date: String
    /// The crime reference number.
    package var crimeReference: String
    /// The officer's force.
    package var force: String
    /// The officer's name and collar number.
    package var officer: String
    /// How the family reaches the officer.
    package var contact: String
    /// The heading.
    package var title: String
    /// What happened, what was decided, what to do now: in order.
    package var sections: [Section]
    /// Where the wording comes from.
    package var source: String
    /// Organisations for the family, already chosen for this letter.
    package var support: [SupportList.Entry]
    /// The signed record the letter was made from, for the police file copy.
    package var record: String
    /// A training record's letter is marked so it can never be mistaken for a real one.
    package var training: Bool
    /// The letter's language.
    package var language: Language = .en
    /// Said near the top when the letter is not in the language the family chose.
    package var languageNote: String?

    /// Creates a letter.
    package init(child: String, kind: Kind, date: String, crimeReference: String, force: String, officer: String,
                 contact: String, title: String, sections: [Section], source: String, support: [SupportList.Entry],
                 record: String, training: Bool) {
        self.child = child
        self.kind = kind
        self.date = date
        self.crimeReference = crimeReference
        self.force = force
        self.officer = officer
        self.contact = contact
        self.title = title
        self.sections = sections
        self.source = source
        self.support = support
        self.record = record
        self.training = training
    }

    var trainingMark: String { language(.letterTraining) }

    /// What to do with questions: the officer first, quoting the reference.
    var questions: String { language(.letterQuestionsText, officer, force, contact, crimeReference) }

    /// The facts at the top, label and value. The offence is not among them: only the letter for a
    /// child recorded against it names it, in its own sentence.
    var facts: [(String, String)] {
        let say = language
        return [(say(.letterFor), say(.letterForValue, child)), (say(.letterDate), date),
                (say(.letterCrimeReference), crimeReference), (say(.letterForce), force), (say(.letterOfficer), officer),
                (say(.letterContact), contact)]
    }

    /// Every section in order, the questions and the support list included.
    var allSections: [Section] {
        var out = sections
        out.append(Section(heading: language(.letterQuestions), paragraphs: [questions]))
        return out
    }

    /// The letter as plain text, wrapped for printing or pasting into an email.
    package func text() -> String {
        var out: [String] = []
        if training { out += [trainingMark, ""] }
        out.append(Visible.line(title).uppercased())
        out.append("")
        for (label, value) in facts { out.append("\(label): \(Visible.line(value))") }
        if let languageNote { out += [""] + RecordText.wrap(languageNote, first: "", rest: "") }
        for section in allSections {
            out += ["", Visible.line(section.heading).uppercased()]
            for (i, paragraph) in section.paragraphs.enumerated() {
                if i > 0 { out.append("") }
                out += RecordText.wrap(paragraph, first: "", rest: "")
            }
        }
        if !support.isEmpty {
            out += ["", language(.letterSupportHeading).uppercased()]
            for entry in support {
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
            guard let start = page.firstRange(of: "<body>\n"), let end = page.lastRange(of: "</body>") else { return page }
            return String(page[start.upperBound..<end.lowerBound])
        }
        let head = pages[0][..<pages[0].firstRange(of: "<body>\n")!.upperBound]
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
        out.append("<h1>\(e(title))</h1>")
        out.append("<table class=\"facts\">")
        for (label, value) in facts { out.append("<tr><th scope=\"row\">\(e(label))</th><td>\(e(value))</td></tr>") }
        out.append("</table>")
        if let languageNote { out.append("<p><strong>\(e(languageNote))</strong></p>") }
        for section in allSections {
            out.append("<h2>\(e(section.heading))</h2>")
            for paragraph in section.paragraphs { out.append("<p>\(e(paragraph))</p>") }
        }
        if !support.isEmpty {
            out.append("<h2>\(e(language(.letterSupportHeading)))</h2>")
            out.append("<ul>")
            for entry in support {
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
