import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords
import IntakeSession

extension LetterLanguages: ExpressibleByArgument {}

/// `intake notice`: the family's letter, only from a record a senior officer agreed (Actions 11–13).
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Make each family's letter from a decided record a senior officer has countersigned in agreement.",
        discussion: """
        Refuses, saying why, unless every signature verifies, the record is decided (Outcome 21, or a case \
        that goes further), a senior officer's review agreed, and no later record supersedes it. Each child \
        the record names for the notice gets a letter of their own that fits their part and names no one \
        else: Outcome 21 names the offence only beside a child recorded as a suspect; a case that goes \
        further tells each other child's family what happens next. A letter in Welsh needs the Welsh \
        wording approved. Text by default; --html gives one printable page (A4, no scripts).
        """)

    @Argument(help: "The countersigned record.", completion: .file(extensions: ["txt"])) var record: String
    @Option(help: "Which child's letter, by name as the record gives it (needed when it names several).") var child: String?
    @Flag(help: "Print the letter as a printable HTML page instead of text.") var html = false
    @Option(help: "Write every child's letter, text and HTML, into this folder instead of printing one.",
            completion: .directory) var output: String?
    @Option(help: "The flow file the record was made with, when intake kept no copy of it here.") var flow: String?
    @Option(help: "allowed_signers file for checking the record (default: $XDG_CONFIG_HOME/intake/allowed_signers).")
    var allowedSigners: String?
    @Option(help: "The letter's language: en, cy, or both (Welsh first, then English, as Welsh public bodies publish). Default: the language the family chose, as the record says, else en.")
    var lang: LetterLanguages?

    func run() throws {
        let (data, verifier) = try SignedInput.read(record, allowedSigners: allowedSigners)
        let interviews = Interviews.fromEnvironment()
        let letters: FamilyNotice.Letters
        do {
            letters = try FamilyNotice.letters(data, path: record, verifier: verifier, supersededBy: interviews.supersededBy(near: record),
                                               flow: FlowLocator.exact(interviews, given: flow), now: Date(), asked: lang)
        } catch {
            throw SignedInput.refuse("no letter: \(error)")
        }
        if let output { return try show(FamilyNotice.write(letters, to: URL(fileURLWithPath: output))) }
        switch FamilyNotice.choose(letters, child: child) {
        case .success(let letter): print(html ? FamilyLetter.html(letter) : FamilyLetter.text(letter), terminator: "")
        case .failure(let why): throw SignedInput.refuse(why.description)
        }
    }
}
