import ArgumentParser
import Foundation
import IntakeCore
import IntakeRecords

extension Language: ExpressibleByArgument {}

/// Which language the interview opens in when `--lang` does not say: `LC_ALL`, `LC_MESSAGES` or
/// `LANG` (`cy_GB.UTF-8` → Welsh; `C` or `POSIX` say nothing), else a line `lang = cy` in
/// `$XDG_CONFIG_HOME/intake/config`, else English. `L` switches at any screen.
enum LanguageChoice {
    static func resolve(_ option: Language?, _ env: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        if let option { return option }
        if let language = Language.fromEnvironment(env) { return language }
        let file = Locations.fromEnvironment(env).config.appendingPathComponent("config")
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == "lang", let language = Language(rawValue: parts[1].lowercased()) { return language }
            }
        }
        return .en
    }

    /// `interview` shown in `language` when its flow is there in it; otherwise it stays in English
    /// and the officer is told why.
    static func open(_ interview: inout Interview, in language: Language, languages: [Language: Flow], problems: [String]) {
        for problem in problems { printError("warning: \(problem)") }
        guard language != interview.flow.language else { return }
        guard let flow = languages[language] else {
            printError("warning: \(interview.flow.id) has no \(language.name) translation here (\(Translation.path(for: interview.flow.id, language: language)) beside the flow); the interview is in English")
            return
        }
        interview.speak(flow)
    }
}
