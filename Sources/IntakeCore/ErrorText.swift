import FoundationEssentials
import Glibc

/// An error from the file system in a few words, e.g. "No such file or directory" — what
/// `localizedDescription` said through Foundation's ICU-backed strings (issue 37).
package enum ErrorText {
    package static func of(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return "\(error)"
    }
}
