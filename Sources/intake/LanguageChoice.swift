import ArgumentParser
import IntakeCore
import IntakeRecords

extension Language: ExpressibleByArgument {}

/// Which language the interview opens in when `--lang` does not say: `LC_ALL`, `LC_MESSAGES` or
/// `LANG` (`cy_GB.UTF-8` → Welsh; `C` or `POSIX` say nothing), else a line `lang = cy` in
/// `$XDG_CONFIG_HOME/intake/config`, else English. `L` switches at any screen.
enum LanguageChoice {
    static func resolve(_ option: Language?, _ env: [String: String] = Environment.variables) -> Language {
        if let option { return option }
        if let language = Language.fromEnvironment(env) { return language }
        if let language = Locations.fromEnvironment(env).settings.value("lang").flatMap({ Language(rawValue: $0.lowercased()) }) { return language }
        return .en
    }

    /// `interview` shown in `language` when its flow is there in it; otherwise it stays in English
    /// and the officer is told why. Only the language asked for is read: a Welsh file that does not
    /// load is found out when Welsh is wanted, not before an interview in English.
    static func open(_ interview: inout Interview, in language: Language, languages: FlowLanguages) {
        guard language != interview.flow.language else { return }
        switch languages.flow(in: language) {
        case .success(let flow):
            interview.speak(flow)
        case .failure(let why):
            printError(language(.languageNotShown, interview.flow.id, language.name, why.description))
        }
    }
}
