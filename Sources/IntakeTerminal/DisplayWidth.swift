/// How many terminal columns text takes: East Asian wide characters take two, combining marks none.
/// A small table in place of wcwidth(3), so layout stays pure and the same on every machine.
enum DisplayWidth {
    static func of(_ character: Character) -> Int {
        // Most text is ASCII or Latin: answer those without Unicode property look-ups.
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? 0 : 1 }
        guard let first = character.unicodeScalars.first else { return 0 }
        let v = first.value
        if character.unicodeScalars.count == 1,
           (0xA0..<0x300).contains(v) || (0x2010...0x205E).contains(v) || (0x2190...0x21FF).contains(v)
            || (0x2500...0x259F).contains(v) {
            return 1  // Latin, punctuation, arrows, box drawing: the characters the screens are drawn with
        }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if isWide(v) || character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        return 1
    }

    static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// `text` cut to at most `width` columns.
    static func truncate(_ text: String, to width: Int) -> String {
        var used = 0
        var out = ""
        for c in text {
            let w = of(c)
            if used + w > width { break }
            out.append(c)
            used += w
        }
        return out
    }

    /// Wraps `text` to `width` columns at spaces where possible; line breaks in the text are kept and a
    /// word wider than the line is split.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(2, width)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for piece in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(piece)
                var w = of(word)
                if lineWidth > 0 {
                    if lineWidth + 1 + w <= width {
                        line += " "
                        lineWidth += 1
                    } else {
                        lines.append(line)
                        line = ""
                        lineWidth = 0
                    }
                }
                while w > width - lineWidth {
                    let head = truncate(word, to: width)
                    lines.append(head)
                    word.removeFirst(head.count)
                    w = of(word)
                }
                line += word
                lineWidth += w
            }
            lines.append(line)
        }
        return lines
    }
}
