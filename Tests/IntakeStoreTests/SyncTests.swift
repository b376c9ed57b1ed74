import Foundation
import IntakeCore
import IntakeRecords
import IntakeSession
@testable import IntakeStore
import XCTest

/// Offline first against a real server: the local file is always there first; a push is idempotent
/// whatever step it died at; a server that goes away loses nothing; bytes altered in the database
/// are caught on read.
final class SyncTests: XCTestCase {
    nonisolated(unsafe) static var databases = 0
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func store() async throws -> (PostgresServer, String) {
        let server = try PostgresServer.shared()
        Self.databases += 1
        return (server, try await server.freshStore("sync_\(Self.databases)_\(getpid())"))
    }

    static let flowText = """
    id: tiny
    title: Tiny
    version: 1.0.0
    start: adult
    screens:
      - id: adult
        kind: yes-no-unknown
        prompt: An adult?
        next: done
      - id: done
        kind: end
        prompt: Done.
    determination:
      rules:
        - when: adult == yes
          classification: aggravated
      otherwise:
        classification: experimental
    """

    /// An officer's data folder with a key and `count` signed records in it; returns the verifier.
    func officerHome(_ name: String, records ids: [String]) throws -> (Sync, URL) {
        let home = root.appendingPathComponent(name)
        let key = home.appendingPathComponent("config/id_ed25519")
        try FileManager.default.createDirectory(at: key.deletingLastPathComponent(), withIntermediateDirectories: true)
        let signers = home.appendingPathComponent("config/allowed_signers")
        _ = try KeyRing.initialise(identity: Identity(name: "PC Ann Example", collar: "1234", organisation: "Test Constabulary"),
                                   key: key, allowedSigners: signers)
        let flow = try FlowLoader.load(text: Self.flowText, file: "tiny.yaml")
        let data = home.appendingPathComponent("data")
        for id in ids {
            var interview = Interview(flow: flow, startedAt: Date())
            for event: Event in [.answer(.tri(false), at: Date()), .finish(at: Date())] { reduce(&interview, event) }
            guard case .saved = Finish.record(interview, context: RecordContext(recordId: id), key: key,
                                              records: RecordStore(directory: data.appendingPathComponent("records"))) else {
                throw StoreTestError("record \(id) not saved")
            }
        }
        let verifier = RecordVerifier(allowed: AllowedSigner.parse(try String(contentsOf: signers, encoding: .utf8)), revoked: RevokedKeys())
        return (Sync(dataFolder: data, verifier: verifier), signers)
    }

    func testAPushIsIdempotentAtEveryStepAndTheStatusProvesWhatWasSent() async throws {
        let (server, db) = try await store()
        let (sync, _) = try officerHome("officer", records: ["IR-1", "IR-2"])
        XCTAssertEqual(sync.status().map { $0.ack == nil }, [true, true], "both wait before the first sync")
        let store = try await StoreConnection.open(server.address(db, user: "officer_a"))
        let first = try await sync.push(store)
        XCTAssertEqual(first.map(\.kind), [.sent, .sent])
        let status = sync.status()
        XCTAssertEqual(status.compactMap(\.ack?.status), ["stored", "stored"])
        for w in status {
            XCTAssertEqual(w.ack?.server, w.sha256, "the server acknowledged exactly these bytes")
            let held = try server.psql("SELECT sha256 FROM intake.records WHERE id = '\(w.id)'", database: db)
            XCTAssertEqual(held.trimmingCharacters(in: .whitespacesAndNewlines), w.sha256)
        }
        let again = try await sync.push(store)
        XCTAssertEqual(again, [], "nothing waits")
        // Killed after the server stored the records but before the answer was kept: sent again, a no-op.
        try FileManager.default.removeItem(at: sync.stateFile)
        let resent = try await sync.push(store)
        XCTAssertEqual(resent.map(\.kind), [.already, .already])
        XCTAssertEqual(try server.psql("SELECT count(*) FROM intake.records", database: db).trimmingCharacters(in: .whitespacesAndNewlines), "2")
        await store.close()
    }

    func testAServerThatGoesAwayMidPushLosesNothingAndTheNextSyncFinishes() async throws {
        let (server, db) = try await store()
        let (sync, _) = try officerHome("officer", records: ["IR-1", "IR-2", "IR-3"])
        let store = try await StoreConnection.open(server.address(db, user: "officer_a"))
        _ = try await sync.push(store, files: [sync.records.appendingPathComponent("IR-1.txt").path])
        try await server.pause {
            do {
                _ = try await sync.push(store)
                XCTFail("pushed to a stopped server")
            } catch StoreError.unreachable {
            } catch {
                XCTFail("not said as unreachable: \(error)")
            }
        }
        await store.close()
        XCTAssertEqual(sync.status().filter { $0.ack == nil }.map(\.id), ["IR-2", "IR-3"], "what was not acknowledged waits")
        for id in ["IR-1", "IR-2", "IR-3"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: sync.records.appendingPathComponent("\(id).txt").path))
        }
        let back = try await StoreConnection.open(server.address(db, user: "officer_a"))
        let rest = try await sync.push(back)
        XCTAssertEqual(rest.map(\.kind), [.sent, .sent])
        XCTAssertTrue(sync.status().allSatisfy { $0.ack?.status == "stored" })
        // A pull cut off by the server going away keeps nothing half-written, and the next one finishes.
        let (other, _) = try officerHome("laptop", records: [])
        let otherSync = Sync(dataFolder: other.dataFolder, verifier: sync.verifier)
        try await server.pause {
            do {
                _ = try await otherSync.pull(back)
                XCTFail("pulled from a stopped server")
            } catch StoreError.unreachable {}
        }
        await back.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: otherSync.pulled.path))
        let again = try await StoreConnection.open(server.address(db, user: "officer_a"))
        let pulled = try await otherSync.pull(again)
        XCTAssertEqual(pulled.map(\.kind), [.pulled, .pulled, .pulled])
        await again.close()
    }

    func testARowAlteredInTheDatabaseIsFlaggedAndNeverKept() async throws {
        let (server, db) = try await store()
        let (sync, _) = try officerHome("officer", records: ["IR-1", "IR-2"])
        let store = try await StoreConnection.open(server.address(db, user: "officer_a"))
        _ = try await sync.push(store)
        // Someone with the database's keys changes an answer in the stored bytes, and its hash to match.
        try server.psql("""
            UPDATE intake.records SET bytes = convert_to(replace(convert_from(bytes, 'UTF8'), 'Answer: No', 'Answer: Yes'), 'UTF8') WHERE id = 'IR-2';
            UPDATE intake.records SET sha256 = encode(sha256(bytes), 'hex') WHERE id = 'IR-2';
            """, database: db)
        let laptop = Sync(dataFolder: root.appendingPathComponent("laptop/data"), verifier: sync.verifier)
        let lines = try await laptop.pull(store)
        XCTAssertEqual(lines.first { $0.id == "IR-1" }?.kind, .pulled)
        let altered = lines.first { $0.id == "IR-2" }
        XCTAssertEqual(altered?.kind, .unverified, "\(lines)")
        XCTAssertTrue(altered?.text.contains("NOT VERIFIED") ?? false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: laptop.pulled.appendingPathComponent("IR-2.txt").path), "an altered row is written nowhere")
        // The listing shows it as failing, never as good.
        let rows = try await store.records(try await store.list(StoreQuery()).map { $0.id }).sorted { $0.id < $1.id }
        let reports = rows.map { RecordFiles.report($0.bytes, name: $0.id, with: sync.verifier) }
        XCTAssertEqual(reports.map(\.good), [true, false])
        await store.close()
    }
}
