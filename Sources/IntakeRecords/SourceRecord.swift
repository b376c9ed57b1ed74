import Crypto
import FoundationEssentials
import Glibc
import IntakeCore

/// A signed record another interview starts from (`intake run --from`), as the new record names it.
package struct SourceRecord: Codable, Equatable, Sendable {
    /// The record's id, e.g. `SI-20261123-3F9A2C7E1B04`.
    package var id: String
    /// The flow it was made with, and that flow's version.
    package var flow: String
    package var version: String
    /// SHA-256 of the record file's bytes, in hex: which exact file was read.
    package var sha256: String
    /// Who signed it (the allowed_signers principal) and the key's fingerprint.
    package var signer: String
    package var fingerprint: String
    /// A training record.
    package var training: Bool
    /// SHA-256 of what the officer's signature covers: the same for every copy of the record, whatever
    /// was added after it, so a follow-up of a reviewed copy is recognised beside the copy before
    /// its review (issue 36). Nil in records made before 0.15.0.
    package var signedSHA256: String?
    /// The signer of a review countersignature on the file read, if it had one.
    package var countersignedBy: String?

    /// How the new record names it.
    package var line: String {
        "\(id) (\(flow) \(version)), record file SHA-256 \(sha256), signed by \(signer) \(fingerprint)"
            + (countersignedBy.map { ", countersigned by \($0)" } ?? "")
            + (signedSHA256.map { "; officer-signed part SHA-256 \($0)" } ?? "")
    }
}

/// Why a record cannot be started from.
package struct SourceRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    package var description: String

    init(_ description: String) { self.description = description }
}

/// Reads a signed record back: its header, and its answers as values of its flow's screens.
package struct RecordReader: Sendable {
    /// Who it is.
    package var source: SourceRecord
    /// Each answer's text as the record prints it, by screen id.
    package var answerTexts: [String: String]
    /// The SHA-256 of the flow file the record was made with, from its Flow: line.
    package var flowSHA256: String?
    /// The case the record belongs to: its `Case:` line, else its own id (a first record).
    package var caseId: String
    /// The officer's signed body: the text the first signature covers.
    package var body: String

    /// Verifies `data` (every signature good and trusted, the first an officer's) and reads it.
    /// `path` names the file in messages.
    package init(data: Data, path: String, verifier: RecordVerifier) throws(SourceRecordError) {
        let checks = verifier.verify(data, path: path)
        guard let first = checks.first, checks.allSatisfy(\.good) else {
            let bad = checks.first { !$0.good }
            throw SourceRecordError("\(path): signature \(bad?.index ?? 0): \(bad?.message ?? "no signature"); only a record whose every signature verifies can be started from")
        }
        let blocks = SignedRecord.blocks(in: data)
        let body = String(decoding: blocks[0].covered, as: UTF8.self)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func header(_ label: String) -> String? {
            lines.prefix(40).first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)) }
        }
        guard let id = header("Record: "), let flowLine = header("Flow: ") else {
            throw SourceRecordError("\(path): this is not an intake record (no Record: or Flow: line)")
        }
        let flowParts = flowLine.split(separator: " ")
        guard flowParts.count >= 3, flowParts[1] == "version" else {
            throw SourceRecordError("\(path): the Flow: line does not name a flow and its version")
        }
        source = SourceRecord(id: id, flow: String(flowParts[0]), version: String(flowParts[2]),
                              sha256: sha256Hex(data),
                              signer: first.signer ?? "", fingerprint: first.fingerprint ?? "",
                              training: first.namespace == Namespace.trainingRecord)
        source.signedSHA256 = sha256Hex(blocks[0].covered)
        if checks.count > 1, [Namespace.review, Namespace.trainingReview].contains(checks[1].namespace) {
            source.countersignedBy = checks[1].signer
        }
        answerTexts = Self.answers(in: lines)
        flowSHA256 = flowLine.firstRange(of: "(SHA-256 ").map { String(flowLine[$0.upperBound...].prefix(64)) }
        caseId = header("Case: ") ?? id
        self.body = body
    }

    /// The ANSWERS section: `- prompt [id]`, `  Answer: text`, continuation lines indented ten
    /// spaces, then `  Given: …`; it ends at the first empty line.
    static func answers(in lines: [String]) -> [String: String] {
        let headings = Language.allCases.map { $0(.answers) }
        guard let start = lines.firstIndex(where: { line in headings.contains { line == $0 || line.hasPrefix($0 + " [") } }) else { return [:] }
        let labels = Language.allCases.map { "  " + $0(.answer) + ": " }
        var indent = 10
        var texts: [String: String] = [:]
        var id: String?
        var text: [String]?
        func close() {
            if let id, let text { texts[id] = text.joined(separator: "\n") }
            text = nil
        }
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            if line.hasPrefix("- "), line.hasSuffix("]"), let open = line.lastRange(of: " [") {
                close()
                id = String(line[open.upperBound..<line.index(before: line.endIndex)])
            } else if let label = labels.first(where: { line.hasPrefix($0) }) {
                // "Answer:" in the record's language; later lines are indented to line up under it.
                indent = label.count
                text = [String(line.dropFirst(indent))]
            } else if line.hasPrefix(String(repeating: " ", count: indent)), text != nil {
                text?.append(String(line.dropFirst(indent)))
            } else {
                close()
            }
        }
        close()
        return texts
    }

    /// The answers read as values of `flow`'s screens; an answer whose text does not read back
    /// exactly (a label changed since, a screen gone) is left out, by id.
    /// A record made in another language reads back through `translations`, the flow in those languages.
    package func values(for flow: Flow, translations: [Flow] = []) -> (values: [String: AnswerValue], unreadable: [String]) {
        var values: [String: AnswerValue] = [:]
        var unreadable: [String] = []
        for (id, text) in answerTexts.sorted(by: { $0.key < $1.key }) {
            guard flow.screen(id) != nil else { continue }
            let read = ([flow] + translations).lazy.compactMap { $0.screen(id).flatMap { Self.value(text, on: $0) } }.first
            if let read { values[id] = read } else { unreadable.append(id) }
        }
        return (values, unreadable)
    }

    /// The values of `text`, labels joined by "; " as `Describe.answer` writes them. A label may itself
    /// hold "; ", so each split is tried; labels are few, and each is used once, so this stays small.
    static func labels(_ text: Substring, _ choices: [Choice], depth: Int = 0) -> [String]? {
        guard depth < choices.count else { return nil }
        for choice in choices where text.hasPrefix(choice.label) {
            let rest = text.dropFirst(choice.label.count)
            if rest.isEmpty { return [choice.value] }
            if rest.hasPrefix("; "), let more = labels(rest.dropFirst(2), choices, depth: depth + 1) { return [choice.value] + more }
        }
        return nil
    }

    /// The inverse of `Describe.answer` for the kinds that can be carried.
    static func value(_ text: String, on screen: Screen) -> AnswerValue? {
        let say = screen.language
        if text == say(.leftBlank) { return .skipped }
        if text == say(.unknown), screen.allowUnknown || screen.kind == .yesNoUnknown { return .unknown }
        let byLabel = Dictionary(screen.choices.map { ($0.label, $0.value) }, uniquingKeysWith: { first, _ in first })
        switch screen.kind {
        case .yesNoUnknown:
            return text == say(.yes) ? .tri(true) : text == say(.no) ? .tri(false) : nil
        case .choice:
            return byLabel[text].map(AnswerValue.choice)
        case .multiChoice:
            if text == say(.none) { return .choices([]) }
            return labels(Substring(text), screen.choices).map(AnswerValue.choices)
        case .text, .people:
            return .text(text)
        case .number:
            return Int(text).map(AnswerValue.number)
        case .dateTime:
            guard let open = text.firstRange(of: "(UTC "), text.hasSuffix(")") else { return nil }
            let iso = String(text[open.upperBound..<text.index(before: text.endIndex)])
            return UTCTime.parse(iso).map(AnswerValue.dateTime)
        case .info, .checklist, .end:
            return nil
        }
    }
}
