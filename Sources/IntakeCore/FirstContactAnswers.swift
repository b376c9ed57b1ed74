extension AnswersFile {
    /// `intake run --first-contact --answers FILE`: these answers, finished at the flow's first-contact
    /// point, as an officer on screen finishes there. Every question the path asks before that point
    /// must be answered (the signing key's screens excepted), and none after it: the record then
    /// signs what was given so far, and its to-do list carries the rest (issue 35).
    package func finishingAtFirstContact(_ flow: Flow, file: String) throws(FlowError) -> AnswersFile {
        let at = SourceLocation(file: file, line: 1, column: 1)
        guard let point = flow.firstContact else {
            throw FlowError([Diagnostic(at, "the flow '\(flow.id)' has no first-contact point, so --first-contact cannot finish early",
                                        hint: "leave out --first-contact, or use a flow with first-contact: (docs/flow-format.md)")])
        }
        let finish = AnswerValue.choice(point.answer)
        var file = self
        if let given = values[point.question] {
            guard given == finish else {
                throw FlowError([Diagnostic(locations[point.question] ?? at,
                                            "'\(point.question)' is answered, but not '\(point.answer)': --first-contact finishes there",
                                            hint: "remove the answer, or leave out --first-contact")])
            }
        } else {
            file.entries.append((point.question, finish))
        }
        // Walk the path the answers take to the point: each screen on the way must be answered.
        let fromKey = Set(flow.identity.values)
        var given: [String: AnswerValue] = [:]
        var id: String? = flow.start
        var seen: Set<String> = []
        let values = file.values
        while let current = id, current != point.question, let screen = flow.screen(current), seen.insert(current).inserted {
            guard screen.kind != .end else { break }
            if let value = values[current] {
                given[current] = value
            } else if !fromKey.contains(current) {
                throw FlowError([Diagnostic(at, "the answers stop at '\(current)', before the first-contact question '\(point.question)'",
                                            hint: "answer every question up to it (safeguarding, the facts known now, who is involved); what is not known yet is answered unknown")])
            }
            id = Interview.route(after: screen, given: given, in: flow).target
        }
        return file
    }
}

extension AnswersFile {
    /// The answers `intake run --answers PATH` fills in: read for `flow`, cut at the first-contact
    /// point when `firstContact`, every answer on the path the earlier ones lead down.
    package static func forRun(path: String, flow: Flow, firstContact: Bool) throws(FlowError) -> AnswersFile {
        var file = try load(path: path, flow: flow)
        if firstContact { file = try file.finishingAtFirstContact(flow, file: path) }
        _ = try file.onPath(flow, file: path)
        return file
    }
}
