import FoundationEssentials
import Glibc
import IntakeCore

/// Renders a finished (or unfinished) interview as plain text: readable with `cat`, pasteable into a
/// crime recording system. Signing comes later; this is the body it will cover.
package enum RecordText {
    /// The record of `interview`. Times are shown in UTC and in `timeZone`.
    package static func render(_ interview: Interview, context: RecordContext = RecordContext(),
                              timeZone: Zone = .current) -> String {
        let flow = interview.flow
        let say = flow.language
        // The header block (every line above the first blank one) keeps the format's English keys in
        // every language: intake's readers and scripts/verify-with-openssh read them, as they read the
        // ids in brackets. Everything below it is in the record's language.
        let d = interview.determination
        let answers = interview.result
        let mark = context.training ? " [TRAINING]" : ""
        var out: [String] = []
        if context.training { out.append(RecordContext.trainingBanner) }
        out.append(say(.recordTitle, flow.title))
        if let id = context.recordId { out.append("Record: \(id)") }
        out.append("Flow: \(flow.id) version \(flow.version)" + (context.flowSHA256.map { " (SHA-256 \($0))" } ?? ""))
        for move in context.flowMoves {
            // A court can see which answers were given under which version: the questions answered
            // before a move read the same in both (checked when it was made).
            let at = Describe.time(Date(timeIntervalSinceReferenceDate: move.at), timeZone: timeZone)
            out.append("Moved to this version: \(at), from version \(Visible.line(move.version)) (SHA-256 \(Visible.line(move.sha256)))")
        }
        if let policy = context.flowPolicy { out.append("\(RecordPolicy.flowLabel)\(Visible.line(policy))") }
        out += languageLines(flow, context: context)
        if let policy = context.translationPolicy[say], say != .en {
            out.append("\(RecordPolicy.translationLabel)\(Visible.line(policy))")
        }
        out.append("Made by: \(IntakeRelease.name)")
        if let officer = context.officer {
            out.append("\(officer.identity.title): \(officer.identity.description)")
            out.append("Signing key: \(officer.identity.principal) \(officer.fingerprint)")
        }
        for field in flow.record.header {
            // Only what the officer typed: answers given by the signing key are in the Officer line above.
            if let value = interview.answers[field.screen]?.value, interview.path.contains(field.screen), let screen = flow.screen(field.screen) {
                out.append("\(Visible.line(field.label)): \(Visible.line(Describe.answer(value, on: screen, timeZone: timeZone)))")
            }
        }
        if let source = context.source { out.append("Started from: \(Visible.line(source.line))") }
        if let earlier = context.supersedes {
            out.append("Case: \(Visible.line(earlier.caseId))")
            out.append("Supersedes: \(Visible.line(earlier.record.line))")
            if let officer = context.officer, officer.identity.principal != earlier.record.signer {
                out.append("Follow-up by another officer: \(Visible.line(earlier.record.id)) was signed by \(Visible.line(earlier.record.signer))")
            }
        }
        out.append("Started: \(Describe.time(interview.startedAt, timeZone: timeZone))")
        out.append("Finished: " + (interview.finishedAt.map { Describe.time($0, timeZone: timeZone) } ?? "NOT FINISHED"))
        out.append("")
        out += Summary.lines(d, flow: flow, answers: answers).map { $0 == $0.uppercased() && !$0.isEmpty && !$0.hasPrefix(" ") ? $0 + mark : $0 }
        out.append("")
        out.append(say(.answers) + mark)
        for id in interview.path {
            guard let screen = flow.screen(id), screen.kind != .end, let answer = interview.answers[id] else { continue }
            out.append("- \(Visible.line(screen.prompt)) [\(id)]")
            out += answerLines(Describe.answer(answer.value, on: screen, timeZone: timeZone), say)
            out.append("  " + say(.given, Describe.time(answer.at, timeZone: timeZone)))
            if let offered = interview.proposed[id], let from = interview.proposedFrom {
                // Which answers came from the earlier record, and which the officer changed.
                out.append("  " + (offered.value == answer.value ? say(.fromKept, Visible.line(from))
                           : say(.fromWhichSaid, Visible.line(from), Visible.line(Describe.answer(offered.value, on: screen, timeZone: timeZone)))))
            }
        }
        if !interview.audit.isEmpty {
            out.append("")
            out.append(say(.changes) + mark)
            for entry in interview.audit {
                let screen = flow.screen(entry.question)!
                let old = Describe.answer(entry.old, on: screen, timeZone: timeZone)
                let new = entry.new.map { Describe.answer($0, on: screen, timeZone: timeZone) } ?? say(.droppedFromPath)
                out += changeLines("- \(Describe.time(entry.at, timeZone: timeZone)) [\(entry.question)]", old, new, say)
            }
        }
        if let earlier = context.supersedes {
            out.append("")
            out += since(earlier, interview, timeZone: timeZone, mark: mark)
        }
        out.append("")
        out += AnswersData.lines(interview)
        if let notice = flow.notice, d.outcome21 == .mayBeConsidered {
            out.append("")
            out += draftNotice(notice, flow: flow, answers: answers, timeZone: timeZone, mark: mark)
        }
        if context.signposting, let support = flow.support {
            out.append("")
            out += supportList(support, mark: mark, language: say)
        }
        if context.training { out += ["", RecordContext.trainingBanner] }
        return guardMarkers(out).joined(separator: "\n") + "\n"
    }

    /// What changed since the superseded record: each answer that differs, with when it was given.
    static func since(_ earlier: Supersession, _ interview: Interview, timeZone: Zone, mark: String) -> [String] {
        let flow = interview.flow
        let say = flow.language
        var out = [say(.since, Visible.line(earlier.record.id)) + mark]
        guard let before = try? AnswersFile.parse(text: earlier.answers, file: earlier.record.id, flow: flow).values else {
            return out + ["  " + say(.earlierUnreadable)]
        }
        let mine = Dictionary(uniqueKeysWithValues: interview.path.compactMap { id in interview.answers[id].map { (id, $0) } })
        let ids = flow.screens.map(\.id).filter { before[$0] != nil || (mine[$0] != nil && interview.given[$0] == nil) }
        for id in ids {
            guard let screen = flow.screen(id), screen.kind != .end else { continue }
            let old = before[id]
            let new = mine[id]
            if old == new?.value { continue }
            let oldText = old.map { Describe.answer($0, on: screen, timeZone: timeZone) } ?? say(.notAnswered)
            let newText = new.map { say(.givenAt, Describe.answer($0.value, on: screen, timeZone: timeZone), Describe.time($0.at, timeZone: timeZone)) }
                ?? say(.noLongerOnPath)
            out += changeLines("- [\(id)]", oldText, newText, say)
        }
        if out.count == 1 { out.append("  " + say(.noAnswerChanged)) }
        return out
    }

    /// The flow's notice with its placeholders filled, marked as a draft: an officer's record is signed
    /// before any senior review, and Outcome 21 is only a proposal until a senior officer agrees
    /// (College of Policing briefing note, Actions 11–13).
    static func draftNotice(_ notice: Notice, flow: Flow, answers: [String: AnswerValue], timeZone: Zone, mark: String) -> [String] {
        let say = flow.language
        var out = [notice.title.uppercased() + " — " + say(.draft) + mark]
        out += wrap(say(.draftNotForFamily), first: "", rest: "")
        for paragraph in notice.paragraphs {
            let text = Notice.fill(paragraph) { id in
                if let value = answers[id], value.isAnswered, value != .unknown, let screen = flow.screen(id) {
                    return Visible.line(Describe.answer(value, on: screen, timeZone: timeZone))
                }
                return notice.blanks[id] ?? say(.notYetRecorded, id)
            }
            out += wrap(text, first: "- ", rest: "  ")
        }
        out += wrap(say(.source, notice.source) + ".", first: "", rest: "")
        return out
    }

    /// The language the record is in, and the translation it came from. A draft translation is
    /// named as one in both languages, so a reader of either knows the wording is not yet approved.
    static func languageLines(_ flow: Flow, context: RecordContext) -> [String] {
        guard flow.language != .en else { return [] }
        let say = flow.language
        var line = "Language: \(say.rawValue) (\(say.name))"
        if let sha = context.translationSHA256[say] {
            line += ", translation \(Translation.path(for: flow.id, language: say)) \(flow.translationStatus?.rawValue ?? "") (SHA-256 \(sha))"
        }
        var out = [line]
        if flow.translationStatus == .draft {
            out.append("Draft: " + say(.draftTranslation) + " / " + Language.en(.draftTranslation))
        }
        return out
    }

    /// A change on one line, `old → new`; an answer of several lines keeps them, each side under its
    /// own label, so a two-line text never reads as a literal `\n`.
    static func changeLines(_ head: String, _ old: String, _ new: String, _ say: Language) -> [String] {
        guard old.contains("\n") || new.contains("\n") else { return ["\(head) \(Visible.line(old)) → \(Visible.line(new))"] }
        func side(_ label: String, _ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
                (i == 0 ? "    \(label): " : String(repeating: " ", count: label.count + 6)) + Visible.line(String(line))
            }
        }
        return [head] + side(say(.changeBefore), old) + side(say(.changeAfter), new)
    }

    /// An answer's lines: the first after "Answer:", the rest indented to line up under it.
    static func answerLines(_ text: String, _ say: Language) -> [String] {
        let label = "  " + say(.answer) + ": "
        let indent = String(repeating: " ", count: label.count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in (i == 0 ? label : indent) + line }
    }

    /// The flow's support list, each organisation with its contact details and when they were checked.
    static func supportList(_ support: SupportList, mark: String, language say: Language = .en) -> [String] {
        var out = [support.title.uppercased() + mark]
        for entry in support.entries {
            out += wrap("\(entry.name): \(entry.helps) \(say(.contact, entry.contact)) \(say(.detailsChecked, entry.checked))", first: "- ", rest: "  ")
        }
        out += wrap(say(.source, support.source) + ".", first: "", rest: "")
        return out
    }

    /// Words of `text` in lines of at most `width` characters, the first prefixed `first`, the rest `rest`.
    static func wrap(_ text: String, first: String, rest: String, width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = first, empty = true
        for word in Visible.line(text).split(separator: " ") {
            if !empty, line.count + 1 + word.count > width { lines.append(line); line = rest; empty = true }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines
    }

    /// No line of a body may read as a signature marker, or the signed part could be cut short.
    static func guardMarkers(_ lines: [String]) -> [String] {
        lines.map { $0.hasPrefix("-----BEGIN SSH SIGNATURE") || $0.hasPrefix("-----END SSH SIGNATURE") ? " " + $0 : $0 }
    }
}
