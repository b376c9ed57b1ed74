import IntakeCore
import IntakeRecords

/// Each named child's part in a case, from the record's people screen, and so which letter their
/// family gets. The name the officer gave for the letter is matched to a row by the name alone (a
/// note in brackets after it, "Amira Khan (sent it to Joel)", is not part of it), case and spacing
/// aside. When a part cannot be told, no letter is made for that child: a wrong letter can name a
/// pictured child against an offence.
struct ChildParts {
    /// The people screen's rows, or why they cannot be read.
    let rows: Result<[PersonRow], NoLetter>

    init(flow: Flow, answers: [String: AnswerValue]) {
        guard let screen = flow.screens.first(where: { $0.kind == .people }) else {
            rows = .failure(NoLetter("\(flow.id) has no people screen, so the child's part in the case is not recorded"))
            return
        }
        guard case .text(let value)? = answers[screen.id] else {
            rows = .failure(NoLetter("the record does not say who is involved [\(screen.id)], so the child's part is not known; add it with intake update"))
            return
        }
        switch PeopleRows.parse(value) {
        case .success(let people): rows = .success(people)
        case .failure(let problem): rows = .failure(NoLetter("who is involved [\(screen.id)] cannot be read: \(problem.message(in: .en))"))
        }
    }

    /// The letter `child`'s family gets, or why none: `further` is a case that goes beyond
    /// Outcome 21 (aggravated, or a child's needs first).
    func kind(of child: String, further: Bool) -> Result<FamilyLetter.Kind, NoLetter> {
        let people: [PersonRow]
        switch rows {
        case .success(let found): people = found
        case .failure(let why): return .failure(why)
        }
        let matches = people.filter { Self.key($0.name) == Self.key(child) }
        guard matches.count == 1, let row = matches.first else {
            return .failure(NoLetter(matches.isEmpty
                ? "not found among the people involved: give the name as \"Who is involved?\" does, with intake update"
                : "named \(matches.count) times among the people involved, so which child is meant is not clear; correct it with intake update"))
        }
        if let age = row.age, age >= 18 {
            return .failure(NoLetter("recorded as \(age), an adult: these letters are for a child's family"))
        }
        let suspected = row.roles.contains(.suspect)
        if further {
            guard !row.recordedSuspect, !suspected else {
                return .failure(NoLetter("recorded as a suspect in a case that goes further: their family hears from the investigating officer, not from this letter"))
            }
            return .success(.next)
        }
        if row.recordedSuspect {
            // The guidance never makes the child in the images the offender of them; a letter that
            // did would be read by that child's family.
            guard !row.roles.contains(.pictured) else {
                return .failure(NoLetter("recorded both as the child pictured and as a suspect, and a letter never names a pictured child against an offence: a supervisor settles how this family is told; correct \"Who is involved?\" with intake update if the record is wrong"))
            }
            return .success(.decision)
        }
        guard !suspected else {
            return .failure(NoLetter("suspected of something more but not recorded as a suspect, so which letter fits is not clear; settle it in \"Who is involved?\" with intake update"))
        }
        return .success(.affected)
    }

    /// Why a child gets no letter, in words for the officer.
    struct NoLetter: Error {
        let why: String
        init(_ why: String) { self.why = why }
    }

    /// A name as compared: without a note in brackets, trimmed, lower-cased, single-spaced.
    static func key(_ name: String) -> String {
        let bare = name.firstIndex(of: "(").map { String(name[..<$0]) } ?? name
        return bare.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
