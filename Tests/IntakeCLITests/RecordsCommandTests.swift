import Foundation
import XCTest
import IntakeRecords

/// Issue 16: `intake records` finds what waits for whom across folders, and never hides a bad file.
final class RecordsCommandTests: XCTestCase {
    var home: URL!
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                 "XDG_CACHE_HOME": home.appendingPathComponent("cache").path] }
    var records: URL { home.appendingPathComponent("data/intake/records") }
    let scenarios = Binary.root.appendingPathComponent("flows/scenarios")

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("intake-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "PC First", "--collar", "1", "--organisation", "Testshire"], environment: env).status, 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func record(_ scenario: String, _ extra: [String] = []) throws -> String {
        let result = try Binary.run(["run", "--answers", Binary.operational(scenario)] + extra, environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }, result.stderr)
        return String(line.dropFirst("Signed record saved: ".count))
    }

    func id(_ path: String) -> String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// Issue 30: the bundled flows moved to 3.0.0; a record made on 2.3.0 (kept as it shipped, in
    /// OldFlows/) still verifies, lists with its own version and outcome, and can be countersigned.
    func testARecordMadeOnTheOldFlowStillVerifiesListsAndIsReviewed() throws {
        let old = Binary.root.appendingPathComponent("Tests/IntakeCLITests/OldFlows")
        let made = try Binary.run(["run", "--flow", old.appendingPathComponent("initial-response-2.3.0.yaml").path,
                                   "--answers", old.appendingPathComponent("experimental-2.3.0.yaml").path], environment: env)
        XCTAssertEqual(made.status, 0, made.stderr)
        let path = try XCTUnwrap(made.stderr.split(separator: "\n").first { $0.hasPrefix("Signed record saved: ") }).dropFirst("Signed record saved: ".count)
        XCTAssertTrue(made.stdout.contains("initial-response version 2.3.0"), made.stdout)
        XCTAssertEqual(try Binary.run(["verify", String(path)], environment: env).status, 0)
        let listed = try Binary.run(["records", "--format", "csv"], environment: env)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains(",initial-response,2.3.0,experimental,proposed,"), listed.stdout)
        let supervisor = home.appendingPathComponent("supervisor_key").path
        XCTAssertEqual(try Binary.run(["keys", "init", "--name", "Sgt Senior", "--collar", "9", "--organisation", "Testshire", "--key", supervisor],
                                      environment: env).status, 0)
        let reviewed = try Binary.run(["review", String(path), "--key", supervisor, "--answers",
                                       scenarios.appendingPathComponent("review-agree.yaml").path], environment: env)
        XCTAssertEqual(reviewed.status, 0, reviewed.stderr)
        XCTAssertTrue(reviewed.stdout.contains("\nDecision: agreed\n"), reviewed.stdout)
        XCTAssertEqual(try Binary.run(["verify", String(path)], environment: env).status, 0)
    }

    func testFiltersSummaryAndATamperedRecordThatIsNeverHidden() throws {
        let proposed = try record("experimental")
        let pending = try record("facts-unknown")
        let aggravated = try record("coercion")
        let training = try record("experimental", ["--training"])

        let all = try Binary.run(["records"], environment: env)
        XCTAssertEqual(all.status, 0, all.stderr)
        for path in [proposed, pending, aggravated, training] { XCTAssertTrue(all.stdout.contains(id(path)), all.stdout) }

        let waiting = try Binary.run(["records", "--awaiting-review", "--no-training"], environment: env)
        XCTAssertEqual(Set(waiting.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(24)) }), [id(proposed)], waiting.stdout)
        let undetermined = try Binary.run(["records", "--undetermined", "--format", "json"], environment: env)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(undetermined.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.compactMap { $0["id"] as? String }, [id(pending)])
        // The record's to-do list, in the flow's order (issue 35).
        XCTAssertEqual(rows.first?["outstanding"] as? [String], ["adult_involved", "shared_without_permission", "malicious_sharing", "extensive_sharing", "shared_online", "delete_direction"])
        XCTAssertEqual(try Binary.run(["records", "--training"], environment: env).stdout.split(separator: "\n").count, 2)
        XCTAssertEqual(try Binary.run(["records", "--officer", "nobody"], environment: env).stdout, "No records match.\n")
        XCTAssertEqual(try Binary.run(["records", "--older-than", "7d"], environment: env).stdout, "No records match.\n")

        let summary = try Binary.run(["records", "--summary", "--format", "csv"], environment: env)
        let month = String(ISO8601DateFormatter().string(from: Date()).prefix(7))
        XCTAssertEqual(summary.stdout, "month,proposed,agreed,disagreed,pending,not applicable,unverified,total\r\n\(month),1,0,0,1,1,0,3\r\n",
                       "operational cases only: \(summary.stdout)")

        // A record altered after signing: listed and flagged whatever the filter, exit 1.
        try (try String(contentsOfFile: aggravated, encoding: .utf8)).replacingOccurrences(of: "CR/", with: "XR/")
            .write(toFile: aggravated, atomically: true, encoding: .utf8)
        let flagged = try Binary.run(["records", "--awaiting-review", "--wide"], environment: env)
        XCTAssertEqual(flagged.status, 4)
        let line = try XCTUnwrap(flagged.stdout.split(separator: "\n").first { $0.hasPrefix(id(aggravated)) }, flagged.stdout)
        XCTAssertTrue(line.contains("NO: signature 1:"), String(line))
        XCTAssertTrue(flagged.stderr.contains("1 NOT VERIFIED"), flagged.stderr)
        // The 80-column table says it too, in its state and next step.
        let narrow = try Binary.run(["records", "--awaiting-review"], environment: env)
        let row = try XCTUnwrap(narrow.stdout.split(separator: "\n").first { $0.hasPrefix(id(aggravated)) }, narrow.stdout)
        XCTAssertTrue(row.contains("NOT VERIFIED") && row.contains("intake verify"), String(row))
        XCTAssertLessThanOrEqual(row.count, 80, String(row))
    }

    func testASharedFolderFromTheEnvironmentAndTheConfigFileIsListedToo() throws {
        let mine = try record("experimental")
        let shared = home.appendingPathComponent("shared")
        let other = home.appendingPathComponent("other")
        for folder in [shared, other] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let theirs = try record("facts-unknown")
        try FileManager.default.moveItem(atPath: theirs, toPath: shared.appendingPathComponent(id(theirs) + ".txt").path)
        // The same file in two folders is one record.
        try FileManager.default.copyItem(atPath: mine, toPath: other.appendingPathComponent(id(mine) + ".txt").path)
        try "front = full\nrecords = \(other.path)\n".write(to: home.appendingPathComponent("config/intake/config"), atomically: true, encoding: .utf8)
        var withShared = env
        withShared["INTAKE_RECORDS"] = shared.path
        let listed = try Binary.run(["records"], environment: withShared)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains(id(theirs)), listed.stdout)
        XCTAssertEqual(listed.stdout.components(separatedBy: id(mine)).count, 2, "listed once: \(listed.stdout)")
        XCTAssertTrue(listed.stderr.contains(shared.path) && listed.stderr.contains(other.path), listed.stderr)
    }

    /// The listing cache never vouches for a file written since: an edit that keeps the size and
    /// puts the modification time back still changes the file's change time.
    func testAnEditedRecordIsVerifiedAgainDespiteTheCache() throws {
        let path = try record("experimental")
        let other = try record("facts-unknown")
        let first = try Binary.run(["records"], environment: env)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("cache/intake/records-index").path))
        var before = stat()
        XCTAssertEqual(lstat(path, &before), 0)
        Thread.sleep(forTimeInterval: 0.05)
        // In place, same inode and size, then the modification time put back.
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let altered = text.replacingOccurrences(of: "CR/", with: "XR/")
        XCTAssertEqual(altered.utf8.count, text.utf8.count)
        try handle.seek(toOffset: 0)
        handle.write(Data(altered.utf8))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        var after = stat()
        XCTAssertEqual(lstat(path, &after), 0)
        XCTAssertEqual([after.st_mtim.tv_sec, after.st_mtim.tv_nsec, after.st_size, Int(after.st_ino)],
                       [before.st_mtim.tv_sec, before.st_mtim.tv_nsec, before.st_size, Int(before.st_ino)], "only the change time tells")
        let second = try Binary.run(["records", "--wide"], environment: env)
        XCTAssertEqual(second.status, 4, second.stdout)
        XCTAssertTrue(second.stdout.contains("NO: signature 1: BAD"), second.stdout)
        // Trust changed: every record is verified against the new list, none taken from the cache.
        try "".write(toFile: home.appendingPathComponent("config/intake/allowed_signers").path, atomically: true, encoding: .utf8)
        let untrusted = try Binary.run(["records", "--wide"], environment: env)
        let line = try XCTUnwrap(untrusted.stdout.split(separator: "\n").first { $0.hasPrefix(id(other)) }, untrusted.stdout)
        XCTAssertTrue(line.contains("NO: signature 1: unknown key"), String(line))
    }

    /// The cache is keyed by the bytes: a record copied elsewhere is taken from it, a changed one
    /// never is, and it is private (0600 in a 0700 folder) (issue 33, item 12).
    func testTheCacheIsKeyedByTheBytesAndPrivate() throws {
        let path = try record("experimental")
        // The JSON cache 0.16.0 kept is removed once the new one is written.
        let legacy = home.appendingPathComponent("cache/intake/records-index.json")
        try FileManager.default.createDirectory(at: legacy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("[]".utf8).write(to: legacy)
        let first = try Binary.run(["records"], environment: env)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: legacy.path), "the old JSON cache is gone")
        let cache = home.appendingPathComponent("cache/intake/records-index")
        var info = stat()
        XCTAssertEqual(stat(cache.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(stat(cache.deletingLastPathComponent().path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        let kept = try Data(contentsOf: cache)
        let sha = sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertNotNil(kept.range(of: Data(sha.utf8)), "kept under the SHA-256 of the file's bytes")
        // Listed again with nothing changed: the cache is not written again (issue 37, item 6); a new
        // record is, and then the cache changes.
        XCTAssertEqual(stat(cache.path, &info), 0)
        let written = info.st_ino
        XCTAssertEqual(try Binary.run(["records"], environment: env).status, 0)
        XCTAssertEqual(stat(cache.path, &info), 0)
        XCTAssertEqual(info.st_ino, written, "an unchanged listing leaves the cache file as it was")
        _ = try record("adult-involved")
        XCTAssertEqual(try Binary.run(["records"], environment: env).status, 0)
        XCTAssertEqual(stat(cache.path, &info), 0)
        XCTAssertNotEqual(info.st_ino, written, "a new record is kept: the cache is replaced")
        // Altered in place: the entry kept for the old bytes does not vouch for the new ones.
        let altered = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "CR/", with: "XR/")
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let again = try Binary.run(["records", "--wide"], environment: env)
        XCTAssertEqual(again.status, 4, again.stdout)
        XCTAssertTrue(again.stdout.contains("NO: signature 1: BAD"), again.stdout)
    }
}

/// Issue 36, item 3: the listing's JSON gives null for a value not there, never the words a record
/// prints for it; a folder that does not exist is an error, not a listing.
final class RecordsListingShapeTests: XCTestCase {
    func testABlankCrimeReferenceIsNullAndAMissingFolderIsAnError() throws {
        let home = try OfficerHome("listing")
        defer { home.remove() }
        let answers = try String(contentsOfFile: Binary.operational("experimental"), encoding: .utf8)
            .replacingOccurrences(of: "  crime_reference: CR/0001/26\n", with: "  crime_reference: \"\"\n")
        let run = try Binary.run(["run", "--answers", try Binary.temporaryFile("blank.yaml", answers)], environment: home.env)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Crime reference: (left blank)"), String(run.stdout.prefix(600)))
        let listed = try Binary.run(["records", "--format", "json"], environment: home.env)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("\"crimeReference\" : null"), listed.stdout)
        XCTAssertFalse(listed.stdout.contains("(left blank)"), listed.stdout)

        let missing = home.url.appendingPathComponent("no-such-folder").path
        let refused = try Binary.run(["records", missing], environment: home.env)
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(missing): no such folder or file"), refused.stderr)
        XCTAssertEqual(refused.stdout, "", "no made-up row")
    }
}
