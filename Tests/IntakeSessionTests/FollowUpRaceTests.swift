import Foundation
import XCTest
import IntakeCore
import IntakeRecords
@testable import IntakeSession

/// Two follow-ups of one record finished at the same moment on one machine: exactly one is signed,
/// every time (issue 32: it was 14 of 15 before the check and the save shared a lock).
final class FollowUpRaceTests: XCTestCase {
    var root: URL!
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)
    let identity = Identity(name: "PC Ann Example", collar: "1234", organisation: "Test Constabulary")

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("intake-race-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func testTwoFollowUpsOfOneRecordFinishedAtOnceOneWinsEveryTime() throws {
        let interviews = Interviews(dataFolder: root.appendingPathComponent("data/intake"))
        let path = root.appendingPathComponent("named.yaml").path
        try OpenInterviewTests.flowText.write(toFile: path, atomically: true, encoding: .utf8)
        let flow = try LoadedFlow.read(path: path)
        let key = root.appendingPathComponent("id_ed25519")
        _ = try KeyRing.initialise(identity: identity, key: key, allowedSigners: root.appendingPathComponent("allowed_signers"))
        let answers = try AnswersFile.parse(text: "adult: no\n", file: "a.yaml", flow: flow.flow)
        for n in 0..<50 {
            let json = #"{"id":"IR-\#(n)","flow":"named","version":"1.0.0","sha256":"00","signer":"x","fingerprint":"SHA256:x","training":false}"#
            let earlier = try JSONDecoder().decode(SourceRecord.self, from: Data(json.utf8))
            let supersedes = Supersession(record: earlier, caseId: "IR-\(n)", answers: "")
            var pair: [Interviews.Open] = []
            for side in ["A", "B"] {
                var open = try interviews.begin(flow, id: "IR-\(n)-\(side)", started: t0, training: false, source: nil, supersedes: supersedes)
                try open.prepare(identity: identity, prefill: answers, at: t0)
                pair.append(open)
            }
            let results = Results()
            let start = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            for open in pair {
                DispatchQueue.global().async(group: group) {
                    start.wait()
                    results.add(open.finish(open.interview, key: key, records: interviews.records))
                }
            }
            start.signal(); start.signal()
            group.wait()
            let saved = results.all.filter { if case .saved = $0 { return true } else { return false } }
            XCTAssertEqual(saved.count, 1, "try \(n): both follow-ups were signed, the case forked")
            let refused = results.all.compactMap { r -> String? in if case .notSaved(_, let why) = r { return why } else { return nil } }
            XCTAssertEqual(refused.count, 1, "try \(n)")
            XCTAssertTrue(refused.first?.contains("was followed up meanwhile by IR-\(n)-") ?? false, refused.first ?? "")
            // The loser's journal is kept, to follow up the winner instead.
            XCTAssertEqual(interviews.unfinished().map(\.id).filter { $0.hasPrefix("IR-\(n)-") }.count, 1, "try \(n)")
        }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Finish.Result] = []
        func add(_ r: Finish.Result) { lock.lock(); results.append(r); lock.unlock() }
        var all: [Finish.Result] { lock.lock(); defer { lock.unlock() }; return results }
    }
}
