@testable import IntakeRecords
import IntakeCore
import XCTest

/// The byte-level scans a verification makes of every record (issue 37, item 6), against the plain
/// definitions they replaced: the same answer for every input, found at the same line.
final class RecordScanTests: XCTestCase {
    /// The scan as it was, byte by byte, counting lines as it goes.
    func reference(_ data: Data) -> (line: Int, scalar: UInt32)?? {
        let bytes = [UInt8](data)
        var line = 1
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                if byte == 0x0A { line += 1 } else if (byte < 0x20 && byte != 0x0D) || byte == 0x7F { return .some((line, UInt32(byte))) }
                i += 1
                continue
            }
            var decoder = UTF8()
            var rest = bytes[i...].makeIterator()
            guard case .scalarValue(let scalar) = decoder.decode(&rest) else { return .none }
            if Visible.hidden(scalar) { return .some((line, scalar.value)) }
            i += UTF8.width(scalar)
        }
        return .some(nil)
    }

    func testTheForeignTextScanFindsWhatTheByteByByteScanFound() {
        var generator = SystemRandomNumberGenerator()
        let plain = Array("Record: IR-20261205-0123456789AB\nOfficer: PC One, collar 1\n- Who? [who]\n  Answer: Ffion; 15\n".utf8)
        let odd: [[UInt8]] = [[0x00], [0x07], [0x09], [0x0D], [0x1B], [0x7F], [0x0A], Array("é".utf8), Array("\u{202E}".utf8),
                              Array("\u{200B}".utf8), [0xC3], [0xFF], [0xE2, 0x80], Array("ŵ".utf8)]
        var cases: [[UInt8]] = [[], plain, plain + plain]
        for bad in odd {
            for at in [0, 1, 7, 8, 9, 15, 16, plain.count - 1, plain.count] {
                cases.append(Array(plain[..<at]) + bad + Array(plain[at...]))
            }
        }
        for _ in 0..<500 {
            var bytes = plain + plain
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                let bad = odd.randomElement(using: &generator)!
                let at = Int.random(in: 0...bytes.count, using: &generator)
                bytes.insert(contentsOf: bad, at: at)
            }
            cases.append(bytes)
        }
        for bytes in cases {
            let data = Data(bytes)
            let got = RecordVerifier.foreignText(data)
            switch reference(data) {
            case .none:
                XCTAssertEqual(got?.message.hasPrefix("bytes that are not UTF-8"), true, "\(bytes)")
            case .some(nil):
                XCTAssertNil(got, "\(bytes)")
            case .some(let found?):
                XCTAssertEqual(got?.line, found.line, "\(bytes)")
                XCTAssertEqual(got?.message.contains(Visible.name(Unicode.Scalar(found.scalar)!)), true, "\(bytes): \(got?.message ?? "nothing")")
            }
        }
    }

    func testAHeaderIsSplitIntoLinesAsStringSplitSplitsIt() {
        for text in ["", "\n", "\n\n", "a", "a\n", "\na", "a\nb", "a\n\nb\n", "a\r\nb", "a\r\n\nb", "\r\n", "a\rb\nc",
                     "Record: x\nSigning key: p SHA256:f\nFinished: 2026-12-05 10:00 GMT (UTC 2026-12-05T10:00:00Z)\n\n",
                     "é\nŵ\n\u{301}x", "tab\there\n"] {
            XCTAssertEqual(SignerClaim.lines(Data(text.utf8)), text.split(separator: "\n").map(String.init), text.debugDescription)
        }
        let invalid = Data([0x61, 0xE2, 0x0A, 0x62, 0xFF])
        XCTAssertEqual(SignerClaim.lines(invalid), String(decoding: invalid, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    /// A record's policy lines and flow hash, read from its bytes, are those read from its text.
    func testPolicyLinesReadFromBytesAreThoseReadFromText() {
        let text = """
        Record: IR-1
        Flow: initial-response version 3.2.2 (SHA-256 \(String(repeating: "ab", count: 32)))
        Flow policy: shipped with intake 0.17.1
        Translation policy: NOT APPROVED (draft)
        Fl\u{FF}w policy: not a label
        -----BEGIN SSH SIGNATURE-----
        Review flow: supervisor-review version 2.0.1 (SHA-256 cd)
        Review flow policy: shipped with intake 0.17.1
        """
        for bytes in [Data(text.utf8), Data(text.utf8) + Data([0xFF, 0x0A]) + Data("Flow policy: again\n".utf8), Data()] {
            let decoded = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(RecordPolicy.lines(in: bytes).map { $0.label + "|" + $0.words }, RecordPolicy.lines(in: decoded).map { $0.label + "|" + $0.words })
            XCTAssertEqual(RecordPolicy.flowSHA256(in: bytes), RecordPolicy.flowSHA256(in: decoded))
        }
        XCTAssertEqual(RecordPolicy.lines(in: Data(text.utf8)).count, 4)
        XCTAssertEqual(RecordPolicy.flowSHA256(in: Data(text.utf8)), String(repeating: "ab", count: 32))
    }
}

extension RecordScanTests {
    /// One pass gives the file's hash and its signed part's, each as hashing it alone gives it.
    func testBothHashesFromOnePassAreEachHashAlone() {
        let data = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        for prefix in [0, 1, 63, 64, 65, 4999, 5000] {
            let both = RecordFiles.hashes(data, prefix: prefix)
            XCTAssertEqual(both.whole, sha256Hex(data))
            XCTAssertEqual(both.prefix, sha256Hex(data.prefix(prefix)), "\(prefix)")
        }
        XCTAssertNil(RecordFiles.hashes(data, prefix: nil).prefix)
        XCTAssertNil(RecordFiles.hashes(data, prefix: 5001).prefix, "a prefix longer than the bytes is none")
        XCTAssertEqual(RecordFiles.hashes(data.dropFirst(10), prefix: 5).prefix, sha256Hex(data.dropFirst(10).prefix(5)), "a slice")
    }
}

extension RecordScanTests {
    /// The to-do list as it was read, by String.
    func referenceToDo(_ section: String) -> (ids: [String], first: String?) {
        var ids: [String] = []
        var first: String?
        for line in section.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropFirst(2).map({ String(Substring($0)) }) {
            if line.isEmpty { break }
            if line.hasPrefix("  - "), line.hasSuffix("]"), let open = line.lastRange(of: " [") {
                ids.append(String(line[open.upperBound..<line.index(before: line.endIndex)]))
                if first == nil { first = String(line[line.index(line.startIndex, offsetBy: 4)..<open.lowerBound]) }
            }
        }
        return (ids, first)
    }

    func testTheToDoListIsReadAsItWasAndACraftedLineDoesNotTrap() {
        let sections = [
            "\nSTILL TO ESTABLISH\n  - Was the crime recorded? [record-crime]\n  - Crime reference [crime_ref]\n\nAFTER\n  - x [y]\n",
            "\nSTILL TO ESTABLISH\n  - Which [offence] is it? [offence]\n  - a [b] [c]\n  - [nothing]\n",
            "\nSTILL TO ESTABLISH\n  - no id here\n  - ends ] but [ no\n  -  [z]\n  - x []\n  - é ŵ [ü]\n",
            "\nSTILL TO ESTABLISH", "", "\n\n\n  - a [b]", "\nSTILL TO ESTABLISH\n  - a [b]",
        ]
        for section in sections {
            let got = RecordListing.toDo(section)
            let expected = referenceToDo(section)
            XCTAssertEqual(got.ids, expected.ids, section.debugDescription)
            XCTAssertEqual(got.first, expected.first, section.debugDescription)
        }
        // The old reading trapped here: the " [" is the end of "  - " itself.
        let crafted = RecordListing.toDo("\nSTILL TO ESTABLISH\n  - [x]\n  - Next [y]\n")
        XCTAssertEqual(crafted.ids, ["x", "y"])
        XCTAssertEqual(crafted.first, "")
    }
}

extension RecordScanTests {
    /// The table as it was laid out: every cell counted by Character, the lines cut after joining.
    func referenceTable(_ rows: [[String]], width: Int?) -> String {
        let lengths = rows.map { $0.map(\.count) }
        let widths = (rows.first ?? []).indices.map { c in lengths.map { $0[c] }.max() ?? 0 }
        let table = zip(rows, lengths).map { row, length in
            row.indices.map { c in c == row.count - 1 ? row[c] : row[c] + String(repeating: " ", count: widths[c] - length[c]) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
        guard let width else { return table }
        return table.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.count > width else { return String(line) }
            var cut = line.prefix(width - 1)
            while cut.last == " " { cut.removeLast() }
            return cut + "…"
        }.joined(separator: "\n")
    }

    func testTheTableIsLaidOutAsItWas() {
        let cells = ["IR-20261101-AAAAAAAAAAAA", "-", "3h", "awaiting review", "pending", "Ffion ŵ", "\u{301}starts with a mark",
                     "18 to do: Record the report as a crime on your force's crime system.", "", "é", "x   ", "trailing  "]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let columns = Int.random(in: 1...4, using: &generator)
            let rows = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                (0..<columns).map { _ in cells.randomElement(using: &generator)! }
            }
            for width in [nil, 10, 40, 80] as [Int?] {
                XCTAssertEqual(RecordListing.padded(rows, width: width), referenceTable(rows, width: width), "\(rows) at \(String(describing: width))")
            }
        }
    }
}
