import Foundation
import IntakeCore
import IntakeRecords

/// The policy an interview runs on (issue 31): where its flow and each translation beside it come
/// from, decided once before the first question and kept in the journal, so a resumed interview
/// cites what it started under and a file changed meanwhile changes nothing.
public struct InterviewPolicy: Sendable, Equatable {
    /// The flow's provenance.
    public var flow: FlowProvenance
    /// Each translation's, by language.
    public var translations: [Language: FlowProvenance]

    /// Creates a policy.
    public init(flow: FlowProvenance, translations: [Language: FlowProvenance] = [:]) {
        self.flow = flow
        self.translations = translations
    }

    /// Why an operational interview in `language` may not run on it, or nil when it may: the flow,
    /// and the translation its screens would be shown in, must each be shipped or approved.
    public func refusal(in language: Language) -> String? {
        if case .notApproved(let why) = flow { return "its flow is not the force's approved policy: \(why)" }
        if language != .en, case .notApproved(let why)? = translations[language] {
            return "its \(language.name) translation is not approved: \(why)"
        }
        return nil
    }
}

extension LoadedFlow {
    /// This flow's policy as `approval` decides it: the bytes read (never the file again) and the
    /// signature beside the file; each translation beside it from its own file and signature.
    public func policy(_ approval: FlowApproval) -> InterviewPolicy {
        var policy = InterviewPolicy(flow: approval.provenance(of: bytes, besideFile: path))
        for language in translationLanguages {
            policy.translations[language] = approval.provenance(ofFile: Translation.path(for: path, language: language))
        }
        return policy
    }
}
