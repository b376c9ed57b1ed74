/// The people in a case as rows, one a line: `NAME; AGE; ROLES; SUSPECT`. A `people` screen's answer
/// is this text, so it journals, signs and reads back as any text does; the rows are checked here.
///
/// Roles are what a force's records system needs (College of Policing briefing note, Actions 3 and
/// 5): whose image it is, who sent or received it, who is suspected of more, who is otherwise
/// involved. Whether the crime report names someone as a suspect is its own field, because recording
/// a child as a suspect is a separate, discretionary decision.
package struct PersonRow: Sendable, Equatable {
    /// The parts a person can have in a case.
    package enum Role: String, Sendable, Equatable, CaseIterable {
        case pictured, sent, received, suspect, involved
    }

    /// The name or identifier the force uses.
    package var name: String
    /// Age in years; nil when not known.
    package var age: Int?
    /// One or more parts, in the order written.
    package var roles: [Role]
    /// Whether the crime report records them as a suspect.
    package var recordedSuspect: Bool

    /// The oldest age a row takes: past it is a typing slip.
    static let maximumAge = 120
}

/// Why a people answer is refused: the line and what is wrong there.
package struct PeopleProblem: Error, Sendable, Equatable {
    /// The 1-based line of the answer.
    package var line: Int
    /// The catalogue phrase and its arguments.
    package var phrase: Phrase
    /// Arguments for the phrase after the line number.
    package var arguments: [String]

    /// The message in `language`, naming the line.
    package func message(in language: Language) -> String {
        Catalogue.text(phrase, in: language, [String(line)] + arguments)
    }
}

package enum PeopleRows {
    /// The words for "suspect" and "not a suspect" in the fourth field, in either language.
    static let suspectWords: [String: Bool] = [
        "suspect": true, "yes": true, "y": true, "ie": true, "ydy": true,
        "not suspect": false, "no": false, "n": false, "na": false, "nac ydy": false, "": false,
    ]
    /// Welsh role words read as the English values, so a Welsh speaker can type either.
    static let welshRoles: [String: PersonRow.Role] = [
        "yn-y-llun": .pictured, "llun": .pictured, "anfon": .sent, "anfonodd": .sent,
        "derbyn": .received, "derbyniodd": .received, "dan-amheuaeth": .suspect, "ynghlwm": .involved,
    ]

    /// The rows of `text`, blank lines skipped; the first problem found, by line, otherwise.
    package static func parse(_ text: String) -> Result<[PersonRow], PeopleProblem> {
        var rows: [PersonRow] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let fields = raw.split(separator: ";", omittingEmptySubsequences: false)
                .map { $0.trimmedSpaces() }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count >= 3, fields.count <= 4 else {
                return .failure(PeopleProblem(line: line, phrase: .peopleFields, arguments: []))
            }
            guard !fields[0].isEmpty else { return .failure(PeopleProblem(line: line, phrase: .peopleName, arguments: [])) }
            var age: Int?
            if !["", "?", "unknown", "anhysbys"].contains(fields[1].lowercased()) {
                guard let n = Int(fields[1]), n >= 0, n <= PersonRow.maximumAge else {
                    return .failure(PeopleProblem(line: line, phrase: .peopleAge, arguments: [fields[1]]))
                }
                age = n
            }
            var roles: [PersonRow.Role] = []
            for word in fields[2].lowercased().split(whereSeparator: { $0 == "," || $0 == " " || $0 == "/" }) {
                guard let role = PersonRow.Role(rawValue: String(word)) ?? welshRoles[String(word)] else {
                    return .failure(PeopleProblem(line: line, phrase: .peopleRole, arguments: [String(word)]))
                }
                if !roles.contains(role) { roles.append(role) }
            }
            guard !roles.isEmpty else { return .failure(PeopleProblem(line: line, phrase: .peopleRole, arguments: [""])) }
            let suspectWord = fields.count == 4 ? fields[3].lowercased() : ""
            guard let recordedSuspect = suspectWords[suspectWord] else {
                return .failure(PeopleProblem(line: line, phrase: .peopleSuspect, arguments: [fields[3]]))
            }
            // A child who is only the one pictured is a victim: the guidance never makes them a suspect.
            if recordedSuspect, roles == [.pictured] {
                return .failure(PeopleProblem(line: line, phrase: .peopleVictim, arguments: [fields[0]]))
            }
            rows.append(PersonRow(name: fields[0], age: age, roles: roles, recordedSuspect: recordedSuspect))
        }
        return .success(rows)
    }

    /// The problem with `text` as people rows, in `language`, or nil when every row reads.
    package static func problem(_ text: String, in language: Language, required: Bool) -> String? {
        switch parse(text) {
        case .failure(let problem): return problem.message(in: language)
        case .success(let rows): return rows.isEmpty && required ? language(.peopleNone) : nil
        }
    }

    /// Rows written as lines, for an answers file that gives people as a list of mappings.
    package static func line(name: String, age: String?, roles: [String], suspect: Bool) -> String {
        [name, age ?? "?", roles.joined(separator: ", ")].joined(separator: "; ") + (suspect ? "; suspect" : "")
    }
}
