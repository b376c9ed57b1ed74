import FoundationEssentials
import Glibc
import IntakeCore
import IntakeRecords

/// The policy an interview runs on (issue 31): where its flow and each translation beside it come
/// from, decided once before the first question and kept in the journal, so a resumed interview
/// cites what it started under and a file changed meanwhile changes nothing.
package struct InterviewPolicy: Sendable, Equatable {
    /// The flow's provenance.
    package var flow: FlowProvenance
    /// Each translation's, by language.
    package var translations: [Language: FlowProvenance]

    /// Creates a policy.
    package init(flow: FlowProvenance, translations: [Language: FlowProvenance] = [:]) {
        self.flow = flow
        self.translations = translations
    }

    /// Why an operational interview in `language` may not run on it, or nil when it may: the flow,
    /// and the translation its screens would be shown in, must each be shipped or approved.
    package func refusal(in language: Language) -> String? {
        if case .notApproved(let why) = flow { return "its flow is not the force's approved policy: \(why)" }
        if language != .en, case .notApproved(let why)? = translations[language] {
            return "its \(language.name) translation is not approved: \(why)"
        }
        return nil
    }
}

extension LoadedFlow {
    /// This flow's policy as `approval` decides it: the bytes read (never the file again) and the
    /// signature beside the file; each translation in `languages` (all beside it when nil) from its
    /// own file and signature. A shipped file is known by its hash alone, so the common case reads no
    /// trust file and hashes no flow twice: the officer's first screen does not wait for it.
    package func policy(_ approval: @autoclosure () -> FlowApproval, languages: [Language]? = nil) -> InterviewPolicy {
        var made: FlowApproval?
        func approver() -> FlowApproval {
            if let made { return made }
            let new = approval()
            made = new
            return new
        }
        let flowProvenance = ShippedFlows.sha256[sha256].map { FlowProvenance.shipped(intake: $0.release) }
            ?? approver().provenance(of: bytes, besideFile: path)
        var policy = InterviewPolicy(flow: flowProvenance)
        for language in languages ?? translationLanguages where translationLanguages.contains(language) {
            let file = Translation.path(for: path, language: language)
            guard let data = FileManager.default.contents(atPath: file) else {
                policy.translations[language] = .notApproved("\(file) cannot be read")
                continue
            }
            policy.translations[language] = ShippedFlows.sha256[LoadedFlow.hash(data)].map { FlowProvenance.shipped(intake: $0.release) }
                ?? approver().provenance(of: data, besideFile: file)
        }
        return policy
    }
}
