import FoundationEssentials
import Glibc
import IntakeCore

/// `intake keys trust RECORD`: the keys that signed a record but are not yet trusted, with who the
/// record says holds each, so a supervisor can trust a colleague's key after checking its fingerprint.
package enum Trust {
    /// One key to offer.
    package struct Candidate: Sendable, Equatable {
        /// Which signature, and its role (officer, supervisor review).
        package var index: Int
        package var role: String
        /// Who the record says holds the key: the line naming them, and their principal.
        package var holder: String
        package var principal: String
        /// The key and the one namespace it signed in: the entry trusts it for that namespace only.
        package var entry: AllowedSigner
    }

    /// The untrusted keys whose signatures are sound (the text they cover is unchanged, the namespace
    /// is intake's) and whose holder the signed text names by the key's own fingerprint. A signature
    /// that fails, or a key the text does not name, is never offered.
    package static func candidates(_ data: Data, allowed: [AllowedSigner]) -> [Candidate] {
        SignedRecord.blocks(in: data).compactMap { block in
            guard let armored = block.armored, let signature = try? SSHSignature(armored: armored), signature.armored == armored,
                  signature.verifies(block.covered), let role = Namespace.role(signature.namespace) else { return nil }
            let lines = String(decoding: block.covered, as: UTF8.self).split(separator: "\n").map(String.init)
            let fingerprint = signature.publicKey.fingerprint
            // The last "Signing key:" line naming this fingerprint is the one this signature covers last.
            guard let at = lines.lastIndex(where: { $0.hasPrefix("Signing key: ") && $0.hasSuffix(" " + fingerprint) }) else { return nil }
            let principal = String(lines[at].dropFirst("Signing key: ".count).dropLast(fingerprint.count + 1))
            // Only a principal as intake makes them (collar@force): a pattern such as `*` or `a,b`
            // written into allowed_signers would trust the key for everyone.
            guard principal.contains("@"), principal.unicodeScalars.allSatisfy({
                $0.isASCIILetterOrDigit || "@.-_".unicodeScalars.contains($0)
            }) else { return nil }
            // Already trusted only when a line trusts this key as this principal for what it signed:
            // the key alone in the file (for another principal or namespace) trusts nothing here.
            if allowed.contains(where: { $0.trusts(signature.publicKey, as: principal, in: signature.namespace) }) { return nil }
            let holder = at > 0 ? lines[at - 1] : principal
            return Candidate(index: block.index, role: role, holder: holder, principal: principal,
                             entry: AllowedSigner(principals: [principal], namespaces: [signature.namespace], key: signature.publicKey))
        }
    }
}

extension KeyRing {
    /// Adds `entry` to the allowed_signers file at `url` unless it is there; true if it was added.
    @discardableResult
    package static func trust(_ entry: AllowedSigner, in url: URL) throws(SignatureError) -> Bool {
        let existing = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        if AllowedSigner.parse(existing).contains(entry) { return false }
        try append(entry.line, to: url)
        return true
    }

    /// Adds `line` to the end of the text file at `url` (made if missing), replacing it whole.
    package static func append(_ line: String, to url: URL, ops: FileOps = .system) throws(SignatureError) {
        let existing = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + line + "\n"
        try write(text, to: url, mode: 0o644, exclusive: false, ops: ops)
    }
}

extension Trust {
    /// `intake keys trust`: for each sound signature of `record` whose key `allowedSigners` does
    /// not yet trust for what it signed, says who holds it and its fingerprint, and adds it when
    /// `ask` gets "yes" — after the officer has checked the fingerprint with its holder. False when
    /// the record cannot be read or the file cannot be written (said through `tell`).
    package static func offer(_ record: String, allowedSigners url: URL, ask: (String) -> String?, tell: (String) -> Void) -> Bool {
        guard let data = FileManager.default.contents(atPath: record) else {
            tell("intake: cannot read the record \(Visible.line(record))")
            return false
        }
        let offers = candidates(data, allowed: AllowedSigner.parse((try? String(contentsOf: url, encoding: .utf8)) ?? ""))
        if offers.isEmpty {
            tell("No key to trust in \(Visible.line(record)): each sound signature's key is already trusted for what it signed, or the signature or its Signing key: line is not sound (intake verify \(Visible.line(record)) says which).")
        }
        for offer in offers {
            tell("Signature \(offer.index) (\(offer.role)): \(Visible.line(offer.holder))")
            tell("  signer \(offer.principal), key \(offer.entry.key.fingerprint)")
            tell("  Check this fingerprint with them in person or by phone before trusting it: ask them to read")
            tell("  the code intake keys show prints for them; it must be \(offer.entry.key.spokenFingerprint)")
            guard ask("  Trust it for \(offer.entry.namespaces?.joined(separator: ",") ?? "")? Type yes to trust: ")?.lowercased() == "yes" else {
                tell("  Not trusted.")
                continue
            }
            do {
                try KeyRing.trust(offer.entry, in: url)
                tell("  Trusted in \(url.path).")
            } catch {
                tell("intake: \(error)")
                return false
            }
        }
        return true
    }
}
