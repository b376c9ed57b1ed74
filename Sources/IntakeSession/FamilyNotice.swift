import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// `intake notice RECORD`: the families' letters, made only from a decided record a senior officer has
/// countersigned in agreement, and which no later record supersedes (College of Policing briefing
/// note, Actions 7 and 11–13). Each child's family gets the letter that fits the child's part, read
/// from the record's people screen: Outcome 21 names the offence only beside a child the crime report
/// records as a suspect. Every refusal says why and what to do next.
package enum FamilyNotice {
    /// A child named for a letter who gets none, and why.
    package struct Withheld: Sendable, Equatable {
        package var child: String
        package var why: String
    }

    /// Every letter the record gives, and the children it names who get none.
    package struct Letters: Sendable {
        /// One entry per child who gets a letter: that letter in each language asked for.
        package var letters: [[FamilyLetter]]
        /// The children named for a letter who get none, with the reason.
        package var withheld: [Withheld]
    }

    /// Where the letters' own wording comes from (what happened, what to do, support).
    static let wording = "College of Policing briefing note, Actions 7, 9 and 12–14; police action leaflet; Hampshire Constabulary presentation (deleting content)"

    /// One letter per child the record names for the notice, in `language`. `data` is read from
    /// `path`; `verifier` checks both signatures; `supersededBy` finds a newer record of the case;
    /// `flow` loads the exact flow the record was made with (id, SHA-256); `now` dates the letters;
    /// `familyChose` is the language the family asked for, said on a letter in another.
    package static func letters(_ data: Data, path: String, verifier: RecordVerifier, supersededBy: (String) -> String?,
                               flow locate: (String, String) -> LoadedFlow?, now: Date,
                               timeZone: Zone = .current, language: Language = .en,
                               familyChose: Language? = nil) throws(SessionError) -> Letters {
        let reader: RecordReader
        do {
            reader = try RecordReader(data: data, path: path, verifier: verifier)
        } catch {
            throw SessionError("\(error)".replacing("can be started from", with: "can give a family's letter"))
        }
        let record = reader.source
        let fields = AnswersData.fields(reader.body)
        let lenient = fields["outcome21"] == "may-be-considered"
        // A case that goes further still owes each harmed child's family word of what happens next
        // (Action 7); one not yet decided owes nothing in writing until it is.
        let furtherClasses: Set<String> = ["aggravated", "child-needs"]
        let further = !lenient && furtherClasses.contains(fields["classification"] ?? "")
        guard lenient || further else {
            throw SessionError("\(record.id) is not decided yet (its outcome: \(fields["outcome21"] ?? fields["classification"] ?? "not given")), so there is no letter for a family; establish what is outstanding with intake update, then have the follow-up record reviewed")
        }
        let blocks = SignedRecord.blocks(in: data)
        guard blocks.count >= 2 else {
            throw SessionError("\(record.id) is awaiting senior review: nothing goes to a family before a senior officer agrees the decision\(lenient ? " (Outcome 21 is only a proposal until then)" : "") (intake review \(path))")
        }
        let checks = verifier.verify(data, path: path)
        let reviewNamespace = record.training ? Namespace.trainingReview : Namespace.review
        guard blocks.count == 2, checks.count == 2, checks[1].namespace == reviewNamespace,
              checks[1].fingerprint != checks[0].fingerprint else {
            throw SessionError("\(record.id) does not carry one senior officer's countersignature on the officer's record, so no letter can be made from it")
        }
        let reviewed = String(decoding: blocks[1].covered, as: UTF8.self)
        guard let decision = ReviewText.decision(in: reviewed) else {
            throw SessionError("\(record.id)'s review does not state its decision as data (a Decision: line), so intake cannot tell that it agreed; no letter is made")
        }
        guard decision == "agreed" else {
            throw SessionError("the senior officer's review of \(record.id) did not agree (decision: \(decision)); there is no letter for a family, follow the review's reasons")
        }
        let whole = String(decoding: data, as: UTF8.self)
        if !record.training, let why = RecordPolicy.problem(in: whole, flowSHA256: reader.flowSHA256) {
            throw SessionError("\(record.id) was not made, or not reviewed, on the force's approved policy: \(why); no letter is made from it (docs/flow-approval.md)")
        }
        if let newer = supersededBy(record.id) {
            throw SessionError("\(record.id) has been superseded by \(newer); a letter comes only from a case's latest record, once it is reviewed")
        }
        guard let sha = reader.flowSHA256, let loaded = locate(record.flow, sha) else {
            throw SessionError("\(record.id) was made with \(record.flow) \(record.version), and no copy of that flow is here; give that flow file with --flow")
        }
        let answersFlow = loaded.flow
        guard let flow = loaded.flow(in: language) else {
            throw SessionError("\(record.flow) has no \(language.name) translation here (\(Translation.path(for: record.flow, language: language)) beside the flow), so there is no letter in \(language.name)")
        }
        // A family reads a letter as the force's word: never in wording the force has not approved.
        if language != .en, flow.translationStatus != .approved {
            let named = language.name(in: .en)
            throw SessionError("""
            the \(named) wording of \(record.flow) is a draft here, not approved by the force's \(named) reviewer, and a \
            family's letter is never made from a draft. Make it in English with --lang en (the letter says the family asked \
            for \(named)), or have the translation approved: intake flows approve \(loaded.translations[language]?.path ?? Translation.path(for: record.flow, language: language)) \
            (docs/flow-approval.md)
            """)
        }
        guard let notice = flow.notice, let addressee = notice.addressee, let contactScreen = notice.contact else {
            throw SessionError("\(record.flow) \(record.version) has no letter for a family (its notice names no addressee and contact screens)")
        }
        let answers: [String: AnswerValue]
        do {
            answers = try AnswersFile.parse(text: reader.body, file: path, flow: answersFlow).values
        } catch {
            throw SessionError("the answers of \(record.id) cannot be read back: \(error)")
        }
        func text(_ id: String) -> String? {
            guard case .text(let value)? = answers[id] else { return nil }
            let trimmed = value.trimmed()
            return trimmed.isEmpty ? nil : trimmed
        }
        let children = (text(addressee) ?? "").split(separator: "\n")
            .map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        var missing: [String] = []
        if children.isEmpty { missing.append("the child's name [\(addressee)]") }
        if text(contactScreen) == nil { missing.append("the officer's contact for the family [\(contactScreen)]") }
        guard missing.isEmpty else {
            throw SessionError("""
            the letter needs \(missing.joined(separator: ", ")), which \(record.id) does not give; add them with \
            intake update \(path), then have the follow-up record reviewed
            """)
        }
        // Safeguarding first: the force's rule can stop every letter of the case (its flow's notice).
        if let why = Determiner.withheld(answersFlow, answers: answers) {
            throw SessionError("no letter goes to any family of \(record.id): \(why)")
        }
        let parts = ChildParts(flow: answersFlow, answers: answers)
        var kinds: [(String, FamilyLetter.Kind)] = []
        var withheld: [Withheld] = []
        for child in children {
            switch parts.kind(of: child, further: further) {
            case .success(let kind): kinds.append((child, kind))
            case .failure(let no): withheld.append(Withheld(child: child, why: no.why))
            }
        }
        if kinds.contains(where: { $0.1 == .decision }) {
            let unanswered = notice.paragraphs.flatMap(Notice.placeholders).filter { text($0) == nil }
            var seen = Set<String>()
            let needed = unanswered.filter { seen.insert($0).inserted }.map { "\(flow.screen($0).map { Visible.line($0.prompt) } ?? $0) [\($0)]" }
            guard needed.isEmpty else {
                throw SessionError("""
                the letter needs \(needed.joined(separator: ", ")), which \(record.id) does not give; add them with \
                intake update \(path), then have the follow-up record reviewed
                """)
            }
        }
        let say = language
        let officer = officerLine(reader.body, answers: answers, flow: flow)
        let agreedAt = reviewedAt(reviewed).map { day($0, timeZone, say) } ?? say(.letterReviewDate)
        let noticeParagraphs = notice.paragraphs.map { Notice.fill($0) { text($0) ?? "" } }
        let letters = kinds.map { child, kind in
            var letter = FamilyLetter(child: child, kind: kind, date: day(now, timeZone, say),
                                      crimeReference: text("crime_reference") ?? say(.letterToBeGiven),
                                      force: officer.force, officer: officer.name, contact: text(contactScreen)!,
                                      title: say(kind == .next ? .letterTitleNext : .letterTitleDecision, child),
                                      sections: sections(kind, child: child, agreed: agreedAt, notice: noticeParagraphs, say),
                                      source: kind == .decision ? "\(notice.source); \(wording)" : wording,
                                      support: (flow.support?.entries ?? []).filter { $0.family == .all || ($0.family == .recorded && kind == .decision) },
                                      record: record.id, training: record.training)
            letter.language = say
            if let familyChose, familyChose != language {
                letter.languageNote = say(.letterLanguageChoice, familyChose.name(in: say))
            }
            return letter
        }
        return Letters(letters: letters.map { [$0] }, withheld: withheld)
    }

    /// What a letter of `kind` says, section by section, in `say`'s language.
    static func sections(_ kind: FamilyLetter.Kind, child: String, agreed: String, notice: [String], _ say: Language) -> [FamilyLetter.Section] {
        typealias Section = FamilyLetter.Section
        let happened = Section(heading: say(.letterHappenedHeading),
                               paragraphs: [say(kind == .decision ? .letterHappenedRecorded : .letterHappenedAffected, child)])
        let images: Phrase = kind == .next ? .letterDoNextImages : .letterDoDelete
        let doNow = Section(heading: say(.letterDoNowHeading),
                            paragraphs: [say(images, child), say(.letterDoRemove), say(.letterDoTalk, child)])
        switch kind {
        case .decision:
            return [happened, Section(heading: say(.letterDecidedHeading), paragraphs: [say(.letterAgreed, agreed)] + notice),
                    Section(heading: say(.letterMeaningHeading), paragraphs: [say(.letterMeaning, child)]), doNow]
        case .affected:
            return [happened, Section(heading: say(.letterDecidedHeading), paragraphs: [say(.letterAffectedDecided, child, agreed)]), doNow]
        case .next:
            return [happened, Section(heading: say(.letterDecidedHeading),
                                      paragraphs: [say(.letterNextDecided, child, agreed), say(.letterNextDevices)]), doNow]
        }
    }

    /// The language the family chose for letters, as the record answers the flow's `notice.language`
    /// screen (`en`, `cy` or `both`); nil when the flow asks no such question or the record has no answer.
    package static func familyLanguage(_ data: Data, path: String, verifier: RecordVerifier,
                                      flow locate: (String, String) -> LoadedFlow?) -> String? {
        guard let reader = try? RecordReader(data: data, path: path, verifier: verifier),
              let sha = reader.flowSHA256, let loaded = locate(reader.source.flow, sha),
              let screen = loaded.flow.notice?.language,
              let answers = try? AnswersFile.parse(text: reader.body, file: path, flow: loaded.flow).values,
              case .choice(let value)? = answers[screen] else { return nil }
        return value
    }

    /// The officer's name with collar number, and force: from the record's Officer line (the signing
    /// key's identity), else from the answers the officer typed.
    static func officerLine(_ body: String, answers: [String: AnswerValue], flow: Flow) -> (name: String, force: String) {
        let header = body.split(separator: "\n", omittingEmptySubsequences: false).prefix(40)
        if let line = header.first(where: { $0.hasPrefix("Officer: ") })?.dropFirst(9),
           let collar = line.firstRange(of: ", collar ") {
            let rest = line[collar.upperBound...]
            if let comma = rest.firstRange(of: ", ") {
                return ("\(line[..<collar.lowerBound]) (\(flow.language(.letterCollar, String(rest[..<comma.lowerBound]))))", String(rest[comma.upperBound...]))
            }
        }
        func typed(_ field: IdentityField) -> String? {
            guard let id = flow.identity[field], case .text(let value)? = answers[id] else { return nil }
            return value
        }
        let name = [typed(.name), typed(.number).map { "(\(flow.language(.letterCollar, $0)))" }].compactMap { $0 }.joined(separator: " ")
        return (name.isEmpty ? flow.language(.letterOfficerInRecord) : name, typed(.organisation) ?? flow.language(.letterForceInRecord))
    }

    /// When the review was signed, from its `Reviewed:` line's UTC time.
    static func reviewedAt(_ reviewed: String) -> Date? {
        guard let start = reviewed.lastRange(of: "\nSUPERVISOR REVIEW") else { return nil }
        guard let line = reviewed[start.upperBound...].split(separator: "\n").first(where: { $0.hasPrefix("Reviewed: ") }),
              let open = line.firstRange(of: "(UTC "), let close = line.lastIndex(of: ")") else { return nil }
        return AnswersData.parseTime(String(line[open.upperBound..<close]))
    }

    /// `23 November 2026`, or in Welsh `23 Tachwedd 2026`. The Welsh month names are written here
    /// rather than taken from the system's locale data, which a minimal server may not carry.
    static func day(_ date: Date, _ timeZone: Zone, _ language: Language = .en) -> String {
        let parts = timeZone.civil(date)
        let months = language == .cy
            ? ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(parts.day) \(months[parts.month - 1]) \(parts.year)"
    }
}

extension FamilyNotice {
    /// Writes every child's letter, text and HTML, into `folder` (made if missing, 0700): one pair per
    /// child, each naming no one else, never over a file already there. Failed, saying which file,
    /// when the folder is a file or a letter cannot be written.
    package static func write(_ made: Letters, to folder: URL) -> Report {
        let letters = made.letters
        var report = Report()
        func refuse(_ message: String, status: Int32? = nil) -> Report {
            report.error("intake: \(message)")
            report.failed = true
            report.status = status
            return report
        }
        var isFolder = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder {
            return refuse("\(Visible.line(folder.path)) is a file, not a folder; give --output a folder to write the letters in (it is made if missing)")
        }
        if !isFolder, mkdir(folder.path, 0o700) != 0, errno != EEXIST {
            return refuse("cannot make the folder \(Visible.line(folder.path)) for the letters: \(String(cString: strerror(errno)))")
        }
        let store = RecordStore(directory: folder)
        store.removeStaleTemporaries()
        for (n, letter) in letters.enumerated() {
            let base = "\(letter[0].record)-notice-\(n + 1)"
            for (ext, text) in [("txt", FamilyLetter.text(letter)), ("html", FamilyLetter.html(letter))] {
                let name = base + "." + ext
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
                    return refuse("\(Visible.line(folder.appendingPathComponent(name).path)) already exists; a letter is never written over another. Move it away, or give --output another folder")
                }
                do {
                    // A child's name: readable by the officer alone until handed over.
                    _ = try store.create(name, contents: text, privateFolder: false)
                } catch {
                    return refuse("the letters could not be written to \(Visible.line(folder.path)): \(error)", status: Exit.unsigned)
                }
            }
            report.out("\(Visible.line(folder.appendingPathComponent(base).path)).txt and .html: the letter for \(Visible.line(letter[0].child))")
        }
        // A child named for a letter who gets none is said, and the run does not end as if all went out.
        for held in made.withheld {
            report.error("intake: no letter for \(Visible.line(held.child)): \(held.why)")
            report.failed = true
        }
        return report
    }
}

/// The languages of a family's letter: one, or both with Welsh first (as Welsh public bodies publish).
package enum LetterLanguages: String, CaseIterable, Sendable {
    case en, cy, both
    package var languages: [Language] {
        switch self {
        case .en: return [.en]
        case .cy: return [.cy]
        case .both: return [.cy, .en]
        }
    }
}

extension FamilyNotice {
    /// The letters in the languages `asked` names, else those the family chose as the record says
    /// (the flow's `notice.language` screen), else English; a letter that leaves out the family's
    /// choice says so.
    package static func letters(_ data: Data, path: String, verifier: RecordVerifier, supersededBy: (String) -> String?,
                                flow locate: (String, String) -> LoadedFlow?, now: Date, asked: LetterLanguages?) throws(SessionError) -> Letters {
        let chose = familyLanguage(data, path: path, verifier: verifier, flow: locate).flatMap(LetterLanguages.init(rawValue:))
        return try letters(data, path: path, verifier: verifier, supersededBy: supersededBy, flow: locate, now: now,
                           languages: (asked ?? chose ?? .en).languages, familyChose: chose?.languages.first)
    }

    /// Each child's letter in each of `languages`, as [child][language] (Welsh first when both, as
    /// Welsh public bodies publish), with the children who get none.
    package static func letters(_ data: Data, path: String, verifier: RecordVerifier, supersededBy: (String) -> String?,
                                flow locate: (String, String) -> LoadedFlow?, now: Date, languages: [Language],
                                familyChose: Language? = nil) throws(SessionError) -> Letters {
        var byLanguage: [Letters] = []
        // Said only on letters that leave out the language the family asked for.
        let familyChose = familyChose.flatMap { languages.contains($0) ? nil : $0 }
        for language in languages {
            byLanguage.append(try letters(data, path: path, verifier: verifier, supersededBy: supersededBy, flow: locate, now: now,
                                          language: language, familyChose: familyChose))
        }
        guard let first = byLanguage.first else { return Letters(letters: [], withheld: []) }
        return Letters(letters: first.letters.indices.map { i in byLanguage.map { $0.letters[i][0] } }, withheld: first.withheld)
    }

    /// The one child's letters `child` names (or the only child's), or why there is not exactly one,
    /// with the names to choose from; a child named for a letter who gets none is said with why.
    package static func choose(_ made: Letters, child: String?) -> Result<[FamilyLetter], SessionError> {
        if let child, let held = made.withheld.first(where: { ChildParts.key($0.child) == ChildParts.key(child) }) {
            return .failure(SessionError("no letter for \(Visible.line(held.child)): \(held.why)"))
        }
        let letters = made.letters
        guard !letters.isEmpty else {
            let why = made.withheld.map { "  \(Visible.line($0.child)): \($0.why)" }.joined(separator: "\n")
            return .failure(SessionError("no child named for the notice gets a letter:\n\(why)"))
        }
        let chosen = letters.filter { child == nil || $0.first?.child == child }
        if chosen.count == 1, let letter = chosen.first { return .success(letter) }
        let names = letters.enumerated().map { "  \($0.offset + 1). \(Visible.line($0.element.first?.child ?? ""))" }.joined(separator: "\n")
        let why = child.map { "no child called '\(Visible.line($0))' is named for the notice" } ?? "the record names \(letters.count) children for the notice"
        return .failure(SessionError(why + ":\n\(names)\nchoose one with --child NAME, or write them all with --output FOLDER"))
    }
}
