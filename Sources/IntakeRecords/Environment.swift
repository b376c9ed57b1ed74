import FoundationEssentials
import Glibc

/// The process's environment, read once from the C library's `environ`. Foundation builds a new
/// dictionary on every `ProcessInfo.environment` (and sets up ProcessInfo first), and an interview
/// asked for it half a dozen times before its first screen; intake never changes its own
/// environment, so one copy serves.
package enum Environment {
    /// Every variable, as the process started with them; the first of a name given twice.
    package static let variables: [String: String] = {
        var count = 0
        while environ[count] != nil { count += 1 }
        // Sized once: a dictionary that grows is resized inside the standard library, whose
        // pre-built code finds `[String: String]`'s storage by its mangled name and so scanned every
        // conformance record in the binary at each start (about 0.1 ms); made here, it is found directly.
        var variables = [String: String](minimumCapacity: count)
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            // By byte: "=" is ASCII, and walking by Character cost a start 0.05 ms.
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.utf8.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }()
}
