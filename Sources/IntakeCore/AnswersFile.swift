import FoundationEssentials
import Glibc

/// A YAML file of answers, question id to answer, for `assess` and for pre-filling an interview.
/// It may be partial: questions it leaves out count as unanswered.
package struct AnswersFile: Sendable, Equatable {
    /// The answers, in file order.
    package var entries: [(id: String, value: AnswerValue)]
    /// When answers were given, for those the file says (a record's answers data does).
    package var times: [String: Date] = [:]
    /// Where each answer is written, for errors about it.
    package var locations: [String: SourceLocation] = [:]

    /// The answers by question id.
    package var values: [String: AnswerValue] {
        Dictionary(entries.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Creates an answers file's contents.
    package init(entries: [(id: String, value: AnswerValue)]) { self.entries = entries }

    package static func == (a: AnswersFile, b: AnswersFile) -> Bool {
        a.entries.map(\.id) == b.entries.map(\.id) && a.entries.map(\.value) == b.entries.map(\.value)
    }

    /// Reads answers for `flow` from the file at `path`.
    package static func load(path: String, flow: Flow, parser: AnswerParser = AnswerParser(),
                            now: Date = Date()) throws(FlowError) -> AnswersFile {
        let text = try YAMLDocument.text(path: path, what: "the answers file", hint: "check the path and that the file is readable")
        return try parse(text: text, file: path, flow: flow, parser: parser, now: now)
    }

    /// Reads answers for `flow` from YAML text; `file` names it in diagnostics.
    package static func parse(text: String, file: String, flow: Flow, parser: AnswerParser = AnswerParser(),
                             now: Date = Date()) throws(FlowError) -> AnswersFile {
        // A signed record is an answers file too: its ANSWERS DATA block, at its own line numbers.
        let text = AnswersData.extract(text) ?? text
        var root: Node
        do {
            root = try YAMLDocument.compose(text, file: file)
        } catch let error where error.diagnostics.first?.message == "the file is empty" {
            return AnswersFile(entries: [])
        }
        var reader = NodeReader(file: file)
        if case .mapping(let top) = root, let inner = top["answers"], case .mapping = inner {
            // A scenario (flows/scenarios): title, flow, expect and the answers under `answers:`.
            if let named = top["flow"]?.scalar?.string, named != flow.id {
                throw FlowError([Diagnostic(reader.location(top["flow"]!), "this scenario is for flow '\(named)', not '\(flow.id)'",
                                            hint: "add --flow \(named)")])
            }
            root = inner
        }
        guard case .mapping(let mapping) = root else {
            throw FlowError([Diagnostic(reader.location(root), "an answers file is a mapping of question ids to answers",
                                        hint: "write lines like adult_involved: no")])
        }
        var entries: [(id: String, value: AnswerValue)] = []
        var times: [String: Date] = [:]
        var locations: [String: SourceLocation] = [:]
        let ids = flow.screens.filter { $0.kind != .end }.map(\.id)
        for (keyNode, valueNode) in mapping {
            guard let id = keyNode.scalar?.string else { reader.error(keyNode, "question ids must be plain words"); continue }
            guard let screen = flow.screen(id), screen.kind != .end else {
                reader.error(keyNode, "'\(id)' is not a question of flow '\(flow.id)'",
                             hint: Suggest.closest(to: id, in: ids).map { "did you mean '\($0)'?" } ?? "see: intake flows explain \(flow.id)")
                continue
            }
            var valueNode = valueNode
            if case .mapping(let timed) = valueNode, let inner = timed["answer"] {
                // `{answer: …, at: …}`: the answer and the exact time it was first given.
                guard timed.keys.allSatisfy({ ["answer", "at"].contains($0.scalar?.string ?? "") }) else {
                    reader.error(valueNode, "'\(id)': a timed answer has only answer: and at:")
                    continue
                }
                if let atNode = timed["at"] {
                    guard let at = atNode.scalar.flatMap({ AnswersData.parseTime($0.string) }) else {
                        reader.error(atNode, "'\(id)': at: is a UTC time like 2026-11-23T14:30:05Z")
                        continue
                    }
                    // An answer cannot have been given after now (a minute's grace for clocks that
                    // disagree): a signed record would otherwise say Given after Finished (issue 33).
                    guard at.timeIntervalSince(now) <= 60 else {
                        reader.error(atNode, "'\(id)': at: \(atNode.scalar?.string ?? "") is in the future; give the time the answer was given")
                        continue
                    }
                    times[id] = at
                }
                valueNode = inner
            }
            do {
                let value = try answer(valueNode, screen, parser, times[id] ?? now)
                if let problem = screen.problem(with: value, lookup: { _ in .unknown }, answered: { _ in false }),
                   !(value == .skipped && !screen.required) {
                    reader.error(valueNode, "'\(id)': \(problem)")
                    continue
                }
                entries.append((id, value))
                locations[id] = reader.location(keyNode)
            } catch {
                if let values = valuesHint(valueNode, screen) {
                    reader.error(valueNode, "'\(id)': '\(values.wrong)' is not one of its values", hint: values.hint)
                } else {
                    reader.error(valueNode, "'\(id)': \(error.message)")
                }
            }
        }
        guard reader.diagnostics.isEmpty else { throw FlowError(reader.diagnostics) }
        var file = AnswersFile(entries: entries)
        file.times = times
        file.locations = locations
        return file
    }

    /// The answers the path through `flow` uses, in path order: the path these answers take, a
    /// question the file leaves out counting as unanswered. `assess` and `run` both read a file so,
    /// and an answer to a screen off that path — which an interview would never ask — or one the
    /// screen refuses given the answers before it (a constraint) is an error where it is written, so
    /// the two commands can never decide the same file differently.
    package func onPath(_ flow: Flow, file: String) throws(FlowError) -> [String: AnswerValue] {
        let values = self.values
        var given: [String: AnswerValue] = [:]
        var problems: [Diagnostic] = []
        var visited: Set<String> = []
        var id: String? = flow.start
        while let current = id, let screen = flow.screen(current), screen.kind != .end, visited.insert(current).inserted {
            if let value = values[current] {
                let lookup = Determiner.environment(flow, answers: given)
                if let problem = screen.problem(with: value, lookup: lookup, answered: { given[$0]?.isAnswered ?? false }),
                   !(value == .skipped && !screen.required) {
                    problems.append(Diagnostic(location(current, file), "'\(current)': \(problem)",
                                               hint: "correct this answer or the earlier one it contradicts"))
                }
                given[current] = value
            }
            id = Interview.route(after: screen, given: given, in: flow).target
        }
        for (entry, _) in entries where !visited.contains(entry) {
            // A question that waits for a step not done says which step (issue 35).
            if let step = flow.screen(entry)?.waitsFor, given[step] != .checklist(.done, reason: nil) {
                problems.append(Diagnostic(location(entry, file), "'\(entry)' is answered, but it waits for '\(step)', which these answers do not mark done",
                                           hint: "answer \(step): done if it is, or leave '\(entry)' out until it is (it stays on the to-do list)"))
                continue
            }
            problems.append(Diagnostic(location(entry, file), "'\(entry)' is answered, but the path these answers take never asks it",
                                       hint: "an interview would not use this answer: remove it, or change the earlier answer that leads past it"))
        }
        guard problems.isEmpty else { throw FlowError(problems) }
        return given
    }

    private func location(_ id: String, _ file: String) -> SourceLocation {
        locations[id] ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// For a choice: the values it takes, and the one a typo most likely meant.
    static func valuesHint(_ node: Node, _ screen: Screen) -> (wrong: String, hint: String)? {
        guard screen.kind == .choice || screen.kind == .multiChoice else { return nil }
        let values = screen.choices.map(\.value)
        let given: [String]
        switch node {
        case .scalar(let scalar): given = [scalar.string]
        case .sequence(let items): given = items.compactMap { $0.scalar?.string }
        case .mapping: given = []
        }
        guard let wrong = given.first(where: { !values.contains($0) }) else { return nil }
        let guess = Suggest.closest(to: wrong, in: values).map { "did you mean \($0)? " } ?? ""
        return (wrong, guess + "the values are: " + values.joined(separator: ", ") + (screen.allowUnknown ? ", unknown" : ""))
    }

    private static func answer(_ node: Node, _ screen: Screen, _ parser: AnswerParser,
                               _ now: Date) throws(AnswerInputError) -> AnswerValue {
        switch node {
        case .scalar(let scalar):
            if screen.kind == .info {
                guard ["yes", "true", "ok", "acknowledged", "seen"].contains(scalar.string.lowercased()) else {
                    throw AnswerInputError("an information screen is answered with acknowledged")
                }
                return .acknowledged
            }
            return try parser.parse(scalar.string, for: screen, now: now)
        case .sequence(let items) where screen.kind == .multiChoice:
            let words = items.compactMap { $0.scalar?.string }
            guard words.count == items.count else { throw AnswerInputError("list the choice values as plain words") }
            return try parser.parse(words.joined(separator: ","), for: screen, now: now)
        case .mapping(let mapping) where screen.kind == .checklist:
            let status = mapping["status"]?.scalar?.string ?? ""
            let reason = mapping["reason"]?.scalar?.string ?? ""
            guard mapping.keys.allSatisfy({ ["status", "reason"].contains($0.scalar?.string ?? "") }) else {
                throw AnswerInputError("a checklist answer has only status: and reason:")
            }
            return try parser.parse(reason.isEmpty ? status : "\(status): \(reason)", for: screen, now: now)
        default:
            throw AnswerInputError("expected \(screen.kind.answerDescription)" +
                                   (screen.kind == .checklist ? " (e.g. done, or status: not-done with reason: …)" : ""))
        }
    }
}

extension AnswersFile {
    /// Whether the file at `path` is a teaching scenario (`flows/scenarios`: a `title:` over its
    /// `answers:`): a made-up case, which `intake run` signs only as training (issue 35, item 6).
    package static func isTeachingScenario(path: String) -> Bool {
        guard let text = try? YAMLDocument.text(path: path, what: "the answers file", hint: ""),
              case .mapping(let top)? = try? YAMLDocument.compose(text, file: path) else { return false }
        return top["title"] != nil && top["answers"] != nil
    }
}
