import FoundationEssentials
import Glibc
import IntakeCore

/// Who the signed text says signed it: the principal and key fingerprint of its `Signing key:`
/// line, and when, from its `Finished:` (officer) or `Reviewed:` (supervisor) line. A signature is
/// good only if it was made by that key, trusted for that principal at that time.
package struct SignerClaim: Equatable, Sendable {
    package var principal: String
    package var fingerprint: String
    /// When the text says it was signed; nil when it does not say.
    package var signedAt: Date?

    /// The officer's claim: the one `Signing key:` line of the body's header (the lines before its
    /// first empty line), or why there is none.
    static func body(_ covered: Data) -> Result<SignerClaim, ClaimError> {
        // The header is at the top, so the search stops early however long the record.
        let end = covered.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress, raw.count > 1 else { return raw.count }
            var at = 0
            while at < raw.count - 1, let found = memchr(base + at, 0x0A, raw.count - at - 1) {
                let i = UnsafeRawPointer(found) - base
                if raw[i + 1] == 0x0A { return i }
                at = i + 1
            }
            return raw.count
        } + covered.startIndex
        return claim(lines(covered[covered.startIndex..<end]), time: "Finished: ", what: "the record's header")
    }

    /// The lines of `bytes`, empty ones left out, as `String.split(separator: "\n")` gives them, by
    /// byte: splitting by Character was 8 % of a cold listing. A line feed after a carriage return
    /// is one Character with it, so not a place to split, exactly as there.
    static func lines(_ bytes: Data) -> [String] {
        bytes.withUnsafeBytes { raw in
            var lines: [String] = []
            var start = 0
            for i in 0..<raw.count where raw[i] == 0x0A && (i == 0 || raw[i - 1] != 0x0D) {
                if i > start { lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<i]), as: UTF8.self)) }
                start = i + 1
            }
            if raw.count > start { lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start...]), as: UTF8.self)) }
            return lines
        }
    }

    /// The reviewer's claim: the section between the officer's END line and the review's BEGIN line
    /// must be a review (`SUPERVISOR REVIEW`, then `Reviewer:`, then `Signing key:`).
    static func review(_ section: Data, training: Bool) -> Result<SignerClaim, ClaimError> {
        let lines = String(decoding: section, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = "SUPERVISOR REVIEW" + (training ? " [TRAINING]" : "")
        guard lines.count >= 4, lines[0].isEmpty, lines[1] == title, lines[2].hasPrefix("Reviewer: "), lines[3].hasPrefix("Signing key: ") else {
            return .failure(.noReview)
        }
        let headerEnd = lines.dropFirst(2).firstIndex(where: { $0.hasPrefix("- ") || $0.isEmpty }) ?? lines.count
        return claim(Array(lines[2..<headerEnd]), time: "Reviewed: ", what: "the review")
    }

    static func claim(_ lines: [String], time label: String, what: String) -> Result<SignerClaim, ClaimError> {
        let named = lines.filter { $0.hasPrefix("Signing key: ") }
        guard named.count == 1 else { return .failure(named.isEmpty ? .noSigner(what) : .twoSigners(what)) }
        let parts = named[0].dropFirst("Signing key: ".count).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].hasPrefix("SHA256:") else { return .failure(.noSigner(what)) }
        let at = lines.first { $0.hasPrefix(label) }.flatMap { utc(in: $0) }
        return .success(SignerClaim(principal: String(parts[0]), fingerprint: String(parts[1]), signedAt: at))
    }

    /// The time in `… (UTC 2026-11-23T10:04:00Z)`, as `Describe.time` writes it.
    static func utc(in line: String) -> Date? {
        guard let open = line.firstRange(of: "(UTC "), line.hasSuffix(")") else { return nil }
        // To the second only, as `Describe.time` writes it; read by hand (a formatter per record
        // costs more than the check).
        let iso = String(line[open.upperBound...].dropLast())
        return iso.utf8.count == 20 ? UTCTime.parse(iso) : nil
    }

    /// Why the text names no signer.
    enum ClaimError: Error, Equatable {
        case noSigner(String)
        case twoSigners(String)
        case noReview

        var message: String {
            switch self {
            case .noSigner(let what): return "\(what) names no signer (no 'Signing key: PRINCIPAL SHA256:…' line), so the signature cannot be bound to anyone"
            case .twoSigners(let what): return "\(what) has more than one 'Signing key:' line, so it does not say who signed it"
            case .noReview: return "this countersignature covers no review: a second signature must follow a SUPERVISOR REVIEW section naming its Reviewer and Signing key"
            }
        }
    }
}
