/// A loaded, validated flow: screens joined by guarded transitions, plus rules kept apart from the graph.
package struct Flow: Sendable, Equatable {
    /// Stable id, e.g. `initial-response`.
    package var id: String
    /// Title shown in headers.
    package var title: String
    /// The flow's own version, e.g. `1.0.0`.
    package var version: String
    /// One line saying what the flow is for.
    package var description: String
    /// The documents the flow draws on.
    package var sources: [String]
    /// The first screen's id.
    package var start: String
    /// Every screen, in file order.
    package var screens: [Screen] { didSet { index = Self.firstPositions(screens.map(\.id)) } }
    /// Derived facts, in evaluation order.
    package var facts: [DerivedFact]
    /// How the determination is reached.
    package var determination: DeterminationSpec
    /// Reasons that explain a determination, each shown when its condition holds.
    package var reasons: [ReasonRule]
    /// Actions the officer must take, each present when its condition holds.
    package var actions: [ActionRule] { didSet { actionIndex = Self.firstPositions(actions.map(\.id)) } }
    /// The path the flow was read from.
    package var file: String
    /// Properties `intake flows check` proves on every path.
    package var invariants: [Invariant] = []
    /// Where `start:` is written, for errors about it.
    package var startLocation: SourceLocation?
    /// The notice for the child and family that a record carries with a lenient outcome, if the flow has one.
    package var notice: Notice?
    /// Where to find support, listed at the end of a record, if the flow has a list.
    package var support: SupportList?
    /// Screens the signing identity answers, so they are never asked: `name`, `number` and
    /// `organisation` mapped to screen ids.
    package var identity: [IdentityField: String] = [:]
    /// Where each identity entry is written, for errors about it.
    package var identityLocations: [IdentityField: SourceLocation] = [:]
    /// How the flow's records read: the id prefix and the classifications in words.
    package var record = RecordStyle()
    /// The flows whose signed records may start an interview of this one (`intake run --from`).
    package var takesFrom: [CarryOver] = []
    /// The language its texts are in: English as written, another once a translation is applied.
    package var language: Language = .en
    /// Where an officer may finish at first contact (`first-contact:`): the question whose answer
    /// ends the interview there, with a short record whose to-do list carries the rest (issue 35).
    package var firstContact: FirstContact?
    /// How far the translation applied is approved (`draft` until a speaker at a force signs it off);
    /// nil for the English the flow is written in.
    package var translationStatus: TranslationStatus?

    private var index: [String: Int]
    // Looking actions up by a linear search made validating a flow with many checklists quadratic.
    private var actionIndex: [String: Int]

    private static func firstPositions(_ ids: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() where index[id] == nil { index[id] = i }
        return index
    }

    /// Creates a flow; the loader is the usual way to get one.
    package init(id: String, title: String, version: String, description: String, sources: [String], start: String,
                screens: [Screen], facts: [DerivedFact], determination: DeterminationSpec, reasons: [ReasonRule],
                actions: [ActionRule], file: String) {
        self.id = id
        self.title = title
        self.version = version
        self.description = description
        self.sources = sources
        self.start = start
        self.screens = screens
        self.facts = facts
        self.determination = determination
        self.reasons = reasons
        self.actions = actions
        self.file = file
        self.index = Self.firstPositions(screens.map(\.id))
        self.actionIndex = Self.firstPositions(actions.map(\.id))
    }

    /// The screen with this id, if any.
    package func screen(_ id: String) -> Screen? {
        index[id].map { screens[$0] }
    }

    /// Where the screen with this id is in `screens` (the first, if the id is duplicated).
    package func position(of id: String) -> Int? { index[id] }

    /// The action with this id, if any.
    package func action(_ id: String) -> ActionRule? {
        actionIndex[id].map { actions[$0] }
    }
}

/// A part of the signing identity a flow can take an answer from.
package enum IdentityField: String, Sendable, Equatable, Codable, CaseIterable {
    /// The officer's or staff member's full name.
    case name
    /// Collar or staff number.
    case number
    /// Force or organisation.
    case organisation
}

/// What a screen asks for.
package enum ScreenKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// Yes, no, or unknown — not yet established.
    case yesNoUnknown = "yes-no-unknown"
    /// One of a list.
    case choice
    /// Any number of a list.
    case multiChoice = "multi-choice"
    /// Free text over several lines.
    case text
    /// A whole number within bounds.
    case number
    /// A date and time.
    case dateTime = "date-time"
    /// Information that must be acknowledged.
    case info
    /// An action: done, not done (with a reason) or not applicable.
    case checklist
    /// The end of the interview.
    case end
    /// The people in a case, one row a line: name; age; roles; whether recorded as a suspect
    /// (`PeopleRows`). Typed as several lines of text, checked row by row.
    case people
}

/// One screen of a flow: a question, an information page, a checklist item or an end.
package struct Screen: Sendable, Equatable {
    /// Stable id; answers are keyed by it.
    package var id: String
    /// What kind of answer it takes.
    package var kind: ScreenKind
    /// The question or statement.
    package var prompt: String
    /// Guidance in our own words, shown on request.
    package var help: String?
    /// Where the guidance comes from, e.g. "College of Policing briefing note, Action 2".
    package var source: String?
    /// Whether an answer must be given before moving on.
    package var required: Bool
    /// Whether "Unknown — not yet established" is offered (always for yes/no/unknown).
    package var allowUnknown: Bool
    /// The options of a choice or multiple choice.
    package var choices: [Choice]
    /// Bounds of a number.
    package var minimum: Int?
    /// Bounds of a number.
    package var maximum: Int?
    /// Extra checks on the answer, each with the message shown when it fails.
    package var constraints: [Constraint]
    /// Guarded transitions, tried in order.
    package var branches: [Transition]
    /// Where to go when no branch applies; nil only on end screens.
    package var next: String?
    /// For checklist screens: the action this item records.
    package var action: String?
    /// For text screens: whether the answer may run over several lines (the default) or is one line.
    package var multiLine: Bool
    /// Where the screen is defined.
    package var location: SourceLocation
    /// Where its `next:` is written, for errors about it.
    package var nextLocation: SourceLocation?
    /// The part of the flow it belongs to (`section:` on it or on the nearest screen before it), for
    /// diagrams and booklets; nil before the first `section:`.
    package var section: String?
    /// The language its texts are in, for the words intake adds around them (answers, problems).
    package var language: Language = .en
    /// The checklist screen whose step this question waits for (`waits-for:`): the flow routes past
    /// it while that step is on the path and not done, and the case's to-do list then carries it,
    /// so nothing is asked before it can be answered (issue 35). The routing itself is the flow's
    /// own branch, which `intake flows check` proves over; this names why, for the to-do list.
    package var waitsFor: String?
    /// Where `waits-for:` is written.
    package var waitsForLocation: SourceLocation?
    /// The page this yes/no/unknown question shares with the questions next to it (`group:`): the
    /// full screen shows the group's questions answered so far above the current one, so a run of
    /// decisive facts reads as one page, each row still answered on its own (issue 35, item 3). It
    /// changes nothing that is asked or decided: the flow's order and branches stay as written.
    package var group: String?

    /// Creates a screen.
    package init(id: String, kind: ScreenKind, prompt: String, help: String? = nil, source: String? = nil,
                required: Bool = true, allowUnknown: Bool = false, choices: [Choice] = [], minimum: Int? = nil,
                maximum: Int? = nil, constraints: [Constraint] = [], branches: [Transition] = [], next: String? = nil,
                action: String? = nil, multiLine: Bool = true, location: SourceLocation, nextLocation: SourceLocation? = nil) {
        self.id = id
        self.kind = kind
        self.prompt = prompt
        self.help = help
        self.source = source
        self.required = required
        self.allowUnknown = allowUnknown || kind == .yesNoUnknown
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.constraints = constraints
        self.branches = branches
        self.next = next
        self.action = action
        self.multiLine = multiLine
        self.location = location
        self.nextLocation = nextLocation
    }

    /// Every screen this one can lead to, branches first.
    package var targets: [String] {
        branches.map(\.target) + (next.map { [$0] } ?? [])
    }

    /// Whether the answer is typed over several lines (multi-line text, and people's rows).
    package var takesLines: Bool { (kind == .text && multiLine) || kind == .people }

    /// The label of a choice value, or the value itself.
    package func label(of value: String) -> String {
        choices.first { $0.value == value }?.label ?? value
    }
}

/// One option of a choice.
package struct Choice: Sendable, Equatable {
    /// The stable value stored in answers and used in expressions.
    package var value: String
    /// What the officer sees.
    package var label: String

    /// Creates a choice.
    package init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}

/// An expression together with its source text and location.
package struct Condition: Sendable, Equatable {
    /// The parsed expression.
    package var expr: Expr
    /// The text as written in the flow.
    package var text: String
    /// Where the text starts.
    package var location: SourceLocation

    /// Creates a condition.
    package init(expr: Expr, text: String, location: SourceLocation) {
        self.expr = expr
        self.text = text
        self.location = location
    }
}

/// A check on an answer: `value` names the answer being given.
package struct Constraint: Sendable, Equatable {
    /// Must hold for the answer to be accepted.
    package var condition: Condition
    /// Shown when it does not.
    package var message: String
}

/// A guarded transition.
package struct Transition: Sendable, Equatable {
    /// When it applies.
    package var condition: Condition
    /// The screen it leads to.
    package var target: String
    /// Where the target is written.
    package var targetLocation: SourceLocation
}

/// A named condition over answers and earlier facts, e.g. "an aggravating feature is present".
package struct DerivedFact: Sendable, Equatable {
    /// Stable id, usable in later expressions.
    package var id: String
    /// What it means, in words.
    package var text: String
    /// When it holds.
    package var condition: Condition
    /// Where the rule comes from.
    package var source: String?
}

/// Outcome 21 status (Home Office outcome 21: no further action, not in the public interest).
package enum Outcome21: String, Sendable, Equatable, Codable, CaseIterable {
    /// An aggravating feature or unmet criterion rules it out.
    case notApplicable = "not-applicable"
    /// Decisive facts are still unknown.
    case pending
    /// Nothing rules it out; a senior officer reviews the decision.
    case mayBeConsidered = "may-be-considered"
}

/// How a determination is reached: ordered rules, the first that holds decides.
package struct DeterminationSpec: Sendable, Equatable {
    /// Facts that must be established before any lenient outcome; listed as outstanding while unknown.
    package var decisive: [String]
    /// Facts that do not decide the classification but must still be established.
    package var alsoEstablish: [String]
    /// Conditions a lenient outcome waits for (checks done, decisions made), each listed as outstanding
    /// by its question while unmet. The engine enforces them as it enforces `decisive`.
    package var prerequisites: [Prerequisite] = []
    /// Tried in order.
    package var rules: [DeterminationRule]
    /// Applies when no rule does.
    package var otherwise: DeterminationRule
    /// Where each decisive and also-establish entry is written, for errors about it.
    package var locations: [String: SourceLocation] = [:]

    /// Creates a specification.
    package init(decisive: [String], alsoEstablish: [String], rules: [DeterminationRule], otherwise: DeterminationRule) {
        self.decisive = decisive
        self.alsoEstablish = alsoEstablish
        self.rules = rules
        self.otherwise = otherwise
    }

    /// Every classification the rules can produce, including the safety rule's.
    package var classifications: [String] {
        var seen: [String] = []
        for rule in rules + [otherwise] where !seen.contains(rule.classification) { seen.append(rule.classification) }
        if !seen.contains(DeterminationRule.undetermined) { seen.append(DeterminationRule.undetermined) }
        return seen
    }
}

/// Something a lenient outcome waits for beyond the decisive facts: a check done, a decision made.
package struct Prerequisite: Sendable, Equatable {
    /// The question listed as outstanding while the condition does not hold.
    package var id: String
    /// Holds once the lenient outcome may go ahead as far as this prerequisite goes; an unknown counts as not.
    package var until: Condition
    /// Why the lenient outcome waits for it.
    package var source: String?
    /// Where its id is written, for errors about it.
    package var idLocation: SourceLocation?

    /// Creates a prerequisite.
    package init(id: String, until: Condition, source: String?, idLocation: SourceLocation? = nil) {
        self.id = id
        self.until = until
        self.source = source
        self.idLocation = idLocation
    }
}

/// The written notice a lenient outcome leads to, kept in the flow so a policy owner can correct it.
/// `{question_id}` in a paragraph stands for that answer; `placeholders` says what to print while it is blank.
package struct Notice: Sendable, Equatable {
    /// The heading.
    package var title: String
    /// Paragraphs, in order.
    package var paragraphs: [String]
    /// What to print for a placeholder whose question has no answer, by question id.
    package var blanks: [String: String]
    /// Where the wording comes from.
    package var source: String
    /// Where each paragraph is written, for errors about its placeholders.
    package var locations: [SourceLocation]
    /// The text screen naming the children the family's letter is for, one per line: each child gets
    /// a letter of their own (`intake notice`). Without it, a flow's notice is only ever a draft.
    package var addressee: String?
    /// The text screen giving the officer's contact for the family, printed on the letter.
    package var contact: String?
    /// The choice screen where the family says which language they want (`en`, `cy` or `both`):
    /// `intake notice` makes the letter in it unless told otherwise.
    package var language: String?
    /// Where `addressee`, `contact` and `language` are written, for errors about them.
    package var screenLocations: [String: SourceLocation]
    /// When no letter may go to any family of the case, and why (`withhold:`): a safeguarding rule
    /// of the force's, such as telling the parents putting the child at risk.
    package var withhold: [Withhold] = []

    /// A condition over the record's answers under which no letter is made, with the reason said.
    package struct Withhold: Sendable, Equatable {
        package var condition: Condition
        package var reason: String
    }

    /// Creates a notice.
    package init(title: String, paragraphs: [String], blanks: [String: String] = [:], source: String,
                locations: [SourceLocation] = [], addressee: String? = nil, contact: String? = nil,
                screenLocations: [String: SourceLocation] = [:]) {
        self.title = title
        self.paragraphs = paragraphs
        self.blanks = blanks
        self.source = source
        self.locations = locations
        self.addressee = addressee
        self.contact = contact
        self.screenLocations = screenLocations
    }

    /// The question ids named by `{…}` in `text`, in order.
    package static func placeholders(in text: String) -> [String] {
        // Most texts have none: a byte scan says so without walking the text by Character.
        guard text.utf8.contains(UInt8(ascii: "{")) else { return [] }
        var ids: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            ids.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    /// `text` with each `{id}` replaced by `fill(id)`.
    package static func fill(_ text: String, _ fill: (String) -> String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += fill(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// Organisations to signpost, each with the contact details and the date they were last checked.
package struct SupportList: Sendable, Equatable {
    /// One organisation.
    package struct Entry: Sendable, Equatable {
        /// Its name.
        package var name: String
        /// Whom it helps and with what.
        package var helps: String
        /// Telephone number, web address or both, as it is to be printed.
        package var contact: String
        /// When the contact details were last checked (YYYY-MM-DD).
        package var checked: String
        /// Where they were checked.
        package var checkedAt: String
        /// Whether the family's letter lists it too, and on which children's letters; nil: the
        /// record's list only (a helpline for professionals is no help to a parent).
        package var family: Family?

        /// Which families' letters list an entry.
        package enum Family: String, Sendable, Equatable, Codable, CaseIterable {
            /// Every child's family.
            case all
            /// Only the family of a child recorded against the offence (help with one's own behaviour).
            case recorded
        }

        /// Creates an entry.
        package init(name: String, helps: String, contact: String, checked: String, checkedAt: String, family: Family? = nil) {
            self.name = name
            self.helps = helps
            self.contact = contact
            self.checked = checked
            self.checkedAt = checkedAt
            self.family = family
        }
    }

    /// The heading.
    package var title: String
    /// The organisations, in order.
    package var entries: [Entry]
    /// Where the list comes from.
    package var source: String

    /// Creates a list.
    package init(title: String, entries: [Entry], source: String) {
        self.title = title
        self.entries = entries
        self.source = source
    }
}

/// One determination rule.
package struct DeterminationRule: Sendable, Equatable {
    /// The classification the safety rule falls back to.
    package static let undetermined = "undetermined"

    /// When it applies; nil for `otherwise`.
    package var condition: Condition?
    /// e.g. `aggravated`, `experimental`, `undetermined`.
    package var classification: String
    /// Outcome 21 status, when the flow decides one.
    package var outcome21: Outcome21?
    /// Whether this is a lenient outcome (no further action); `may-be-considered` always is.
    package var lenient: Bool
    /// One line explaining it.
    package var summary: String?
    /// Where the rule is defined.
    package var location: SourceLocation

    /// Creates a rule.
    package init(condition: Condition?, classification: String, outcome21: Outcome21?, lenient: Bool, summary: String?,
                location: SourceLocation) {
        self.condition = condition
        self.classification = classification
        self.outcome21 = outcome21
        self.lenient = lenient || outcome21 == .mayBeConsidered
        self.summary = summary
        self.location = location
    }
}

/// A reason given with the determination when its condition holds.
package struct ReasonRule: Sendable, Equatable {
    /// The fact it concerns (a question or derived fact id).
    package var fact: String
    /// When it is given.
    package var condition: Condition
    /// The reason in words.
    package var text: String
    /// Its source.
    package var source: String

}

/// An action the officer must take.
package struct ActionRule: Sendable, Equatable {
    /// Stable id, e.g. `record-crime`.
    package var id: String
    /// What to do, in words.
    package var text: String
    /// Its source.
    package var source: String
    /// When it applies; nil means always.
    package var condition: Condition?
    /// Where the action is defined.
    package var location: SourceLocation
    /// A rule that always holds, such as never copying an image: the record lists it as information,
    /// not as a task with a status.
    package var standing: Bool

    /// Creates an action rule.
    package init(id: String, text: String, source: String, condition: Condition?, location: SourceLocation, standing: Bool = false) {
        self.id = id
        self.text = text
        self.source = source
        self.condition = condition
        self.location = location
        self.standing = standing
    }
}

/// How a flow's records read.
package struct RecordStyle: Sendable, Equatable {
    /// The record id's prefix, e.g. `IR` for `IR-20261122-3F9A2C7E1B04`.
    package var idPrefix = "IR"
    /// Each classification in words, e.g. `refer-to-police` → "Refer to the police".
    package var classifications: [String: String] = [:]
    /// Answers printed in the record's header, each with its label, e.g. "Crime reference".
    package var header: [HeaderField] = []
    /// Where each entry is written, for errors about it.
    package var locations: [String: SourceLocation] = [:]

    /// Creates the default style.
    package init() {}

    /// A classification as the record prints it: its words with the id after, or the id alone.
    package func words(for classification: String) -> String {
        classifications[classification].map { "\($0) [\(classification)]" } ?? classification
    }
}

/// An answer a record prints in its header.
package struct HeaderField: Sendable, Equatable {
    /// The label, e.g. "Crime reference".
    package var label: String
    /// The screen whose answer is printed.
    package var screen: String
    /// A short label for the full screen's top line and the list of unfinished interviews, e.g. "Ref".
    package var short: String?
    /// Where it is written.
    package var location: SourceLocation

    /// Creates a field.
    package init(label: String, screen: String, short: String? = nil, location: SourceLocation) {
        self.label = label
        self.screen = screen
        self.short = short
        self.location = location
    }
}

extension Flow {
    /// The answer that names an interview at a glance (the first header field with a short label),
    /// e.g. ("Ref", "CR/9/26"), if it has been typed.
    package func glance(_ answers: [String: AnswerValue]) -> (label: String, text: String)? {
        guard let field = record.header.first(where: { $0.short != nil }),
              case .text(let text)? = answers[field.screen], !text.isEmpty else { return nil }
        return (field.short!, text)
    }
}

/// A flow whose signed records may start an interview of this one: answers with the same id are
/// taken as they are, and `renamed` maps this flow's screen ids to the source's where they differ.
package struct CarryOver: Sendable, Equatable {
    /// The source flow's id.
    package var flow: String
    /// This flow's screen id → the source flow's screen id.
    package var renamed: [String: String]
    /// Where the entry is written.
    package var location: SourceLocation
    /// Where each renamed id is written.
    package var renamedLocations: [String: SourceLocation] = [:]
    /// This flow's questions that only its own research answers (the police's checks, say): the
    /// source's answer is shown, attributed, never offered as the answer.
    package var ownResearch: [String] = []
    /// Where each own-research id is written.
    package var ownResearchLocations: [String: SourceLocation] = [:]

    /// Creates an entry.
    package init(flow: String, renamed: [String: String], location: SourceLocation) {
        self.flow = flow
        self.renamed = renamed
        self.location = location
    }
}

/// A property that must hold at the end of every path, proved by `intake flows check`.
package struct Invariant: Sendable, Equatable {
    /// A short name.
    package var name: String
    /// Must hold; may use answers, facts, `classification`, `outcome21` and `applies("action")`.
    package var condition: Condition
    /// Why it must hold.
    package var source: String

}

/// The flow's first-contact point: answering `question` with `answer` ends the interview there.
package struct FirstContact: Sendable, Equatable {
    /// A choice screen.
    package var question: String
    /// The choice value that finishes at first contact.
    package var answer: String
    /// Where it is written.
    package var location: SourceLocation
}
