import Foundation
import IntakeCore
import IntakeRecords

/// `intake notice RECORD`: the family's letters, made only from a record whose Outcome 21 proposal
/// a senior officer has countersigned in agreement, and which no later record supersedes (College of
/// Policing briefing note, Actions 11–13). Every refusal says why and what to do next.
package enum FamilyNotice {
    /// One letter per child the record names for the notice. `data` is read from `path`; `verifier`
    /// checks both signatures; `supersededBy` finds a newer record of the case; `flow` loads the exact
    /// flow the record was made with (id, SHA-256); `now` dates the letters.
    package static func letters(_ data: Data, path: String, verifier: RecordVerifier, supersededBy: (String) -> String?,
                               flow locate: (String, String) -> LoadedFlow?, now: Date,
                               timeZone: TimeZone = .current, language: Language = .en) throws(SessionError) -> [FamilyLetter] {
        let reader: RecordReader
        do {
            reader = try RecordReader(data: data, path: path, verifier: verifier)
        } catch {
            throw SessionError("\(error)".replacingOccurrences(of: "can be started from", with: "can give a family's letter"))
        }
        let record = reader.source
        let fields = AnswersData.fields(reader.body)
        guard fields["outcome21"] == "may-be-considered" else {
            throw SessionError("\(record.id) does not propose Outcome 21 (its outcome: \(fields["outcome21"] ?? fields["classification"] ?? "not given")), so there is no letter for a family")
        }
        let blocks = SignedRecord.blocks(in: data)
        guard blocks.count >= 2 else {
            throw SessionError("\(record.id) is awaiting senior review: Outcome 21 is only a proposal until a senior officer agrees; nothing goes to the family before then (intake review \(path))")
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
            throw SessionError("the senior officer's review of \(record.id) did not agree (decision: \(decision)); there is no Outcome 21 letter, follow the review's reasons")
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
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        let children = (text(addressee) ?? "").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var missing: [String] = []
        if children.isEmpty { missing.append("the child's name [\(addressee)]") }
        if text(contactScreen) == nil { missing.append("the officer's contact for the family [\(contactScreen)]") }
        for id in notice.paragraphs.flatMap(Notice.placeholders) where text(id) == nil && !missing.contains(where: { $0.hasSuffix("[\(id)]") }) {
            missing.append("\(flow.screen(id).map { Visible.line($0.prompt) } ?? id) [\(id)]")
        }
        guard missing.isEmpty else {
            throw SessionError("""
            the letter needs \(missing.joined(separator: ", ")), which \(record.id) does not give; add them with \
            intake update \(path), then have the follow-up record reviewed
            """)
        }
        let say = language
        let officer = officerLine(reader.body, answers: answers, flow: flow)
        let paragraphs = notice.paragraphs.map { Notice.fill($0) { text($0) ?? "" } }
        let agreedAt = reviewedAt(reviewed).map { day($0, timeZone, say) } ?? say(.letterReviewDate)
        return children.map { child in
            var letter = FamilyLetter(child: child, date: day(now, timeZone, say), agreed: agreedAt,
                         crimeType: text("crime_type") ?? say(.letterAsRecorded), crimeReference: text("crime_reference") ?? say(.letterToBeGiven),
                         force: officer.force, officer: officer.name, contact: text(contactScreen)!,
                         title: notice.title, paragraphs: paragraphs, source: notice.source, support: flow.support,
                         record: record.id, training: record.training)
            letter.language = say
            letter.draftTranslation = flow.translationStatus == .draft
            return letter
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
           let collar = line.range(of: ", collar ") {
            let rest = line[collar.upperBound...]
            if let comma = rest.range(of: ", ") {
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
        guard let start = reviewed.range(of: "\nSUPERVISOR REVIEW", options: .backwards) else { return nil }
        guard let line = reviewed[start.upperBound...].split(separator: "\n").first(where: { $0.hasPrefix("Reviewed: ") }),
              let open = line.range(of: "(UTC "), let close = line.lastIndex(of: ")") else { return nil }
        return AnswersData.parseTime(String(line[open.upperBound..<close]))
    }

    /// `23 November 2026`, or in Welsh `23 Tachwedd 2026`. The Welsh month names are written here
    /// rather than taken from the system's locale data, which a minimal server may not carry.
    static func day(_ date: Date, _ timeZone: TimeZone, _ language: Language = .en) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        let months = language == .cy
            ? ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!)"
    }
}

extension FamilyNotice {
    /// Writes every child's letter, text and HTML, into `folder` (made if missing, 0700): one pair per
    /// child, each naming no one else, never over a file already there. Failed, saying which file,
    /// when the folder is a file or a letter cannot be written.
    package static func write(_ letters: [[FamilyLetter]], to folder: URL) -> Report {
        var report = Report()
        func refuse(_ message: String, status: Int32? = nil) -> Report {
            report.error("intake: \(message)")
            report.failed = true
            report.status = status
            return report
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            return refuse("\(Visible.line(folder.path)) is a file, not a folder; give --output a folder to write the letters in (it is made if missing)")
        }
        if !isFolder.boolValue, mkdir(folder.path, 0o700) != 0, errno != EEXIST {
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
        return report
    }
}

extension FamilyNotice {
    /// Each child's letter in each of `languages`, as [child][language] (Welsh first when both, as
    /// Welsh public bodies publish).
    package static func letters(_ data: Data, path: String, verifier: RecordVerifier, supersededBy: (String) -> String?,
                                flow locate: (String, String) -> LoadedFlow?, now: Date, languages: [Language]) throws(SessionError) -> [[FamilyLetter]] {
        var byLanguage: [[FamilyLetter]] = []
        for language in languages {
            byLanguage.append(try letters(data, path: path, verifier: verifier, supersededBy: supersededBy, flow: locate, now: now, language: language))
        }
        guard let first = byLanguage.first else { return [] }
        return first.indices.map { i in byLanguage.map { $0[i] } }
    }

    /// The one child's letters `child` names (or the only child's), or why there is not exactly one,
    /// with the names to choose from.
    package static func choose(_ letters: [[FamilyLetter]], child: String?) -> Result<[FamilyLetter], SessionError> {
        let chosen = letters.filter { child == nil || $0.first?.child == child }
        if chosen.count == 1, let letter = chosen.first { return .success(letter) }
        let names = letters.enumerated().map { "  \($0.offset + 1). \(Visible.line($0.element.first?.child ?? ""))" }.joined(separator: "\n")
        let why = child.map { "no child called '\(Visible.line($0))' is named for the notice" } ?? "the record names \(letters.count) children for the notice"
        return .failure(SessionError(why + ":\n\(names)\nchoose one with --child NAME, or write them all with --output FOLDER"))
    }
}
