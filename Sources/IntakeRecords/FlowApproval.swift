import FoundationEssentials
import Glibc
import IntakeCore

/// Where the policy a flow or translation file states comes from (issue 31): the bytes intake
/// ships, bytes a trusted policy owner approved with a signature, or neither.
package enum FlowProvenance: Equatable, Sendable {
    /// The file is byte for byte one that this intake ships.
    case shipped(intake: String)
    /// A detached SSHSIG signature in the `intake-flow` namespace, by a key allowed_signers trusts
    /// for it, covers the file's exact bytes.
    case approved(principal: String, fingerprint: String, on: Date?)
    /// Neither; why, in words that say what to do.
    case notApproved(String)
    /// As the signed record an interview follows up states it (a follow-up runs on the kept copy of
    /// that record's flow, which has no signature beside it).
    case recorded(String)

    /// Whether the file is the force's policy: shipped or approved.
    package var isApproved: Bool {
        if case .notApproved = self { return false }
        return true
    }

    /// For records, listings and `flows list`: `shipped with intake 0.13.0`,
    /// `approved by policy@force (SHA256:…) on 2026-12-04`, or `NOT APPROVED: why`.
    package var words: String {
        switch self {
        case .shipped(let version): return "shipped with intake \(version)"
        case .approved(let principal, let fingerprint, let on):
            return "approved by \(principal) (\(fingerprint))" + (on.map { " on " + Self.day($0) } ?? "")
        case .notApproved(let why): return "NOT APPROVED: \(why)"
        case .recorded(let words): return words
        }
    }

    static func day(_ date: Date) -> String {
        String(UTCTime.text(date).prefix(10))
    }
}

/// Decides a flow or translation file's provenance. Approval is a detached signature beside the
/// file (`NAME.yaml.sig`, as `ssh-keygen -Y sign -n intake-flow` writes it) by a key the allowed
/// signers trust for the `intake-flow` namespace only: a force's policy owner, and for a
/// translation its reviewer. An officer's key (`keys init`) is never trusted for it.
package struct FlowApproval: Sendable {
    /// The namespace an approval is signed in; a record's or review's signature is not an approval.
    package static let namespace = "intake-flow"

    /// Where a file's approval lives.
    package static func signaturePath(for path: String) -> String { path + ".sig" }

    let allowed: [AllowedSigner]
    let revoked: RevokedKeys
    let shipped: [String: (file: String, release: String)]

    /// `shipped` maps a file's SHA-256 (hex) to its name and the release that shipped it.
    package init(allowed: [AllowedSigner], revoked: RevokedKeys = RevokedKeys(),
                shipped: [String: (file: String, release: String)] = ShippedFlows.sha256) {
        self.allowed = allowed
        self.revoked = revoked
        self.shipped = shipped
    }

    /// From this user's allowed signers (`allowedSigners`, else the config folder's) and revoked
    /// keys. Files that cannot be read trust nothing: only shipped files are then policy.
    package static func fromEnvironment(allowedSigners: String? = nil) -> FlowApproval {
        let locations = Locations.fromEnvironment()
        let signers = (try? String(contentsOfFile: allowedSigners ?? locations.allowedSigners.path, encoding: .utf8)) ?? ""
        let revoked = (try? String(contentsOf: locations.revokedKeys, encoding: .utf8)).flatMap { try? RevokedKeys(parsing: $0) } ?? RevokedKeys()
        return FlowApproval(allowed: AllowedSigner.parse(signers), revoked: revoked)
    }

    /// The SHA-256 of `data`, in hex.
    package static func sha256(_ data: Data) -> String {
        sha256Hex(data)
    }

    /// The provenance of the file `data` (named `path` in messages), given the text of its `.sig`
    /// file if there is one and when that signature file was written.
    package func provenance(of data: Data, path: String, signature: String?, signedAt: Date? = nil) -> FlowProvenance {
        if let release = shipped[Self.sha256(data)]?.release { return .shipped(intake: release) }
        let name = PathText.lastComponent(path)
        guard let signature else {
            return .notApproved("not the file intake ships and no \(name).sig beside it; a policy owner approves it with: intake flows approve \(path)")
        }
        let parsed: SSHSignature
        do {
            parsed = try SSHSignature(armored: signature.hasSuffix("\n") ? signature : signature + "\n")
        } catch {
            return .notApproved("\(name).sig is not a signature intake can read (\(error)); sign the file again with intake flows approve")
        }
        guard parsed.namespace == Self.namespace else {
            return .notApproved("\(name).sig is a signature for '\(Visible.line(parsed.namespace))', not an approval (namespace \(Self.namespace))")
        }
        let fingerprint = parsed.publicKey.fingerprint
        guard parsed.verifies(data) else {
            return .notApproved("the file has changed since \(fingerprint) approved it, or \(name).sig is another file's; approve it again if the change is meant")
        }
        guard let line = allowed.first(where: { $0.trustsForFlows(parsed.publicKey) }) else {
            return .notApproved("approved by \(fingerprint), a key allowed_signers does not trust to approve flows (namespaces=\"\(Self.namespace)\")")
        }
        if revoked.revocation(of: parsed.publicKey, at: signedAt) != nil {
            return .notApproved("approved by \(fingerprint), a revoked key")
        }
        guard line.isValid(at: signedAt) else {
            return .notApproved("approved by \(fingerprint) outside the dates allowed_signers trusts it for")
        }
        let principal = line.principals.first { !$0.contains(where: { "*?!".contains($0) }) } ?? line.principals.joined(separator: ",")
        return .approved(principal: Visible.line(principal), fingerprint: fingerprint, on: signedAt)
    }

    /// The provenance of the file at `path`, reading it and its `.sig` (and the signature file's
    /// time, as the approval's date).
    package func provenance(ofFile path: String) -> FlowProvenance {
        guard let data = FileManager.default.contents(atPath: path) else { return .notApproved("\(path) cannot be read") }
        return provenance(of: data, besideFile: path)
    }

    /// The provenance of `data`, read from the file at `path`, with the signature beside that file.
    package func provenance(of data: Data, besideFile path: String) -> FlowProvenance {
        let sigPath = Self.signaturePath(for: path)
        let signature = FileManager.default.contents(atPath: sigPath).map { String(decoding: $0, as: UTF8.self) }
        let signedAt = (try? FileManager.default.attributesOfItem(atPath: sigPath))?[.modificationDate] as? Date
        return provenance(of: data, path: path, signature: signature, signedAt: signedAt)
    }

    /// An approval of `data`: the armored signature to write beside it.
    package static func approve(_ data: Data, key: SigningKey) throws(SignatureError) -> String {
        try SSHSignature.sign(data, namespace: namespace, key: key).armored
    }
}

extension AllowedSigner {
    /// Whether this line trusts `key` to approve flows: the key itself, and a namespaces option
    /// that names intake-flow (a line without one trusts no approval: approving policy is never a
    /// side effect of being trusted to sign records).
    func trustsForFlows(_ key: SSHPublicKey) -> Bool {
        guard !certificateAuthority, self.key == key, let namespaces else { return false }
        return Pattern.matchesList(FlowApproval.namespace, namespaces)
    }
}
