import Foundation

/// Checklists as text, markdown (to file with a project proposal), csv and json.
extension Renderer {
    public func render(_ checklist: Checklist) -> String {
        switch format {
        case .text: return textChecklist(checklist)
        case .markdown: return markdownChecklist(checklist)
        case .json: return Self.json(checklist).pretty() + "\n"
        case .jsonl: return checklist.items.map { Self.json($0, catalog: checklist.catalog).encoded() + "\n" }.joined()
        case .csv:
            return CSV.table(header: Self.checklistColumns, rows: checklist.items.map { Self.row($0, catalog: checklist.catalog) })
        }
    }

    // MARK: Shared wording

    static let checklistColumns = [
        "area", "topic", "ref", "obligation", "requirement", "heading", "doc", "doc_title", "status", "source", "fidelity", "found", "topics", "lang",
    ]

    static func row(_ item: ChecklistItem, catalog: TopicCatalog) -> [String] {
        [catalog.area(item.area)?.en ?? item.area, item.topic, item.ref, item.obligation.rawValue, item.requirement, item.heading,
         item.document.id, item.document.title, item.document.status.rawValue, item.document.source, item.document.fidelity.rawValue,
         item.found.description, item.topics.joined(separator: " "), item.language.rawValue]
    }

    static func json(_ item: ChecklistItem, catalog: TopicCatalog) -> JSONValue {
        var matched: [String] = []
        if case let .text(words) = item.found { matched = words }
        return .object([
            ("area", .string(item.area)), ("area_title", .string(catalog.area(item.area)?.en ?? item.area)), ("topic", .string(item.topic)),
            ("ref", .string(item.ref)), ("obligation", .string(item.obligation.rawValue)), ("requirement", .string(item.requirement)),
            ("heading", .string(item.heading)), ("doc", .string(item.document.id)), ("doc_title", .string(item.document.title)),
            ("type", .string(item.document.type.rawValue)), ("status", .string(item.document.status.rawValue)),
            ("source", .string(item.document.source)), ("fidelity", .string(item.document.fidelity.rawValue)),
            ("found", .string(item.found.kind)), ("matched", .array(matched.map(JSONValue.string))),
            ("topics", .array(item.topics.map(JSONValue.string))), ("lang", .string(item.language.rawValue)),
            ("text_hash", .string(item.textHash)),
        ])
    }

    static func json(_ checklist: Checklist) -> JSONValue {
        let catalog = checklist.catalog
        return .object([
            ("profile", json(checklist.profile, catalog: catalog)),
            ("counts", counts(checklist.items)),
            ("areas", .array(checklist.sections.map { section in
                .object([
                    ("area", .string(section.area.id)), ("title", .string(section.area.en)), ("title_sw", .string(section.area.sw)),
                    ("items", .array(section.items.map { json($0, catalog: catalog) })),
                    ("topics_without_duties", .array(section.topicsWithoutDuties.map(JSONValue.string))),
                ])
            })),
            ("left_out", .array(checklist.leftOut.map { .string($0.id) })),
        ])
    }

    static func json(_ profile: SystemProfile, catalog: TopicCatalog) -> JSONValue {
        .object([
            ("flags", .array(SystemProfile.switchNames.filter(profile.switches.contains).map(JSONValue.string))),
            ("hosting", profile.hosting.map(JSONValue.string) ?? .null),
            ("topics", .array(profile.selectedTopics(in: catalog).sorted().map(JSONValue.string))),
        ])
    }

    static func counts(_ items: [ChecklistItem]) -> JSONValue {
        .object([("items", .int(items.count))] + ChecklistBuilder.listedObligations.map { obligation in
            (obligation.rawValue, .int(items.filter { $0.obligation == obligation }.count))
        })
    }

    /// "143 requirements: 120 must, 13 must not, 10 should".
    static func tally(_ items: [ChecklistItem]) -> String {
        let parts = ChecklistBuilder.listedObligations.compactMap { obligation -> String? in
            let count = items.filter { $0.obligation == obligation }.count
            return count == 0 ? nil : "\(count) \(obligationWord(obligation).lowercased())"
        }
        return "\(items.count) requirement\(items.count == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    static func obligationWord(_ obligation: Obligation) -> String {
        switch obligation {
        case .must: "Must"
        case .mustNot: "Must not"
        case .should: "Should"
        case .may: "May"
        case .none: "Note"
        }
    }

    /// The profile as question and answer, in the officer's language.
    static func profileAnswers(_ profile: SystemProfile, catalog: TopicCatalog, language: Language?) -> [(question: String, answer: String)] {
        let yes = language == .sw ? "Ndiyo" : "Yes"
        let no = language == .sw ? "Hapana" : "No"
        var answers: [(String, String)] = []
        for question in catalog.questions {
            if question.isChoice {
                let choice = question.choices.first { $0.id == profile.hosting }
                answers.append((question.text(in: language), choice?.text(in: language) ?? (language == .sw ? "Haijaelezwa" : "Not stated")))
            } else {
                answers.append((question.text(in: language), profile.switches.contains(question.flag) ? yes : no))
            }
        }
        // A switch no question asks about (`--cloud`): name it by its topic's meaning.
        let asked = Set(catalog.questions.map(\.flag))
        for name in SystemProfile.switchNames where profile.switches.contains(name) && !asked.contains(name) {
            let topic = catalog.topic(name)
            answers.append((((language == .sw ? topic?.sw : topic?.en) ?? name) + ":", yes))
        }
        return answers
    }

    // MARK: Text

    private func textChecklist(_ checklist: Checklist) -> String {
        var output = style.heading("Requirements checklist for a planned system") + "\n"
        let arguments = checklist.profile.arguments
        output += style.dim("profile: " + (arguments.isEmpty ? "every system (no flags given)" : arguments.joined(separator: " "))) + "\n"
        output += Self.tally(checklist.items) + ". [ ] marks an open item; `sera show REF` prints a clause in full.\n"
        let language = checklist.language
        var previousTopic = ""
        for section in checklist.sections {
            output += "\n" + style.heading(section.area.name(in: language).uppercased()) + style.dim(" · " + section.area.otherName(in: language)) + "\n"
            if section.items.isEmpty && section.topicsWithoutDuties.isEmpty {
                output += style.dim("  nothing selected for this profile") + "\n"
                continue
            }
            for item in section.items {
                if item.topic != previousTopic {
                    output += "  " + style.heading(TextStyle.neutralise(checklist.catalog.topic(item.topic)?.meaning(in: language) ?? item.topic)) + "\n"
                    previousTopic = item.topic
                }
                let obligation = Self.obligationWord(item.obligation).lowercased().padded(to: 9)
                output += "  [ ] \(obligation) " + style.ref(item.ref) + "  " + style.heading(TextStyle.neutralise(item.heading)) + "\n"
                output += style.wrap(item.requirement, indent: String(repeating: " ", count: 16)) + "\n"
                let facts = [item.document.title, item.document.status.rawValue, item.found.description]
                output += style.dim(String(repeating: " ", count: 16) + TextStyle.neutralise(facts.joined(separator: " · "))) + "\n"
            }
            for topic in section.topicsWithoutDuties {
                output += "  " + style.heading(TextStyle.neutralise(checklist.catalog.topic(topic)?.meaning(in: language) ?? topic)) + "\n"
                output += style.dim("                no clause states a duty about this; sera search topic:\(topic) shows what the corpus says") + "\n"
            }
        }
        if !checklist.leftOut.isEmpty {
            output += "\n" + style.dim("Left out, not in force: " + checklist.leftOut.map { "\($0.title) (\($0.status.rawValue))" }.joined(separator: "; ")) + "\n"
        }
        return output
    }

    // MARK: Markdown

    private func markdownChecklist(_ checklist: Checklist) -> String {
        let catalog = checklist.catalog
        var lines: [String] = []
        lines.append("# ICT requirements checklist for a planned system")
        lines.append("")
        lines.append("| Institution | System | Prepared by | Date |")
        lines.append("| --- | --- | --- | --- |")
        lines.append("|   |   |   |   |")
        lines.append("")
        lines.append("## System profile")
        lines.append("")
        for (question, answer) in Self.profileAnswers(checklist.profile, catalog: catalog, language: checklist.language) {
            lines.append("- \(Markdown.escape(question)) **\(Markdown.escape(answer))**")
        }
        lines.append("")
        let command = (["sera", "check"] + checklist.profile.arguments + ["--format", "markdown"]).joined(separator: " ")
        lines.append("Generated by `\(command)` from the e-Government laws, regulations, standards and guidelines in Sera's corpus.")
        lines.append("")
        lines.append("## How to use this checklist")
        lines.append("")
        lines.append("Tick a box when the system meets the requirement and note the evidence under it (an approval letter, a registration number, a test report); where a requirement does not apply, or is waived, write why. `sera show REF` prints a cited clause in full.")
        lines.append("")
        lines.append("**\(Self.tally(checklist.items))**, from \(checklist.documents.count) document\(checklist.documents.count == 1 ? "" : "s"), in \(checklist.sections.filter { !$0.items.isEmpty }.count) of \(checklist.sections.count) areas.")
        for (number, section) in checklist.sections.enumerated() {
            lines.append("")
            lines.append("## \(number + 1). \(Markdown.escape(section.area.name(in: checklist.language))) · _\(Markdown.escape(section.area.otherName(in: checklist.language)))_")
            lines.append("")
            if section.items.isEmpty && section.topicsWithoutDuties.isEmpty {
                lines.append("_No clause in the corpus is selected for this area and profile._")
                continue
            }
            var groups = section.byTopic.map { (topic: $0.topic, lines: $0.items.flatMap(Self.markdownItem)) }
            groups += section.topicsWithoutDuties.map { topic in
                (topic, ["_No clause in the corpus states a duty about this; `sera search topic:\(topic)` shows what it says._"])
            }
            for (index, group) in groups.enumerated() {
                if index > 0 { lines.append("") }
                lines.append("### " + Markdown.escape(catalog.topic(group.topic)?.meaning(in: checklist.language) ?? group.topic))
                lines.append("")
                lines += group.lines
            }
        }
        lines.append("")
        lines.append("## Sources")
        lines.append("")
        lines.append("| Document | Type | Status | Source |")
        lines.append("| --- | --- | --- | --- |")
        for document in checklist.documents {
            let title = [document.title, document.number].compactMap { $0 }.map(Markdown.escapeCell).joined(separator: ", ")
            let source = Self.isAddress(document.source) ? "<\(document.source)>" : Markdown.escapeCell(document.source)
            lines.append("| \(title) | \(document.type.rawValue) | \(document.status.rawValue) | \(source) |")
        }
        lines.append("")
        for document in checklist.documents where Self.isAddress(document.source) {
            lines.append("[\(document.id)]: <\(document.source)>")
        }
        lines.append("")
        if checklist.documents.contains(where: { $0.fidelity == .digest }) {
            lines.append("The requirements come from Sera's digests: summaries in our own words under the official numbering. Check the official text before relying on a detail.")
        }
        if !checklist.leftOut.isEmpty {
            lines.append("Left out because they are no longer in force: " + checklist.leftOut.map { Markdown.escape("\($0.title) (\($0.status.rawValue))") }.joined(separator: "; ") + ".")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A checkbox with the requirement, then its citation, document (linked to its source),
    /// status when not in force, and how it was found.
    static func markdownItem(_ item: ChecklistItem) -> [String] {
        var facts = ["`\(item.ref)` \(Markdown.escape(item.heading))", markdownLink(item.document)]
        if item.document.status != .inForce { facts.append("**\(item.document.status.rawValue)**") }
        facts.append("found by \(Markdown.escape(item.found.description))")
        return ["- [ ] **\(obligationWord(item.obligation)).** \(Markdown.escape(item.requirement))  ", "  " + facts.joined(separator: " · ")]
    }

    /// The document's title, linked to its source when the source is an address; the address
    /// itself is defined once, under Sources (`[title][doc-id]`).
    static func markdownLink(_ document: DocumentMetadata) -> String {
        let title = Markdown.escape(document.title)
        return isAddress(document.source) ? "[\(title)][\(document.id)]" : title
    }

    /// Whether a source is a web address that can stand between `<` and `>`.
    static func isAddress(_ source: String) -> Bool {
        (source.hasPrefix("https://") || source.hasPrefix("http://")) && !source.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }
}

/// `check --status`: what the officer still has to do.
extension Renderer {
    public func render(_ review: ChecklistReview, catalog: TopicCatalog) -> String {
        switch format {
        case .json: return Self.json(review).pretty() + "\n"
        case .jsonl: return review.entries.map { Self.json($0).encoded() + "\n" }.joined()
        case .csv:
            let rows = review.entries.map { entry in
                [entry.item.ref, entry.item.status.rawValue, entry.flags.map(\.rawValue).joined(separator: " "), entry.needsAttention ? "yes" : "no",
                 entry.item.obligation.rawValue, entry.item.requirement, entry.item.justification, entry.item.expires ?? ""]
            } + review.added.map { [$0.ref, "new", "", "yes", $0.obligation.rawValue, $0.requirement, "", ""] }
            return CSV.table(header: ["ref", "status", "flags", "needs_attention", "obligation", "requirement", "justification", "expires"], rows: rows)
        case .text, .markdown: return reviewText(review, markdown: format == .markdown)
        }
    }

    static func json(_ review: ChecklistReview) -> JSONValue {
        .object([
            ("file", .string(review.file)), ("saved", .string(review.plan.saved)), ("today", .string(review.today)),
            ("profile", .object([
                ("flags", .array(SystemProfile.switchNames.filter(review.plan.profile.switches.contains).map(JSONValue.string))),
                ("hosting", review.plan.profile.hosting.map(JSONValue.string) ?? .null),
            ])),
            ("counts", .object(ItemStatus.allCases.map { ($0.rawValue, .int(review.entries(status: $0).count)) }
                + ChecklistReview.Flag.allCases.map { ($0.rawValue, .int(review.entries(flagged: $0).count)) }
                + [("new", .int(review.added.count)), ("needs_attention", .int(review.attentionCount))])),
            ("items", .array(review.entries.map(json))),
            ("new", .array(review.added.map { .object([("ref", .string($0.ref)), ("obligation", .string($0.obligation.rawValue)),
                                                        ("requirement", .string($0.requirement)), ("text_hash", .string($0.textHash))]) })),
        ])
    }

    static func json(_ entry: ChecklistReview.Entry) -> JSONValue {
        .object([
            ("ref", .string(entry.item.ref)), ("status", .string(entry.item.status.rawValue)),
            ("flags", .array(entry.flags.map { .string($0.rawValue) })), ("needs_attention", .bool(entry.needsAttention)),
            ("obligation", .string(entry.item.obligation.rawValue)), ("requirement", .string(entry.item.requirement)),
            ("justification", .string(entry.item.justification)), ("expires", entry.item.expires.map(JSONValue.string) ?? .null),
            ("line", .int(entry.item.line)),
        ])
    }

    private func reviewText(_ review: ChecklistReview, markdown: Bool) -> String {
        let ref = { (text: String) in markdown ? "`\(text)`" : self.style.ref(text) }
        let say = { (text: String) in markdown ? Markdown.escape(text) : TextStyle.neutralise(text) }
        var lines: [String] = []
        let profile = review.plan.profile.arguments.joined(separator: " ")
        lines.append((markdown ? "# Checklist status: " : "") + say(review.file) + (markdown ? "" : ":")
                     + " saved \(review.plan.saved.isEmpty ? "?" : review.plan.saved), checked \(review.today)"
                     + (profile.isEmpty ? "" : ", profile " + (markdown ? "`\(profile)`" : profile)))
        if markdown { lines.append("") }
        let counts = ItemStatus.allCases.map { "\(review.entries(status: $0).count) \($0.rawValue)" }.joined(separator: ", ")
        lines.append("\(review.entries.count) items: \(counts)"
                     + (review.attentionCount == 0 ? "; nothing needs attention." : "; \(review.attentionCount) need\(review.attentionCount == 1 ? "s" : "") attention."))
        func group(_ title: String, _ entries: [ChecklistReview.Entry], detail: (PlanItem) -> String) {
            guard !entries.isEmpty else { return }
            lines.append("")
            lines.append(markdown ? "## \(title) (\(entries.count))" : style.heading("\(title) (\(entries.count))"))
            if markdown { lines.append("") }
            for entry in entries {
                lines.append((markdown ? "- " : "  ") + ref(entry.item.ref) + (markdown ? " " : "  ") + say(detail(entry.item)))
            }
        }
        group("Changed since the file was saved: decide again", review.entries(flagged: .changed)) { "(was \($0.status.rawValue)) \($0.requirement)" }
        group("Vanished from the corpus", review.entries(flagged: .vanished)) { "(was \($0.status.rawValue), \($0.document)) \($0.requirement)" }
        if !review.added.isEmpty {
            lines.append("")
            lines.append(markdown ? "## New requirements, not in the file (\(review.added.count))" : style.heading("New requirements, not in the file (\(review.added.count))"))
            if markdown { lines.append("") }
            for item in review.added {
                lines.append((markdown ? "- [ ] " : "  [ ] ") + ref(item.ref) + " " + say("\(Self.obligationWord(item.obligation).lowercased()): \(item.requirement)"))
            }
        }
        group("Expired waivers", review.entries(flagged: .expired)) { "(expired \($0.expires ?? "")) \($0.justification.isEmpty ? $0.requirement : $0.justification)" }
        group("Open", review.entries(status: .open)) { "\(Self.obligationWord($0.obligation).lowercased()): \($0.requirement)" }
        group("No longer selected for this profile", review.entries(flagged: .noLongerApplies)) { "(\($0.status.rawValue)) \($0.requirement)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
