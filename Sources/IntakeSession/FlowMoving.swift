import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// Moving an unfinished interview to a new version of its flow (`intake resume ID --flow FILE`).
///
/// Every event is replayed on the new version; the move is refused, and the journal left exactly as
/// it was, when an event no longer applies or when a question already answered reads differently
/// there: an officer never has an answer recorded against words they did not see. Such an interview
/// finishes on the version it began with (which resume keeps), or starts again.
enum FlowMoving {
    /// The answered questions that the officer would see differently in `new`, with what changed.
    static func changedQuestions(from old: Flow, to new: Flow, answered: [String]) -> [String] {
        answered.compactMap { id in
            guard let before = old.screen(id) else { return nil }
            guard let after = new.screen(id) else { return "[\(id)] is not in the new version" }
            if before.kind != after.kind { return "[\(id)] is now a \(after.kind.rawValue) question" }
            if before.prompt != after.prompt { return "[\(id)] is worded differently" }
            if before.choices != after.choices { return "[\(id)] has different options" }
            if before.allowUnknown != after.allowUnknown { return "[\(id)] differs in whether Unknown is offered" }
            if before.minimum != after.minimum || before.maximum != after.maximum { return "[\(id)] has different bounds" }
            return nil
        }
    }
}

extension Interviews {
    /// Moves interview `header.id`, whose journal holds `events`, from `old` to `new`: replays,
    /// checks, keeps a copy of `new`, then replaces the journal whole. Returns the replayed interview,
    /// the new header and the journal to go on with.
    func move(_ header: JournalHeader, events: [Event], from old: LoadedFlow?, to new: LoadedFlow, at now: Date)
        throws(SessionError) -> (interview: Interview, header: JournalHeader, journal: JournalWriter) {
        let id = header.id
        guard let old else {
            throw SessionError("""
            interview \(id) cannot be moved to \(new.path): no copy of the flow it began with (\(header.flow) \(header.version)) \
            is kept, so intake cannot check that the questions already answered read the same in the new one
            """)
        }
        guard new.flow.id == header.flow else {
            throw SessionError("interview \(id) runs flow \(header.flow); \(new.path) is flow \(new.flow.id), not a version of it")
        }

        let started = Date(timeIntervalSinceReferenceDate: header.started)
        let interview: Interview
        do {
            interview = try JournalReader.replay(events, flow: new.flow, started: started, file: new.path)
        } catch {
            throw SessionError("interview \(id) cannot be moved to \(new.flow.id) \(new.flow.version): \(error). It can go on with the version it began with: intake resume \(id)")
        }
        // Events are positional: an answer is to "the screen shown". A new start or new branch could
        // put an old answer on another question, so the answers must land exactly where they did.
        if let before = try? JournalReader.replay(events, flow: old.flow, started: started, file: old.path) {
            let moved = Set(interview.answers.keys).symmetricDifference(before.answers.keys)
                .union(before.answers.keys.filter { before.answers[$0]?.value != interview.answers[$0]?.value })
            guard moved.isEmpty else {
                throw SessionError("""
                interview \(id) is not moved to \(new.flow.id) \(new.flow.version): replayed there, its answers would not be \
                to the same questions (\(moved.sorted().map { "[\($0)]" }.joined(separator: ", "))). Go on with the version it \
                began with (intake resume \(id)), or start a new interview
                """)
            }
        }
        let answered = interview.path.filter { interview.answers[$0] != nil && interview.given[$0] == nil }
        let changed = FlowMoving.changedQuestions(from: old.flow, to: new.flow, answered: answered)
        guard changed.isEmpty else {
            throw SessionError("""
            interview \(id) is not moved to \(new.flow.id) \(new.flow.version): questions already answered read differently there \
            (\(changed.joined(separator: "; "))), and an answer is never recorded against words the officer did not see. \
            Go on with the version it began with (intake resume \(id)), or start a new interview
            """)
        }
        do {
            try flowCopies.keep(new)
        } catch {
            throw SessionError("interview \(id) is not moved: a copy of \(new.path) could not be kept (\(error))")
        }
        // The version moved to asks the questions from then on: it must be the force's policy too.
        let policy = new.policy(approval ?? FlowApproval.fromEnvironment())
        if !header.training, case .notApproved(let why) = policy.flow {
            throw SessionError("interview \(id) is not moved to \(new.path): it is not the force's approved policy (\(why)). It can go on with the version it began with: intake resume \(id)")
        }
        var moved = header
        moved.flow = new.flow.id
        moved.version = new.flow.version
        moved.sha256 = new.sha256
        moved.flowPath = new.path
        moved.movedFrom = (header.movedFrom ?? []) + [FlowMove(version: header.version, sha256: header.sha256, at: now)]
        moved.policy = policy.flow.words
        do {
            let journal = try JournalWriter.replace(journal(id), header: moved, events: events)
            return (interview, moved, journal)
        } catch {
            throw SessionError("interview \(id) is not moved; its journal is unchanged: \(error)")
        }
    }
}
