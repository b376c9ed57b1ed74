import FoundationEssentials
import Glibc
import Dispatch
import IntakeCore
import IntakeRecords

/// What `intake flows list`, `check`, `approve` and the policy gate have to say, built here so the
/// command line only parses and prints (issue 34, item 3).
package enum FlowReports {
    /// `policy: …` lines for a flow file and each translation beside it.
    package static func policyLines(flowPath: String, approval: FlowApproval) -> [String] {
        var lines = ["policy: " + approval.provenance(ofFile: flowPath).words]
        for language in Language.allCases where language != .en {
            let translation = Translation.path(for: flowPath, language: language)
            guard FileManager.default.fileExists(atPath: translation) else { continue }
            lines.append("policy (\(language.rawValue)): " + approval.provenance(ofFile: translation).words)
        }
        return lines.map(Visible.line)
    }

    /// Refuses, before the first question, an operational interview whose flow or translation is
    /// neither shipped nor approved, saying why and how to approve it; a training one goes on, and
    /// its record says so. Failed when refused.
    package static func gate(_ policy: InterviewPolicy, flow: String, language: Language, training: Bool) -> Report {
        var report = Report()
        guard let why = policy.refusal(in: language) else { return report }
        if training {
            report.error("warning: training on a flow that is not approved policy (\(Visible.line(why))); the record says so")
            return report
        }
        report.error("intake: \(Visible.line(flow)) cannot run as an operational interview: \(Visible.line(why))")
        report.error("See docs/flow-approval.md; to practise on it instead, add --training.")
        report.failed = true
        return report
    }

    /// Every flow found, where it comes from, its policy and what it shadows.
    package static func list(approval: FlowApproval) -> Report {
        var report = Report()
        let found = FlowLocator.search.all()
        guard !found.isEmpty else {
            report.error("no flows found in \(FlowLocator.search.places.map(\.folder).joined(separator: ", ")); set INTAKE_FLOWS to the folder holding them")
            report.failed = true
            return report
        }
        for flowFile in found {
            do {
                let flow = try FlowLoader.load(path: flowFile.path)
                report.out("\(flow.id)  \(flow.version)  \(flow.description)")
            } catch {
                report.out("\(flowFile.id)  (invalid: run intake flows check \(flowFile.path))")
            }
            report.out("    from \(flowFile.path) (\(flowFile.place.kind.rawValue))")
            for line in policyLines(flowPath: flowFile.path, approval: approval) { report.out("    " + line) }
            for shadowed in flowFile.shadows { report.out("    shadows \(shadowed)") }
        }
        return report
    }

    /// What `flows check` is asked to do beyond loading.
    package struct CheckOptions: Sendable {
        package var loadOnly = false
        package var timings = false
        package var budget = FlowChecker.Budget.standard.states
        package var requireLang: [Language] = []
        package var explainLang: [Language] = []
        package init() {}
    }

    /// Loads, validates and explores each flow (a bundled id or a path), and checks the translations
    /// beside it; a translation named alone is checked against its flow. Failed on any error.
    package static func check(_ files: [String], _ options: CheckOptions, approval: FlowApproval) -> Report {
        var report = Report()
        let paths = files.map { (try? FlowLocator.resolve($0)) ?? $0 }
        for (reference, path) in zip(files, paths) {
            // A translation named on its own is checked against its flow; with its flow, once, there.
            if Translation.isTranslationPath(path) {
                let flowPath = flowPath(of: path)
                if paths.contains(flowPath) { continue }
                do {
                    let flow = try FlowLoader.load(path: flowPath)
                    report.append(translations(flow, flowPath: flowPath, only: path, required: options.requireLang))
                } catch {
                    report.error("\(error)")
                    report.failed = true
                }
                continue
            }
            do {
                let started = DispatchTime.now()
                var phases = FlowLoader.Phases()
                let flow = try FlowLoader.load(path: try FlowLocator.resolve(reference), phases: &phases)
                if options.timings {
                    report.error("\(reference): load and validate \(milliseconds(started, DispatchTime.now())) ms (YAML "
                                 + "\(Digits.oneDecimal(Double(phases.compose) / 1e6)), model \(Digits.oneDecimal(Double(phases.read) / 1e6)), "
                                 + "validation \(Digits.oneDecimal(Double(phases.validate) / 1e6)))")
                }
                report.append(checkOne(flow, reference: reference, path: path, options, approval: approval))
            } catch {
                report.error("\(error)")
                report.failed = true
            }
        }
        return report
    }

    private static func checkOne(_ flow: Flow, reference: String, path: String, _ options: CheckOptions, approval: FlowApproval) -> Report {
        var report = Report()
        report.append(translations(flow, flowPath: path, only: nil, required: options.requireLang))
        report.append(explain(flow, flowPath: path, languages: options.explainLang))
        if options.loadOnly {
            report.out("\(reference): ok (\(flow.id) \(flow.version), \(flow.screens.count) screens; loaded and validated, paths not explored)")
            for line in policyLines(flowPath: path, approval: approval) { report.out("  " + line) }
            return report
        }
        let explored = DispatchTime.now()
        let result = FlowChecker.check(flow, budget: FlowChecker.Budget(states: options.budget))
        if options.timings { report.error("\(reference): explore \(milliseconds(explored, DispatchTime.now())) ms") }
        for problem in result.problems { report.error("\(problem.location): error: \(problem.message)") }
        for why in result.incomplete { report.error("\(why.location): error: \(why.message)") }
        for violation in result.violations {
            report.error("\(violation.location): error: invariant '\(violation.name)' is broken (\(violation.source)).")
            report.error("  The shortest answers that break it (an answers file for intake assess or intake run):")
            report.error(violation.answersFile.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        }
        guard result.problems.isEmpty, result.violations.isEmpty, result.incomplete.isEmpty else {
            report.failed = true
            return report
        }
        report.out("\(reference): ok (\(flow.id) \(flow.version), \(flow.screens.count) screens, \(flow.actions.count) actions; "
                   + "\(result.states) states, \(result.endings) endings explored; \(result.proved.count) invariants proved)")
        for line in policyLines(flowPath: path, approval: approval) { report.out("  " + line) }
        return report
    }

    static func milliseconds(_ a: DispatchTime, _ b: DispatchTime) -> String {
        Digits.oneDecimal(Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e6)
    }

    /// `X.yaml` for `X.cy.yaml`.
    package static func flowPath(of translation: String) -> String {
        var base = translation
        for ext in [".yaml", ".yml"] where base.hasSuffix(ext) { base.removeLast(ext.count); break }
        if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        return base + ".yaml"
    }

    /// Each choice beside its English and its translation in each of `languages`; failed when a
    /// translation is missing or does not load (said with its file:line:col).
    static func explain(_ flow: Flow, flowPath: String, languages: [Language]) -> Report {
        var report = Report()
        for language in languages where language != .en {
            let file = Translation.path(for: flowPath, language: language)
            do {
                let translation = try TranslationLoader.load(path: file)
                report.out("\(file): the choices of \(flow.id) in English and \(language.name)")
                for line in TranslationCheck.choiceLines(flow, translation) { report.out("  " + line) }
            } catch {
                report.error("\(error)")
                report.failed = true
            }
        }
        return report
    }

    /// The translations beside `flowPath` (or only the file `only`), each finding at file:line:col;
    /// findings are errors for the languages in `required`, warnings for others.
    static func translations(_ flow: Flow, flowPath: String, only: String?, required: [Language]) -> Report {
        var report = Report()
        for language in Language.allCases where language != .en {
            let file = Translation.path(for: flowPath, language: language)
            if let only, only != file { continue }
            let strict = required.contains(language)
            guard FileManager.default.fileExists(atPath: file) else {
                if strict {
                    report.error("\(flowPath):1:1: error: no \(language.name) translation (\(file) does not exist)")
                    report.error("  hint: intake flows translate \(flowPath) --lang \(language.rawValue) --output \(file) writes one to fill in")
                    report.failed = true
                }
                continue
            }
            let translation: Translation
            do {
                translation = try TranslationLoader.load(path: file)
            } catch {
                report.error("\(error)")
                report.failed = true
                continue
            }
            let check = TranslationCheck(flow: flow, translation: translation)
            let counts = Dictionary(grouping: check.problems, by: \.kind).mapValues(\.count)
            for problem in check.problems {
                let error = problem.isError(required: strict)
                report.error("\(problem.diagnostic.location): \(error ? "error" : "warning"): \(problem.diagnostic.message)")
                if let hint = problem.diagnostic.hint { report.error("  hint: \(hint)") }
                if error { report.failed = true }
            }
            let texts = flow.texts.count
            let current = texts - (counts[.missing] ?? 0) - (counts[.stale] ?? 0)
            report.out("\(file): \(language.name) \(translation.status.rawValue), \(current) of \(texts) texts current"
                       + (check.problems.isEmpty ? "" : "; \(counts[.missing] ?? 0) missing, \(counts[.stale] ?? 0) stale, \(counts[.orphan] ?? 0) orphans"))
        }
        return report
    }

    /// Approves a flow or translation file that loads: its signature written beside it, and what
    /// that means here. Failed (nothing written) when it does not load or the key cannot sign.
    package static func approve(_ file: String, key: URL) -> Report {
        var report = Report()
        report.failed = true
        guard let data = FileManager.default.contents(atPath: file) else {
            report.error("intake: cannot read \(Visible.line(file)); give the path of a flow or translation file")
            return report
        }
        // Only a file intake can load is approved: an approval of a broken flow helps nobody.
        do {
            if Translation.isTranslationPath(file) { _ = try TranslationLoader.load(data: data, file: file) } else { _ = try FlowLoader.load(path: file) }
        } catch {
            report.error("\(error)")
            report.error("intake: \(Visible.line(file)) is not approved: it does not load; fix it first")
            return report
        }
        let sigPath = FlowApproval.signaturePath(for: file)
        let principal: String
        let publicKey: String
        do {
            let (signing, identity) = try KeyRing.load(key: key)
            let signature = try FlowApproval.approve(data, key: signing)
            principal = identity.principal
            publicKey = signing.publicKey.openSSH
            try Data(signature.utf8).write(to: URL(fileURLWithPath: sigPath), options: .atomic)
        } catch {
            report.error("intake: \(Visible.line(file)) is not approved: \(error)")
            return report
        }
        report.failed = false
        report.out("Signed \(Visible.line(file)) as \(Visible.line(principal)): \(Visible.line(sigPath))")
        let now = FlowApproval.fromEnvironment().provenance(ofFile: file)
        report.out(now.isApproved
                   ? "Here it is now \(now.words)."
                   : "It is not approved here yet: allowed_signers must trust your key for intake-flow, with the line\n  \(principal) namespaces=\"\(FlowApproval.namespace)\" \(publicKey)")
        report.out("Check with OpenSSH: ssh-keygen -Y verify -f ALLOWED_SIGNERS -I \(principal) -n \(FlowApproval.namespace) -s \(Visible.line(sigPath)) < \(Visible.line(file))")
        return report
    }
}

extension FlowReports {
    /// `intake flows translate`: the translation file of `flow` (an id or a path) into `language`
    /// to fill in, keeping what the existing one has still current; `done` moves stale texts'
    /// hashes. Written whole to `output` (which may be the translation itself), else printed.
    package static func translate(_ flow: String, into language: Language, output: String?, done: [String]) -> Report {
        var report = Report()
        func refuse(_ message: String) -> Report {
            report.error(message)
            report.failed = true
            return report
        }
        guard language != .en else { return refuse("intake: flows are written in English; translate into cy") }
        let path: String
        let loaded: Flow
        var existing: Translation?
        var existingText: String?
        do {
            path = try FlowLocator.resolve(flow)
            loaded = try FlowLoader.load(path: path)
            let file = Translation.path(for: path, language: language)
            if FileManager.default.fileExists(atPath: file) {
                existing = try TranslationLoader.load(path: file)
                existingText = try? String(contentsOfFile: file, encoding: .utf8)
            }
        } catch {
            return refuse(error.description)
        }
        let keys = Set(loaded.texts.map(\.key))
        if let unknown = done.first(where: { !keys.contains($0) }) {
            return refuse("intake: --done \(Visible.line(unknown)): \(loaded.id) has no text with that key; keys look like screens.intro.prompt")
        }
        let text = TranslationTemplate.text(flow: loaded, language: language, existing: existing, existingText: existingText, done: Set(done))
        guard let output else {
            report.out(text, terminator: "")
            return report
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            return refuse("intake: cannot write \(Visible.line(output)): \(ErrorText.of(error))")
        }
        report.error("Wrote \(Visible.line(output))")
        return report
    }
}
