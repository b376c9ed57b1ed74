import Foundation
import XCTest
import IntakeCore
@testable import IntakeRecords

final class SignedRecordTests: XCTestCase {
    let officer = SigningKey(comment: "4471@example")
    let supervisor = SigningKey(comment: "12@example")
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    var allowed: [AllowedSigner] {
        [AllowedSigner(principals: ["4471@example"], namespaces: Namespace.all, key: officer.publicKey),
         AllowedSigner(principals: ["12@example"], namespaces: [Namespace.review], key: supervisor.publicKey)]
    }

    func flow() throws -> Flow {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try FlowLoader.load(path: root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/mini.yaml").path)
    }

    func body(training: Bool = false, who: String = "school", signer: SigningKey? = nil, collar: String = "4471") throws -> String {
        var i = Interview(flow: try flow(), startedAt: t0)
        reduce(&i, .answer(.tri(false), at: t0))
        reduce(&i, .answer(.choice(who), at: t0))
        reduce(&i, .answer(.number(15), at: t0))
        reduce(&i, .finish(at: t0))
        let context = RecordContext(recordId: "IR-TEST", flowSHA256: String(repeating: "ab", count: 32),
                                    officer: .init(identity: Identity(name: "Zoë", collar: collar, organisation: "Example"),
                                                   fingerprint: (signer ?? officer).publicKey.fingerprint),
                                    training: training)
        return RecordText.render(i, context: context, timeZone: Zone.utc)
    }

    func signed(training: Bool = false) throws -> String {
        try SignedRecord.sign(try body(training: training), namespace: training ? Namespace.trainingRecord : Namespace.record, key: officer)
    }

    func checks(_ text: String, operational: Bool = false) -> [SignatureCheck] {
        RecordVerifier(allowed: allowed, operationalOnly: operational).verify(Data(text.utf8))
    }

    func testASignedRecordVerifiesAndCountersigningCoversEverythingAbove() throws {
        let record = try signed()
        XCTAssertEqual(checks(record).map(\.good), [true])
        XCTAssertEqual(checks(record).first?.signer, "4471@example")
        let section = "\nSUPERVISOR REVIEW\nReviewer: Sergeant 12\nSigning key: 12@example \(supervisor.publicKey.fingerprint)\nAgreed.\n"
        let reviewed = try SignedRecord.sign(record + section, namespace: Namespace.review, key: supervisor)
        let result = checks(reviewed)
        XCTAssertEqual(result.map(\.good), [true, true], result.map(\.message).joined(separator: "; "))
        XCTAssertEqual(result.map(\.role), ["officer", "supervisor review"])
        // Changing the officer's part breaks both signatures; changing the review breaks only the second.
        let editedBody = reviewed.replacingOccurrences(of: "A school", with: "A schoo1")
        XCTAssertEqual(checks(editedBody).map(\.good), [false, false])
        let editedReview = reviewed.replacingOccurrences(of: "Agreed.", with: "Agreed!")
        XCTAssertEqual(checks(editedReview).map(\.good), [true, false])
    }

    /// Issue 33, item 1: the last gate before a signature. Whatever path put it there, a text holding a
    /// character that acts on a terminal or hides is not signed.
    func testNoTextHoldingAHiddenCharacterIsSigned() throws {
        let good = try body()
        for bad in ["\u{1b}[2J", "\u{202e}", "\u{7f}", "\r", "\t", "\u{85}"] {
            let text = good.replacingOccurrences(of: "\n", with: "\(bad)\n", options: [], range: good.range(of: "\n"))
            XCTAssertThrowsError(try SignedRecord.sign(text, namespace: Namespace.record, key: officer), bad.debugDescription) { error in
                XCTAssertTrue("\(error)".contains("nothing was signed"), "\(error)")
            }
        }
        XCTAssertNoThrow(try SignedRecord.sign(good, namespace: Namespace.record, key: officer))
    }

    func testFlippingAnySingleByteIsDetected() throws {
        let record = Array(try signed().utf8)
        XCTAssertGreaterThan(record.count, 1000)
        var undetected: [Int] = []
        for position in record.indices {
            var copy = record
            copy[position] ^= 0x01
            let result = RecordVerifier(allowed: allowed).verify(Data(copy))
            if result.allSatisfy(\.good) { undetected.append(position) }
        }
        XCTAssertEqual(undetected, [], "flips at these byte positions went unnoticed")
    }

    func testEachFailureHasItsOwnMessage() throws {
        let record = try signed()
        XCTAssertTrue(checks(record.replacingOccurrences(of: "Age of", with: "Agf of"))[0].message.hasPrefix("BAD: the text above line"))
        let strangerKey = SigningKey(comment: "x")
        let stranger = try SignedRecord.sign(try body(signer: strangerKey), namespace: Namespace.record, key: strangerKey)
        XCTAssertTrue(checks(stranger)[0].message.hasPrefix("unknown key SHA256:"), checks(stranger)[0].message)
        let wrongNamespace = try SignedRecord.sign(try body(), namespace: Namespace.review, key: officer)
        XCTAssertEqual(checks(wrongNamespace)[0].message, "wrong namespace: signed for 'intake-review' where 'intake-record' belongs")
        let foreign = try SignedRecord.sign(try body(), namespace: "git", key: officer)
        XCTAssertTrue(checks(foreign)[0].message.contains("not an intake namespace"))
        let notTrustedForIt = try SignedRecord.sign(try body(signer: supervisor, collar: "12"), namespace: Namespace.record, key: supervisor)
        XCTAssertTrue(checks(notTrustedForIt)[0].message.contains("is trusted for 12@example, but not for namespace 'intake-record'"), checks(notTrustedForIt)[0].message)
        let someoneElses = try SignedRecord.sign(try body(), namespace: Namespace.record, key: supervisor)
        XCTAssertTrue(checks(someoneElses)[0].message.hasPrefix("the text names 4471@example"), checks(someoneElses)[0].message)
        let lines = record.split(separator: "\n", omittingEmptySubsequences: false)
        let truncated = lines.dropLast(3).joined(separator: "\n") + "\n"
        XCTAssertTrue(checks(truncated)[0].message.hasPrefix("truncated: the signature block at line"), checks(truncated)[0].message)
        let garbled = record.replacingOccurrences(of: "U1NIU0lH", with: "U1NIU0l*")
        XCTAssertTrue(checks(garbled)[0].message.hasPrefix("malformed signature block"), checks(garbled)[0].message)
        XCTAssertEqual(checks(try body())[0].message, "no signature: the record has no -----BEGIN SSH SIGNATURE----- block")
    }

    func testTrainingRecordsNeverPassAsOperational() throws {
        let training = try signed(training: true)
        XCTAssertTrue(training.hasPrefix(RecordContext.trainingBanner))
        XCTAssertTrue(training.contains("DETERMINATION [TRAINING]"))
        XCTAssertEqual(checks(training).map(\.good), [true])
        XCTAssertEqual(checks(training).first?.role, "officer (TRAINING)")
        XCTAssertEqual(checks(training, operational: true).first?.message,
                       "training record: valid signature, but a training record is never an operational record")
        // Removing the banners to pass it off as operational breaks the signature.
        let disguised = training.replacingOccurrences(of: RecordContext.trainingBanner + "\n", with: "")
        XCTAssertFalse(checks(disguised)[0].good)
        // An operational body signed in the training namespace is refused as out of place.
        let mixed = try SignedRecord.sign(try body(), namespace: Namespace.trainingRecord, key: officer)
        XCTAssertTrue(checks(mixed)[0].message.contains("training and operational signatures never mix"), checks(mixed)[0].message)
    }

    func testNoBodyLineCanPassForAMarker() throws {
        let guarded = RecordText.guardMarkers(["ok", SSHSignature.beginMarker, SSHSignature.endMarker])
        XCTAssertEqual(guarded, ["ok", " " + SSHSignature.beginMarker, " " + SSHSignature.endMarker])
        // Typed text with a marker and escapes stays inside the signed body.
        let text = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("IntakeCoreTests/Fixtures/mini.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    kind: choice\n    prompt: Who reported it?\n    choices:\n      - value: school\n        label: A school\n      - value: parent\n        label: A parent\n",
                                  with: "    kind: text\n    prompt: Who reported it?\n")
        var i = Interview(flow: try FlowLoader.load(text: text, file: "t.yaml"), startedAt: t0)
        reduce(&i, .answer(.tri(false), at: t0))
        reduce(&i, .answer(.text("\(SSHSignature.beginMarker)\n\(SSHSignature.endMarker)\n\u{1b}[2J"), at: t0))
        let body = RecordText.render(i, context: RecordContext(officer: .init(identity: Identity(name: "Zoë", collar: "4471", organisation: "Example"),
                                                                              fingerprint: officer.publicKey.fingerprint)))
        XCTAssertFalse(body.split(separator: "\n").contains { $0 == SSHSignature.beginMarker || $0 == SSHSignature.endMarker })
        XCTAssertFalse(body.contains("\u{1b}"))
        let record = try SignedRecord.sign(body, namespace: Namespace.record, key: officer)
        XCTAssertEqual(SignedRecord.blocks(in: Data(record.utf8)).count, 1)
        XCTAssertTrue(checks(record)[0].good)
    }

    func testTheOutcome21NoticeAndSignpostingAppearWhenTheyShould() throws {
        let record = try body()
        // The notice and the support list are the flow's data, the notice always a draft in an officer's record.
        XCTAssertTrue(record.contains("\nTEST NOTICE FOR THE FAMILY — DRAFT\nDRAFT, NOT TO BE GIVEN TO THE FAMILY: Outcome 21 is proposed, awaiting senior review."), record)
        XCTAssertTrue(record.contains("\n- Reported by A school; the youngest child is 15.\n"), record)
        XCTAssertTrue(record.contains("\n- Test helpline: help with testing. Contact: 0800 000 0000. Details checked 2026-11-23.\n"), record)
        XCTAssertTrue(record.contains("Outcome 21: proposed, awaiting senior review"), record)
        XCTAssertTrue(record.contains("Flow: mini version 1.0.0 (SHA-256 abab"))
        XCTAssertTrue(record.contains("Record: IR-TEST"))
        var i = Interview(flow: try flow(), startedAt: t0)
        reduce(&i, .answer(.tri(true), at: t0))
        XCTAssertFalse(RecordText.render(i, context: RecordContext()).contains("TEST NOTICE"), "not when Outcome 21 does not apply")
        // An unanswered placeholder prints the flow's blank, never the raw {id}.
        var unknownAge = Interview(flow: try flow(), startedAt: t0)
        reduce(&unknownAge, .answer(.tri(false), at: t0))
        reduce(&unknownAge, .answer(.choice("parent"), at: t0))
        reduce(&unknownAge, .answer(.unknown, at: t0))
        let text = RecordText.render(unknownAge, context: RecordContext())
        XCTAssertTrue(text.contains("- Reported by A parent; the youngest child is [age to be added].\n"), text)
        XCTAssertFalse(try XCTUnwrap(text.components(separatedBy: "TEST NOTICE").last).contains("{"), text)
        // A flow without a notice or a support list prints neither.
        var bare = try flow()
        bare.notice = nil
        bare.support = nil
        var plain = Interview(flow: bare, startedAt: t0)
        reduce(&plain, .answer(.tri(false), at: t0))
        let without = RecordText.render(plain, context: RecordContext())
        XCTAssertFalse(without.contains("DRAFT") || without.contains("SUPPORT AND ADVICE"), without)
    }
}

final class RecordStoreTests: XCTestCase {
    func testFilesArePrivateWrittenWholeAndNeverOverwritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-store-\(UUID().uuidString)/records")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let store = RecordStore(directory: dir)
        let url = try store.create("a.txt", contents: "first\n")
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "first\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int, 0o700)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int, 0o600)
        XCTAssertThrowsError(try store.create("a.txt", contents: "second\n")) { error in
            XCTAssertEqual(error as? SignatureError, .exists(path: url.path), "its own case, not words to match")
            XCTAssertTrue("\(error)".contains("a record is never overwritten"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "first\n")
        try store.replace(url, contents: "first\nreviewed\n")
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "first\nreviewed\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.txt"], "no temporary files left")
    }

    func testAnUnwritableFolderIsAClearError() throws {
        // /proc refuses new folders even to root, so this runs as any user.
        XCTAssertThrowsError(try RecordStore(directory: URL(fileURLWithPath: "/proc/intake-records")).create("a.txt", contents: "x\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot create /proc/intake-records"), "\(error)")
        }
    }

    func testKeysInitAdoptsAnExistingKeyAndNeverReplacesIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-keys-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("id_ed25519"), allowed = dir.appendingPathComponent("allowed_signers")
        let identity = Identity(name: "Zoë Ångström", collar: "4471", organisation: "Example Constabulary")
        let first = try KeyRing.initialise(identity: identity, key: key, allowedSigners: allowed)
        XCTAssertTrue(first.created)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int, 0o600)
        let second = try KeyRing.initialise(identity: identity, key: key, allowedSigners: allowed)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.key.publicKey, first.key.publicKey)
        let lines = try String(contentsOf: allowed, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines, [Substring("4471@example-constabulary namespaces=\"intake-record,intake-review,intake-training-record,intake-training-review\" \(first.key.publicKey.openSSH)")])
        XCTAssertEqual(try KeyRing.load(key: key).identity, identity)
    }
}
