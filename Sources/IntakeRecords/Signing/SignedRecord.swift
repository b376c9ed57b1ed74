import Foundation

/// Appending and checking signature blocks. Each block signs every byte above its BEGIN line: the
/// officer's the body; a countersignature the body, the officer's block and the review before it.
public enum SignedRecord {
    /// `text` followed by its signature block.
    public static func sign(_ text: String, namespace: String, key: SigningKey) throws(SignatureError) -> String {
        guard text.hasSuffix("\n") else { throw .malformed("the text to sign must end with a line feed") }
        let signature = try SSHSignature.sign(Data(text.utf8), namespace: namespace, key: key)
        return text + signature.armored
    }

    /// One signature block found in a record.
    public struct Block: Sendable {
        /// 1 for the officer's, 2 for the first countersignature, …
        public var index: Int
        /// The 1-based line of its BEGIN marker.
        public var line: Int
        /// The bytes it covers: everything above its BEGIN line.
        public var covered: Data
        /// The armored text, or nil if the block is cut short.
        public var armored: String?
    }

    /// Finds every signature block. Lines are compared whole, so only a real marker line counts.
    public static func blocks(in data: Data) -> [Block] {
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

/// The result of checking one signature of a record.
public struct SignatureCheck: Equatable, Sendable, Codable {
    /// 1 for the officer's, 2 for the first countersignature, …
    public var index: Int
    /// The line of the block's BEGIN marker.
    public var line: Int
    /// "officer", "supervisor review", or their TRAINING forms; nil when it could not be read.
    public var role: String?
    /// The namespace signed for.
    public var namespace: String?
    /// The principal from allowed_signers, when the key is trusted.
    public var signer: String?
    /// The key's SHA256 fingerprint.
    public var fingerprint: String?
    /// True only when the signature is valid, the key trusted for its namespace, and it is in its place.
    public var good: Bool
    /// What was found, in words.
    public var message: String

    /// Creates a check result.
    public init(index: Int, line: Int, role: String?, namespace: String?, signer: String?, fingerprint: String?,
                good: Bool, message: String) {
        self.index = index
        self.line = line
        self.role = role
        self.namespace = namespace
        self.signer = signer
        self.fingerprint = fingerprint
        self.good = good
        self.message = message
    }
}

/// Checks every signature of a record against an allowed_signers list.
public struct RecordVerifier: Sendable {
    /// Trusted keys.
    public var allowed: [AllowedSigner]
    /// Refuse training signatures (for checking that a record is operational).
    public var operationalOnly: Bool

    /// Creates a verifier.
    public init(allowed: [AllowedSigner], operationalOnly: Bool = false) {
        self.allowed = allowed
        self.operationalOnly = operationalOnly
    }

    /// Every signature's check; a record with no signature gives one failed check.
    public func verify(_ data: Data) -> [SignatureCheck] {
        let blocks = SignedRecord.blocks(in: data)
        guard !blocks.isEmpty else {
            return [SignatureCheck(index: 0, line: 0, role: nil, namespace: nil, signer: nil, fingerprint: nil, good: false,
                                   message: "no signature: the record has no -----BEGIN SSH SIGNATURE----- block")]
        }
        let training = String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(RecordContext.trainingBanner)
        return blocks.map { check($0, trainingRecord: training) }
    }

    func check(_ block: SignedRecord.Block, trainingRecord: Bool) -> SignatureCheck {
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
        result.namespace = signature.namespace
        result.fingerprint = signature.publicKey.fingerprint
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
        let trusted = allowed.filter { $0.key == signature.publicKey }
        guard !trusted.isEmpty else {
            result.message = "unknown key \(signature.publicKey.fingerprint): not in the allowed signers"
            return result
        }
        guard let entry = trusted.first(where: { $0.namespaces?.contains(signature.namespace) ?? true }) else {
            result.message = "key \(signature.publicKey.fingerprint) is trusted, but not for namespace '\(signature.namespace)'"
            return result
        }
        result.signer = entry.principals.joined(separator: ",")
        result.good = true
        result.message = "good signature by \(result.signer!) (\(signature.publicKey.fingerprint))"
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
    public static func isRecord(_ id: String, _ data: Data) -> Bool {
        guard let first = blocks(in: data).first, let armored = first.armored,
              let signature = try? SSHSignature(armored: armored),
              [Namespace.record, Namespace.trainingRecord].contains(signature.namespace),
              signature.verifies(first.covered) else { return false }
        let body = String(decoding: first.covered.prefix(4096), as: UTF8.self)
        return body.split(separator: "\n").contains { $0 == "Record: \(id)" }
    }
}
