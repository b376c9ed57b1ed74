import FoundationEssentials
import Glibc
import IntakeCore

/// Appending and checking signature blocks. Each block signs every byte above its BEGIN line: the
/// officer's the body; a countersignature the body, the officer's block and the review before it.
package enum SignedRecord {
    /// `text` followed by its signature block.
    package static func sign(_ text: String, namespace: String, key: SigningKey) throws(SignatureError) -> String {
        guard text.hasSuffix("\n") else { throw .malformed("the text to sign must end with a line feed") }
        // The last gate: input is refused where it is typed or read, and this makes sure that no path
        // missed can put a character that acts on a terminal (ESC, a bidi override) under a signature.
        if let bad = Visible.firstHidden(in: text) {
            throw .malformed("the text holds \(Visible.name(bad)), which a record never holds; nothing was signed")
        }
        let signature = try SSHSignature.sign(Data(text.utf8), namespace: namespace, key: key)
        return text + signature.armored
    }

    /// One signature block found in a record.
    package struct Block: Sendable {
        /// 1 for the officer's, 2 for the first countersignature, …
        package var index: Int
        /// The 1-based line of its BEGIN marker.
        package var line: Int
        /// The bytes it covers: everything above its BEGIN line.
        package var covered: Data
        /// The armored text, or nil if the block is cut short.
        package var armored: String?
    }

    /// Finds every signature block. Lines are compared whole, so only a real marker line counts.
    package static func blocks(in data: Data) -> [Block] {
        let begin = Array(SSHSignature.beginMarker.utf8), end = Array(SSHSignature.endMarker.utf8)
        // Marker lines first, scanned with memchr: records are mostly long lines that cannot match.
        var markers: [(start: Int, end: Int, line: Int, isBegin: Bool)] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            let count = raw.count
            var lineStart = 0
            var lineNumber = 1
            while lineStart < count {
                let found = memchr(base + lineStart, 0x0A, count - lineStart)
                let lineEnd = found.map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? count
                let length = lineEnd - lineStart
                if length == begin.count || length == end.count {
                    let line = UnsafeRawBufferPointer(rebasing: raw[lineStart..<lineEnd])
                    if line.elementsEqual(begin) { markers.append((lineStart, lineEnd, lineNumber, true)) }
                    else if line.elementsEqual(end) { markers.append((lineStart, lineEnd, lineNumber, false)) }
                }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        }
        let base = data.startIndex
        var blocks: [Block] = []
        var open: (start: Int, line: Int)?
        for marker in markers {
            if marker.isBegin {
                if let previous = open {
                    blocks.append(Block(index: blocks.count + 1, line: previous.line, covered: data[base..<base + previous.start], armored: nil))
                }
                open = (marker.start, marker.line)
            } else if let current = open {
                let stop = min(data.count, marker.end + 1)
                let armored = String(decoding: data[base + current.start..<base + stop], as: UTF8.self)
                blocks.append(Block(index: blocks.count + 1, line: current.line, covered: data[base..<base + current.start], armored: armored))
                open = nil
            }
        }
        if let current = open {
            blocks.append(Block(index: blocks.count + 1, line: current.line, covered: data[base..<base + current.start], armored: nil))
        }
        return blocks
    }
}

/// The result of checking one signature of a record, or (index 0) the record as a whole.
package struct SignatureCheck: Equatable, Sendable, Codable {
    /// How a check failed: each has its own exit status in `intake verify`.
    package enum Failure: String, Codable, Sendable, Comparable {
        /// The text is not as signed, a block is malformed, or the record is not made as intake
        /// makes records (a block too many, a review without its text, text after the end).
        case bad
        /// The signature is sound, but its key is unknown, not the key the text names, not trusted
        /// for the principal or namespace, outside its valid times, or revoked.
        case signer
        /// The file cannot be read.
        case unreadable
        /// The file was changed on its way (CRLF, byte-order mark, UTF-16, lost final line feed).
        case damaged

        /// The most serious first.
        package static func < (a: Failure, b: Failure) -> Bool {
            let order: [Failure] = [.bad, .signer, .unreadable, .damaged]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    /// 1 for the officer's, 2 for the supervisor's countersignature; 0 for the record as a whole.
    package var index: Int
    /// The line of the block's BEGIN marker (or where the record-wide problem is).
    package var line: Int
    /// "officer", "supervisor review", or their TRAINING forms; nil when it could not be read.
    package var role: String?
    /// The namespace signed for.
    package var namespace: String?
    /// The principal the text names, once the key is shown to be trusted for it.
    package var signer: String?
    /// The key's SHA256 fingerprint.
    package var fingerprint: String?
    /// True only when the signature is valid, made by the key the text names, trusted for its
    /// principal and namespace at its time, not revoked, and in its place.
    package var good: Bool
    /// Why it is not good; nil when it is.
    package var failure: Failure?
    /// What was found, in words.
    package var message: String
    /// The signature is sound but its key is in no allowed signers line: a colleague not yet
    /// trusted here, whom `intake keys trust` can add. Asked of this, not of the message's words.
    /// Not in the JSON a listing prints: `failure` (`signer`) and the message say it there.
    package var keyUnknown = false

    enum CodingKeys: String, CodingKey {
        case index, line, role, namespace, signer, fingerprint, good, failure, message
    }

    /// Creates a check result.
    package init(index: Int, line: Int, role: String?, namespace: String?, signer: String?, fingerprint: String?,
                good: Bool, failure: Failure? = nil, message: String) {
        self.index = index
        self.line = line
        self.role = role
        self.namespace = namespace
        self.signer = signer
        self.fingerprint = fingerprint
        self.good = good
        self.failure = good ? nil : (failure ?? .bad)
        self.message = message
    }

    /// A failure of the record as a whole.
    static func record(_ failure: Failure, line: Int = 0, _ message: String) -> SignatureCheck {
        SignatureCheck(index: 0, line: line, role: nil, namespace: nil, signer: nil, fingerprint: nil, good: false, failure: failure, message: message)
    }

    mutating func fail(_ failure: Failure, _ message: String) {
        good = false
        signer = nil
        self.failure = failure
        self.message = message
    }
}

/// Checks a record as strictly as `ssh-keygen -Y verify` with the signer's principal (`-I`) checks
/// each signature, and checks what OpenSSH cannot: that the record is made as intake makes them
/// (docs/record-format.md). Every rule here has its twin in `scripts/verify-with-openssh`.
package struct RecordVerifier: Sendable {
    /// Names this set of rules: the listing cache keeps nothing verified under another.
    package static let rules = "intake-verify-2 (issue 17: signer bound to text, structure, validity, revocation)"
    /// Trusted keys.
    package var allowed: [AllowedSigner]
    /// Keys no longer trusted from a time on.
    package var revoked: RevokedKeys
    /// Refuse training signatures (for checking that a record is operational).
    package var operationalOnly: Bool

    /// Creates a verifier.
    package init(allowed: [AllowedSigner], revoked: RevokedKeys = RevokedKeys(), operationalOnly: Bool = false) {
        self.allowed = allowed
        self.revoked = revoked
        self.operationalOnly = operationalOnly
    }

    /// Every signature's check, then any failure of the record as a whole (index 0). A record with
    /// no signature gives one failed check; a damaged file one check that says how to repair it.
    package func verify(_ data: Data, path: String = "FILE") -> [SignatureCheck] {
        guard let damage = TransportDamage(data) else { return withTrustHint(verifyIntact(data), path: path) }
        let repaired = verifyIntact(damage.repaired)
        let found = SignatureCheck.record(.damaged, damage.message(path: path)
            + (!damage.isRepairable ? "" : repaired.allSatisfy(\.good) ? "; with that undone every signature is good" : "; even with that undone it fails, as below"))
        return repaired.allSatisfy(\.good) ? [found] : [found] + repaired
    }

    /// A key not yet trusted says how to trust it, so whoever meets the refusal has the next step
    /// (issue 36): check the key with its holder, then `intake keys trust` the record.
    func withTrustHint(_ checks: [SignatureCheck], path: String) -> [SignatureCheck] {
        checks.map { check in
            guard !check.good, check.keyUnknown else { return check }
            var hinted = check
            hinted.message += "; if the key is theirs, check it with them (intake keys show prints its code to read aloud) and trust it: intake keys trust \(path)"
            return hinted
        }
    }

    func verifyIntact(_ data: Data) -> [SignatureCheck] {
        let blocks = SignedRecord.blocks(in: data)
        guard let first = blocks.first else {
            return [.record(.bad, "no signature: the record has no -----BEGIN SSH SIGNATURE----- block")]
        }
        let training = String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(RecordContext.trainingBanner)
        var checks: [SignatureCheck] = []
        var bodyClaim: SignerClaim?
        for block in blocks {
            let claim: Result<SignerClaim, SignerClaim.ClaimError>
            switch block.index {
            case 1: claim = SignerClaim.body(block.covered)
            case 2:
                let officerEnd = first.covered.count + (first.armored?.utf8.count ?? 0)
                claim = SignerClaim.review(block.covered.dropFirst(officerEnd), training: training)
            default:
                checks.append(SignatureCheck(index: block.index, line: block.line, role: nil, namespace: nil, signer: nil, fingerprint: nil, good: false,
                                             message: "a signature block too many at line \(block.line): a record has the officer's signature and at most one supervisor's review"))
                continue
            }
            var check = self.check(block, trainingRecord: training, claim: claim)
            if block.index == 1, case .success(let officer) = claim { bodyClaim = officer }
            if block.index == 2, check.good, let officer = checks.first, let bodyClaim {
                if check.fingerprint == officer.fingerprint || (try? claim.get().principal) == bodyClaim.principal {
                    check.fail(.signer, "the review is signed by the officer who signed the record (\(bodyClaim.principal), \(officer.fingerprint ?? "")); a review must come from another officer")
                }
            }
            checks.append(check)
        }
        // intake writes UTF-8 text without a character that acts on a terminal or hides (input holding
        // one is refused, and signing refuses it): a record holding one, however well signed, was
        // not made by intake as it stands, and is shown with the character made visible.
        if let problem = Self.foreignText(data) { checks.append(.record(.bad, line: problem.line, problem.message)) }
        // Nothing may follow the last END line but its line feed: no signature would cover it.
        if let last = blocks.last, let armored = last.armored {
            let end = last.covered.count + armored.utf8.count
            if data.count > end || !armored.hasSuffix("\n") {
                let line = last.line + armored.split(separator: "\n").count
                checks.append(.record(.bad, line: line, "\(data.count - end) bytes after the last signature (from line \(line)) that no signature covers: unsigned text is not part of the record, and a record must end with its last END line"))
            }
        }
        return checks
    }

    /// The first line holding bytes that are not UTF-8, or a character no record of intake's holds.
    /// Every record verified passes here, so it is one pass over the bytes: ASCII is judged byte by
    /// byte, and only the few characters beyond it are decoded and looked up.
    static func foreignText(_ data: Data) -> (line: Int, message: String)? {
        func hidden(_ scalar: Unicode.Scalar, _ line: Int) -> (line: Int, message: String) {
            (line, "line \(line) holds \(Visible.name(scalar)), which intake never writes in a record (it acts on a terminal or hides): the record was not made by intake as it stands")
        }
        let found: (line: Int, message: String)?? = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            // The line is counted only when something is found: nearly every record has nothing.
            func line(at i: Int) -> Int { 1 + bytes[..<i].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            var i = 0
            while i < bytes.count {
                // Eight bytes at a time while all are printable ASCII (0x20–0x7E), which is most
                // of every record: the byte-by-byte scan was 8 % of a cold listing. Exact: a word
                // with any other byte, a line feed included, is looked at byte by byte below.
                if i + 8 <= bytes.count {
                    let w = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let high = w & 0x8080_8080_8080_8080
                    let below = (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
                    let x = w ^ 0x7F7F_7F7F_7F7F_7F7F
                    let delete = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                    if high | below | delete == 0 {
                        i += 8
                        continue
                    }
                }
                let byte = bytes[i]
                if byte < 0x80 {
                    // A carriage return is transit damage, said as such (TransportDamage), not here.
                    if (byte < 0x20 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                        return .some(hidden(Unicode.Scalar(byte), line(at: i)))
                    }
                    i += 1
                    continue
                }
                var decoder = UTF8()
                var rest = bytes[i...].makeIterator()
                guard case .scalarValue(let scalar) = decoder.decode(&rest) else { return .none }
                if Visible.hidden(scalar) { return .some(hidden(scalar, line(at: i))) }
                i += UTF8.width(scalar)
            }
            return .some(nil)
        }
        guard let found else {
            let (line, column) = Visible.firstInvalidUTF8(data)
            return (line, "bytes that are not UTF-8 at line \(line), column \(column): intake writes records as UTF-8 text")
        }
        return found
    }

    func check(_ block: SignedRecord.Block, trainingRecord: Bool, claim: Result<SignerClaim, SignerClaim.ClaimError>) -> SignatureCheck {
        var result = SignatureCheck(index: block.index, line: block.line, role: nil, namespace: nil, signer: nil,
                                    fingerprint: nil, good: false, message: "")
        guard let armored = block.armored else {
            result.message = "truncated: the signature block at line \(block.line) has no END line"
            return result
        }
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: armored)
        } catch {
            result.message = "malformed signature block at line \(block.line): \(error)"
            return result
        }
        // Only the canonical armor is accepted, so no byte of a block can change without detection
        // (a base64 character's unused low bits would otherwise decode to the same signature).
        guard signature.armored == armored else {
            result.message = "malformed signature block at line \(block.line): its armor is not in the exact form intake and ssh-keygen write"
            return result
        }
        let key = signature.publicKey
        // Worked out once: a SHA-256 and base64 each time it was asked for.
        let fingerprint = key.fingerprint
        result.namespace = signature.namespace
        result.fingerprint = fingerprint
        result.role = Namespace.role(signature.namespace)
        guard signature.verifies(block.covered) else {
            result.message = "BAD: the text above line \(block.line) has changed since it was signed (or the signature was altered)"
            return result
        }
        let expected = expectedNamespace(index: block.index, training: trainingRecord)
        guard signature.namespace == expected else {
            if Namespace.role(signature.namespace) == nil {
                result.message = "wrong namespace: signed for '\(signature.namespace)', which is not an intake namespace (expected '\(expected)')"
            } else {
                result.message = "wrong namespace: signed for '\(signature.namespace)' where '\(expected)' belongs"
                    + (trainingRecord != signature.namespace.contains("training") ? " (training and operational signatures never mix)" : "")
            }
            return result
        }
        if operationalOnly, trainingRecord {
            result.message = "training record: valid signature, but a training record is never an operational record"
            return result
        }
        let named: SignerClaim
        switch claim {
        case .failure(let why):
            result.message = why.message
            return result
        case .success(let found): named = found
        }
        result.failure = .signer
        let forKey = allowed.filter { !$0.certificateAuthority && $0.key == key }
        let holders = Set(forKey.flatMap(\.principals)).sorted().joined(separator: ",")
        guard named.fingerprint == fingerprint else {
            result.message = "the text names \(named.principal) (\(named.fingerprint)) as its signer, but it was signed with key \(fingerprint)"
                + (holders.isEmpty ? ", which is not in the allowed signers" : ", trusted for \(holders)")
            return result
        }
        guard !forKey.isEmpty else {
            result.keyUnknown = true
            result.message = "unknown key \(fingerprint): not in the allowed signers (the text names \(named.principal))"
            return result
        }
        let forPrincipal = forKey.filter { Pattern.matchesList(named.principal, $0.principals) }
        guard !forPrincipal.isEmpty else {
            result.message = "key \(fingerprint) is trusted for \(holders), not for \(named.principal), whom the text names as its signer"
            return result
        }
        let forNamespace = forPrincipal.filter { $0.trusts(key, as: named.principal, in: signature.namespace) }
        guard !forNamespace.isEmpty else {
            result.message = "key \(fingerprint) is trusted for \(named.principal), but not for namespace '\(signature.namespace)'"
            return result
        }
        // Only for a message: a DateFormatter for every good record cost a third of verify's time.
        var when: String { named.signedAt.map(AllowedSigner.timeText) ?? "an unstated time" }
        guard forNamespace.contains(where: { $0.isValid(at: named.signedAt) }) else {
            let limits = forNamespace.map { e in
                [e.validAfter.map { "valid-after \(AllowedSigner.timeText($0))" }, e.validBefore.map { "valid-before \(AllowedSigner.timeText($0))" }]
                    .compactMap { $0 }.joined(separator: ", ")
            }.joined(separator: "; ")
            result.message = "key \(fingerprint) of \(named.principal) was not valid when the text says it was signed (\(when)): \(limits)"
            return result
        }
        if let revocation = revoked.revocation(of: key, at: named.signedAt) {
            result.message = "key \(fingerprint) of \(named.principal) is revoked"
                + (revocation.from.map { " from \(AllowedSigner.timeText($0)), and the text says it signed at \(when)" } ?? " for every record")
                + (revocation.comment.isEmpty ? "" : " (\(Visible.line(revocation.comment)))")
            return result
        }
        result.signer = named.principal
        result.good = true
        result.failure = nil
        result.message = "good signature by \(named.principal) (\(fingerprint))"
        return result
    }

    func expectedNamespace(index: Int, training: Bool) -> String {
        switch (index == 1, training) {
        case (true, false): return Namespace.record
        case (false, false): return Namespace.review
        case (true, true): return Namespace.trainingRecord
        case (false, true): return Namespace.trainingReview
        }
    }
}

extension SignedRecord {
    /// Whether `data` is the signed record `id`: its first signature verifies over its body, in an
    /// officer's namespace, and the body names `id`. Trust in the key is not asked: this only tells a
    /// finished interview's record from anything else that happens to sit at its path.
    package static func isRecord(_ id: String, _ data: Data) -> Bool {
        guard let first = blocks(in: data).first, let armored = first.armored,
              let signature = try? SSHSignature(armored: armored),
              [Namespace.record, Namespace.trainingRecord].contains(signature.namespace),
              signature.verifies(first.covered) else { return false }
        let body = String(decoding: first.covered.prefix(4096), as: UTF8.self)
        return body.split(separator: "\n").contains { $0 == "Record: \(id)" }
    }
}
