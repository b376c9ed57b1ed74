import FoundationEssentials
import Glibc

/// The one function that makes outside text safe to show: whatever a record, a flow, a file name, a
/// server or a typed answer holds is shown, never obeyed. Control and escape characters become
/// `\x1b`, format characters (zero-width spaces and joiners, bidi overrides, the byte-order mark)
/// become `\u{202e}`, and a byte that is not UTF-8 becomes `\xff`. Line feeds stay, so text reads
/// as lines; `line` shows them as `\n` too. Every path that prints or signs outside text uses it.
package enum Visible {
    /// `text` shown safely, line feeds kept.
    package static func text(_ text: String) -> String {
        // Over the contiguous bytes: the UTF-8 view's iterator made a 10,000-row listing wait 20 ms.
        if plain(text, lineFeeds: true) { return text }
        return Visible.text(Data(text.utf8))
    }

    /// Whether every byte of `text` is printable ASCII (or, with `lineFeeds`, a line feed).
    private static func plain(_ text: String, lineFeeds: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            lineFeeds ? bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A } : bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
    }

    /// `data` shown safely, line feeds kept.
    package static func text(_ data: Data) -> String {
        // Most records are plain ASCII text and line feeds: kept as they are, without a scan by scalars.
        if data.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) { return String(decoding: data, as: UTF8.self) }
        var out = ""
        out.reserveCapacity(data.count)
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            guard let (scalar, length) = scalar(in: bytes, at: i) else {
                out += "\\x" + Digits.padded(bytes[i], 2, radix: 16)
                i += 1
                continue
            }
            if scalar.value == 0x0A || !hidden(scalar) {
                out.unicodeScalars.append(scalar)
            } else if scalar.value < 0x80 {
                out += "\\x" + Digits.padded(scalar.value, 2, radix: 16)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
            i += length
        }
        return out
    }

    /// The UTF-8 scalar at `i` and its length, or nil when the bytes there are not UTF-8 (a bad
    /// lead or continuation byte, an overlong form, a surrogate, a value past U+10FFFF).
    static func scalar(in bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[i]
        let length: Int, minimum: UInt32
        var value: UInt32
        switch lead {
        case 0x00..<0x80: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        for byte in bytes[(i + 1)..<(i + length)] {
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// `text` shown safely on one line: line feeds become `\n` too.
    package static func line(_ text: String) -> String {
        if plain(text, lineFeeds: false) { return text }
        return Visible.text(Data(text.utf8)).replacing("\n", with: "\\n")
    }

    /// Like `line`, and safe inside HTML, XML or a Graphviz HTML-like label: & < > " ' as entities.
    package static func markup(_ text: String) -> String {
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

    /// JSON text (from `JSONEncoder`) with every hidden character escaped as JSON's `\u202e`, which a
    /// JSON reader turns back into the same string: JSONEncoder escapes only C0 controls and would
    /// hand a terminal DEL, C1 controls and bidi overrides raw. Outside strings JSON is ASCII, so
    /// escaping every hidden scalar wherever it is keeps the document valid.
    package static func json(_ json: String) -> String {
        if json.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            guard scalar.value != 0x0A, hidden(scalar) else { out.unicodeScalars.append(scalar); continue }
            for unit in String(scalar).utf16 { out += "\\u" + Digits.padded(unit, 4, radix: 16) }
        }
        return out
    }

    /// The first character of `text` that would act or hide instead of showing (a line feed only when
    /// `lineFeeds` is false), or nil. Input is refused with it named, so that no record signs one.
    package static func firstHidden(in text: String, lineFeeds: Bool = true) -> Unicode.Scalar? {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || ($0 == 0x0A && lineFeeds) }) { return nil }
        return text.unicodeScalars.first { hidden($0) && !(lineFeeds && $0.value == 0x0A) }
    }

    /// A hidden character named for a message: `U+202E RIGHT-TO-LEFT OVERRIDE`.
    package static func name(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + Digits.padded(scalar.value, 4, radix: 16, uppercase: true)
        if let name = scalar.properties.name ?? scalar.properties.nameAlias { return "\(code) \(name)" }
        return code
    }

    /// Whether a scalar would act on a terminal, or hide, instead of showing itself.
    package static func hidden(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first, without the Unicode tables: it is nearly every character of a record, and
        // looking each one's category up made verifying 10,000 records three times slower.
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate: return true
        default: return false
        }
    }

    /// Line and column (in characters) of the first byte that is not valid UTF-8.
    package static func firstInvalidUTF8(_ data: some Collection<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var decoder = UTF8()
        var bytes = data.makeIterator()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                return (line, column)
            }
        }
    }
}
