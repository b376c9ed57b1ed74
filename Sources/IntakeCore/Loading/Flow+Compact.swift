/// The flow model in the compact form (`Compact`): each type writes its stored properties in the
/// order it declares them and reads them back in that order.

extension Flow: Compact {
    package init(compact r: inout CompactReader) throws {
        self.init(id: try r.read(), title: try r.read(), version: try r.read(), description: try r.read(), sources: try r.read(),
                  start: try r.read(), screens: try r.read(), facts: try r.read(), determination: try r.read(),
                  reasons: try r.read(), actions: try r.read(), file: try r.read())
        invariants = try r.read()
        startLocation = try r.read()
        notice = try r.read()
        support = try r.read()
        identity = try r.read()
        identityLocations = try r.read()
        record = try r.read()
        takesFrom = try r.read()
        language = try r.read()
        firstContact = try r.read()
        translationStatus = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        // The two indexes are rebuilt from the screens and actions by `init`.
        w.object(self, derived: ["index", "actionIndex"]) { w in
            w.field("id", id)
            w.field("title", title)
            w.field("version", version)
            w.field("description", description)
            w.field("sources", sources)
            w.field("start", start)
            w.field("screens", screens)
            w.field("facts", facts)
            w.field("determination", determination)
            w.field("reasons", reasons)
            w.field("actions", actions)
            w.field("file", file)
            w.field("invariants", invariants)
            w.field("startLocation", startLocation)
            w.field("notice", notice)
            w.field("support", support)
            w.field("identity", identity)
            w.field("identityLocations", identityLocations)
            w.field("record", record)
            w.field("takesFrom", takesFrom)
            w.field("language", language)
            w.field("firstContact", firstContact)
            w.field("translationStatus", translationStatus)
        }
    }
}

extension IdentityField: CompactByName {}
extension ScreenKind: CompactByName {}
extension Outcome21: CompactByName {}
extension Language: CompactByName {}
extension TranslationStatus: CompactByName {}
extension SupportList.Entry.Family: CompactByName {}

extension Screen: Compact {
    package init(compact r: inout CompactReader) throws {
        id = try r.read()
        kind = try r.read()
        prompt = try r.read()
        help = try r.read()
        source = try r.read()
        required = try r.read()
        allowUnknown = try r.read()
        choices = try r.read()
        minimum = try r.read()
        maximum = try r.read()
        constraints = try r.read()
        branches = try r.read()
        next = try r.read()
        action = try r.read()
        multiLine = try r.read()
        location = try r.read()
        nextLocation = try r.read()
        section = try r.read()
        language = try r.read()
        waitsFor = try r.read()
        waitsForLocation = try r.read()
        group = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("id", id)
            w.field("kind", kind)
            w.field("prompt", prompt)
            w.field("help", help)
            w.field("source", source)
            w.field("required", required)
            w.field("allowUnknown", allowUnknown)
            w.field("choices", choices)
            w.field("minimum", minimum)
            w.field("maximum", maximum)
            w.field("constraints", constraints)
            w.field("branches", branches)
            w.field("next", next)
            w.field("action", action)
            w.field("multiLine", multiLine)
            w.field("location", location)
            w.field("nextLocation", nextLocation)
            w.field("section", section)
            w.field("language", language)
            w.field("waitsFor", waitsFor)
            w.field("waitsForLocation", waitsForLocation)
            w.field("group", group)
        }
    }
}

extension Choice: Compact {
    package init(compact r: inout CompactReader) throws {
        value = try r.read()
        label = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("value", value)
            w.field("label", label)
        }
    }
}

extension Condition: Compact {
    package init(compact r: inout CompactReader) throws {
        expr = try r.read()
        text = try r.read()
        location = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("expr", expr)
            w.field("text", text)
            w.field("location", location)
        }
    }
}

extension Constraint: Compact {
    package init(compact r: inout CompactReader) throws {
        condition = try r.read()
        message = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("condition", condition)
            w.field("message", message)
        }
    }
}

extension Transition: Compact {
    package init(compact r: inout CompactReader) throws {
        condition = try r.read()
        target = try r.read()
        targetLocation = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("condition", condition)
            w.field("target", target)
            w.field("targetLocation", targetLocation)
        }
    }
}

extension DerivedFact: Compact {
    package init(compact r: inout CompactReader) throws {
        id = try r.read()
        text = try r.read()
        condition = try r.read()
        source = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("id", id)
            w.field("text", text)
            w.field("condition", condition)
            w.field("source", source)
        }
    }
}

extension DeterminationSpec: Compact {
    package init(compact r: inout CompactReader) throws {
        decisive = try r.read()
        alsoEstablish = try r.read()
        prerequisites = try r.read()
        rules = try r.read()
        otherwise = try r.read()
        locations = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("decisive", decisive)
            w.field("alsoEstablish", alsoEstablish)
            w.field("prerequisites", prerequisites)
            w.field("rules", rules)
            w.field("otherwise", otherwise)
            w.field("locations", locations)
        }
    }
}

extension Prerequisite: Compact {
    package init(compact r: inout CompactReader) throws {
        id = try r.read()
        until = try r.read()
        source = try r.read()
        idLocation = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("id", id)
            w.field("until", until)
            w.field("source", source)
            w.field("idLocation", idLocation)
        }
    }
}

extension Notice: Compact {
    package init(compact r: inout CompactReader) throws {
        title = try r.read()
        paragraphs = try r.read()
        blanks = try r.read()
        source = try r.read()
        locations = try r.read()
        addressee = try r.read()
        contact = try r.read()
        language = try r.read()
        screenLocations = try r.read()
        withhold = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("title", title)
            w.field("paragraphs", paragraphs)
            w.field("blanks", blanks)
            w.field("source", source)
            w.field("locations", locations)
            w.field("addressee", addressee)
            w.field("contact", contact)
            w.field("language", language)
            w.field("screenLocations", screenLocations)
            w.field("withhold", withhold)
        }
    }
}

extension Notice.Withhold: Compact {
    package init(compact r: inout CompactReader) throws {
        condition = try r.read()
        reason = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("condition", condition)
            w.field("reason", reason)
        }
    }
}

extension SupportList: Compact {
    package init(compact r: inout CompactReader) throws {
        title = try r.read()
        entries = try r.read()
        source = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("title", title)
            w.field("entries", entries)
            w.field("source", source)
        }
    }
}

extension SupportList.Entry: Compact {
    package init(compact r: inout CompactReader) throws {
        name = try r.read()
        helps = try r.read()
        contact = try r.read()
        checked = try r.read()
        checkedAt = try r.read()
        family = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("name", name)
            w.field("helps", helps)
            w.field("contact", contact)
            w.field("checked", checked)
            w.field("checkedAt", checkedAt)
            w.field("family", family)
        }
    }
}

extension DeterminationRule: Compact {
    package init(compact r: inout CompactReader) throws {
        condition = try r.read()
        classification = try r.read()
        outcome21 = try r.read()
        lenient = try r.read()
        summary = try r.read()
        location = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("condition", condition)
            w.field("classification", classification)
            w.field("outcome21", outcome21)
            w.field("lenient", lenient)
            w.field("summary", summary)
            w.field("location", location)
        }
    }
}

extension ReasonRule: Compact {
    package init(compact r: inout CompactReader) throws {
        fact = try r.read()
        condition = try r.read()
        text = try r.read()
        source = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("fact", fact)
            w.field("condition", condition)
            w.field("text", text)
            w.field("source", source)
        }
    }
}

extension ActionRule: Compact {
    package init(compact r: inout CompactReader) throws {
        id = try r.read()
        text = try r.read()
        source = try r.read()
        condition = try r.read()
        location = try r.read()
        standing = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("id", id)
            w.field("text", text)
            w.field("source", source)
            w.field("condition", condition)
            w.field("location", location)
            w.field("standing", standing)
        }
    }
}

extension RecordStyle: Compact {
    package init(compact r: inout CompactReader) throws {
        idPrefix = try r.read()
        classifications = try r.read()
        header = try r.read()
        locations = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("idPrefix", idPrefix)
            w.field("classifications", classifications)
            w.field("header", header)
            w.field("locations", locations)
        }
    }
}

extension HeaderField: Compact {
    package init(compact r: inout CompactReader) throws {
        label = try r.read()
        screen = try r.read()
        short = try r.read()
        location = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("label", label)
            w.field("screen", screen)
            w.field("short", short)
            w.field("location", location)
        }
    }
}

extension CarryOver: Compact {
    package init(compact r: inout CompactReader) throws {
        flow = try r.read()
        renamed = try r.read()
        location = try r.read()
        renamedLocations = try r.read()
        ownResearch = try r.read()
        ownResearchLocations = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("flow", flow)
            w.field("renamed", renamed)
            w.field("location", location)
            w.field("renamedLocations", renamedLocations)
            w.field("ownResearch", ownResearch)
            w.field("ownResearchLocations", ownResearchLocations)
        }
    }
}

extension Invariant: Compact {
    package init(compact r: inout CompactReader) throws {
        name = try r.read()
        condition = try r.read()
        source = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("name", name)
            w.field("condition", condition)
            w.field("source", source)
        }
    }
}

extension FirstContact: Compact {
    package init(compact r: inout CompactReader) throws {
        question = try r.read()
        answer = try r.read()
        location = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("question", question)
            w.field("answer", answer)
            w.field("location", location)
        }
    }
}

extension Translation: Compact {
    package init(compact r: inout CompactReader) throws {
        self.init(flow: try r.read(), language: try r.read(), status: try r.read(), signedOffBy: try r.read(),
                  entries: try r.read(), places: try r.read(), file: try r.read())
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("flow", flow)
            w.field("language", language)
            w.field("status", status)
            w.field("signedOffBy", signedOffBy)
            w.field("entries", entries)
            w.field("places", places)
            w.field("file", file)
        }
    }
}

extension Translation.Entry: Compact {
    package init(compact r: inout CompactReader) throws {
        text = try r.read()
        english = try r.read()
        location = try r.read()
    }

    package func write(compact w: inout CompactWriter) {
        w.object(self) { w in
            w.field("text", text)
            w.field("english", english)
            w.field("location", location)
        }
    }
}
