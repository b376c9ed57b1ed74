import FoundationEssentials
import Glibc

/// Which front to use when the command line does not say: the line-by-line front is the one screen
/// readers use, so choosing it once must last. `INTAKE_FRONT=plain` (or `full`), huh's `ACCESSIBLE=1`,
/// or a line `front = plain` in `$XDG_CONFIG_HOME/intake/config` (its last `front =` line), in that
/// order of precedence.
package enum FrontChoice {
    package static func prefersPlain(_ env: [String: String] = Environment.variables) -> Bool {
        if let front = env["INTAKE_FRONT"]?.lowercased(), !front.isEmpty { return front == "plain" }
        if let accessible = env["ACCESSIBLE"], !accessible.isEmpty, accessible != "0" { return true }
        return Locations.fromEnvironment(env).settings.value("front")?.lowercased() == "plain"
    }
}
