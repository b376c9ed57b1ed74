import Foundation
import XCTest

/// A case end to end through the real binaries: an officer's home and a supervisor's, one server.
/// The officer finishes offline, syncs; the supervisor sees it awaiting review and reviews it; the
/// officer syncs and makes the family letter. Then again with the server down at each step.
final class TwoHomesTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-homes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    static var checkout: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    static func binary(_ name: String) -> String {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent(name).path, checkout.appendingPathComponent(".build/debug/\(name)").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// One person's machine: their own config, data and cache folders.
    struct Home {
        let folder: URL
        var store: String?

        func run(_ arguments: [String], store override: String?? = nil) throws -> Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TwoHomesTests.binary("intake"))
            process.arguments = arguments
            process.currentDirectoryURL = TwoHomesTests.checkout
            var env = ProcessInfo.processInfo.environment
            env["TZ"] = "UTC"
            env["HOME"] = folder.path
            env["XDG_CONFIG_HOME"] = folder.appendingPathComponent("config").path
            env["XDG_DATA_HOME"] = folder.appendingPathComponent("data").path
            env["XDG_CACHE_HOME"] = folder.appendingPathComponent("cache").path
            env["SSH_AUTH_SOCK"] = nil
            env["PAGER"] = "cat"
            env["INTAKE_STORE"] = (override ?? store) ?? nil
            process.environment = env
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                          stderr: try String(contentsOf: err, encoding: .utf8))
        }

        var records: URL { folder.appendingPathComponent("data/intake/records") }
    }

    func homes(_ server: PostgresServer, _ db: String) throws -> (Home, Home) {
        let officer = Home(folder: root.appendingPathComponent("officer"), store: server.url(db, user: "officer_a"))
        let sergeant = Home(folder: root.appendingPathComponent("sergeant"), store: server.url(db, user: "sergeant_s"))
        XCTAssertEqual(try officer.run(["keys", "init", "--name", "PC Ann Example", "--collar", "1234", "--organisation", "Test Constabulary"]).status, 0)
        XCTAssertEqual(try sergeant.run(["keys", "init", "--name", "PS Sam Sergeant", "--collar", "9012", "--organisation", "Test Constabulary"]).status, 0)
        // Both trust both keys: the force's allowed signers file.
        let files = [officer, sergeant].map { $0.folder.appendingPathComponent("config/intake/allowed_signers") }
        let both = try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        for file in files { try both.write(to: file, atomically: true, encoding: .utf8) }
        return (officer, sergeant)
    }

    static func recordId(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("Record: ") }.map { String($0.dropFirst(8)) }
    }

    func testACaseGoesFromOfficerToSupervisorAndBackThroughTheStore() async throws {
        let server = try PostgresServer.shared()
        let db = try await server.freshStore("homes_\(getpid())_\(UInt32.random(in: 0...UInt32.max))")
        let (officer, sergeant) = try homes(server, db)
        let scenarios = Self.checkout.appendingPathComponent("flows/scenarios").path

        // Offline: no store set. The record is signed and kept here.
        let made = try officer.run(["run", "--answers", "\(scenarios)/experimental.yaml"], store: .some(nil))
        XCTAssertEqual(made.status, 0, made.stderr)
        let id = try XCTUnwrap(Self.recordId(made.stdout))
        XCTAssertTrue(FileManager.default.fileExists(atPath: officer.records.appendingPathComponent("\(id).txt").path))
        XCTAssertTrue(try officer.run(["sync", "status"]).stdout.contains("\(id)  waiting"))

        let sent = try officer.run(["sync"])
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertTrue(sent.stdout.contains("\(id): sent; the store acknowledged SHA-256"), sent.stdout)
        XCTAssertTrue(try officer.run(["sync", "status"]).stdout.contains("\(id)  acknowledged"))

        let queue = try sergeant.run(["records", "--awaiting-review", "--format", "csv"])
        XCTAssertEqual(queue.status, 0, queue.stderr)
        XCTAssertTrue(queue.stdout.contains(id), queue.stdout)
        XCTAssertTrue(queue.stderr.contains("every one verified"), queue.stderr)

        let reviewed = try sergeant.run(["review", id, "--answers", "\(scenarios)/review-agree.yaml"])
        XCTAssertEqual(reviewed.status, 0, reviewed.stderr)
        XCTAssertTrue(reviewed.stderr.contains("\(id): sent"), reviewed.stderr)
        let after = try sergeant.run(["records", "--awaiting-review", "--format", "csv"])
        XCTAssertFalse(after.stdout.contains(id), "reviewed, it leaves the queue: \(after.stdout)")

        let back = try officer.run(["sync"])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertTrue(back.stdout.contains("\(id): reviewed; your copy now carries the review"), back.stdout)
        let letters = root.appendingPathComponent("letters")
        let letter = try officer.run(["notice", officer.records.appendingPathComponent("\(id).txt").path, "--output", letters.path])
        XCTAssertEqual(letter.status, 0, letter.stderr)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: letters.path).isEmpty, "the family letters are written")

        // A second supervisor reviewing the same record is refused by the store; the review is kept.
        let late = try sergeant.run(["review", officer.records.appendingPathComponent("\(id).txt").path, "--answers", "\(scenarios)/review-agree.yaml"])
        XCTAssertNotEqual(late.status, 0, "a reviewed record is not reviewed again")
    }

    func testEveryStepWithTheServerDownLosesNothingAndFinishesWhenItIsBack() async throws {
        let server = try PostgresServer.shared()
        let db = try await server.freshStore("down_\(getpid())_\(UInt32.random(in: 0...UInt32.max))")
        let (officer, sergeant) = try homes(server, db)
        let scenarios = Self.checkout.appendingPathComponent("flows/scenarios").path

        // Finishing with the store set but down: signed and kept, and said.
        var id = ""
        try await server.pause {
            let made = try officer.run(["run", "--answers", "\(scenarios)/experimental.yaml"])
            XCTAssertEqual(made.status, 0, made.stderr)
            id = try XCTUnwrap(Self.recordId(made.stdout))
            XCTAssertTrue(made.stderr.contains("it was not sent to the store now"), made.stderr)
            let sync = try officer.run(["sync"])
            XCTAssertEqual(sync.status, 9, sync.stderr)
            XCTAssertTrue(sync.stderr.contains("cannot be reached"), sync.stderr)
        }
        XCTAssertEqual(try officer.run(["sync"]).status, 0)
        // The supervisor fetches it while the server is up, then reviews with it down.
        XCTAssertEqual(try sergeant.run(["sync"]).status, 0)
        let copy = sergeant.folder.appendingPathComponent("data/intake/store/\(id).txt")
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy.path))
        try await server.pause {
            let reviewed = try sergeant.run(["review", copy.path, "--answers", "\(scenarios)/review-agree.yaml"])
            XCTAssertEqual(reviewed.status, 0, reviewed.stderr)
            XCTAssertTrue(reviewed.stderr.contains("not sent to the store now"), reviewed.stderr)
            XCTAssertTrue(try sergeant.run(["sync", "status"]).stdout.contains("\(id)  waiting"))
            XCTAssertEqual(try officer.run(["sync"]).status, 9)
        }
        let pushed = try sergeant.run(["sync"])
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        XCTAssertTrue(pushed.stdout.contains("\(id): sent"), pushed.stdout)
        let back = try officer.run(["sync"])
        XCTAssertTrue(back.stdout.contains("\(id): reviewed"), back.stdout)
        let letters = root.appendingPathComponent("letters")
        let letter = try officer.run(["notice", officer.records.appendingPathComponent("\(id).txt").path, "--output", letters.path])
        XCTAssertEqual(letter.status, 0, letter.stderr)
    }

    func testTheSecondFollowUpOfARecordIsStoppedBeforeSigningAndKeepsItsAnswers() async throws {
        let server = try PostgresServer.shared()
        let db = try await server.freshStore("fork_\(getpid())_\(UInt32.random(in: 0...UInt32.max))")
        let (officer, _) = try homes(server, db)
        let other = Home(folder: root.appendingPathComponent("officer-b"), store: server.url(db, user: "officer_b"))
        XCTAssertEqual(try other.run(["keys", "init", "--name", "PC Bo Other", "--collar", "5678", "--organisation", "Test Constabulary"]).status, 0)
        let signers = try String(contentsOf: officer.folder.appendingPathComponent("config/intake/allowed_signers"), encoding: .utf8)
        let mine = other.folder.appendingPathComponent("config/intake/allowed_signers")
        try (signers + String(contentsOf: mine, encoding: .utf8)).write(to: mine, atomically: true, encoding: .utf8)
        let scenario = Self.checkout.appendingPathComponent("flows/scenarios/experimental.yaml").path

        let made = try officer.run(["run", "--answers", scenario])
        let id = try XCTUnwrap(Self.recordId(made.stdout))
        let copy = root.appendingPathComponent("shared-\(id).txt")
        try FileManager.default.copyItem(at: officer.records.appendingPathComponent("\(id).txt"), to: copy)

        let first = try officer.run(["update", officer.records.appendingPathComponent("\(id).txt").path, "--answers", scenario])
        XCTAssertEqual(first.status, 0, first.stderr)
        let winner = try XCTUnwrap(Self.recordId(first.stdout))
        let second = try other.run(["update", copy.path, "--answers", scenario])
        XCTAssertEqual(second.status, 10, second.stderr)
        XCTAssertTrue(second.stderr.contains("NOT signed: \(id) was followed up already by \(winner)"), second.stderr)
        XCTAssertFalse(second.stdout.contains("BEGIN SSH SIGNATURE"), "the loser is not signed")
        let unfinished = try other.run(["resume"])
        XCTAssertTrue((unfinished.stdout + unfinished.stderr).contains("by PC Bo Other"), unfinished.stdout + unfinished.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: other.folder.appendingPathComponent("data/intake/journal").path).count, 1,
                       "the loser's answers are kept in its journal")
    }
}

/// `intake store push` killed at every moment of a push of many records: whatever it had sent stays
/// sent once, and the next sync sends the rest; nothing is stored twice or lost.
final class KilledPushTests: XCTestCase {
    func testAPushKilledAtAnyStepFinishesOnTheNextSync() async throws {
        let server = try PostgresServer.shared()
        let db = try await server.freshStore("kill_\(getpid())_\(UInt32.random(in: 0...UInt32.max))")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let officer = TwoHomesTests.Home(folder: root.appendingPathComponent("officer"), store: server.url(db, user: "officer_a"))
        XCTAssertEqual(try officer.run(["keys", "init", "--name", "PC Ann Example", "--collar", "1234", "--organisation", "Test Constabulary"]).status, 0)
        let scenario = TwoHomesTests.checkout.appendingPathComponent("flows/scenarios/experimental.yaml").path
        for _ in 0..<12 { XCTAssertEqual(try officer.run(["run", "--answers", scenario], store: .some(nil)).status, 0) }
        let files = try FileManager.default.contentsOfDirectory(atPath: officer.records.path).filter { $0.hasSuffix(".txt") }
        XCTAssertEqual(files.count, 12)
        // Killed after 0 to 400 ms, again and again: mid-connect, mid-verify, mid-send, before the answer is kept.
        for delay in stride(from: 0, through: 400, by: 40) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TwoHomesTests.binary("intake-store"))
            process.arguments = ["sync", "--push-only", "--store", server.url(db, user: "officer_a")]
            var env = ProcessInfo.processInfo.environment
            env["XDG_CONFIG_HOME"] = officer.folder.appendingPathComponent("config").path
            env["XDG_DATA_HOME"] = officer.folder.appendingPathComponent("data").path
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(delay * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let last = try officer.run(["sync"])
        XCTAssertEqual(last.status, 0, last.stderr)
        let status = try officer.run(["sync", "status"])
        XCTAssertFalse(status.stdout.contains("waiting"), status.stdout)
        XCTAssertEqual(status.stdout.components(separatedBy: "acknowledged").count - 1, 12, status.stdout)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM intake.records", database: db).trimmingCharacters(in: .whitespacesAndNewlines), "12")
        XCTAssertEqual(try server.psql("SELECT count(*) FROM intake.audit WHERE action = 'push'", database: db).trimmingCharacters(in: .whitespacesAndNewlines),
                       "12", "each record stored once")
    }
}
