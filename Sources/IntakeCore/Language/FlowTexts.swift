import Crypto
import FoundationEssentials
import Glibc

/// One text of a flow that a translation gives in another language: where it is, what it says in
/// English, and the key a translation file files it under (`screens.intro.prompt`).
package struct FlowText: Sendable, Equatable {
    /// The key, its parts joined by dots: ids of screens, choices, facts and actions, classifications
    /// of rules, facts of reasons (with `#2`, `#3` where one has several), numbers where a list has no ids.
    package var key: String
    /// The English, as the flow has it after YAML's folding.
    package var english: String
    /// Where it is in the flow, for messages about it.
    package var location: SourceLocation

    /// The short hash a translation keeps of the English it translates: the first 8 hex digits of the
    /// SHA-256 of its UTF-8, so `printf %s TEXT | sha256sum | cut -c1-8` gives it too.
    package var hash: String { Self.hash(english) }

    /// The short hash of `text`.
    package static func hash(_ text: String) -> String {
        lowerHex(SHA256.hash(data: Data(text.utf8)).prefix(4))
    }
}

extension Flow {
    /// Every text a translation can give, in file order.
    package var texts: [FlowText] {
        var copy = self
        var out: [FlowText] = []
        // An empty text (a flow without a description) has nothing to translate.
        copy.visitTexts { key, text, location in if !text.isEmpty { out.append(FlowText(key: key, english: text, location: location)) } }
        return out
    }

    /// Calls `visit` with each translatable text, which it may replace. The one list of what is
    /// translated, so checking a translation and applying it can never disagree.
    /// Not translated: ids and values (answers are stored by them), conditions, and the citations of
    /// sources, which name documents published in English only.
    mutating func visitTexts(_ visit: (String, inout String, SourceLocation) -> Void) {
        let top = startLocation ?? SourceLocation(file: file, line: 1, column: 1)
        visit("title", &title, top)
        visit("description", &description, top)
        for key in record.classifications.keys.sorted() {
            visit("record.classifications.\(key)", &record.classifications[key]!, record.locations[key] ?? top)
        }
        // A header field's label is a key of the record's header block, the same in every language
        // because intake's readers (intake records) read it; its short label is only ever shown.
        for i in record.header.indices where record.header[i].short != nil {
            visit("record.header.\(record.header[i].screen).short", &record.header[i].short!, record.header[i].location)
        }
        // A section is written once, on its first screen, and later screens inherit it.
        // Edited as a copy and put back once: every write to `screens` rebuilds its index, and a write
        // per text made applying a translation quadratic (a third of a Welsh start, issue 37).
        var screens = self.screens
        defer { self.screens = screens }
        var sections: [String: String] = [:]
        var previous: String?
        for i in screens.indices {
            let id = screens[i].id, at = screens[i].location
            if let section = screens[i].section {
                if section != previous {
                    var text = section
                    visit("screens.\(id).section", &text, at)
                    sections[section] = text
                }
                previous = section
                screens[i].section = sections[section]
            }
            visit("screens.\(id).prompt", &screens[i].prompt, at)
            if screens[i].help != nil { visit("screens.\(id).help", &screens[i].help!, at) }
            for c in screens[i].choices.indices {
                visit("screens.\(id).choices.\(screens[i].choices[c].value)", &screens[i].choices[c].label, at)
            }
            for c in screens[i].constraints.indices {
                visit("screens.\(id).constraints.\(c + 1)", &screens[i].constraints[c].message, screens[i].constraints[c].condition.location)
            }
        }
        for i in facts.indices { visit("facts.\(facts[i].id)", &facts[i].text, facts[i].condition.location) }
        var seen: [String: Int] = [:]
        func numbered(_ base: String) -> String {
            seen[base, default: 0] += 1
            return seen[base]! == 1 ? base : "\(base)#\(seen[base]!)"
        }
        for i in determination.rules.indices where determination.rules[i].summary != nil {
            visit(numbered("rules.\(determination.rules[i].classification)"), &determination.rules[i].summary!, determination.rules[i].location)
        }
        if determination.otherwise.summary != nil {
            visit(numbered("rules.\(determination.otherwise.classification)"), &determination.otherwise.summary!, determination.otherwise.location)
        }
        for i in reasons.indices { visit(numbered("reasons.\(reasons[i].fact)"), &reasons[i].text, reasons[i].condition.location) }
        var actions = self.actions  // as `screens`: one index rebuild, not one per text
        for i in actions.indices { visit("actions.\(actions[i].id)", &actions[i].text, actions[i].location) }
        self.actions = actions
        if notice != nil {
            visit("notice.title", &notice!.title, notice!.locations.first ?? top)
            for p in notice!.paragraphs.indices {
                visit("notice.paragraphs.\(p + 1)", &notice!.paragraphs[p], p < notice!.locations.count ? notice!.locations[p] : top)
            }
            for key in notice!.blanks.keys.sorted() {
                visit("notice.blanks.\(key)", &notice!.blanks[key]!, notice!.locations.first ?? top)
            }
            for w in notice!.withhold.indices {
                visit("notice.withhold.\(w + 1).reason", &notice!.withhold[w].reason, notice!.withhold[w].condition.location)
            }
        }
        if support != nil {
            visit("support.title", &support!.title, top)
            for e in support!.entries.indices {
                visit("support.entries.\(e + 1).name", &support!.entries[e].name, top)
                visit("support.entries.\(e + 1).helps", &support!.entries[e].helps, top)
                visit("support.entries.\(e + 1).contact", &support!.entries[e].contact, top)
            }
        }
    }
}
