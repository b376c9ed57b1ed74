import Foundation
import IntakeRecords

/// Which front to use when the command line does not say: the line-by-line front is the one screen
/// readers use, so choosing it once must last. `INTAKE_FRONT=plain` (or `full`), huh's `ACCESSIBLE=1`,
/// or a line `front = plain` in `$XDG_CONFIG_HOME/intake/config`, in that order of precedence.
enum FrontChoice {
    static func prefersPlain(_ env: [String: String] = Environment.variables) -> Bool {
        if let front = env["INTAKE_FRONT"]?.lowercased(), !front.isEmpty { return front == "plain" }
        if let accessible = env["ACCESSIBLE"], !accessible.isEmpty, accessible != "0" { return true }
        let file = Locations.fromEnvironment(env).config.appendingPathComponent("config")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return false }
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "front" { return parts[1].lowercased() == "plain" }
        }
        return false
    }
}
