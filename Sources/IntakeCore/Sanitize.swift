/// Makes typed text safe to put in a record: control and escape characters are shown visibly
/// (`\x1b`), never written raw, so a record cannot move a terminal's cursor or forge a line.
public enum Sanitize {
    /// `text` with every control character except line feed written as `\xNN` (or `\u{NNNN}`).
    public static func text(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.unicodeScalars.append(scalar)
            case 0x09: out += "    "
            case 0x00..<0x20, 0x7F: out += String(format: "\\x%02x", scalar.value)
            case 0x80..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Like `text`, but on one line: line feeds become `\n`.
    public static func line(_ text: String) -> String {
        // Most text is printable ASCII: returned as it is, without a scan by scalars.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return Sanitize.text(text).replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Like `line`, and safe inside HTML, XML or a Graphviz HTML-like label: & < > " ' as entities.
    public static func markup(_ text: String) -> String {
        var out = ""
        for ch in line(text) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
