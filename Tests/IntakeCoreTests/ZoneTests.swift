import Foundation
import XCTest
@testable import IntakeCore

/// `Zone` reads the system's tzdata itself (issue 37, item 2: without ICU, Foundation's `TimeZone`
/// knows only GMT). It is held to Foundation's answers, which still have ICU in the tests.
final class ZoneTests: XCTestCase {
    /// Zones with summer time north and south, half- and quarter-hour offsets, a negative "summer"
    /// (Dublin), a zone whose rule changed recently (Casablanca) and one that crossed the date line.
    let names = ["Europe/London", "Europe/Dublin", "America/New_York", "America/Sao_Paulo", "Australia/Sydney",
                 "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "Africa/Casablanca",
                 "America/St_Johns", "Pacific/Apia", "Etc/GMT+5", "Europe/Belfast", "UTC"]

    func zone(_ name: String) throws -> Zone { try XCTUnwrap(Zone.named(name), name) }

    func testOffsetsAgreeWithFoundationEveryFewDaysAndAtEveryChange() throws {
        let start = Date(timeIntervalSince1970: -2_208_988_800)  // 1900
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100
        for name in names {
            let ours = try zone(name)
            let theirs = try XCTUnwrap(TimeZone(identifier: name), name)
            var t = start
            while t < end {
                XCTAssertEqual(ours.offset(at: t), theirs.secondsFromGMT(for: t), "\(name) at \(t)")
                t += 3 * 86_400 + 3_607
            }
            // Each change, and the second before it.
            var next = theirs.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 0))
            var count = 0
            while let change = next, change < end {
                for moment in [change, change - 1] {
                    XCTAssertEqual(ours.offset(at: moment), theirs.secondsFromGMT(for: moment), "\(name) at \(moment)")
                }
                count += 1
                next = theirs.nextDaylightSavingTimeTransition(after: change)
            }
            if name == "Europe/London" { XCTAssertGreaterThan(count, 200, "London changes its clocks twice a year") }
        }
    }

    func testLondonsAbbreviationsAndWallClock() throws {
        let london = try zone("Europe/London")
        let winter = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30
        let summer = Date(timeIntervalSince1970: 1_783_000_000)  // 2026-07-02
        XCTAssertEqual(london.abbreviation(at: winter), "GMT")
        XCTAssertEqual(london.abbreviation(at: summer), "BST")
        XCTAssertEqual(london.civil(summer).minuteText, "2026-07-02 14:46")
        XCTAssertEqual(Zone.utc.civil(summer).minuteText, "2026-07-02 13:46")
        // 01:30 on 29 March 2026 never happened in London: read as 02:30 BST, as mktime reads it.
        XCTAssertEqual(london.date(CivilTime(year: 2026, month: 3, day: 29, hour: 1, minute: 30)),
                       Date(timeIntervalSince1970: 1_774_747_800))
        // 01:30 on 25 October 2026 happened twice: the first, still on BST.
        XCTAssertEqual(london.date(CivilTime(year: 2026, month: 10, day: 25, hour: 1, minute: 30)),
                       Date(timeIntervalSince1970: 1_792_888_200))
    }

    func testWallClockReadingsAgreeWithFoundation() throws {
        for name in names {
            let ours = try zone(name)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try XCTUnwrap(TimeZone(identifier: name))
            var t = Date(timeIntervalSince1970: 0)
            while t < Date(timeIntervalSince1970: 3_000_000_000) {
                let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: t)
                let civil = ours.civil(t)
                XCTAssertEqual([civil.year, civil.month, civil.day, civil.hour, civil.minute, civil.second],
                               [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!], "\(name) at \(t)")
                // Read back: the same moment, or — in a repeated hour — the first of the two.
                let back = ours.date(civil)
                XCTAssertTrue(back == t || (back < t && ours.civil(back) == civil), "\(name): \(civil) read as \(back), not \(t)")
                t += 5 * 86_400 + 7_211
            }
        }
    }

    func testAPosixRuleAloneAgreesWithTheFileItEnds() throws {
        let file = try zone("Europe/London")
        let rule = try XCTUnwrap(Zone(identifier: "rule", posix: "GMT0BST,M3.5.0/1,M10.5.0"))
        let sydney = try zone("Australia/Sydney")
        let sydneyRule = try XCTUnwrap(Zone(identifier: "rule", posix: "AEST-10AEDT,M10.1.0,M4.1.0/3"))
        // From 2009: New South Wales's rule has held since 2008, Britain's since 1996.
        var t = Date(timeIntervalSince1970: 1_230_000_000)
        while t < Date(timeIntervalSince1970: 4_000_000_000) {
            XCTAssertEqual(rule.offset(at: t), file.offset(at: t), "London at \(t)")
            XCTAssertEqual(sydneyRule.offset(at: t), sydney.offset(at: t), "Sydney at \(t)")
            t += 86_400 + 3_593
        }
        // Summer time all year (RFC 8536's example), and a rule without its days (the US default).
        let always = try XCTUnwrap(Zone(identifier: "x", posix: "<-03>3<-02>,0/0,J365/25"))
        XCTAssertEqual(always.offset(at: Date(timeIntervalSince1970: 1_780_000_000)), -2 * 3600)
        XCTAssertEqual(always.offset(at: Date(timeIntervalSince1970: 1_796_000_000)), -2 * 3600)
        let eastern = try XCTUnwrap(Zone(identifier: "x", posix: "EST5EDT"))
        XCTAssertEqual(eastern.offset(at: Date(timeIntervalSince1970: 1_783_000_000)), -4 * 3600)
        for bad in ["", "G", "GMT", "GMT0BST,", "GMT0BST,M13.1.0,M10.5.0", "GMT99", "<+03", "GMT0BST,M3.5.0/1,M10.5.0junk"] {
            XCTAssertNil(Zone(identifier: "x", posix: bad), bad)
        }
    }

    /// A damaged or cut file is refused or read as something, never a crash or a hang.
    func testDamagedFilesNeverTrap() throws {
        let bytes = try XCTUnwrap(Zone.read(Zone.folder + "/Europe/London"))
        XCTAssertNotNil(Zone(identifier: "x", tzif: bytes))
        for length in stride(from: 0, to: bytes.count, by: 7) {
            _ = Zone(identifier: "x", tzif: Array(bytes.prefix(length)))?.offset(at: Date())
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var damaged = bytes
            for _ in 0..<3 { damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            _ = Zone(identifier: "x", tzif: damaged)?.date(CivilTime(year: 2026, month: 6, day: 1, hour: 12))
        }
        XCTAssertNil(Zone(identifier: "x", tzif: Array("TZif2 not a zone".utf8)))
    }

    func testTheSystemZoneComesFromTZThenTheMachine() throws {
        XCTAssertEqual(Zone.system(environment: ["TZ": "Europe/London"]).identifier, "Europe/London")
        XCTAssertEqual(Zone.system(environment: ["TZ": ":Europe/London"]).identifier, "Europe/London")
        XCTAssertEqual(Zone.system(environment: ["TZ": Zone.folder + "/Asia/Kolkata"]).offset(at: Date()), 19_800)
        XCTAssertEqual(Zone.system(environment: ["TZ": "IST-5:30"]).offset(at: Date()), 19_800)
        // A name that climbs out of the tzdata folder is not read as one.
        var asked: [String] = []
        _ = Zone.system(environment: ["TZ": "../../../etc/passwd"], read: { asked.append($0); return nil })
        XCTAssertEqual(asked, [])
        XCTAssertEqual(Zone.system(environment: ["TZ": "Nowhere/Atlantis"]).identifier, "UTC")
        // Without TZ: /etc/localtime, named by where it points.
        let machine = Zone.system(environment: [:])
        XCTAssertEqual(machine.offset(at: Date()), TimeZone.current.secondsFromGMT(for: Date()))
    }
}
