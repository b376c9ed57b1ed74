import Foundation
import XCTest
@testable import IntakeSession

/// Where flows are found (issue 20): in a folder tree of the test's own, with /etc and the binary's
/// prefix stood in for, so nothing needs root.
final class FlowSearchTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-search-\(UUID().uuidString)").path
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func file(_ path: String, _ text: String = "id: x\n") throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        let r: String = root
        var env: [String: String] = ["HOME": "\(r)/home", "XDG_CONFIG_HOME": "\(r)/config", "XDG_CONFIG_DIRS": "\(r)/xdg"]
        env["XDG_DATA_DIRS"] = "\(r)/usr/local/share:\(r)/usr/share"
        return env.merging(extra) { $1 }
    }

    func search(_ env: [String: String], executable: String? = nil) -> FlowSearch {
        FlowSearch(places: FlowSearch.places(environment: env, executable: executable ?? root + "/opt/intake/bin/intake",
                                             systemFolder: root + "/etc/intake/flows"))
    }

    func testThePlacesComeInTheirOrderAndAForceFlowShadowsTheShippedOne() throws {
        try file("opt/intake/share/intake/flows/initial-response.yaml")
        try file("opt/intake/share/intake/flows/initial-response.cy.yaml")
        try file("opt/intake/share/intake/flows/school-incident.yaml")
        try file("etc/intake/flows/initial-response.yaml")
        try file("usr/share/intake/flows/initial-response.yaml")
        try file("usr/share/intake/flows/older.yaml")
        let found = search(environment())
        XCTAssertEqual(found.places.map(\.kind), [.own, .force, .force, .shipped, .installed, .installed])
        let folders: [String] = ["/config/intake/flows", "/etc/intake/flows", "/xdg/intake/flows", "/opt/intake/share/intake/flows",
                                 "/usr/local/share/intake/flows", "/usr/share/intake/flows"]
        XCTAssertEqual(found.places.map(\.folder), folders.map { root + $0 })
        XCTAssertEqual(found.path(of: "initial-response"), root + "/etc/intake/flows/initial-response.yaml")
        XCTAssertEqual(found.path(of: "school-incident"), root + "/opt/intake/share/intake/flows/school-incident.yaml")
        XCTAssertEqual(found.path(of: "older"), root + "/usr/share/intake/flows/older.yaml")
        XCTAssertNil(found.path(of: "initial-response.cy"), "a translation is not a flow")
        XCTAssertNil(found.path(of: "../etc/intake/flows/initial-response"), "an id names no folder")

        let all = found.all()
        XCTAssertEqual(all.map(\.id), ["initial-response", "older", "school-incident"], "translations are not listed")
        XCTAssertEqual(all[0].place.kind, .force)
        XCTAssertEqual(all[0].shadows, [root + "/opt/intake/share/intake/flows/initial-response.yaml",
                                        root + "/usr/share/intake/flows/initial-response.yaml"])

        // An officer's own flow comes before the force's; INTAKE_FLOWS before everything.
        try file("config/intake/flows/initial-response.yaml")
        XCTAssertEqual(search(environment()).path(of: "initial-response"), root + "/config/intake/flows/initial-response.yaml")
        try file("trial/initial-response.yaml")
        let trial = search(environment(["INTAKE_FLOWS": root + "/nowhere:" + root + "/trial"]))
        XCTAssertEqual(trial.places.prefix(2).map(\.kind), [.override, .override])
        XCTAssertEqual(trial.path(of: "initial-response"), root + "/trial/initial-response.yaml")
    }

    func testTheDefaultsAreTheXDGOnesAndRelativeEntriesAreIgnored() {
        let places = FlowSearch.places(environment: ["HOME": "/home/pc1234", "XDG_CONFIG_DIRS": "relative:/etc/xdg"],
                                       executable: "/nonexistent/bin/intake")
        XCTAssertEqual(places.map(\.folder), ["/home/pc1234/.config/intake/flows", "/etc/intake/flows", "/etc/xdg/intake/flows",
                                              "/usr/local/share/intake/flows", "/usr/share/intake/flows"])
        // XDG_DATA_HOME is intake's own store of kept flow copies, never a place flows are found.
        XCTAssertFalse(places.contains { $0.folder.contains(".local/share") })
    }

    func testAFolderNamedTwiceIsSearchedOnceAtItsFirstPlace() throws {
        try file("usr/share/intake/flows/initial-response.yaml")
        let found = search(environment(), executable: root + "/usr/bin/intake")
        XCTAssertEqual(found.places.filter { $0.folder == root + "/usr/share/intake/flows" }.map(\.kind), [.shipped])
        XCTAssertEqual(found.all().first?.shadows, [])
    }

    func testRunFromABuildFolderTheCheckoutsFlowsAreTheShippedOnes() throws {
        try file("checkout/Package.swift", "// swift-tools-version:6.0\n")
        try file("checkout/flows/initial-response.yaml")
        let found = search(environment(), executable: root + "/checkout/.build/x86_64-unknown-linux-gnu/debug/intake")
        XCTAssertEqual(found.places.first { $0.kind == .shipped }?.folder, root + "/checkout/flows")
        XCTAssertEqual(found.path(of: "initial-response"), root + "/checkout/flows/initial-response.yaml")
        // A binary copied anywhere else ships nothing; the system's folders still answer.
        XCTAssertNil(search(environment(), executable: root + "/elsewhere/intake").places.first { $0.kind == .shipped })
    }

    /// A folder compared for sameness, against its definition: the parts between slashes, joined
    /// by one slash, absolute if it was.
    func testAFolderIsNormalisedAsItsPartsJoined() {
        func definition(_ folder: String) -> String {
            let parts = folder.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
            return folder.hasPrefix("/") ? "/" + parts : parts
        }
        for folder in ["", "/", "//", "///", "a", "a/", "/a", "/a/", "//a//b//", "a//b", "/usr/share/intake/flows",
                       "/usr//share/", "relative/folder//", "/é//ü/", "a/b/c/"] {
            XCTAssertEqual(FlowSearch.normalised(folder), definition(folder), folder)
        }
    }
}
