import FoundationEssentials
import Glibc

/// The process's environment, read once from the C library's `environ`. Foundation builds a new
/// dictionary on every `ProcessInfo.environment` (and sets up ProcessInfo first), and an interview
/// asked for it half a dozen times before its first screen; intake never changes its own
/// environment, so one copy serves.
package enum Environment {
    /// Every variable, as the process started with them; the first of a name given twice.
    package static let variables: [String: String] = {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), variables[String(text[..<equals])] == nil {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }()
}
