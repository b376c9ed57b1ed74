import IntakeCore

/// An editable text: characters and a cursor. Value type, so every edit is a plain state change.
package struct TextField: Equatable, Sendable {
    /// The text, as grapheme clusters so accented and non-Latin letters edit as one.
    package private(set) var characters: [Character]
    /// Index of the character the cursor stands before.
    package private(set) var cursor: Int
    /// Whether Enter inserts a line break (otherwise it accepts).
    package let multiLine: Bool

    /// Creates a field holding `text`, cursor at its end.
    package init(_ text: String = "", multiLine: Bool) {
        characters = Array(text)
        cursor = characters.count
        self.multiLine = multiLine
    }

    /// The text.
    package var text: String { String(characters) }

    /// The first character of a typed or pasted key that no field takes (it would act on a screen or
    /// hide in a record: a bidi override, a zero-width space, a control), or nil. Line ends and tabs
    /// in a paste are not refused: they become line breaks or spaces.
    package static func refused(in key: Key) -> Unicode.Scalar? {
        switch key {
        case .character(let c): return c.unicodeScalars.first(where: Visible.hidden)
        case .paste(let text): return text.unicodeScalars.first { Visible.hidden($0) && $0 != "\n" && $0 != "\t" && $0 != "\r" }
        default: return nil
        }
    }

    /// Applies an editing key; returns false if the key is not an edit.
    package mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            if c == "\n" || c == "\r" || TextField.refused(in: key) != nil { return false }
            characters.insert(c, at: cursor)
            cursor += 1
        case .paste(let text):
            // Line ends stay only where the field takes them; tabs become spaces; other controls go.
            let kept = text.compactMap { c -> Character? in
                if c == "\n" { return multiLine ? c : " " }
                if c == "\t" { return " " }
                return c.unicodeScalars.contains(where: Visible.hidden) ? nil : c
            }
            characters.insert(contentsOf: kept, at: cursor)
            cursor += kept.count
        case .enter where multiLine:
            characters.insert("\n", at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .deleteToStart:
            let start = lineStart(cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .deleteWord:
            // The spaces before the cursor, then the word before them, as shells and readline do.
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " ", characters[start - 1] != "\n" { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .home:
            cursor = lineStart(cursor)
        case .end:
            cursor = lineEnd(cursor)
        case .up where multiLine:
            let start = lineStart(cursor)
            guard start > 0 else { cursor = 0; return true }
            let column = cursor - start
            let previousStart = lineStart(start - 1)
            cursor = min(previousStart + column, start - 1)
        case .down where multiLine:
            let end = lineEnd(cursor)
            guard end < characters.count else { cursor = characters.count; return true }
            let column = cursor - lineStart(cursor)
            cursor = min(end + 1 + column, lineEnd(end + 1))
        default:
            return false
        }
        return true
    }

    private func lineStart(_ index: Int) -> Int {
        var i = index
        while i > 0, characters[i - 1] != "\n" { i -= 1 }
        return i
    }

    private func lineEnd(_ index: Int) -> Int {
        var i = index
        while i < characters.count, characters[i] != "\n" { i += 1 }
        return i
    }
}
