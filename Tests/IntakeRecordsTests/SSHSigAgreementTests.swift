import Foundation
import XCTest
@testable import IntakeRecords

/// Issue 33, item 11: intake reads an allowed_signers file as `ssh-keygen -Y verify` reads it. Each
/// case of OpenSSH's own test (regress/sshsig.sh) and of its parser (sshsig.c:
/// parse_principals_key_and_options, sshsigopt_parse; misc.c: parse_absolute_time) is put to the
/// real ssh-keygen and to intake, and the two must give the same verdict. The deliberate
/// differences (docs/verify-with-openssh.md) are not here: certificates and key types intake does
/// not verify.
final class SSHSigAgreementTests: XCTestCase {
    var dir: URL!
    var key = "", wrong = "", signature = "", message = Data()
    let principal = "4471@example.police.uk", namespace = "intake-record"

    override func setUpWithError() throws {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), ".ci/run installs openssh-client")
        }
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "ssh-keygen not installed")
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-sshsig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["key", "wrong"] {
            XCTAssertEqual(try keygen(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path(name)]).status, 0)
        }
        key = try String(contentsOfFile: path("key.pub"), encoding: .utf8).trimmingCharacters(in: .newlines)
        wrong = try String(contentsOfFile: path("wrong.pub"), encoding: .utf8).trimmingCharacters(in: .newlines)
        message = Data("INTAKE RECORD\nsigned by ssh-keygen for the agreement test\n".utf8)
        try message.write(to: URL(fileURLWithPath: path("message")))
        XCTAssertEqual(try keygen(["-Y", "sign", "-f", path("key"), "-n", namespace, path("message")]).status, 0)
        signature = try String(contentsOfFile: path("message.sig"), encoding: .utf8)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func keygen(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        let err = path("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardOutput = FileHandle.nullDevice
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin)) }
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: err) }
        return (process.terminationStatus, try String(contentsOfFile: err, encoding: .utf8))
    }

    /// One case: an allowed_signers file (KEY and WRONG stand for the two public keys), the principal
    /// and namespace asked for, and the time the signature is checked at (`-O verify-time`, in UTC).
    struct Case {
        var name: String
        var signers: String
        var principal: String? = nil
        var namespace: String? = nil
        var time: String = "20261204120000Z"
    }

    /// ssh-keygen's verdict and intake's on the same case.
    func verdicts(_ c: Case) throws -> (openSSH: Bool, intake: Bool, why: String) {
        let signers = c.signers.replacingOccurrences(of: "WRONG", with: wrong).replacingOccurrences(of: "KEY", with: key)
        try signers.write(toFile: path("allowed_signers"), atomically: true, encoding: .utf8)
        let p = c.principal ?? principal, n = c.namespace ?? namespace
        let openSSH = try keygen(["-Y", "verify", "-f", path("allowed_signers"), "-I", p, "-n", n, "-s", path("message.sig"),
                                  "-O", "verify-time=\(c.time)"], stdin: path("message"))
        let sig = try SSHSignature(armored: signature)
        let at = try XCTUnwrap(AllowedSigner.time(c.time), c.time)
        let intake = sig.verifies(message) && sig.namespace == n
            && AllowedSigner.parse(signers).contains { $0.trusts(sig.publicKey, as: p, in: n) && $0.isValid(at: at) }
        return (openSSH.status == 0, intake, openSSH.err)
    }

    /// Cases from regress/sshsig.sh, in its order, then sshsig.c's parser and misc.c's times.
    static let cases: [Case] = [
        // sshsig.sh
        Case(name: "plain", signers: "4471@example.police.uk KEY\n"),
        Case(name: "limited namespace", signers: "4471@example.police.uk namespaces=\"intake-record,whatever\" KEY\n"),
        Case(name: "bad option", signers: "4471@example.police.uk octopus KEY\n"),
        Case(name: "wrong key", signers: "4471@example.police.uk WRONG\n"),
        Case(name: "wrong principal", signers: "josef.k@example.com KEY\n"),
        Case(name: "wrong namespace", signers: "4471@example.police.uk KEY\n", namespace: "intake-review"),
        Case(name: "excluded namespace", signers: "4471@example.police.uk namespaces=\"whatever\" KEY\n"),
        Case(name: "valid lifespan", signers: "4471@example.police.uk valid-after=\"19800101\",valid-before=\"19900101\" KEY\n", time: "19850101Z"),
        Case(name: "not yet valid", signers: "4471@example.police.uk valid-after=\"19800101\",valid-before=\"19900101\" KEY\n", time: "19790101Z"),
        Case(name: "expired", signers: "4471@example.police.uk valid-after=\"19800101\",valid-before=\"19900101\" KEY\n", time: "19910101Z"),
        Case(name: "expired now", signers: "4471@example.police.uk valid-after=\"19800101\",valid-before=\"19900101\" KEY\n"),
        Case(name: "duplicate principals, one window matches",
             signers: "4471@example.police.uk valid-after=\"19800101Z\",valid-before=\"19900101Z\" KEY\n4471@example.police.uk valid-after=\"20200101Z\",valid-before=\"20300101Z\" KEY\n"),
        Case(name: "duplicate principals, neither window",
             signers: "4471@example.police.uk valid-before=\"19900101Z\" KEY\n4471@example.police.uk valid-after=\"20300101Z\" KEY\n"),
        // sshsig.c: principals and patterns (match_pattern_list, case-sensitive)
        Case(name: "pattern", signers: "*@example.police.uk KEY\n"),
        Case(name: "negated pattern", signers: "!4471@example.police.uk,*@example.police.uk KEY\n"),
        Case(name: "question mark", signers: "447?@example.police.uk KEY\n"),
        Case(name: "case differs", signers: "4471@EXAMPLE.police.uk KEY\n"),
        Case(name: "list", signers: "12@example.police.uk,4471@example.police.uk KEY\n"),
        // sshsig.c: lines
        Case(name: "comment and blank lines", signers: "# trusted\n\n   \n4471@example.police.uk KEY\n"),
        Case(name: "leading spaces and tabs", signers: " \t4471@example.police.uk\tKEY\n"),
        Case(name: "a bad line before a good one", signers: "4471@example.police.uk octopus KEY\n4471@example.police.uk KEY\n"),
        Case(name: "no key", signers: "4471@example.police.uk\n"),
        Case(name: "options without key", signers: "4471@example.police.uk namespaces=\"intake-record\"\n"),
        Case(name: "key comment kept", signers: "4471@example.police.uk KEY and a comment\n"),
        // sshsigopt_parse
        Case(name: "option names in capitals", signers: "4471@example.police.uk NAMESPACES=\"intake-record\" KEY\n"),
        Case(name: "two namespaces clauses", signers: "4471@example.police.uk namespaces=\"intake-record\",namespaces=\"x\" KEY\n"),
        Case(name: "two valid-after clauses", signers: "4471@example.police.uk valid-after=\"20200101\",valid-after=\"20210101\" KEY\n"),
        Case(name: "trailing comma", signers: "4471@example.police.uk namespaces=\"intake-record\", KEY\n"),
        Case(name: "unquoted value", signers: "4471@example.police.uk namespaces=intake-record KEY\n"),
        Case(name: "namespace pattern", signers: "4471@example.police.uk namespaces=\"intake-*\" KEY\n"),
        Case(name: "negated namespace", signers: "4471@example.police.uk namespaces=\"!intake-record,*\" KEY\n"),
        Case(name: "cert-authority never signs as itself", signers: "4471@example.police.uk cert-authority KEY\n"),
        Case(name: "before not after after", signers: "4471@example.police.uk valid-after=\"20300101\",valid-before=\"20200101\" KEY\n"),
        Case(name: "equal window", signers: "4471@example.police.uk valid-after=\"20200101\",valid-before=\"20200101\" KEY\n"),
        // parse_absolute_time
        Case(name: "valid-after in year 0", signers: "4471@example.police.uk valid-after=\"00000101\" KEY\n"),
        Case(name: "valid-before in year 0", signers: "4471@example.police.uk valid-before=\"00000101\" KEY\n"),
        Case(name: "valid-after at the epoch", signers: "4471@example.police.uk valid-after=\"19700101Z\" KEY\n"),
        Case(name: "valid-after before the epoch", signers: "4471@example.police.uk valid-after=\"19691231Z\" KEY\n"),
        Case(name: "minutes", signers: "4471@example.police.uk valid-after=\"202612041159Z\" KEY\n"),
        Case(name: "seconds, not yet", signers: "4471@example.police.uk valid-after=\"20261204120001Z\" KEY\n"),
        Case(name: "UTC suffix", signers: "4471@example.police.uk valid-before=\"20261204115959UTC\" KEY\n"),
        Case(name: "lower-case z", signers: "4471@example.police.uk valid-before=\"20261205z\" KEY\n"),
        Case(name: "month 13", signers: "4471@example.police.uk valid-after=\"20261301\" KEY\n"),
        Case(name: "nine digits", signers: "4471@example.police.uk valid-after=\"202612041\" KEY\n"),
        Case(name: "letters", signers: "4471@example.police.uk valid-after=\"2026120x\" KEY\n"),
    ]

    func testEveryCaseGetsOpenSSHsVerdict() throws {
        var disagreements: [String] = []
        for c in Self.cases {
            let (openSSH, intake, why) = try verdicts(c)
            if openSSH != intake {
                disagreements.append("\(c.name): ssh-keygen \(openSSH ? "accepts" : "refuses") (\(why.split(separator: "\n").last ?? "")), intake \(intake ? "accepts" : "refuses")")
            }
        }
        XCTAssertEqual(disagreements, [], "\n" + disagreements.joined(separator: "\n"))
        // The cases are not all one way: each verdict is met.
        let verdicts = try Self.cases.prefix(12).map { try self.verdicts($0).openSSH }
        XCTAssertTrue(verdicts.contains(true) && verdicts.contains(false))
    }
}
