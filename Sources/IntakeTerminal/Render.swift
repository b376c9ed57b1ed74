import FoundationEssentials
import Glibc
import IntakeCore

/// How a run of text looks. The adapter maps these to curses attributes (and colours, when allowed);
/// nothing depends on colour alone: the selection also carries a › marker.
package enum Style: Equatable, Sendable {
    case normal, title, dim, selected, error, bar
}

/// A run of text in one style.
package struct Span: Equatable, Sendable {
    /// The text.
    package var text: String
    /// Its style.
    package var style: Style
}

/// One screen row.
package struct Line: Equatable, Sendable {
    /// The row's runs, left to right.
    package var spans: [Span]

    /// The row's text without styles.
    package var text: String { spans.map(\.text).joined() }

    init(_ text: String, _ style: Style = .normal) { spans = [Span(text: text, style: style)] }
    init(spans: [Span]) { self.spans = spans }
}

/// A terminal size in columns and rows.
package struct Size: Equatable, Sendable {
    /// Columns.
    package var columns: Int
    /// Rows.
    package var rows: Int

    /// Creates a size.
    package init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// Below this, the screen asks to be enlarged.
    package static let minimum = Size(columns: 60, rows: 16)
}

/// What to draw: exactly `size.rows` lines, and where the cursor goes (nil hides it).
package struct Rendered: Equatable, Sendable {
    /// One line per row.
    package var lines: [Line]
    /// Row and column of the text cursor, when text is being typed.
    package var cursor: (row: Int, column: Int)?

    package static func == (a: Rendered, b: Rendered) -> Bool {
        a.lines == b.lines && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }

    /// Plain text of every row, for snapshots and tests.
    package var text: String { lines.map(\.text).joined(separator: "\n") }
}

/// Lays out `front` for a terminal of `size`. Pure: all layout decisions live here.
package func render(_ front: Front, size: Size) -> Rendered {
    Layout(front: front, size: size, path: front.interview.path).render()
}

struct Layout {
    let front: Front
    let size: Size
    /// The interview's path, walked once a repaint: the step count and a grouped page both read it,
    /// and it evaluates every answer's transitions.
    let path: [String]
    var width: Int { size.columns }
    var interview: Interview { front.interview }
    var say: Language { front.interview.flow.language }

    func render() -> Rendered {
        guard size.columns >= Size.minimum.columns, size.rows >= Size.minimum.rows else { return tooSmall() }
        // A message wraps onto up to three lines, above the footer; the body gives them the room.
        let message = messageLines()
        let bodyRows = size.rows - 3 - message.count
        var (body, cursor) = self.body(rows: bodyRows)
        body = Array(body.prefix(bodyRows)) + Array(repeating: Line(""), count: max(0, bodyRows - body.count))
        if let (box, boxCursor) = overlayBox() {
            let top = max(0, (bodyRows - box.count) / 2)
            for (i, line) in box.enumerated() where top + i < bodyRows { body[top + i] = line }
            cursor = boxCursor.map { ($0.row + top, $0.column) }
        }
        var lines = [header(), Line(String(repeating: "─", count: width), .dim)]
        lines += body
        lines += message
        lines.append(Line(pad(" " + footer(), width), .bar))
        return Rendered(lines: lines.map(fit), cursor: cursor.map { ($0.row + 2, $0.column) })
    }

    func tooSmall() -> Rendered {
        Rendered(lines: Layout.tooSmallLines(size: size, minimum: Size.minimum, language: say), cursor: nil)
    }

    /// The "please enlarge" screen, centred in whatever room there is.
    static func tooSmallLines(size: Size, minimum: Size, language say: Language = .en) -> [Line] {
        let text = [say(.tooSmall), say(.enlargeTo, "\(minimum.columns)×\(minimum.rows)"),
                    say(.itIsNow, "\(size.columns)×\(size.rows)")]
        var lines = Array(repeating: Line(""), count: max(0, size.rows))
        let top = max(0, (size.rows - text.count) / 2)
        for (i, t) in text.enumerated() where top + i < size.rows {
            let wrapped = DisplayWidth.truncate(t, to: max(0, size.columns))
            let left = max(0, (size.columns - DisplayWidth.of(wrapped)) / 2)
            lines[top + i] = Line(String(repeating: " ", count: left) + wrapped, i == 0 ? .title : .normal)
        }
        return lines
    }

    // MARK: Header, message, footer

    func header() -> Line {
        var right: [String] = []
        if let glance = interview.flow.glance(interview.result) {
            right.append(Visible.line(glance.label) + " " + Visible.line(glance.text))
        }
        switch interview.phase {
        case .reviewing: right.append(say(.review))
        default:
            guard front.showsStep else { break }
            let (step, about) = interview.stepOfAbout(front.stepsToEnd, path: path)
            right.append(say(.stepOf, String(step), String(about)))
        }
        let rightText = right.joined(separator: " · ") + " "
        // The short word in the header, so the flow's title still fits; the line front says it in full.
        let title = (front.training ? say(.listTraining) + " · " : "") + interview.flow.title
        let left = " " + DisplayWidth.truncate(title, to: max(0, width - DisplayWidth.of(rightText) - 3))
        let gap = max(1, width - DisplayWidth.of(left) - DisplayWidth.of(rightText))
        return Line(spans: [Span(text: left, style: .title), Span(text: String(repeating: " ", count: gap) + rightText, style: .normal)])
    }

    /// Why the last input was not taken, wrapped, never cut: up to three lines (a longer one ends in
    /// "…"), so what the officer must do next is read whole at 80 columns.
    func messageLines() -> [Line] {
        switch front.overlay {
        case .confirmQuit?, .confirmFinish?: return [Line("")]
        default: break
        }
        guard let message = front.message ?? interview.problem else { return [Line("")] }
        let room = max(10, width - 4)
        var wrapped = DisplayWidth.wrap(Visible.line(message), width: room)
        if wrapped.count > 3 {
            wrapped = Array(wrapped.prefix(3))
            wrapped[2] = DisplayWidth.truncate(wrapped[2] + " …", to: room)
        }
        return wrapped.enumerated().map { i, text in Line((i == 0 ? " ! " : "   ") + text, .error) }
    }

    func footer() -> String {
        switch front.overlay {
        case .help?: return say(.footerHelp)
        case .confirmQuit?: return say(.footerQuit)
        case .confirmFinish?: return say(.footerFinish)
        case .reason?: return say(.footerReason)
        case nil: break
        }
        let keys: String
        if interview.phase == .reviewing {
            keys = say(.footerReview)
        } else {
            let screen = interview.currentScreen
            switch screen.kind {
            case .yesNoUnknown: keys = say(.footerYesNo)
            case .choice, .checklist: keys = say(.footerChoose)
            case .multiChoice: keys = say(.footerTick)
            case .info: keys = say(.footerInfo)
            case .end: keys = say(.footerEnd)
            case .text where screen.multiLine: keys = say(.footerMultiLine)
            case .people: keys = say(.footerMultiLine)
            case .text, .number, .dateTime: keys = say(.footerTyped)
            }
        }
        // One key map on every screen kind (issue 35, item 4): the answer keys, then back, help and
        // review, the other language (named in itself, so an officer who reads only it can find it)
        // and leaving. Where the row is too narrow, leaving and then the language are left off
        // (Ctrl-C always asks first), the answer keys mattering more.
        var parts = [keys]
        if interview.phase != .reviewing { parts.append(say(.footerCommon)) }
        if let next = front.nextLanguage { parts.append(say(.footerLanguage, front.languageKey, next.name)) }
        if interview.phase != .reviewing { parts.append(say(.footerLeave)) }
        while parts.count > 1, DisplayWidth.of(parts.joined(separator: " · ")) + 2 > width { parts.removeLast() }
        return parts.joined(separator: " · ")
    }

    // MARK: Body

    func body(rows: Int) -> ([Line], (row: Int, column: Int)?) {
        if front.overlay == .help { return (help(), nil) }
        switch interview.phase {
        case .reviewing: return (review(rows: rows), nil)
        default: return question(rows: rows)
        }
    }

    /// `text` wrapped inside the margins; its own leading spaces indent every wrapped line.
    func wrapped(_ text: String, _ style: Style = .normal, indent: Int = 2) -> [Line] {
        let own = text.prefix { $0 == " " }.count
        let margin = String(repeating: " ", count: indent + own)
        return DisplayWidth.wrap(String(text.dropFirst(own)), width: width - indent * 2 - own).map { Line(margin + $0, style) }
    }

    func help() -> [Line] {
        let screen = interview.currentScreen
        var lines = [Line(""), Line("  " + say(.guidance), .title), Line("")]
        lines += wrapped(screen.help ?? say(.noGuidance))
        if let source = screen.source {
            lines.append(Line(""))
            lines += wrapped(say(.source, source), .dim)
        }
        if interview.flow.translationStatus == .draft {
            // Where the officer reads the wording closely: it has not been signed off yet.
            lines.append(Line(""))
            lines += wrapped(say(.draftTranslation), .dim)
        }
        return lines
    }

    func question(rows: Int) -> ([Line], (row: Int, column: Int)?) {
        let screen = interview.currentScreen
        var lines = [Line("")]
        let prompt = wrapped(Visible.text(screen.prompt), .title)
        lines += grouped(screen, rows: rows, promptLines: prompt.count)
        lines += prompt
        lines.append(Line(""))
        if interview.answers[screen.id] == nil, interview.proposed[screen.id] != nil, let from = interview.proposedFrom {
            // A carried answer is only offered: the officer sees it here and keeps or changes it.
            lines += wrapped(say(.filledFrom, Visible.line(from)), .dim)
            lines.append(Line(""))
        }
        switch screen.kind {
        case .yesNoUnknown, .choice, .multiChoice, .checklist:
            let top = lines.count
            lines += list(screen, rows: rows - lines.count)
            // The terminal's cursor sits on the highlighted row (its ›), as dialog's --visit-items
            // does, so a screen reader or braille display follows the choice; hidden when none is.
            if let row = lines[top...].firstIndex(where: { $0.spans.first?.style == .selected }) {
                return (lines, (row, 1))
            }
        case .info:
            lines += wrapped(say(.pressEnterRead), .dim)
        case .end:
            var summary = wrapped("")
            for text in Summary.lines(interview.determination, flow: interview.flow, answers: interview.result) {
                let style: Style = text == text.uppercased() && !text.isEmpty ? .title : .normal
                summary += wrapped(text, style)
            }
            let room = max(1, rows - lines.count)
            let start = min(front.scroll, max(0, summary.count - room))
            var visible = Array(summary[start...].prefix(room))
            if start + room < summary.count { visible[visible.count - 1] = Line("  " + say(.moreBelow), .dim) }
            lines += visible
        case .text, .people, .number, .dateTime:
            let hint = wrapped(typedHint(screen), .dim)
            let (editor, cursor) = self.editor(screen, startRow: lines.count, room: rows - lines.count - 1 - hint.count)
            lines += editor
            lines.append(Line(""))
            lines += hint
            return (lines, cursor)
        }
        return (lines, nil)
    }

    /// The questions of `screen`'s group answered just before it, one line each with its answer, so a
    /// run of decisive facts reads as one page (`group:` in the flow, issue 35). Only what fits above
    /// the question and its three answers is shown, the latest last; the rest are counted.
    func grouped(_ screen: Screen, rows: Int, promptLines: Int) -> [Line] {
        guard let group = screen.group else { return [] }
        guard let here = path.firstIndex(of: screen.id) else { return [] }
        var earlier: [(prompt: String, answer: String)] = []
        for id in path[..<here].reversed() {
            guard let row = interview.flow.screen(id), row.group == group, let answer = interview.answers[id] else { break }
            let word: String
            switch answer.value {
            case .tri(true): word = say(.yes)
            case .tri(false): word = say(.no)
            case .unknown: word = say(.groupUnknown)  // the column stays narrow; the question says the rest
            default: word = Describe.answer(answer.value, on: row, timeZone: front.parser.timeZone, brief: true)
            }
            earlier.insert((Visible.line(row.prompt), word), at: 0)
        }
        guard !earlier.isEmpty else { return [] }
        let column = earlier.map { DisplayWidth.of($0.answer) }.max() ?? 0
        // Room left once the question, its three answers and the blank lines around them are drawn
        // (six lines besides the question's own), and one spare.
        let room = max(0, rows - 7 - promptLines)
        var lines: [Line] = []
        let shown = earlier.suffix(room >= earlier.count ? earlier.count : max(0, room - 1))
        if shown.count < earlier.count { lines.append(Line("  " + say(.groupAnsweredAbove, String(earlier.count - shown.count)), .dim)) }
        for row in shown {
            let lead = "  " + row.answer + String(repeating: " ", count: column - DisplayWidth.of(row.answer)) + "   "
            let room = max(1, width - DisplayWidth.of(lead) - 1)
            let prompt = DisplayWidth.of(row.prompt) <= room ? row.prompt : DisplayWidth.truncate(row.prompt, to: room - 1) + "…"
            lines.append(Line(lead + prompt, .dim))
        }
        lines.append(Line(""))
        return lines
    }

    func typedHint(_ screen: Screen) -> String {
        var hint: String
        switch screen.kind {
        case .number:
            let bounds = [screen.minimum.map { say(.atLeast, String($0)) }, screen.maximum.map { say(.atMost, String($0)) }].compactMap { $0 }
            hint = say(.wholeNumber) + (bounds.isEmpty ? "." : ", \(bounds.joined(separator: " \(say(.and)) ")).")
        case .dateTime:
            hint = say(.dateTimeHint)
        case .people:
            hint = say(.peopleHint) + " " + say(.multiLineHint)
        default:
            hint = screen.multiLine ? say(.multiLineHint) : say(.oneLineHint)
        }
        if !screen.required { hint += " " + say(.mayBeBlank) }
        if screen.allowUnknown { hint += " " + say(.typeUnknown) }
        return hint
    }

    func list(_ screen: Screen, rows: Int) -> [Line] {
        let options = front.options
        let keys: [String]
        switch screen.kind {
        case .yesNoUnknown: keys = ["y", "n", "u"]
        case .checklist: keys = ["d", "n", "a", "t"]
        default: keys = options.indices.map { options[$0].value == .unknown ? "u" : String($0 + 1) }
        }
        var rendered: [Line] = []
        for (i, option) in options.enumerated() {
            // Multiple choice keeps its cursor for Space; other lists highlight only once chosen.
            let selected = i == front.selection && (front.highlighted || screen.kind == .multiChoice)
            let tick = screen.kind == .multiChoice ? (front.ticked.contains(option.value) ? "[x] " : "[ ] ") : ""
            let key = i < keys.count && (screen.kind != .choice && screen.kind != .multiChoice || i < 9 || option.value == .unknown) ? keys[i] : " "
            let text = (selected ? " › " : "   ") + key + "  " + tick
            let label = DisplayWidth.wrap(option.label, width: width - DisplayWidth.of(text) - 2)
            for (j, part) in label.enumerated() {
                let prefix = j == 0 ? text : String(repeating: " ", count: DisplayWidth.of(text))
                rendered.append(Line(pad(prefix + part, width - 1), selected ? .selected : .normal))
            }
        }
        if let answer = interview.answers[screen.id], screen.kind == .checklist, case .checklist(_, let reason?) = answer.value {
            rendered.append(Line(""))
            rendered += wrapped(say(.reasonGiven, Visible.line(reason)), .dim)
        }
        // Keep the highlighted row in view on a long list.
        let selectedRow = rendered.firstIndex { $0.spans.first?.style == .selected } ?? 0
        let room = max(1, rows)
        let start = max(0, min(selectedRow - room + 2, rendered.count - room))
        return Array(rendered[start...].prefix(room))
    }

    /// The text being typed, wrapped at word boundaries, as the rows around the cursor that fit in
    /// `room`. Only the text near the cursor is wrapped, so a repaint costs the same however long the
    /// text is (a 200 KB paste repainted the whole field after every chunk).
    func editor(_ screen: Screen, startRow: Int, room: Int) -> ([Line], (row: Int, column: Int)?) {
        let field = front.field ?? TextField(multiLine: false)
        let inner = width - 6
        let chars = field.characters
        let room = max(1, room)
        // Start enough text before the cursor to fill the view: at the beginning if that is near, or
        // else at the first line start (or failing that, word boundary) after that point.
        let budget = room * inner * 2
        var from = max(0, field.cursor - budget)
        let cut = from > 0
        if cut {
            if let newline = chars[from..<field.cursor].firstIndex(of: "\n") {
                from = newline + 1
            } else if let space = chars[from..<field.cursor].firstIndex(of: " ") {
                from = space + 1
            }
        }
        let to = min(chars.count, field.cursor + budget)
        func cellWidth(_ c: Character) -> Int { DisplayWidth.of(Visible.text(String(c))) }
        // Row starts, breaking after the last space that fits; a word longer than a row is split.
        var starts = [from]
        var rowWidth = 0
        var lastBreak: Int?
        var i = from
        while i < to {
            let c = chars[i]
            if c == "\n" {
                starts.append(i + 1)
                rowWidth = 0
                lastBreak = nil
                i += 1
                continue
            }
            let w = cellWidth(c)
            if rowWidth + w > inner {
                if let b = lastBreak, b > starts.last!, b <= i {
                    starts.append(b)
                    rowWidth = chars[b..<i].reduce(0) { $0 + cellWidth($1) }
                } else {
                    starts.append(i)
                    rowWidth = 0
                }
                lastBreak = nil
            }
            rowWidth += w
            if c == " " { lastBreak = i + 1 }
            i += 1
        }
        func rowEnd(_ r: Int) -> Int {
            var end = r + 1 < starts.count ? starts[r + 1] : to
            if end > starts[r], end - 1 < chars.count, chars[end - 1] == "\n" { end -= 1 }
            return end
        }
        let cursorRow = starts.lastIndex { $0 <= field.cursor } ?? 0
        var cursorColumn = chars[starts[cursorRow]..<min(field.cursor, rowEnd(cursorRow))].reduce(0) { $0 + cellWidth($1) }
        var rows = starts.indices.map { r in chars[starts[r]..<rowEnd(r)].map { Visible.text(String($0)) }.joined() }
        var row = cursorRow
        if cursorColumn >= inner { rows.insert("", at: row + 1); row += 1; cursorColumn = 0 }
        // The rows that fit, with the cursor's row in view.
        let first = max(0, min(row - room + 1, rows.count - room))
        var visible = Array(rows[first...].prefix(room))
        let hiddenAbove = first > 0 || cut
        if hiddenAbove, row - first > 0 { visible[0] = say(.earlierText) }
        let lines = visible.enumerated().map { n, text in
            Line(spans: [Span(text: "  │ ", style: .dim), Span(text: text, style: n == 0 && hiddenAbove && row - first > 0 ? .dim : .normal)])
        }
        return (lines, (startRow + row - first, 4 + cursorColumn))
    }

    func review(rows: Int) -> [Line] {
        var lines = [Line(""), Line("  " + say(.reviewTitle), .title)]
        let how = front.reviewUnknownOnly ? say(.reviewUnknownOnly) : say(.reviewAll)
        lines += wrapped(how, .dim)
        lines.append(Line(""))
        let ids = front.reviewable
        // Question and answer each wrap in their own column over the whole width, the answer aligned.
        let questionWidth = max(10, (width - 6) * 11 / 20)
        let answerWidth = max(10, width - 6 - questionWidth - 1)
        var entries: [Line] = []
        var selectedRows = 0..<0
        for (i, id) in ids.enumerated() {
            let screen = interview.flow.screen(id)!
            let selected = i == front.selection
            // A text of several lines keeps them, each wrapped in the answer's column.
            let answer = Describe.answer(interview.answers[id]!.value, on: screen, timeZone: front.parser.timeZone, brief: true)
                .split(separator: "\n", omittingEmptySubsequences: false).flatMap { DisplayWidth.wrap(Visible.line(String($0)), width: answerWidth) }
            let question = DisplayWidth.wrap(Visible.line(screen.prompt), width: questionWidth)
            let start = entries.count
            for row in 0..<max(question.count, answer.count) {
                let marker = selected && row == 0 ? " › " : "   "
                let text = marker + pad(row < question.count ? question[row] : "", questionWidth) + "  " + (row < answer.count ? answer[row] : "")
                entries.append(Line(pad(DisplayWidth.truncate(text, to: width - 1), width - 1), selected ? .selected : .normal))
            }
            if selected { selectedRows = start..<entries.count }
        }
        if ids.isEmpty { entries.append(Line("   " + (front.reviewUnknownOnly ? say(.noneUnknown) : say(.noAnswersYet)), .dim)) }
        let dropped = interview.audit.filter { $0.new == nil }.map(\.question)
        let footer = dropped.isEmpty ? [] : [Line("")] + wrapped(say(.droppedAfter, dropped.joined(separator: ", ")), .dim)
        let room = max(1, rows - lines.count - footer.count)
        let start = max(0, min(selectedRows.lowerBound - (room - selectedRows.count) / 2, entries.count - room))
        lines += entries[start...].prefix(room)
        return lines + footer
    }

    // MARK: Overlays

    func overlayBox() -> ([Line], (row: Int, column: Int)?)? {
        let text: [String]
        var cursor: (row: Int, column: Int)?
        switch front.overlay {
        case .confirmQuit?:
            text = [say(.quitTitle), front.resumeHint.map { say(.quitKept, $0) } ?? say(.quitNothingKept), say(.footerQuit)]
        case .confirmFinish?:
            text = [say(.finishTitle), say(.finishWarning), say(.footerFinish)]
        case .reason(let field)?:
            let (visible, column) = scrolled(field, columns: width - 12)
            text = [say(.whyNotDone), visible]
            cursor = (2, 4 + column)
        default:
            return nil
        }
        let inner = width - 8
        var box = [Line("  ┌" + String(repeating: "─", count: inner) + "┐", .bar)]
        for (i, t) in text.enumerated() {
            // The reason field is one scrolled line (the cursor's row is fixed); messages wrap.
            let parts = cursor != nil && i == 1 ? [t] : DisplayWidth.wrap(t, width: inner - 2)
            for part in parts { box.append(Line("  │ " + pad(part, inner - 2) + " │", .bar)) }
        }
        box.append(Line("  └" + String(repeating: "─", count: inner) + "┘", .bar))
        return (box, cursor)
    }

    // MARK: Helpers

    /// A one-line view of `field` that keeps the cursor in sight: the text and the cursor's column.
    func scrolled(_ field: TextField, columns: Int) -> (String, Int) {
        let shown = field.characters.map { Visible.line(String($0)) }
        var start = 0
        while start < field.cursor, DisplayWidth.of(shown[start..<field.cursor].joined()) >= columns { start += 1 }
        let column = DisplayWidth.of(shown[start..<field.cursor].joined())
        return (DisplayWidth.truncate(shown[start...].joined(), to: columns), column)
    }

    func pad(_ text: String, _ columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - DisplayWidth.of(text)))
    }

    func fit(_ line: Line) -> Line { Layout.fit(line, width) }

    /// Cuts a line to `width` columns, span by span.
    static func fit(_ line: Line, _ width: Int) -> Line {
        if DisplayWidth.of(line.text) <= width { return line }
        var used = 0
        var spans: [Span] = []
        for span in line.spans {
            let cut = DisplayWidth.truncate(span.text, to: width - used)
            used += DisplayWidth.of(cut)
            if !cut.isEmpty { spans.append(Span(text: cut, style: span.style)) }
        }
        return Line(spans: spans)
    }
}
