import FoundationEssentials
import Glibc
import IntakeCore

/// The full-screen front's whole state: the interview plus what is on the screen around it.
/// Pure: `update` changes it from a key, `render` draws it. The ncurses adapter only moves keys in
/// and lines out.
package struct Front: InterviewFront, Equatable, Sendable {
    /// What covers the screen for a moment.
    package enum Overlay: Equatable, Sendable {
        /// The guidance panel for the current screen.
        case help
        /// "Quit?" after Ctrl-C.
        case confirmQuit
        /// "Finish and produce the record?"
        case confirmFinish
        /// The reason a checklist item was not done.
        case reason(TextField)
    }

    /// What the loop must do after an update, in order: effects as values, the same contract as the
    /// line front's, carried out by the session layer's runner.
    package typealias Effect = InterviewEffect

    /// The interview.
    package private(set) var interview: Interview
    /// The highlighted row on list screens and the review.
    package private(set) var selection = 0
    /// Whether a row of a list screen is highlighted at all. A new question has none, so Enter alone
    /// cannot answer it: the officer picks with a letter or digit, or moves with ↑↓ first.
    package private(set) var highlighted = false
    /// Changes whenever what the officer must look at changes: a new screen, the review, a dialog.
    /// The adapter stamps each key with the generation that was on the display when it was read, and
    /// a key stamped with an older one is dropped, so typed-ahead keys never answer an unseen screen.
    package private(set) var generation = 0
    /// The typed text of an answer waiting for a second Enter to confirm it (a time long ago).
    private var confirming: String?
    /// How to continue this interview later, e.g. `intake resume IR-…`; nil when nothing is kept.
    package var resumeHint: String?
    /// A training interview: every screen says so, in words, so practice is never mistaken for a case.
    package var training = false
    /// Whether the header says "step N of about M"; the demo counts its own screens instead.
    package var showsStep = true
    /// Choices ticked on a multiple-choice screen, before Enter.
    package private(set) var ticked: Set<ListRow> = []
    /// Text being typed, per screen, kept until accepted: going back or resizing loses nothing.
    package private(set) var drafts: [String: TextField] = [:]
    /// What covers the screen, if anything.
    package private(set) var overlay: Overlay?
    /// Why the last input was not accepted.
    package private(set) var message: String?
    /// Scroll offset of long bodies (summary, review).
    package private(set) var scroll = 0
    /// Longest remaining path from each screen, for "step N of about M".
    package let stepsToEnd: [String: Int]
    /// The interview's flow in each language it can be shown in, English included; `L` (F3 where
    /// letters are typed) moves to the next. Empty or one entry: English only, and no key for it.
    package let languages: FlowLanguages?
    let parser: AnswerParser
    var shownScreen: String?
    /// Effects gathered during one update.
    private var outbox: [Effect] = []

    /// Creates a front over `interview`.
    package init(interview: Interview, parser: AnswerParser = AnswerParser(), languages: FlowLanguages? = nil) {
        self.interview = interview
        self.parser = parser
        self.languages = languages
        self.stepsToEnd = interview.flow.longestPathToEnd(skipping: Set(interview.given.keys))
        // An interview that opens on its review (a follow-up) opens on its to-do list: what is still
        // unknown or not yet done.
        if interview.phase == .reviewing, interview.answers.contains(where: { ToDo.isOpen($0.value.value, on: $0.key, in: interview.flow) }) {
            reviewUnknownOnly = true
        }
        enterScreen()
    }

    /// What a key can change on a list screen, to tell a key that did nothing.
    private struct VisibleState: Equatable {
        var events: Int, selection: Int, highlighted: Bool, ticked: Set<ListRow>, overlay: Overlay?, message: String?, generation: Int
    }
    private var visibleState: VisibleState {
        VisibleState(events: interview.events.count, selection: selection, highlighted: highlighted, ticked: ticked, overlay: overlay,
                     message: message, generation: generation)
    }

    /// The editor of the current screen, when it takes typed text.
    package var field: TextField? {
        guard interview.phase == .asking, Front.isTyped(interview.currentScreen) else { return nil }
        return drafts[interview.current]
    }

    static func isTyped(_ screen: Screen) -> Bool {
        [.text, .people, .number, .dateTime].contains(screen.kind)
    }

    /// The rows of a list screen: choice values, or the fixed options of yes/no/unknown and checklists.
    package var options: [(value: ListRow, label: String)] {
        let screen = interview.currentScreen
        switch screen.kind {
        case .yesNoUnknown:
            let say = screen.language
            return [(.value("yes"), say(.yes)), (.value("no"), say(.no)), (.unknown, say(.unknown))]
        case .choice, .multiChoice:
            // Unknown is its own case, not a value: a flow may well have a choice called "unknown".
            return screen.choices.map { (.value($0.value), $0.label) } + (screen.allowUnknown ? [(.unknown, screen.language(.unknown))] : [])
        case .checklist:
            return ChecklistStatus.allCases.map { (.value($0.rawValue), $0.label(in: screen.language)) }
        default:
            return []
        }
    }

    /// Whether the review lists only the answers still unknown.
    package private(set) var reviewUnknownOnly = false

    /// The answers the review lists: every answered screen on the path, or only the unknown ones.
    package var reviewable: [String] {
        interview.path.filter { id in
            guard let answer = interview.answers[id] else { return false }
            return !reviewUnknownOnly || ToDo.isOpen(answer.value, on: id, in: interview.flow)
        }
    }

    /// Applies a key. `typedOn` is the generation on the display when the key was read; a key from an
    /// earlier generation was typed before the officer could see what is shown now, and is dropped
    /// (Ctrl-C excepted: asking to quit is always safe). Returns a command when the adapter has to act.
    package mutating func update(_ key: Key, now: Date, typedOn: Int? = nil) -> [Effect] {
        outbox = []
        if let command = step(key, now: now, typedOn: typedOn) { outbox.append(command) }
        return outbox
    }

    /// The result of a `.save` that failed: the event is taken back and the reason shown.
    package mutating func saveFailed(_ why: String) {
        undoLastEvent(interview.flow.language(.notSavedRefused, why))
    }

    private mutating func step(_ key: Key, now: Date, typedOn: Int?) -> Effect? {
        if key == .resize { return nil }
        if let typedOn, typedOn != generation, key != .interrupt {
            // Typed before this screen (or dialog) appeared: not used, and said, so a key that seems
            // lost is explained rather than silently gone.
            message = interview.flow.language(.keyTypedAhead)
            return nil
        }
        if case .interrupt = key, overlay != .confirmQuit {
            open(.confirmQuit)
            return nil
        }
        if let overlay { return updateOverlay(overlay, key, now) }
        if key == .function(2) {
            if interview.phase == .reviewing {
                record(.closeReview)
                enterScreen()
            } else {
                record(.review)
                selection = 0
                scroll = 0
                generation += 1
            }
            message = nil
            return nil
        }
        if key == .function(1) || (key == .character("?") && field == nil && interview.phase == .asking) {
            overlay = .help
            return nil
        }
        if key == .function(3) || ((key == .character("L") || key == .character("l")) && field == nil), switchLanguage() {
            return nil
        }
        switch interview.phase {
        case .reviewing: updateReview(key)
        case .asking: return updateAsking(key, now)
        case .finished: break
        }
        return nil
    }

    private mutating func updateOverlay(_ current: Overlay, _ key: Key, _ now: Date) -> Effect? {
        switch current {
        case .help:
            if [.escape, .character("?"), .function(1), .enter].contains(key) { overlay = nil }
        case .confirmQuit:
            if key == .character("y") || key == .character("Y") { return .quit }
            if [.character("n"), .character("N"), .escape, .interrupt, .enter].contains(key) { close() }
        case .confirmFinish:
            // Signing cannot be undone, so only y signs; Enter, like n, means "not yet".
            if key == .character("y") || key == .character("Y") {
                record(.finish(at: now))
                overlay = nil
                if interview.phase == .finished { return .finished }
                message = interview.problem
            } else if [.character("n"), .character("N"), .escape, .enter].contains(key) {
                close()
            }
        case .reason(var reason):
            if key == .escape {
                overlay = nil
            } else if key == .enter || key == .endOfText || key == .function(10) {
                overlay = nil
                answer(.checklist(.notDone, reason: reason.text), now)
                if interview.problem != nil || message != nil { overlay = .reason(reason) }
            } else if reason.edit(key) {
                overlay = .reason(reason)
                message = refusal(key)
            } else if let why = refusal(key) {
                message = why
            }
        }
        return nil
    }

    private mutating func updateReview(_ key: Key) {
        let rows = reviewable
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(max(0, rows.count - 1), selection + 1)
        case .pageUp: selection = max(0, selection - 10)
        case .pageDown: selection = min(max(0, rows.count - 1), selection + 10)
        case .home: selection = 0
        case .end: selection = max(0, rows.count - 1)
        case .character("u"), .character("U"):
            let current = rows.indices.contains(selection) ? rows[selection] : nil
            reviewUnknownOnly.toggle()
            selection = current.flatMap { reviewable.firstIndex(of: $0) } ?? 0
        case .enter where !rows.isEmpty:
            record(.edit(rows[selection]))
            enterScreen()
        case .escape, .left:
            record(.closeReview)
            enterScreen()
        default: break
        }
    }

    private mutating func updateAsking(_ key: Key, _ now: Date) -> Effect? {
        let screen = interview.currentScreen
        if Front.isTyped(screen) {
            updateTyped(screen, key, now)
            return nil
        }
        let before = visibleState
        defer {
            // A letter that does nothing here says so, and where the keys are, instead of nothing.
            if case .character(let c) = key, c != " ", visibleState == before {
                message = screen.language(.keyDoesNothing, Visible.line(String(c)))
            }
        }
        if case .paste = key {
            // A paste may hold letters and line ends; on a question they would be answers unseen.
            message = screen.language(.pasteRefused)
            return nil
        }
        switch key {
        case .left, .backspace, .escape:
            goBack()
            return nil
        case .up:
            // The first arrow on a new question highlights a row rather than moving past one.
            if highlighted { selection = max(0, selection - 1) } else { highlighted = true }
            if screen.kind == .end { scroll = max(0, scroll - 1) }
        case .down:
            if highlighted { selection = min(max(0, options.count - 1), selection + 1) } else { highlighted = true }
            if screen.kind == .end { scroll += 1 }
        case .pageUp where screen.kind == .end: scroll = max(0, scroll - 10)
        case .pageDown where screen.kind == .end: scroll += 10
        default:
            break
        }
        switch screen.kind {
        case .yesNoUnknown:
            let shortcuts: [Character: AnswerValue] = ["y": .tri(true), "n": .tri(false), "u": .unknown]
            if case .character(let c) = key, let value = shortcuts[Character(c.lowercased())] {
                answer(value, now)
            } else if key == .enter {
                if highlighted { answer([AnswerValue.tri(true), .tri(false), .unknown][selection], now) } else { message = Front.chooseFirst(screen) }
            }
        case .choice:
            if case .character(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= options.count {
                selection = n - 1
                answer(value(of: options[n - 1].value), now)
            } else if key == .character("u"), screen.allowUnknown {
                answer(.unknown, now)
            } else if key == .enter, !options.isEmpty {
                if highlighted { answer(value(of: options[selection].value), now) } else { message = Front.chooseFirst(screen) }
            }
        case .multiChoice:
            if key == .character(" ") || (key.digit.map { $0 >= 1 && $0 <= options.count } ?? false) {
                if let n = key.digit { selection = n - 1 }
                let value = options[selection].value
                if value == .unknown {
                    ticked = ticked.contains(value) ? [] : [.unknown]
                } else {
                    ticked.remove(.unknown)
                    if ticked.contains(value) { ticked.remove(value) } else { ticked.insert(value) }
                }
                message = nil
            } else if key == .enter {
                if ticked == [.unknown] {
                    answer(.unknown, now)
                } else {
                    answer(.choices(screen.choices.map(\.value).filter { ticked.contains(.value($0)) }), now)
                }
            }
        case .checklist:
            let shortcuts: [Character: Int] = ["d": 0, "n": 1, "a": 2, "t": 3]
            var pick: Int?
            if case .character(let c) = key, let i = shortcuts[Character(c.lowercased())] { pick = i }
            if key == .enter {
                if highlighted { pick = selection } else { message = Front.chooseFirst(screen) }
            }
            if let pick {
                selection = pick
                let status = ChecklistStatus.allCases[pick]
                if status == .notDone {
                    var reason = TextField(multiLine: false)
                    if case .checklist(.notDone, let old?)? = interview.answers[screen.id]?.value { reason = TextField(old, multiLine: false) }
                    open(.reason(reason))
                } else {
                    answer(.checklist(status, reason: nil), now)
                }
            }
        case .info:
            if key == .enter || key == .character(" ") { answer(.acknowledged, now) }
        case .end:
            if key == .enter || key == .character("f") || key == .character("F") { open(.confirmFinish) }
        default:
            break
        }
        return nil
    }

    private mutating func updateTyped(_ screen: Screen, _ key: Key, _ now: Date) {
        let multiLine = screen.takesLines
        let accept = key == .endOfText || key == .function(10) || (key == .enter && !multiLine)
        if key == .escape {
            goBack()
            return
        }
        if accept {
            let text = drafts[screen.id]?.text ?? ""
            do {
                let value = try parser.parse(text, for: screen, now: now)
                // A time more than a month old is kept only when accepted a second time, unchanged.
                if let check = parser.confirmation(for: value, now: now, language: screen.language), confirming != text {
                    confirming = text
                    message = screen.language(.pressEnterAgain, check)
                    return
                }
                answer(value, now)
            } catch {
                message = error.message
            }
            return
        }
        // Edited in place in the dictionary: copying the field out and back copied every character.
        if drafts[screen.id, default: TextField(multiLine: multiLine)].edit(key) {
            message = refusal(key)
            confirming = nil
        } else if let why = refusal(key) {
            message = why
        }
    }

    /// What to say when a key held a character no answer takes (the key, or that part of a paste,
    /// was dropped): said, so the officer knows why the text is not as typed.
    private func refusal(_ key: Key) -> String? {
        TextField.refused(in: key).map { interview.currentScreen.language(.hiddenCharacter, Visible.name($0)) }
    }

    private func value(of option: ListRow) -> AnswerValue {
        switch option {
        case .unknown: return .unknown
        case .value(let v): return .choice(v)
        }
    }

    private mutating func answer(_ value: AnswerValue, _ now: Date) {
        let before = interview.current
        record(.answer(value, at: now))
        if let problem = interview.problem {
            message = problem
            return
        }
        message = nil
        drafts[before] = nil
        enterScreen()
        // Back in the review after a change: the highlight stays on the row just changed.
        if interview.phase == .reviewing { selection = reviewable.firstIndex(of: before) ?? 0 }
    }

    private mutating func goBack() {
        record(.back)
        message = interview.problem
        enterScreen()
    }

    /// What the front looked like before its last recorded event, so a change that could not be saved
    /// can be taken back. Kept only at events: a copy taken on every key made each key of a long paste
    /// copy the whole field, and pasting cost time in proportion to the square of its length.
    private struct Undo: Equatable, Sendable {
        var interview: Interview
        var drafts: [String: TextField]
        var overlay: Overlay?
        var selection: Int
        var highlighted: Bool
        var ticked: Set<ListRow>
        var scroll: Int
        var generation: Int
    }
    private var undo: Undo?

    /// Applies an event to the interview, keeping what is needed to take it back.
    private mutating func record(_ event: Event) {
        undo = Undo(interview: interview, drafts: drafts, overlay: overlay, selection: selection, highlighted: highlighted,
                    ticked: ticked, scroll: scroll, generation: generation)
        let count = interview.events.count
        reduce(&interview, event)
        if interview.events.count > count { outbox.append(.save(event)) }
    }

    /// Takes back the last recorded event, which could not be saved, and says why. The screen shown is
    /// a new generation, so keys typed meanwhile do not act on it.
    mutating func undoLastEvent(_ why: String) {
        guard let undo else { message = why; return }
        interview = undo.interview
        drafts = undo.drafts
        overlay = undo.overlay
        selection = undo.selection
        highlighted = undo.highlighted
        ticked = undo.ticked
        scroll = undo.scroll
        generation = max(generation, undo.generation) + 1
        self.undo = nil
        message = why
    }

    /// What to press on a list screen that has no highlighted row yet.
    /// The language the language key moves to, if the flow is there in another.
    package var nextLanguage: Language? {
        languages?.next(after: interview.flow.language)
    }

    /// The key that switches language, the same on every screen (L also works where no letters are typed).
    package var languageKey: String { "F3" }

    /// Shows everything in the next language. What is typed, ticked or chosen stays; the display is
    /// new, so keys typed before it appeared are dropped like any others.
    private mutating func switchLanguage() -> Bool {
        guard let next = nextLanguage else { return false }
        let key = languageKey
        switch interview.switchLanguage(languages) {
        case .success?: break
        case .failure(let why)?:
            // A translation file that does not load is found out here, when first asked for: said,
            // and not offered again.
            message = interview.flow.language(.languageUnavailable, next.name, why.description)
            return true
        case nil:
            return false
        }
        generation += 1
        message = next(.nowInLanguage, key)
        return true
    }

    static func chooseFirst(_ screen: Screen) -> String {
        switch screen.kind {
        case .yesNoUnknown: return screen.language(.nothingChosenYesNo)
        case .checklist: return screen.language(.nothingChosenChecklist)
        default: return screen.language(.nothingChosenList)
        }
    }

    /// Opens a dialog the officer has to read before answering it.
    private mutating func open(_ dialog: Overlay) {
        overlay = dialog
        if dialog == .confirmQuit || dialog == .confirmFinish { generation += 1 }
    }

    /// Closes a dialog; the screen under it is shown again, so keys typed meanwhile do not reach it.
    private mutating func close() {
        overlay = nil
        generation += 1
    }

    /// Sets up the list cursor, ticks and editor for the screen now shown, from its current answer.
    /// A question answered before is shown with that answer highlighted; a new one with none.
    private mutating func enterScreen() {
        scroll = 0
        generation += 1
        confirming = nil
        let screen = interview.currentScreen
        let existing = interview.opening(screen.id)
        selection = 0
        highlighted = existing != nil && existing != .skipped
        ticked = []
        switch existing {
        case .tri(let yes)?: selection = yes ? 0 : 1
        case .unknown?: selection = max(0, options.count - 1)
        case .choice(let v)?: selection = options.firstIndex { $0.value == .value(v) } ?? 0
        case .choices(let vs)?: ticked = Set(vs.map(ListRow.value))
        case .checklist(let status, _)?: selection = ChecklistStatus.allCases.firstIndex(of: status) ?? 0
        default: break
        }
        if existing == .unknown, screen.kind == .multiChoice { ticked = [.unknown] }
        if Front.isTyped(screen), drafts[screen.id] == nil {
            drafts[screen.id] = TextField(existing.map { Front.editableText($0, screen, parser) } ?? "",
                                          multiLine: screen.takesLines)
        }
        shownScreen = screen.id
    }

    /// An answer as the text that would produce it again.
    static func editableText(_ value: AnswerValue, _ screen: Screen, _ parser: AnswerParser) -> String {
        switch value {
        case .text(let s): return s
        case .number(let n): return String(n)
        case .unknown: return "unknown"
        case .dateTime(let d):
            return parser.timeZone.civil(d).minuteText
        default: return ""
        }
    }

    package static func == (a: Front, b: Front) -> Bool {
        a.interview == b.interview && a.selection == b.selection && a.highlighted == b.highlighted && a.ticked == b.ticked
            && a.drafts == b.drafts && a.overlay == b.overlay && a.message == b.message && a.scroll == b.scroll
            && a.generation == b.generation && a.undo == b.undo && a.reviewUnknownOnly == b.reviewUnknownOnly
    }
}

/// A row of a list: one of the flow's values, or "unknown — not yet established".
package enum ListRow: Hashable, Sendable {
    /// A choice's value (or yes, no, a checklist status).
    case value(String)
    /// Not yet established.
    case unknown
}

extension Key {
    var digit: Int? {
        if case .character(let c) = self { return c.wholeNumberValue }
        return nil
    }
}
