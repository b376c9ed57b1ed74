/// File paths as text: the few things intake does with them, without `NSString`. Its first use
/// started Foundation's string bridging before the first screen, about 0.4 ms of a 9 ms start, and it
/// is one of the uses that tie the interview's binary to the whole of Foundation (issue 37).
/// Slashes only, as on Linux; the same answers as `NSString`'s path methods for the paths intake uses.
package enum PathText {
    /// `"/a/b.yaml"` → `"b.yaml"`; trailing slashes ignored; `"/"` → `"/"`.
    package static func lastComponent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        if trimmed == "/" || trimmed.isEmpty { return trimmed }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `"/a/b"` → `"/a"`, `"/a"` → `"/"`, `"a"` → `""`; trailing slashes ignored.
    package static func parent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return head.isEmpty ? "/" : head
    }

    /// `folder` and `name` joined by one slash.
    package static func appending(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `"flow.yaml"` → `"flow"`; a name that is only an extension (`".hidden"`) is kept.
    package static func droppingExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, !name[dot...].contains("/") else { return name }
        return String(name[..<dot])
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var s = Substring(path)
        while s.count > 1, s.hasSuffix("/") { s = s.dropLast() }
        return String(s)
    }
}
