import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords

/// `intake resume`: continue an interview that was interrupted (crash, kill, closed terminal, quit).
struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List unfinished interviews, or continue one where it stopped.",
        discussion: "Without an id, lists them (and on a terminal asks which to continue).")

    @Argument(help: "The interview's id (as listed).") var id: String?
    @Option(help: "The original flow file, when the bundled one has changed since the interview began.") var flow: String?
    @Flag(help: "Use the line-mode front even on a terminal.") var plain = false
    @Option(help: "The signing key (default: $XDG_CONFIG_HOME/intake/id_ed25519).") var key: String?

    /// An unfinished interview, as listed.
    struct Unfinished {
        var id: String
        var url: URL
        var header: JournalHeader
        var interview: Interview?
        var problem: String?
    }

    static func unfinished() -> [Unfinished] {
        let folder = Session.journalFolder()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        return names.compactMap { name in
            let url = folder.appendingPathComponent(name)
            guard let (header, events, _) = try? JournalReader.read(url) else {
                return Unfinished(id: String(name.dropLast(6)), url: url,
                                  header: JournalHeader(id: String(name.dropLast(6)), flow: "?", version: "?", sha256: "", flowPath: "",
                                                        started: Date(timeIntervalSinceReferenceDate: 0), training: false),
                                  interview: nil, problem: "damaged: run intake resume \(name.dropLast(6)) for details")
            }
            let flow = try? FlowLoader.load(path: header.flowPath)
            let interview = flow.flatMap { try? JournalReader.replay(events, flow: $0, started: Date(timeIntervalSinceReferenceDate: header.started), file: url.path) }
            return Unfinished(id: header.id, url: url, header: header, interview: interview,
                              problem: interview == nil ? "its flow file has changed or is missing" : nil)
        }
    }

    static func describe(_ u: Unfinished) -> String {
        let started = Describe.localTime(Date(timeIntervalSinceReferenceDate: u.header.started))
        guard let i = u.interview else { return "\(u.id)  \(u.header.flow)  started \(started)  (\(u.problem ?? ""))" }
        func text(_ id: String) -> String {
            if case .text(let t)? = i.result[id] ?? i.given[id]?.value, !t.isEmpty { return Sanitize.line(t) }
            return "—"
        }
        let last = i.answers.values.map(\.at).max().map { Describe.localTime($0) } ?? "no answers yet"
        let step = i.step
        return "\(u.id)  ref \(text("crime_reference"))  officer \(text(i.flow.identity[.name] ?? "officer_name"))  started \(started)  last answer \(last)  step \(step)"
            + (u.header.training ? "  TRAINING" : "")
    }

    /// `intake` with no arguments: offers the unfinished interviews first. True if one was resumed.
    static func offerIfUnfinished(interactive: Bool) -> Bool {
        let open = unfinished()
        guard !open.isEmpty else { return false }
        printError("Unfinished interviews:")
        for (n, u) in open.enumerated() { printError("  \(n + 1)) \(describe(u))") }
        guard interactive else {
            printError("Continue one with: intake resume ID")
            return false
        }
        // Enter alone starts a new interview; anything else must be one of the numbers, or is asked again.
        var chosen: Int?
        while chosen == nil {
            writeError("Continue one? Its number, or Enter for a new interview: ")
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces), !answer.isEmpty else { return false }
            if let n = Int(answer), n >= 1, n <= open.count {
                chosen = n
            } else {
                printError("  ! '\(Sanitize.line(answer))' is not one of the numbers 1 to \(open.count)")
            }
        }
        guard let n = chosen else { return false }
        do {
            let command = try Resume.parse([open[n - 1].id])
            try command.run()
        } catch {
            Resume.exit(withError: error)
        }
        return true
    }

    func run() throws {
        guard let id else {
            let open = Resume.unfinished()
            if open.isEmpty { print("No unfinished interviews.") }
            for u in open { print(Resume.describe(u)) }
            return
        }
        let url = Session.journalFolder().appendingPathComponent(id + ".jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else {
            printError("intake: no unfinished interview \(id); run intake resume to list them")
            throw ExitCode(Exit.invalidInput)
        }
        let locations = Locations.fromEnvironment()
        let record = locations.records.appendingPathComponent(id + ".txt")
        if FileManager.default.fileExists(atPath: record.path) {
            // The record was saved but the process stopped before the journal was removed.
            unlink(url.path)
            printError("Interview \(id) had already finished; its signed record is \(record.path). The leftover journal was removed.")
            return
        }
        let read: (header: JournalHeader, events: [Event], warnings: [String], validLength: Int)
        do {
            read = try JournalReader.readWithLength(url)
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        for warning in read.warnings { printError("warning: \(warning)") }
        let flowPath = flow ?? read.header.flowPath
        let sha = KeyRing.sha256Hex(ofFile: flowPath)
        guard sha == read.header.sha256 else {
            printError("""
            intake: the flow file \(flowPath) \(sha == nil ? "cannot be read" : "has changed") since interview \(id) began \
            (it was \(read.header.flow) \(read.header.version), SHA-256 \(read.header.sha256)). Its answers are not re-mapped \
            onto different questions: resume with --flow pointing at a copy of the original file.
            """)
            throw ExitCode(Exit.invalidInput)
        }
        let interview: Interview
        do {
            let loaded = try FlowLoader.load(path: flowPath)
            interview = try JournalReader.replay(read.events, flow: loaded, started: Date(timeIntervalSinceReferenceDate: read.header.started),
                                                 file: url.path)
        } catch let error as FlowError {
            throw fail(error)
        } catch {
            printError("intake: \(error)")
            throw ExitCode(Exit.invalidInput)
        }
        // A torn last line is cut off, so what is appended next starts on a clean line.
        truncate(url.path, off_t(read.validLength))
        let journal = try JournalWriter(appendingTo: url, events: interview.events.count)
        printError("Continuing \(id) at step \(interview.step).")
        let signing = Signing(keyPath: key, training: read.header.training)
        try Session(flowPath: flowPath, recordId: id, signing: signing, plain: plain, journal: journal,
                    source: read.header.source).run(interview)
    }
}

/// `intake discard`: remove an unfinished interview.
struct Discard: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove an unfinished interview's journal, after confirmation.")

    @Argument(help: "The interview's id.") var id: String
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func run() throws {
        let url = Session.journalFolder().appendingPathComponent(id + ".jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else {
            printError("intake: no unfinished interview \(id)")
            throw ExitCode(Exit.invalidInput)
        }
        if !yes {
            writeError("Remove unfinished interview \(id) and every answer in it? Type yes to confirm: ")
            guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                printError("Kept.")
                return
            }
        }
        unlink(url.path)
        printError("Removed \(id).")
    }
}
