/// Splits a SQL script into its statements at the semicolons that end them: not those inside
/// quotes ('…', "…"), dollar-quoted bodies ($$…$$, $tag$…$tag$) or comments (-- and /* */).
/// Only intake's own migrations are split with it.
enum SQLScript {
    static func statements(_ sql: String) -> [String] {
        let s = Array(sql.unicodeScalars)
        var out: [String] = []
        var start = 0, i = 0
        func emit(_ end: Int) {
            let text = String(String.UnicodeScalarView(s[start..<end])).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { out.append(text) }
        }
        while i < s.count {
            let c = s[i]
            if c == "-", i + 1 < s.count, s[i + 1] == "-" {
                while i < s.count, s[i] != "\n" { i += 1 }
            } else if c == "/", i + 1 < s.count, s[i + 1] == "*" {
                i += 2
                while i + 1 < s.count, !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i += 2
            } else if c == "'" || c == "\"" {
                i += 1
                while i < s.count {
                    if s[i] == c { if i + 1 < s.count, s[i + 1] == c { i += 2; continue }; break }
                    i += 1
                }
                i += 1
            } else if c == "$", let tag = dollarTag(s, at: i) {
                i += tag.count
                while i < s.count, !matches(s, tag, at: i) { i += 1 }
                i += tag.count
            } else if c == ";" {
                emit(i)
                i += 1
                start = i
            } else {
                i += 1
            }
        }
        if start < s.count { emit(s.count) }
        return out
    }

    /// `$$` or `$tag$` opening at `i`, or nil.
    static func dollarTag(_ s: [Unicode.Scalar], at i: Int) -> [Unicode.Scalar]? {
        var j = i + 1
        while j < s.count, s[j] == "_" || s[j].properties.isAlphabetic || (j > i + 1 && ("0"..."9").contains(s[j])) { j += 1 }
        guard j < s.count, s[j] == "$" else { return nil }
        return Array(s[i...j])
    }

    static func matches(_ s: [Unicode.Scalar], _ tag: [Unicode.Scalar], at i: Int) -> Bool {
        i + tag.count <= s.count && Array(s[i..<(i + tag.count)]) == tag
    }
}
