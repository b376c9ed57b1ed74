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
        let bytes = [UInt8](data)
        var blocks: [Block] = []
        var lineStart = 0
        var lineNumber = 1
        var open: (start: Int, line: Int)?
        let begin = Array(SSHSignature.beginMarker.utf8), end = Array(SSHSignature.endMarker.utf8)
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let line = bytes[lineStart..<lineEnd]
            if line.elementsEqual(begin) {
                if let previous = open {
                    blocks.append(Block(index: blocks.count + 1, line: previous.line, covered: Data(bytes[0..<previous.start]), armored: nil))
                }
                open = (lineStart, lineNumber)
            } else if line.elementsEqual(end), let current = open {
                let armored = String(decoding: bytes[current.start..<min(bytes.count, lineEnd + 1)], as: UTF8.self)
                blocks.append(Block(index: blocks.count + 1, line: current.line, covered: Data(bytes[0..<current.start]), armored: armored))
                open = nil
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        if let current = open {
            blocks.append(Block(index: blocks.count + 1, line: current.line, covered: Data(bytes[0..<current.start]), armored: nil))
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
