import FoundationEssentials
import Glibc
import IntakeCore

/// The first line of a journal: which interview, on which exact flow.
package struct JournalHeader: Codable, Equatable, Sendable {
    /// Format version.
    package var journal = 1
    /// The record id the finished interview will be saved under.
    package var id: String
    /// Flow id, version, the SHA-256 of its file's bytes, and where it was read from.
    package var flow: String
    package var version: String
    package var sha256: String
    package var flowPath: String
    /// When the interview started (seconds since 2001, exact).
    package var started: Double
    /// A training interview.
    package var training: Bool
    /// The signed record the interview took answers from, if any (absent in journals made before).
    package var source: SourceRecord?
    /// The flow versions the interview was moved from (`intake resume --flow`), oldest first.
    package var movedFrom: [FlowMove]?
    /// The record this interview follows up (`intake update`), if it does.
    package var supersedes: Supersession?
    /// Where the flow's policy came from when the interview began (absent in journals made before).
    package var policy: String?
    /// The same for each translation beside the flow, by language code.
    package var translationPolicy: [String: String]?
    /// The SHA-256 of each translation the interview could be shown in, by language code: their
    /// copies are kept, so a resumed interview shows and cites the wording it began with.
    package var translationSHA256: [String: String]?

    /// Creates a header.
    package init(id: String, flow: String, version: String, sha256: String, flowPath: String, started: Date, training: Bool,
                source: SourceRecord? = nil) {
        self.id = id
        self.flow = flow
        self.version = version
        self.sha256 = sha256
        self.flowPath = flowPath
        self.started = started.timeIntervalSinceReferenceDate
        self.training = training
        self.source = source
    }
}

/// The record a follow-up supersedes: who it is, the case, and its answers as data, from which the
/// follow-up lists what changed since.
package struct Supersession: Codable, Equatable, Sendable {
    /// The superseded record.
    package var record: SourceRecord
    /// The case: the first record's id.
    package var caseId: String
    /// Its ANSWERS DATA block.
    package var answers: String

    /// Creates one.
    package init(record: SourceRecord, caseId: String, answers: String) {
        self.record = record
        self.caseId = caseId
        self.answers = answers
    }
}

/// A deliberate move of an unfinished interview to another version of its flow.
package struct FlowMove: Codable, Equatable, Sendable {
    /// The version and file hash it left.
    package var version: String
    package var sha256: String
    /// When (seconds since 2001, exact).
    package var at: Double

    /// Creates a move.
    package init(version: String, sha256: String, at: Date) {
        self.version = version
        self.sha256 = sha256
        self.at = at.timeIntervalSinceReferenceDate
    }
}

/// Why a journal cannot be used.
package enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A line other than the last is damaged.
    case corrupt(file: String, line: Int, why: String)
    /// Reading or writing failed.
    case io(String)

    /// The message.
    package var description: String {
        switch self {
        case .corrupt(let file, let line, let why):
            return "\(file):\(line): the journal is damaged here (\(why)); it was left as it is for inspection"
        case .io(let why): return why
        }
    }
}

/// One journal line per accepted event, as JSON.
struct JournalLine: Codable {
    var event: String
    var screen: String?
    var value: StoredAnswer?
    var at: Double?
    var from: String?

    init(_ event: Event) {
        switch event {
        case .answer(let value, let at):
            self.event = "answer"; self.value = StoredAnswer(value); self.at = at.timeIntervalSinceReferenceDate
        case .back: self.event = "back"
        case .review: self.event = "review"
        case .closeReview: self.event = "closeReview"
        case .edit(let id): self.event = "edit"; screen = id
        case .finish(let at): self.event = "finish"; self.at = at.timeIntervalSinceReferenceDate
        case .given(let id, let value, let at):
            self.event = "given"; screen = id; self.value = StoredAnswer(value); self.at = at.timeIntervalSinceReferenceDate
        case .proposed(let id, let value, let from, let at):
            self.event = "proposed"; screen = id; self.value = StoredAnswer(value); self.from = from
            self.at = at.timeIntervalSinceReferenceDate
        }
    }

    var decoded: Event? {
        switch event {
        case "answer":
            guard let value = value?.decoded, let at else { return nil }
            return .answer(value, at: Date(timeIntervalSinceReferenceDate: at))
        case "back": return .back
        case "review": return .review
        case "closeReview": return .closeReview
        case "edit": return screen.map(Event.edit)
        case "finish": return at.map { .finish(at: Date(timeIntervalSinceReferenceDate: $0)) }
        case "given":
            guard let screen, let value = value?.decoded, let at else { return nil }
            return .given(screen, value, at: Date(timeIntervalSinceReferenceDate: at))
        case "proposed":
            guard let screen, let value = value?.decoded, let from, let at else { return nil }
            return .proposed(screen, value, from: from, at: Date(timeIntervalSinceReferenceDate: at))
        default: return nil
        }
    }
}

/// An answer value as JSON: exactly one field set.
struct StoredAnswer: Codable {
    var tri: Bool?
    var unknown: Bool?
    var choice: String?
    var choices: [String]?
    var text: String?
    var number: Int?
    var dateTime: Double?
    var acknowledged: Bool?
    var checklist: String?
    var reason: String?
    var skipped: Bool?

    init(_ value: AnswerValue) {
        switch value {
        case .tri(let b): tri = b
        case .unknown: unknown = true
        case .choice(let c): choice = c
        case .choices(let cs): choices = cs
        case .text(let t): text = t
        case .number(let n): number = n
        case .dateTime(let d): dateTime = d.timeIntervalSinceReferenceDate
        case .acknowledged: acknowledged = true
        case .checklist(let status, let why): checklist = status.rawValue; reason = why
        case .skipped: skipped = true
        }
    }

    var decoded: AnswerValue? {
        if let tri { return .tri(tri) }
        if unknown == true { return .unknown }
        if let choice { return .choice(choice) }
        if let choices { return .choices(choices) }
        if let text { return .text(text) }
        if let number { return .number(number) }
        if let dateTime { return .dateTime(Date(timeIntervalSinceReferenceDate: dateTime)) }
        if acknowledged == true { return .acknowledged }
        if let checklist, let status = ChecklistStatus(rawValue: checklist) { return .checklist(status, reason: reason) }
        if skipped == true { return .skipped }
        return nil
    }
}

/// Appends accepted events to a journal file, each flushed to disk before the call returns.
package final class JournalWriter: @unchecked Sendable {
    /// The file.
    package let url: URL
    /// How many events of the interview are on disk.
    package private(set) var written: Int
    private let fd: Int32
    private let ops: FileOps

    /// Creates a new journal (0600, in a 0700 folder) holding `header`.
    package init(creating url: URL, header: JournalHeader, ops: FileOps = .system) throws(JournalError) {
        let folder = url.deletingLastPathComponent()
        do {
            try PrivateFolder.prepare(folder)
        } catch {
            throw .io("\(error)")
        }
        fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("cannot create the journal \(url.path): \(String(cString: strerror(errno)))") }
        self.url = url
        self.ops = ops
        written = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try appendLine(try! encoder.encode(header))
        } catch {
            // A journal that never got its header (a full disk) holds nothing: it goes, rather than be
            // listed as damaged for ever.
            unlink(url.path)
            throw error
        }
        let dir = open(folder.path, O_RDONLY)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    /// Opens an existing journal to go on appending after `events` replayed events.
    package init(appendingTo url: URL, events: Int, ops: FileOps = .system) throws(JournalError) {
        fd = open(url.path, O_WRONLY | O_APPEND | O_NOFOLLOW)
        guard fd >= 0 else { throw .io("cannot open the journal \(url.path): \(String(cString: strerror(errno)))") }
        self.url = url
        self.ops = ops
        written = events
    }

    deinit { close(fd) }

    /// Appends one accepted event and flushes it; on failure the journal is exactly as before.
    package func append(_ event: Event) throws(JournalError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try appendLine(try! encoder.encode(JournalLine(event)))
        written += 1
    }

    /// Writes the events of `interview` not yet on disk, and flushes them: in one write and one
    /// flush, so they are kept all together or, the file cut back, not at all.
    package func sync(_ interview: Interview) throws(JournalError) {
        let pending = interview.events.dropFirst(written)
        guard !pending.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let lines = pending.map { try! encoder.encode(JournalLine($0)) }
        try appendLine(Data(lines.joined(separator: [0x0A])))
        written += pending.count
    }

    /// Appends one line and flushes it. If the write or the flush fails, the file is cut back to its
    /// length before, so the journal holds exactly the events that were accepted: a line left behind
    /// by a failed fsync was read back on resume as an answer, and every later answer shifted by one.
    private func appendLine(_ json: Data) throws(JournalError) {
        let start = lseek(fd, 0, SEEK_END)
        if let why = ops.writeAll(fd, Array(json) + [0x0A]) {
            cutBack(to: start)
            throw .io("cannot save the answer to \(url.path): \(why)")
        }
        guard ops.fsync(fd) == 0 else {
            let why = FileOps.lastError()
            cutBack(to: start)
            throw .io("cannot flush \(url.path) to disk: \(why)")
        }
    }

    private func cutBack(to length: off_t) {
        guard length >= 0 else { return }
        _ = ops.ftruncate(fd, length)
        _ = ops.fsync(fd)
    }

    /// Replaces the journal at `url` with one holding `header` and `events`, written beside it,
    /// flushed and renamed over it, so a failure at any point leaves the old journal whole.
    package static func replace(_ url: URL, header: JournalHeader, events: [Event], ops: FileOps = .system) throws(JournalError) -> JournalWriter {
        let temporary = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".new")
        unlink(temporary.path)
        do {
            let writer = try JournalWriter(creating: temporary, header: header, ops: ops)
            for event in events { try writer.append(event) }
        } catch {
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let why = FileOps.lastError()
            unlink(temporary.path)
            throw .io("cannot replace \(url.path): \(why)")
        }
        let dir = open(url.deletingLastPathComponent().path, O_RDONLY)
        if dir >= 0 { fsync(dir); close(dir) }
        return try JournalWriter(appendingTo: url, events: events.count, ops: ops)
    }

    /// Removes the journal (after the record is durably saved).
    package func remove() { unlink(url.path) }
}

/// Reads journals back.
package enum JournalReader {
    /// The header, the events, and warnings (a torn last line is dropped with a warning).
    package static func read(_ url: URL) throws(JournalError) -> (header: JournalHeader, events: [Event], warnings: [String]) {
        let (header, events, warnings, _) = try readWithLength(url)
        return (header, events, warnings)
    }

    /// As `read`, plus the length in bytes of the complete lines, to cut a torn tail before appending.
    package static func readWithLength(_ url: URL) throws(JournalError) -> (header: JournalHeader, events: [Event], warnings: [String], validLength: Int) {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .io("cannot read \(url.path)") }
        return try parse(data, file: url.path)
    }

    /// Parses a journal's bytes; `file` names it in messages.
    package static func parse(_ data: Data, file: String) throws(JournalError) -> (header: JournalHeader, events: [Event], warnings: [String], validLength: Int) {
        let url = URL(fileURLWithPath: file)
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
        var warnings: [String] = []
        let validLength = (data.lastIndex(of: 0x0A).map { $0 - data.startIndex + 1 }) ?? 0
        // A file that does not end with a line feed was cut off mid-write: its last line is torn.
        if let last = lines.last {
            if last.isEmpty {
                lines.removeLast()
            } else {
                warnings.append("\(url.lastPathComponent):\(lines.count): the last line was cut off mid-write (power cut or kill?) and is ignored; every complete line before it is kept")
                lines.removeLast()
            }
        }
        guard let first = lines.first, let header = try? JSONDecoder().decode(JournalHeader.self, from: first) else {
            throw .corrupt(file: url.path, line: 1, why: "no journal header")
        }
        var events: [Event] = []
        for (i, line) in lines.enumerated().dropFirst() {
            guard let parsed = try? JSONDecoder().decode(JournalLine.self, from: line), let event = parsed.decoded else {
                throw .corrupt(file: url.path, line: i + 1, why: "not a journal event")
            }
            events.append(event)
        }
        return (header, events, warnings, validLength)
    }

    /// Rebuilds the interview from a journal's events, checking that each is accepted as it was.
    package static func replay(_ events: [Event], flow: Flow, started: Date, file: String) throws(JournalError) -> Interview {
        var interview = Interview(flow: flow, startedAt: started)
        for (i, event) in events.enumerated() {
            reduce(&interview, event)
            if let problem = interview.problem {
                throw .corrupt(file: file, line: i + 2, why: "the event no longer applies: \(problem)")
            }
        }
        return interview
    }
}
