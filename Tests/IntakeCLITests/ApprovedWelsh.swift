import Foundation
import XCTest

extension Binary {
    /// A copy of the shipped police flow and its Welsh in `folder`, the Welsh approved by a Welsh
    /// reviewer whose key the `allowed_signers` in `env`'s config trusts for flows, as
    /// docs/flow-approval.md has a force do it. Returns the flow's path, for `--flow`.
    static func approvedWelsh(in folder: URL, env: [String: String]) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("flows/initial-response.yaml"),
                                         to: folder.appendingPathComponent("initial-response.yaml"))
        // The force's own Welsh, reviewed: not the shipped bytes, which are a draft whoever ships them.
        let welsh = try String(contentsOf: root.appendingPathComponent("flows/initial-response.cy.yaml"), encoding: .utf8)
        try (welsh + "# Reviewed by the force's Welsh speaker.\n").write(to: folder.appendingPathComponent("initial-response.cy.yaml"),
                                                                        atomically: true, encoding: .utf8)
        let key = folder.appendingPathComponent("welsh_reviewer_key").path
        XCTAssertEqual(try run(["keys", "init", "--name", "Welsh Reviewer", "--staff-number", "8", "--organisation", "Testshire", "--key", key],
                               environment: env).status, 0)
        let pub = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let allowed = URL(fileURLWithPath: env["XDG_CONFIG_HOME"]!).appendingPathComponent("intake/allowed_signers")
        let handle = try FileHandle(forWritingTo: allowed)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("welsh.reviewer@testshire namespaces=\"intake-flow\" \(pub)\n".utf8))
        try handle.close()
        let approved = try run(["flows", "approve", folder.appendingPathComponent("initial-response.cy.yaml").path, "--key", key], environment: env)
        XCTAssertEqual(approved.status, 0, approved.stderr)
        return folder.appendingPathComponent("initial-response.yaml").path
    }
}
