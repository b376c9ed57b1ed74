import FoundationEssentials
import Glibc
import IntakeCore

/// One line of an OpenSSH allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS), read as
/// `ssh-keygen -Y verify` reads it (openssh-portable sshsig.c): principals, options, key.
package struct AllowedSigner: Equatable, Sendable {
    /// Principal patterns (comma-separated in the file; `*`, `?` and `!` as in ssh_config).
    package var principals: [String]
    /// Namespace patterns the key may sign for; nil means any.
    package var namespaces: [String]?
    /// The key.
    package var key: SSHPublicKey
    /// `cert-authority`: the key only vouches for certificates, and never signs as itself.
    package var certificateAuthority = false
    /// `valid-after` / `valid-before`: the key is trusted only for signatures made in between.
    package var validAfter: Date?
    package var validBefore: Date?

    /// Creates an entry.
    package init(principals: [String], namespaces: [String]?, key: SSHPublicKey) {
        self.principals = principals
        self.namespaces = namespaces
        self.key = key
    }

    /// The file line, e.g. `4471@example namespaces="intake-record,intake-review" ssh-ed25519 AAAA…`.
    package var line: String {
        var options: [String] = []
        if certificateAuthority { options.append("cert-authority") }
        if let namespaces { options.append("namespaces=\"\(namespaces.joined(separator: ","))\"") }
        if let validAfter { options.append("valid-after=\"\(Self.timeText(validAfter))\"") }
        if let validBefore { options.append("valid-before=\"\(Self.timeText(validBefore))\"") }
        return principals.joined(separator: ",") + (options.isEmpty ? "" : " " + options.joined(separator: ",")) + " " + key.openSSH
    }

    /// Whether this line trusts `key` to sign as `principal` in `namespace`: the key itself (a
    /// cert-authority line never does), a principal pattern, a namespace pattern.
    func trusts(_ key: SSHPublicKey, as principal: String, in namespace: String) -> Bool {
        !certificateAuthority && self.key == key && Pattern.matchesList(principal, principals)
            && (namespaces.map { Pattern.matchesList(namespace, $0) } ?? true)
    }

    /// Whether the line's time limits allow a signature made at `time`; with no time known, only
    /// a line without limits does.
    func isValid(at time: Date?) -> Bool {
        guard validAfter != nil || validBefore != nil else { return true }
        guard let time else { return false }
        if let validAfter, time < validAfter { return false }
        if let validBefore, time > validBefore { return false }
        return true
    }

    /// Reads an allowed_signers file. A line ssh-keygen would refuse (an unknown option, a bad
    /// time) trusts nothing, as in ssh-keygen; so does a key of a type intake does not verify.
    package static func parse(_ text: String) -> [AllowedSigner] {
        text.split(whereSeparator: \.isNewline).compactMap { entry(String($0)) }
    }

    /// One line, or nil when it trusts nothing.
    static func entry(_ raw: String) -> AllowedSigner? {
        let line = raw.trimmedSpaces()
        if line.isEmpty || line.hasPrefix("#") { return nil }
        var rest = Substring(line)
        guard let principals = word(&rest), !principals.isEmpty else { return nil }
        var options: Substring = ""
        var keyFields = rest
        // Options come before the key when the next word is not a key type (sshsig.c does the same).
        // Spaces or tabs separate the fields (strdelimw), so the next word is read past either.
        rest = rest.drop { $0 == " " || $0 == "\t" }
        if let first = rest.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" }).first, !first.hasPrefix("ssh-"), !first.hasPrefix("sk-") {
            guard let opts = optionsWord(&rest) else { return nil }
            options = opts
            keyFields = rest
        }
        guard let key = try? SSHPublicKey(openSSH: String(keyFields.drop { $0 == " " || $0 == "\t" })) else { return nil }
        var entry = AllowedSigner(principals: principals.split(separator: ",").map(String.init), namespaces: nil, key: key)
        guard entry.apply(options) else { return nil }
        return entry
    }

    /// Applies `cert-authority`, `namespaces=`, `valid-after=`, `valid-before=`; false for anything else.
    mutating func apply(_ options: Substring) -> Bool {
        var rest = options
        var seen = Set<String>()
        while !rest.isEmpty {
            let name = rest.prefix { $0 != "=" && $0 != "," }.lowercased()
            rest = rest.dropFirst(name.count)
            var value: String?
            if rest.first == "=" {
                rest = rest.dropFirst()
                guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return false }
                value = String(rest[rest.index(after: rest.startIndex)..<close])
                rest = rest[rest.index(after: close)...]
            }
            guard seen.insert(name).inserted else { return false }
            switch (name, value) {
            case ("cert-authority", nil): certificateAuthority = true
            case ("namespaces", let value?): namespaces = value.split(separator: ",").map(String.init)
            // As ssh-keygen: a time at or before the epoch (valid-after="00000101") makes the line
            // invalid, so it trusts nothing (sshsigopt_parse reads 0 as "not set"; OpenSSH 9.x refuses
            // the earlier ones outright; SSHSigAgreementTests checks both against ssh-keygen).
            case ("valid-after", let value?):
                guard let time = Self.time(value), time.timeIntervalSince1970 > 0 else { return false }
                validAfter = time
            case ("valid-before", let value?):
                guard let time = Self.time(value), time.timeIntervalSince1970 > 0 else { return false }
                validBefore = time
            default: return false
            }
            if rest.first == "," {
                rest = rest.dropFirst()
                if rest.isEmpty { return false }
            } else if !rest.isEmpty {
                return false
            }
        }
        if let validAfter, let validBefore, validBefore <= validAfter { return false }
        return true
    }

    /// The first word of `rest` (up to a space or tab), removed from it.
    static func word(_ rest: inout Substring) -> Substring? {
        rest = rest.drop { $0 == " " || $0 == "\t" }
        let word = rest.prefix { $0 != " " && $0 != "\t" }
        rest = rest.dropFirst(word.count)
        return word.isEmpty ? nil : word
    }

    /// The options word: up to a space or tab outside double quotes.
    static func optionsWord(_ rest: inout Substring) -> Substring? {
        rest = rest.drop { $0 == " " || $0 == "\t" }
        var quoted = false
        var end = rest.startIndex
        while end < rest.endIndex, quoted || (rest[end] != " " && rest[end] != "\t") {
            if rest[end] == "\"" { quoted.toggle() }
            end = rest.index(after: end)
        }
        guard !quoted, end > rest.startIndex else { return nil }
        defer { rest = rest[end...] }
        return rest[rest.startIndex..<end]
    }

    /// An OpenSSH absolute time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, in UTC when it ends in
    /// `Z` or `UTC`, else in local time (misc.c parse_absolute_time).
    package static func time(_ text: String, timeZone: Zone = .current) -> Date? {
        var digits = Substring(text)
        var zone = timeZone
        if digits.count > 1, digits.uppercased().hasSuffix("Z") {
            digits = digits.dropLast()
            zone = .utc
        } else if digits.count > 3, digits.uppercased().hasSuffix("UTC") {
            digits = digits.dropLast(3)
            zone = .utc
        }
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let n = digits.map { Int(String($0))! }
        func number(_ at: Int, _ length: Int) -> Int { n[at..<at + length].reduce(0) { $0 * 10 + $1 } }
        let reading = CivilTime(year: number(0, 4), month: number(4, 2), day: number(6, 2),
                                hour: digits.count >= 12 ? number(8, 2) : 0, minute: digits.count >= 12 ? number(10, 2) : 0,
                                second: digits.count == 14 ? number(12, 2) : 0)
        guard reading.isValid else { return nil }
        return zone.date(reading)
    }

    /// `YYYYMMDDHHMMSSZ`, a time in the form OpenSSH reads.
    package static func timeText(_ date: Date) -> String {
        Zone.utc.civil(date).isoText.filter(\.isNumber) + "Z"
    }
}

/// OpenSSH's pattern lists (match.c): `*` and `?` wildcards, and `!` to exclude.
enum Pattern {
    /// Whether `text` matches the list: no negated pattern matches it and some plain one does.
    static func matchesList(_ text: String, _ patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if matches(Array(text.utf8)[...], Array(pattern.utf8.dropFirst())[...]) { return false }
            } else if matches(Array(text.utf8)[...], Array(pattern.utf8)[...]) {
                matched = true
            }
        }
        return matched
    }

    /// A glob match; iterative, so no pattern can exhaust the stack.
    static func matches(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        var t = text.startIndex, p = pattern.startIndex
        var star: Int?, mark = t
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                t += 1; p += 1
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = p; mark = t; p += 1
            } else if let s = star {
                p = s + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
