/// A key press, already decoded from the terminal. The adapter makes these; `Front.update` reads them.
package enum Key: Equatable, Sendable {
    /// A printable character.
    case character(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, backspace, delete, tab, escape
    /// Ctrl-U: delete from the start of the line to the cursor.
    case deleteToStart
    /// Ctrl-W: delete the word before the cursor.
    case deleteWord
    /// F1 (guidance), F2 (review), F10 (accept text).
    case function(Int)
    /// Ctrl-C: asks to confirm quitting.
    case interrupt
    /// Ctrl-D: accepts multi-line text.
    case endOfText
    /// Text the terminal marked as pasted (bracketed paste). It goes into a text field whole and never
    /// answers a question, whatever letters and line ends it holds.
    case paste(String)
    /// The terminal changed size; nothing in the state changes, the next render uses the new size.
    case resize
}
