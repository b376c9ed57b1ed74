@testable import IntakeTerminal
import XCTest

/// Issue 13, part 4: escape sequences are keys wherever they fall in a read.
final class KeyDecoderTests: XCTestCase {
    func decode(_ text: String, timeOut: Bool = true) -> [Key] {
        decodeBytes(Array(text.utf8), timeOut: timeOut)
    }

    func decodeBytes(_ bytes: [UInt8], timeOut: Bool = true) -> [Key] {
        var decoder = KeyDecoder()
        var keys = decoder.feed(bytes)
        if timeOut { keys += decoder.timeOut() }
        return keys
    }

    let mixed = "ab\u{1B}[D\u{1B}OH\u{1B}[1~\u{1B}[4~x\u{1B}[3~é\u{1B}[200~y\r\nz\u{1B}[201~\u{1B}[B\u{1B}[31m\u{1B}]0;title\u{07}€"
    let mixedKeys: [Key] = [.character("a"), .character("b"), .left, .home, .home, .end, .character("x"), .delete,
                            .character("é"), .paste("y\nz"), .down, .character("€")]

    func testSequencesMidTextAreKeys() {
        XCTAssertEqual(decode(mixed), mixedKeys)
    }

    /// However a link splits the bytes into reads, the keys are the same.
    func testEverySplitGivesTheSameKeys() {
        let bytes = Array(mixed.utf8)
        for cut in 0...bytes.count {
            var decoder = KeyDecoder()
            let keys = decoder.feed(bytes[..<cut]) + decoder.feed(bytes[cut...]) + decoder.timeOut()
            XCTAssertEqual(keys, mixedKeys, "split at byte \(cut)")
        }
        var decoder = KeyDecoder()
        let oneByOne = bytes.flatMap { decoder.feed([$0]) } + decoder.timeOut()
        XCTAssertEqual(oneByOne, mixedKeys, "one byte per read")
    }

    func testBothCursorKeyFormsAndTheTildeForms() {
        XCTAssertEqual(decode("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.up, .down, .right, .left])
        XCTAssertEqual(decode("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD"), [.up, .down, .right, .left])
        XCTAssertEqual(decode("\u{1B}[H\u{1B}[F\u{1B}OH\u{1B}OF"), [.home, .end, .home, .end])
        XCTAssertEqual(decode("\u{1B}[1~\u{1B}[7~\u{1B}[4~\u{1B}[8~"), [.home, .home, .end, .end])
        XCTAssertEqual(decode("\u{1B}[5~\u{1B}[6~\u{1B}[3~"), [.pageUp, .pageDown, .delete])
        XCTAssertEqual(decode("\u{1B}[1;5D\u{1B}[1;2A"), [.left, .up], "a modifier leaves the plain key")
    }

    func testFunctionKeysInEveryForm() {
        XCTAssertEqual(decode("\u{1B}OP\u{1B}[11~\u{1B}[[A"), [.function(1), .function(1), .function(1)])
        XCTAssertEqual(decode("\u{1B}OQ\u{1B}[12~\u{1B}[[B"), [.function(2), .function(2), .function(2)])
        XCTAssertEqual(decode("\u{1B}[21~"), [.function(10)])
        XCTAssertEqual(decode("\u{1B}OR\u{1B}[13~\u{1B}[[C"), [.function(3), .function(3), .function(3)])
        XCTAssertEqual(decode("\u{1B}[1;5R"), [], "a cursor position report is not F3")
    }

    func testALoneEscapeWaitsForSilence() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed([0x1B]), [])
        XCTAssertEqual(decoder.waiting, .sequence)
        XCTAssertEqual(decoder.timeOut(), [.escape])
        XCTAssertEqual(decoder.waiting, .nothing)
        XCTAssertEqual(decode("\u{1B}\u{1B}[A"), [.escape, .up], "Escape pressed, then an arrow")
        XCTAssertEqual(decodeBytes([0x1B, 3]), [.escape, .interrupt], "Escape then Ctrl-C in one read: Ctrl-C is not lost")
        XCTAssertEqual(decodeBytes([0x1B, 13, 0x1B, 127]), [.escape, .enter, .escape, .backspace])
    }

    func testControlKeys() {
        XCTAssertEqual(decodeBytes([1, 3, 4, 5, 21, 23, 8, 127, 9, 10, 13]),
                       [.home, .interrupt, .endOfText, .end, .deleteToStart, .deleteWord, .backspace, .backspace, .tab, .enter, .enter])
        XCTAssertEqual(decodeBytes([0, 2, 7, 0x7F - 1]), [.character("~")], "other controls are never text")
    }

    func testOtherSequencesAndBadBytesAreDropped() {
        XCTAssertEqual(decode("a\u{1B}[38;5;196mb\u{1B}[2Jc\u{1B}[?25ld"), "abcd".map { .character($0) })
        XCTAssertEqual(decode("a\u{1B}]0;owned\u{1B}\\b\u{1B}P1$r\u{07}c"), "abc".map { .character($0) })
        XCTAssertEqual(decode("\u{1B}xa"), [.character("a")], "Alt-x is not x")
        XCTAssertEqual(decodeBytes([0xFF, 0x61, 0xC3, 0x28, 0x80, 0xC2, 0x85, 0xE2, 0x82]), [.character("a"), .character("(")],
                       "invalid UTF-8 and C1 controls are dropped; a truncated character is dropped at the time-out")
        XCTAssertEqual(decode("\u{1B}[M"), [], "CSI M starts a mouse report, not Enter")
    }

    func testAPasteIsOneKeyWithLineEndsMadeNewlines() {
        XCTAssertEqual(decode("\u{1B}[200~one\r\ntwo\rthree\u{1B}[20x\u{1B}[201~n"),
                       [.paste("one\ntwo\nthree\u{1B}[20x"), .character("n")],
                       "a partial end marker inside the paste is text")
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed(Array("\u{1B}[200~half".utf8)), [])
        XCTAssertEqual(decoder.waiting, .paste)
        XCTAssertEqual(decoder.timeOut(), [.paste("half")], "a paste that never ends ends at the silence")
    }

    func testAPasteIsBounded() {
        let body = [UInt8](repeating: 0x61, count: KeyDecoder.pasteLimit + 1000)
        let keys = decodeBytes(Array("\u{1B}[200~".utf8) + body + Array("\u{1B}[201~".utf8))
        guard case .paste(let text)? = keys.first else { return XCTFail("\(keys.count) keys") }
        XCTAssertEqual(text.utf8.count, KeyDecoder.pasteLimit)
        XCTAssertEqual(keys.count, 1)
    }

    func testAPasteIntoAFieldKeepsLineEndsOnlyWhereTheFieldTakesThem() {
        var single = TextField("ab", multiLine: false)
        XCTAssertTrue(single.edit(.left))
        XCTAssertTrue(single.edit(.paste("x\ny\tz\u{1B}")))
        XCTAssertEqual(single.text, "ax y zb")
        XCTAssertEqual(single.cursor, 6)
        var multi = TextField(multiLine: true)
        XCTAssertTrue(multi.edit(.paste("x\ny")))
        XCTAssertEqual(multi.text, "x\ny")
    }
}
