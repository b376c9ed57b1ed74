import Foundation
import XCTest
@testable import IntakeCore

/// Generates malformed flows from the bundled ones — deleted keys, wrong types, broken references,
/// invalid expressions, deep nesting, huge strings, invalid UTF-8, duplicate keys, alias bombs,
/// truncation — and checks that each is refused with a located error, without a crash, in bounded
/// time and memory. INTAKE_WRITE_CORPUS=DIR writes the corpus out (e.g. as fuzzing seeds).
final class MalformedCorpusTests: XCTestCase {
    struct Case {
        var name: String
        var data: Data
    }

    static func flowText(_ name: String) throws -> String {
        try String(contentsOf: LoaderTests.repositoryRoot.appendingPathComponent("flows/\(name).yaml"), encoding: .utf8)
    }

    /// Replaces the `n`th line (counting from 0) that matches `pattern` by `transform`; nil if there is none.
    static func mutate(_ lines: [String], _ pattern: String, _ n: Int, _ transform: (String) -> String?) -> String? {
        let matching = lines.indices.filter { lines[$0].range(of: pattern, options: .regularExpression) != nil }
        guard n < matching.count else { return nil }
        var out = lines
        if let replaced = transform(lines[matching[n]]) { out[matching[n]] = replaced } else { out.remove(at: matching[n]) }
        return out.joined(separator: "\n")
    }

    static func corpus() throws -> [Case] {
        var cases: [Case] = []
        func add(_ name: String, _ text: String?) { if let text { cases.append(Case(name: name, data: Data(text.utf8))) } }
        for flow in ["initial-response", "school-incident"] {
            let text = try flowText(flow)
            let lines = text.components(separatedBy: "\n")
            for n in 0..<12 {
                add("\(flow)-no-kind-\(n)", mutate(lines, "^    kind: ", n) { _ in nil })
                add("\(flow)-no-next-\(n)", mutate(lines, "^    next: ", n) { _ in nil })
                add("\(flow)-kind-list-\(n)", mutate(lines, "^    kind: ", n) { $0.replacingOccurrences(of: "kind: ", with: "kind: [") + "]" })
                add("\(flow)-next-mapping-\(n)", mutate(lines, "^    next: ", n) { $0 + ": {}" })
                add("\(flow)-next-missing-\(n)", mutate(lines, "^    next: ", n) { $0 + "_missing" })
                add("\(flow)-kind-unknown-\(n)", mutate(lines, "^    kind: ", n) { $0 + "-ish" })
                add("\(flow)-duplicate-id-\(n)", mutate(lines, "^  - id: ", n) { $0 + "\n    id: again" })
            }
            for n in 0..<10 {
                add("\(flow)-when-dangling-\(n)", mutate(lines, "^ +(- )?when: [^>]", n) { $0 + " and" })
                add("\(flow)-when-triple-eq-\(n)", mutate(lines, "^ +(- )?when: [^>].*==", n) { $0.replacingOccurrences(of: "==", with: "===") })
                add("\(flow)-when-open-paren-\(n)", mutate(lines, "^ +(- )?when: [^>]", n) { $0.replacingOccurrences(of: "when: ", with: "when: (") })
                add("\(flow)-when-unknown-name-\(n)", mutate(lines, "^ +(- )?when: [^>]", n) { $0.replacingOccurrences(of: "when: ", with: "when: no_such_fact or ") })
                add("\(flow)-when-bad-value-\(n)", mutate(lines, "^ +(- )?when: [^>].*== yes", n) { $0.replacingOccurrences(of: "== yes", with: "== maybe") })
                add("\(flow)-to-missing-\(n)", mutate(lines, "^        to: ", n) { $0 + "_gone" })
            }
            for key in ["id", "title", "version", "start", "determination"] {
                add("\(flow)-no-top-\(key)", mutate(lines, "^\(key):", 0) { _ in nil }.map { text in
                    // A block value left behind would read as part of the key before it; drop the whole entry.
                    key == "determination" ? text.replacingOccurrences(of: "\ndetermination:", with: "\nxdetermination:") : text })
            }
            add("\(flow)-start-missing", mutate(lines, "^start: ", 0) { $0 + "_nowhere" })
            add("\(flow)-version-list", mutate(lines, "^version: ", 0) { _ in "version: [1, 0]" })
            add("\(flow)-screens-scalar", text.replacingOccurrences(of: "\nscreens:\n", with: "\nscreens: none\nold_screens:\n"))
            add("\(flow)-duplicate-title", text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Again\ntitle: "))
            add("\(flow)-tab-indent", mutate(lines, "^    prompt: ", 3) { "\t" + $0 })
            add("\(flow)-open-quote", mutate(lines, "^    prompt: ", 2) { $0.replacingOccurrences(of: "prompt: ", with: "prompt: \"") })
            add("\(flow)-deep-flow", text + "\ndeep: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n")
            add("\(flow)-deep-block", text + "\ndeep:\n" + (1...250).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "x\n")
            add("\(flow)-huge-id", mutate(lines, "^  - id: ", 1) { _ in "  - id: " + String(repeating: "x y", count: 400_000) })
            add("\(flow)-huge-kind", mutate(lines, "^    kind: ", 1) { _ in "    kind: " + String(repeating: "k", count: 1_000_000) })
            for fraction in [1, 3, 5, 7, 9] {
                let cut = text.utf8.count * fraction / 10
                add("\(flow)-truncated-\(fraction)0pc", String(decoding: Array(text.utf8.prefix(cut)), as: UTF8.self))
            }
            var invalid = Data(text.utf8)
            invalid.insert(contentsOf: [0xFF, 0xFE], at: invalid.count / 2)
            cases.append(Case(name: "\(flow)-invalid-utf8-middle", data: invalid))
            var torn = Data(text.utf8)
            torn.append(contentsOf: [0xE2, 0x80])
            cases.append(Case(name: "\(flow)-invalid-utf8-end", data: torn))
        }
        let head = "id: bomb\ntitle: Bomb\nversion: 1.0.0\nstart: a\n"
        var bomb = head + "screens:\n  - &s0 {id: a, kind: info, prompt: p, next: b}\n"
        for i in 1...7 { bomb += "  - &s\(i) [" + Array(repeating: "*s\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        add("alias-bomb-screens", bomb)
        var laughs = head + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...8 { laughs += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        add("alias-bomb-laughs", laughs + "screens: *l8\n")
        cases.append(Case(name: "oversized", data: Data(count: FlowLoader.maximumBytes + 1)))
        add("empty", "")
        add("not-a-mapping", "- just\n- a list\n")
        add("binary-zeros", String(repeating: "\u{0}", count: 64))
        return cases
    }

    func testEveryMalformedFlowIsRefusedWithALocatedError() throws {
        let cases = try Self.corpus()
        XCTAssertGreaterThanOrEqual(cases.count, 200)
        if let dir = ProcessInfo.processInfo.environment["INTAKE_WRITE_CORPUS"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for c in cases where c.data.count < 100_000 { try c.data.write(to: URL(fileURLWithPath: "\(dir)/\(c.name).yaml")) }
        }
        let rssBefore = Self.peakRSSKilobytes()
        for c in cases {
            let started = Date()
            let lineCount = c.data.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            do {
                _ = try FlowLoader.load(data: c.data, file: c.name + ".yaml")
                XCTFail("\(c.name): loaded, but it is malformed")
            } catch {
                XCTAssertFalse(error.diagnostics.isEmpty, c.name)
                for d in error.diagnostics {
                    XCTAssertEqual(d.location.file, c.name + ".yaml", c.name)
                    XCTAssertGreaterThanOrEqual(d.location.line, 1, "\(c.name): \(d)")
                    XCTAssertLessThanOrEqual(d.location.line, lineCount + 1, "\(c.name): \(d)")
                    XCTAssertGreaterThanOrEqual(d.location.column, 1, "\(c.name): \(d)")
                    XCTAssertFalse(d.message.isEmpty, c.name)
                    XCTAssertTrue(d.description.hasPrefix("\(c.name).yaml:\(d.location.line):\(d.location.column): error: "), d.description)
                }
                XCTAssertLessThanOrEqual(error.diagnostics.count, 201, "\(c.name): reporting is capped")
            }
            // A robustness bound (debug build, loaded machine), not a speed target.
            XCTAssertLessThan(Date().timeIntervalSince(started), 20, "\(c.name) took too long")
        }
        XCTAssertLessThan(Self.peakRSSKilobytes() - rssBefore, 1_000_000, "the corpus must not exhaust memory")
    }

    func testInvalidUTF8IsLocated() throws {
        var data = Data("id: x\ntitle: é\n".utf8)
        data.append(contentsOf: [0x61, 0xC3])
        XCTAssertThrowsError(try FlowLoader.load(data: data, file: "bad.yaml")) { error in
            XCTAssertEqual(String(describing: error).components(separatedBy: ": error").first, "bad.yaml:3:2")
        }
    }

    static func peakRSSKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}
