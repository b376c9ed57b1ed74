import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeSession

extension FlowLocator {
    /// For shell completion: the bundled flows' ids (their file names), then YAML files nearby.
    static let completion = CompletionKind.custom { _, _, _ in
        let local = ((try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return bundled().map { PathText.droppingExtension(PathText.lastComponent($0)) } + local
    }
}
