/// Turns the bytes a terminal sends into keys, wherever the sequences fall in a read.
///
/// Written by hand rather than left to curses' keypad mode: curses matches only the sequences the
/// terminfo entry names and, when a sequence arrives in one read with other bytes (a batched SSH link,
/// a fast typist), it can hand the bytes over one by one, so arrows became Escape and text. This
/// decoder is a state machine over single bytes, so how the bytes were split into reads does not
/// matter. It knows the `ESC [` (CSI) and `ESC O` (SS3) forms of the cursor and editing keys, the
/// `ESC [ n ~` forms, F1, F2 and F10 in the xterm, VT and Linux-console forms, and bracketed paste
/// (`ESC [ 200 ~` … `ESC [ 201 ~`). Other sequences (colours, titles, screen clears pasted from
/// somewhere) are read to their end and dropped: they are neither keys nor text.
package struct KeyDecoder: Sendable {
    /// What the decoder holds that more bytes could complete; the adapter waits longer for a paste.
    package enum Waiting: Equatable, Sendable {
        /// Nothing: every byte so far made a key or was dropped.
        case nothing
        /// Part of an escape sequence or of a UTF-8 character. A lone Escape key is told from the start
        /// of a sequence only by the silence after it.
        case sequence
        /// Inside a bracketed paste, before its end marker.
        case paste
    }

    /// The most a paste keeps; bytes past it are dropped, so no paste can exhaust memory.
    package static let pasteLimit = 1 << 20

    private enum State: Sendable {
        case ground
        case escape
        case csi(parameters: [UInt8])
        case linuxFunction             // ESC [ [ : the Linux console's F1 to F5
        case ss3
        case string(afterEscape: Bool) // OSC, DCS, PM, APC: to BEL or ESC \
        case utf8(bytes: [UInt8], length: Int)
        case paste(bytes: [UInt8], matched: Int)
    }

    private static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    private var state = State.ground

    package init() {}

    /// Whether a timeout now would end something unfinished.
    package var waiting: Waiting {
        switch state {
        case .ground: return .nothing
        case .paste: return .paste
        default: return .sequence
        }
    }

    /// Forgets an unfinished escape sequence or character, for when the bytes that would finish it
    /// were flushed. A paste is kept: its end marker is still to come.
    package mutating func forgetUnfinishedSequence() {
        if waiting == .sequence { state = .ground }
    }

    /// Decodes the bytes that arrived; an unfinished sequence is kept for the next call.
    package mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [Key] where Bytes.Element == UInt8 {
        var keys: [Key] = []
        for byte in bytes { step(byte, into: &keys) }
        return keys
    }

    /// Nothing more arrived in time: a lone Escape is the Escape key, a paste without its end marker
    /// ends where the bytes stopped, and any other unfinished sequence is dropped.
    package mutating func timeOut() -> [Key] {
        defer { state = .ground }
        switch state {
        case .escape: return [.escape]
        case .paste(let bytes, let matched): return [Self.paste(bytes + Self.pasteEnd.prefix(matched))]
        default: return []
        }
    }

    private mutating func step(_ byte: UInt8, into keys: inout [Key]) {
        switch state {
        case .ground:
            ground(byte, into: &keys)
        case .escape:
            switch byte {
            case 0x5B: state = .csi(parameters: [])
            case 0x4F: state = .ss3
            case 0x5D, 0x50, 0x5E, 0x5F: state = .string(afterEscape: false)
            case 0x1B: keys.append(.escape)  // Escape pressed twice: the first is a key on its own
            case 0x00..<0x20, 0x7F:
                // Escape and then Ctrl-C, Enter or Backspace in one read: both keys, never one swallowed.
                keys.append(.escape)
                state = .ground
                ground(byte, into: &keys)
            default: state = .ground         // ESC and a character, as Alt-key combinations send
            }
        case .csi(var parameters):
            switch byte {
            case 0x20...0x3F:
                // Kept short: a sequence no terminal sends for a key needs no more than its end.
                if parameters.count < 16 { parameters.append(byte) }
                state = .csi(parameters: parameters)
            case 0x5B where parameters.isEmpty:
                state = .linuxFunction
            case 0x40...0x7E:
                state = .ground
                if parameters == Array("200".utf8), byte == 0x7E {
                    state = .paste(bytes: [], matched: 0)
                } else if let key = Self.csiKey(final: byte, parameters: parameters) {
                    keys.append(key)
                }
            default:
                // Not part of any sequence: the sequence is broken off and the byte read afresh.
                state = .ground
                ground(byte, into: &keys)
            }
        case .linuxFunction:
            state = .ground
            if (0x41...0x45).contains(byte) { keys.append(.function(Int(byte) - 0x40)) }
        case .ss3:
            switch byte {
            case 0x30...0x3B: break  // a modifier some terminals put before the final byte
            default:
                state = .ground
                if let key = Self.ss3Key(final: byte) { keys.append(key) }
            }
        case .string(let afterEscape):
            if byte == 0x07 || (afterEscape && byte == 0x5C) {
                state = .ground
            } else if afterEscape {
                // ESC and anything but a backslash: the string ended unterminated and a sequence began.
                state = .escape
                step(byte, into: &keys)
            } else {
                state = .string(afterEscape: byte == 0x1B)
            }
        case .utf8(var bytes, let length):
            guard (0x80...0xBF).contains(byte) else {
                // A lead byte without its continuation bytes is dropped; this byte starts afresh.
                state = .ground
                ground(byte, into: &keys)
                return
            }
            bytes.append(byte)
            guard bytes.count == length else { state = .utf8(bytes: bytes, length: length); return }
            state = .ground
            var decoder = UTF8()
            var iterator = bytes.makeIterator()
            if case .scalarValue(let scalar) = decoder.decode(&iterator), let key = Self.key(scalar) {
                keys.append(key)
            }
        case .paste(var bytes, var matched):
            // Moved out of the state first, so appending does not copy the whole paste.
            state = .ground
            if byte == Self.pasteEnd[matched] {
                matched += 1
                if matched == Self.pasteEnd.count {
                    keys.append(Self.paste(bytes))
                    return
                }
            } else {
                if matched > 0 { Self.append(Self.pasteEnd[0..<matched], to: &bytes) }
                matched = byte == Self.pasteEnd[0] ? 1 : 0
                if matched == 0 { Self.append(CollectionOfOne(byte), to: &bytes) }
            }
            state = .paste(bytes: bytes, matched: matched)
        }
    }

    private mutating func ground(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case 0x1B: state = .escape
        case 0x00...0x7F:
            if let key = Self.key(Unicode.Scalar(byte)) { keys.append(key) }
        case 0xC2...0xDF: state = .utf8(bytes: [byte], length: 2)
        case 0xE0...0xEF: state = .utf8(bytes: [byte], length: 3)
        case 0xF0...0xF4: state = .utf8(bytes: [byte], length: 4)
        default: break  // a stray continuation byte or a byte UTF-8 never uses
        }
    }

    private static func append<C: Collection>(_ more: C, to bytes: inout [UInt8]) where C.Element == UInt8 {
        let room = pasteLimit - bytes.count
        guard room > 0 else { return }
        bytes.append(contentsOf: more.prefix(room))
    }

    /// A paste as text: invalid UTF-8 dropped, line ends made `\n`; the field decides the rest.
    private static func paste(_ bytes: [UInt8]) -> Key {
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        return .paste(text.filter { $0 != "\u{FFFD}" })
    }

    /// The key one character stands for: control characters have their meanings here, C0 and C1
    /// controls without one are never text.
    static func key(_ scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 1: return .home            // Ctrl-A
        case 3: return .interrupt       // Ctrl-C
        case 4: return .endOfText       // Ctrl-D
        case 5: return .end             // Ctrl-E
        case 21: return .deleteToStart  // Ctrl-U
        case 23: return .deleteWord     // Ctrl-W
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        default: return isControl(scalar) ? nil : .character(Character(scalar))
        }
    }

    /// C0 and C1 control characters and DEL: never text, whether typed or pasted.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `ESC [ params final`: the cursor and editing keys, with or without a modifier (`1;5D`, which
    /// is taken as the plain key), and the function keys intake uses.
    private static func csiKey(final: UInt8, parameters: [UInt8]) -> Key? {
        let fields = String(decoding: parameters, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false)
        let first = fields.first.map(String.init) ?? ""
        if final == 0x7E {
            switch first {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            case "5": return .pageUp
            case "6": return .pageDown
            case "11": return .function(1)
            case "12": return .function(2)
            case "13": return .function(3)
            case "21": return .function(10)
            default: return nil
            }
        }
        // Letter finals take no parameter but a modifier, written "1;m". CSI M starts a mouse report.
        // CSI R is also a cursor position report ("CSI 1;5 R"), so F3 is read only as SS3 R or CSI 13~.
        guard final != 0x4D, final != 0x52, first.isEmpty || (first == "1" && fields.count == 2) else { return nil }
        return ss3Key(final: final)
    }

    /// `ESC O final`, and the letter finals CSI shares with it.
    private static func ss3Key(final: UInt8) -> Key? {
        switch final {
        case 0x41: return .up
        case 0x42: return .down
        case 0x43: return .right
        case 0x44: return .left
        case 0x48: return .home
        case 0x46: return .end
        case 0x50: return .function(1)
        case 0x51: return .function(2)
        case 0x52: return .function(3)
        case 0x4D: return .enter  // the keypad's Enter in application mode
        default: return nil
        }
    }
}
