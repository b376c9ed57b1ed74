import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// Why an interview cannot be begun, continued or dropped, in words that say what to do.
package struct SessionError: Error, Equatable, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// Where an officer's interviews live, and everything that touches them on disk: journals and their
/// locks, the kept flow copies, the records folder. The command line parses and prints; this decides.
package struct Interviews: Sendable {
    /// `$XDG_DATA_HOME/intake`.
    package let dataFolder: URL
    /// Who may approve flows; nil reads this user's allowed signers when it is wanted.
    package var approval: FlowApproval?

    /// The interviews under `dataFolder`.
    package init(dataFolder: URL) { self.dataFolder = dataFolder }

    /// The interviews of this user, from the environment.
    package static func fromEnvironment() -> Interviews {
        Interviews(dataFolder: Locations.fromEnvironment().records.deletingLastPathComponent())
    }

    package var journals: URL { dataFolder.appendingPathComponent("journal") }
    package var records: URL { dataFolder.appendingPathComponent("records") }
    package var flowCopies: FlowCopies { FlowCopies(directory: dataFolder.appendingPathComponent("flows")) }

    func journal(_ id: String) -> URL { journals.appendingPathComponent(id + ".jsonl") }
    /// Locks live apart from the journals, so a folder of journals holds nothing else.
    func lockFile(_ id: String) -> URL { dataFolder.appendingPathComponent("locks").appendingPathComponent(id + ".lock") }

    /// An interview open in this process: its journal, its lock, and the exact flow it runs on.
    package struct Open: @unchecked Sendable {
        package var interview: Interview
        package var header: JournalHeader
        package var flow: LoadedFlow
        package var journal: JournalWriter
        package var lock: FileLock
        /// Said to the officer before going on (a torn last line dropped, a flow file changed since).
        package var warnings: [String]
    }

    /// Begins interview `id` on `flow`: a copy of the flow is kept, the journal created and locked.
    /// A follow-up (`intake update`) names the record it supersedes.
    package func begin(_ flow: LoadedFlow, id: String, started: Date, training: Bool, source: SourceRecord?,
                      supersedes: Supersession? = nil, policy: InterviewPolicy? = nil) throws(SessionError) -> Open {
        var warnings: [String] = []
        // Every folder the interview will write is checked before the first question, so a records
        // folder that is a link (or cannot be made private) stops it now, not after the last answer.
        // One not made yet is made when the record is saved, as before.
        var info = stat()
        do {
            if lstat(records.path, &info) == 0 { try PrivateFolder.prepare(records) }
        } catch {
            throw SessionError("the records folder cannot hold this interview's record: \(error). Nothing has been asked yet; fix the folder, then start again")
        }
        // Copies of signed records, and of flows, left by a process killed mid-save (issue 37: 147
        // partial flow copies were found in one data folder).
        RecordStore(directory: records).removeStaleTemporaries()
        RecordStore(directory: flowCopies.directory).removeStaleTemporaries()
        RecordStore(directory: flowCopies.compiled.directory).removeStaleTemporaries()
        var translationSHA256: [String: String] = [:]
        do {
            translationSHA256 = try flowCopies.keep(flow)
            flow.keepCompiled()
        } catch {
            warnings.append("a copy of the flow could not be kept (\(error)); resume will need the file unchanged")
        }
        let lock: FileLock
        do {
            lock = try FileLock(lockFile(id))
        } catch {
            throw SessionError("cannot lock interview \(id): \(error)")
        }
        var header = JournalHeader(id: id, flow: flow.flow.id, version: flow.flow.version, sha256: flow.sha256,
                                   flowPath: flow.path, started: started, training: training, source: source)
        header.supersedes = supersedes
        if !translationSHA256.isEmpty { header.translationSHA256 = translationSHA256 }
        if let policy {
            header.policy = policy.flow.words
            header.translationPolicy = Dictionary(uniqueKeysWithValues: policy.translations.map { ($0.key.rawValue, $0.value.words) })
        }
        do {
            let journal = try JournalWriter(creating: self.journal(id), header: header)
            return Open(interview: Interview(flow: flow.flow, startedAt: started), header: header, flow: flow,
                        journal: journal, lock: lock, warnings: warnings)
        } catch {
            lock.remove()
            throw SessionError("\(error)")
        }
    }

    /// What `resume` finds.
    package enum Resumed {
        /// The interview, open and locked, ready to go on.
        case open(Open)
        /// The interview had finished: its signed record is at this path; the leftover journal is gone.
        case alreadyFinished(String)
    }

    /// Opens unfinished interview `id` again. Refuses one another process has open. Runs on the flow
    /// the interview started with (the kept copy), unless `flowPath` names another version of it to
    /// move to deliberately (see `FlowMoving`); `now` dates the move.
    package func resume(_ id: String, flowPath: String? = nil, now: Date = Date()) throws(SessionError) -> Resumed {
        let url = journal(id)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SessionError("no unfinished interview \(id); run intake resume to list them")
        }
        let lock: FileLock
        do {
            lock = try FileLock(lockFile(id))
        } catch let held as FileLock.Held {
            throw SessionError("interview \(id) cannot be continued here: \(held); finish or quit it there first")
        } catch {
            throw SessionError("cannot lock interview \(id): \(error)")
        }
        let record = records.appendingPathComponent(id + ".txt")
        if let data = FileManager.default.contents(atPath: record.path) {
            // Only this interview's own signed record proves it finished; anything else at that
            // path (an empty file, another record) leaves the journal alone.
            guard SignedRecord.isRecord(id, data) else {
                throw SessionError("\(record.path) exists but is not interview \(id)'s signed record; the journal is kept. Move that file aside, then resume")
            }
            unlink(url.path)
            lock.remove()
            return .alreadyFinished(record.path)
        }
        let read: (header: JournalHeader, events: [Event], warnings: [String], validLength: Int)
        do {
            read = try JournalReader.readWithLength(url)
        } catch {
            throw SessionError("\(error)")
        }
        // A torn last line is cut off, so what is appended next starts on a clean line.
        truncate(url.path, off_t(read.validLength))
        if let flowPath {
            let target: LoadedFlow
            do {
                target = try LoadedFlow.read(path: flowPath, compiled: flowCopies.compiled)
            } catch {
                throw SessionError("\(error)")
            }
            if target.sha256 != read.header.sha256 {
                // A deliberate move to another version: replayed and checked, or refused untouched.
                let old = flowCopies.load(sha256: read.header.sha256, path: read.header.flowPath, translations: read.header.translationSHA256)
                let moved = try move(read.header, events: read.events, from: old, to: target, at: now)
                let note = "interview \(id) moved from \(read.header.flow) \(read.header.version) to \(target.flow.version); every answer given so far reads the same in both"
                return .open(Open(interview: moved.interview, header: moved.header, flow: target, journal: moved.journal, lock: lock,
                                  warnings: read.warnings + [note]))
            }
        }
        let flow = try self.flow(for: read.header, override: flowPath)
        flow.keepCompiled()
        let interview: Interview
        do {
            interview = try JournalReader.replay(read.events, flow: flow.flow, started: Date(timeIntervalSinceReferenceDate: read.header.started),
                                                 file: url.path)
        } catch {
            throw SessionError("\(error)")
        }
        do {
            let journal = try JournalWriter(appendingTo: url, events: interview.events.count)
            var interview = interview
            var warnings = read.warnings
            // A follow-up killed after its journal's header but before its first write has none of
            // the earlier record's answers in the journal: they are rebuilt from the record the
            // header names, with their own times, and written now (issue 33, item 6).
            if read.events.isEmpty, let earlier = read.header.supersedes,
               let answers = try? AnswersFile.parse(text: earlier.answers, file: "\(earlier.record.id) (its answers)", flow: flow.flow) {
                var rebuilt = interview
                Prefill.apply(answers, to: &rebuilt, at: Date(timeIntervalSinceReferenceDate: read.header.started))
                if rebuilt.phase == .asking { reduce(&rebuilt, .review) }
                try journal.sync(rebuilt)
                interview = rebuilt
                warnings.append("the answers of \(earlier.record.id) were put back in place: this follow-up was stopped before they were first saved")
            }
            return .open(Open(interview: interview, header: read.header, flow: flow, journal: journal, lock: lock,
                              warnings: warnings))
        } catch {
            throw SessionError("\(error)")
        }
    }

    /// The flow an interview runs on: `override` when given (it must be the same bytes), else the
    /// kept copy, else the original file if it is unchanged.
    func flow(for header: JournalHeader, override: String?) throws(SessionError) -> LoadedFlow {
        let approved = Set((header.translationPolicy ?? [:]).filter { $0.value.hasPrefix("approved by") }.keys)
        if override == nil, let copy = flowCopies.load(sha256: header.sha256, path: header.flowPath, translations: header.translationSHA256,
                                                       approved: approved) { return copy }
        let path = override ?? header.flowPath
        let loaded: LoadedFlow
        do {
            loaded = try LoadedFlow.read(path: path, compiled: flowCopies.compiled)
        } catch {
            throw SessionError("\(error)")
        }
        guard loaded.sha256 == header.sha256 else {
            throw SessionError("""
            the flow file \(path) has changed since interview \(header.id) began (it was \(header.flow) \(header.version), \
            SHA-256 \(header.sha256)), and no copy of that flow is kept. Its answers are not re-mapped onto different \
            questions: resume with --flow pointing at a copy of the original file.
            """)
        }
        return loaded
    }

    /// An unfinished interview, as listed.
    package struct Unfinished: Sendable {
        package var id: String
        package var header: JournalHeader?
        package var interview: Interview?
        /// Why it cannot be continued as it is, if so.
        package var problem: String?
        /// Another process has it open.
        package var heldBy: FileLock.Held?
        /// When its journal last changed: its last answer, or its start.
        package var touched: Date?
    }

    /// Removes journals that hold no answer (empty, or a header and nothing after it: a start cut off
    /// by a full disk or a kill before the first screen) unless another process has them open.
    /// Returns their ids: nothing was lost, and the officer is told so.
    @discardableResult
    package func removeEmpty() -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? []).filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }
        var removed: [String] = []
        for name in names.sorted() {
            let id = String(name.dropLast(6))
            let url = journal(id)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
            let empty = lines.isEmpty || (lines.count == 1 && (try? JSONDecoder().decode(JournalHeader.self, from: Data(lines[0]))) != nil)
            guard empty, let lock = try? FileLock(lockFile(id)) else { continue }
            if unlink(url.path) == 0 { removed.append(id) }
            lock.remove()
        }
        return removed
    }

    /// Every unfinished interview, oldest id first.
    package func unfinished() -> [Unfinished] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? []).filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted()
        return names.map { name in
            let id = String(name.dropLast(6))
            let held = FileLock.holder(of: lockFile(id))
            let touched = (try? FileManager.default.attributesOfItem(atPath: journal(id).path))?[.modificationDate] as? Date
            guard let (header, events, _) = try? JournalReader.read(journal(id)) else {
                return Unfinished(id: id, header: nil, interview: nil, problem: "damaged: run intake resume \(id) for details", heldBy: held,
                                  touched: touched)
            }
            let flow = try? self.flow(for: header, override: nil)
            let interview = flow.flatMap {
                try? JournalReader.replay(events, flow: $0.flow, started: Date(timeIntervalSinceReferenceDate: header.started), file: name)
            }
            return Unfinished(id: id, header: header, interview: interview,
                              problem: interview == nil ? "its flow has changed and no copy is kept" : nil, heldBy: held, touched: touched)
        }
    }

    /// Whether interview `id` has a journal, without reading it.
    package func isUnfinished(_ id: String) -> Bool { FileManager.default.fileExists(atPath: journal(id).path) }

    /// Removes unfinished interview `id`, unless another process has it open; says if it could not.
    package func discard(_ id: String) throws(SessionError) {
        let url = journal(id)
        guard FileManager.default.fileExists(atPath: url.path) else { throw SessionError("no unfinished interview \(id)") }
        let lock: FileLock
        do {
            lock = try FileLock(lockFile(id))
        } catch {
            throw SessionError("interview \(id) is not removed: \(error)")
        }
        guard unlink(url.path) == 0 else {
            throw SessionError("cannot remove \(url.path): \(FileOps.lastError())")
        }
        lock.remove()
    }
}
