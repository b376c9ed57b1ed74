import Foundation
import XCTest

/// Signing with a key whose private half is in ssh-agent (a key with a passphrase), against a real
/// `ssh-agent -a SOCKET` started by the test; the record is then checked by stock ssh-keygen.
final class AgentSigningTests: XCTestCase {
    var home: URL!
    var agent: Process?
    var socket: String { home.appendingPathComponent("agent.sock").path }
    var key: String { home.appendingPathComponent("officer_key").path }
    var env: [String: String] { ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                                 "XDG_DATA_HOME": home.appendingPathComponent("data").path, "SSH_AUTH_SOCK": socket] }
    let answers = Binary.root.appendingPathComponent("flows/scenarios/experimental.yaml").path

    override func setUpWithError() throws {
        let tools = ["/usr/bin/ssh-agent", "/usr/bin/ssh-add", "/usr/bin/ssh-keygen"]
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            for tool in tools { XCTAssertTrue(FileManager.default.isExecutableFile(atPath: tool), ".ci/run installs openssh-client (\(tool))") }
        }
        try XCTSkipUnless(tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }, "OpenSSH client tools not installed")
        // Short: a unix socket's path is limited to 107 bytes.
        home = URL(fileURLWithPath: "/tmp/ia-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let made = try Binary.runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "correct horse", "-C", "officer", "-f", key])
        XCTAssertEqual(made, "")
    }

    override func tearDownWithError() throws {
        if let agent, agent.isRunning {
            agent.terminate()
            agent.waitUntilExit()
        }
        if let home { try? FileManager.default.removeItem(at: home) }
    }

    func startAgent() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
        process.arguments = ["-D", "-a", socket]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        agent = process
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(50_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: socket), "ssh-agent did not make its socket")
    }

    /// `ssh-add KEY`, the passphrase given by an askpass script as a desktop would.
    func addKey() throws {
        let askpass = home.appendingPathComponent("askpass").path
        try "#!/bin/sh\necho 'correct horse'\n".write(toFile: askpass, atomically: true, encoding: .utf8)
        chmod(askpass, 0o700)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-add")
        process.arguments = [key]
        process.environment = ["SSH_AUTH_SOCK": socket, "SSH_ASKPASS": askpass, "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0",
                               "PATH": "/usr/bin:/bin"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "ssh-add failed")
    }

    func testAKeyWithAPassphraseSignsThroughSSHAgentAndStockSSHKeygenVerifies() throws {
        // The public half is adopted without the agent: intake never sees the passphrase.
        let adopted = try Binary.run(["keys", "init", "--name", "Zoë Ångström", "--collar", "4471", "--organisation", "Example Constabulary",
                                      "--key", key + ".pub"], environment: env)
        XCTAssertEqual(adopted.status, 0, adopted.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: key + ".identity"))
        try "key = \(key).pub\n".write(toFile: home.appendingPathComponent("config/intake/config").path, atomically: true, encoding: .utf8)

        // No agent yet: the record is not signed, and the message says what to do.
        let noAgent = try Binary.run(["run", "--answers", answers], environment: env)
        XCTAssertEqual(noAgent.status, 3, noAgent.stderr)
        XCTAssertTrue(noAgent.stderr.contains("cannot reach ssh-agent"), noAgent.stderr)
        try startAgent()
        let notAdded = try Binary.run(["run", "--answers", answers], environment: env)
        XCTAssertEqual(notAdded.status, 3, notAdded.stderr)
        XCTAssertTrue(notAdded.stderr.contains("ssh-agent does not hold the key"), notAdded.stderr)
        // The encrypted private key named directly points to ssh-agent.
        let encrypted = try Binary.run(["run", "--answers", answers, "--key", key], environment: env)
        XCTAssertTrue(encrypted.stderr.contains("protected by a passphrase") && encrypted.stderr.contains("ssh-add"), encrypted.stderr)

        try addKey()
        for keyOption in [[], ["--key", key]] {
            let run = try Binary.run(["run", "--answers", answers] + keyOption, environment: env)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stdout.contains("Signing key: 4471@example-constabulary SHA256:"), run.stdout)
        }
        let records = home.appendingPathComponent("data/intake/records").path
        let saved = try FileManager.default.contentsOfDirectory(atPath: records).map { records + "/" + $0 }
        XCTAssertEqual(saved.count, 2)
        let verified = try Binary.run(["verify"] + saved, environment: env)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        let allowed = home.appendingPathComponent("config/intake/allowed_signers").path
        for record in saved {
            let openssh = try Binary.runTool("/bin/sh", [Binary.root.appendingPathComponent("scripts/verify-with-openssh").path, record, allowed])
            XCTAssertTrue(openssh.hasSuffix("GOOD: \(record)\n"), openssh)
        }
    }
}
