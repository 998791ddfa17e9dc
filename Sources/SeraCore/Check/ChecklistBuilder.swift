import Foundation

/// How a checklist item was found.
public enum Finding: Equatable, Sendable {
    /// The clause carries these selected topic tags.
    case tag([String])
    /// The clause has no tags; these words of selected topics occur in its text.
    case text([String])

    /// `tag: hosting, security` or `text match: data centre, hosting`, as the reports print it.
    public var description: String {
        switch self {
        case let .tag(topics): "tag: " + topics.joined(separator: ", ")
        case let .text(words): "text match: " + words.joined(separator: ", ")
        }
    }

    /// `tag` or `text`, for machine-readable output.
    public var kind: String {
        switch self {
        case .tag: "tag"
        case .text: "text"
        }
    }
}

/// One requirement of a checklist.
public struct ChecklistItem: Equatable, Sendable {
    /// The canonical citation, `ega-act-2019:24(2)`.
    public var ref: String
    /// The `TopicArea.id` the item is listed under.
    public var area: String
    /// The topic it is listed under within its area: what the clause is mainly about.
    public var topic: String
    public var obligation: Obligation
    /// The duty in one line (see `RequirementLine`).
    public var requirement: String
    public var heading: String
    public var document: DocumentMetadata
    public var language: Language
    public var found: Finding
    /// The selected topics behind the item: its tags, or the topics whose words matched.
    public var topics: [String]
    /// Hash of the clause and everything below it, to notice a reworded clause later.
    public var textHash: String
}

/// The items of one area, in topic order.
public struct ChecklistSection: Sendable {
    public var area: TopicArea
    public var items: [ChecklistItem]
    /// Topics of this area the officer's flags chose that no listed clause carries: the corpus
    /// states no duty about them, which the report says rather than staying silent.
    public var topicsWithoutDuties: [String] = []

    /// The items under each topic, in the order they are listed.
    public var byTopic: [(topic: String, items: [ChecklistItem])] {
        var groups: [(topic: String, items: [ChecklistItem])] = []
        for item in items {
            if groups.last?.topic == item.topic {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append((item.topic, [item]))
            }
        }
        return groups
    }
}

/// Every requirement that applies to a planned system, grouped by area and topic in
/// `topics.yaml` order, then must, must-not, should, then acts before regulations, policies,
/// standards, guidelines, circulars and directives, then reading order.
public struct Checklist: Sendable {
    public var profile: SystemProfile
    public var catalog: TopicCatalog
    /// The language asked for (`--lang`): twins are read in it, areas and topics named in it.
    public var language: Language?
    /// Every area, in report order, including those where nothing applies.
    public var sections: [ChecklistSection]
    /// Documents not in force (superseded, repealed) whose clauses would have applied.
    public var leftOut: [DocumentMetadata]

    public var items: [ChecklistItem] { sections.flatMap(\.items) }

    /// The documents the items cite, each once: acts, then regulations, policies, strategies,
    /// standards, guidelines, circulars and directives, each kind by id.
    public var documents: [DocumentMetadata] {
        var seen = Set<String>()
        let rank = Dictionary(uniqueKeysWithValues: DocumentType.allCases.enumerated().map { ($1, $0) })
        return items.map(\.document).filter { seen.insert($0.id).inserted }
            .sorted { (rank[$0.type]!, $0.id) < (rank[$1.type]!, $1.id) }
    }
}

/// Selects the clauses that apply to a `SystemProfile`.
///
/// A clause is listed when it states a duty (must, must-not, should), its document is in force
/// (or a draft), and
/// - its first topic tag is selected (by `always` or a flag), or it carries a topic of a flag the
///   officer gave and its first topic is one some flag can select; or
/// - it has no tags and a selected topic's `words` occur in its heading or text.
/// A document with twins in two languages is read in the preferred one. A lead-in ("…shall:") whose
/// points all state duties of their own is left out in favour of those points.
public struct ChecklistBuilder {
    public let catalog: TopicCatalog
    /// The language preferred when a document has twins.
    public var language: Language?

    public init(catalog: TopicCatalog, language: Language? = nil) {
        self.catalog = catalog
        self.language = language
    }

    /// Obligations a checklist lists, in the order it lists them.
    public static let listedObligations: [Obligation] = [.must, .mustNot, .should]

    /// A clause that applies, before twins and lead-ins are settled.
    private struct Candidate {
        var item: CheckClause
        var found: Finding
        var topics: [String]
        /// The topic whose area the item is listed under: the first tag when it is selected,
        /// else the first tag of a flag the officer gave, else the first topic whose words matched.
        var areaTopic: String
    }

    public func build(for profile: SystemProfile, from index: SeraIndex) throws -> Checklist {
        build(for: profile, clauses: try index.checkClauses(), mentions: try mentions(for: profile, in: index))
    }

    /// For each word of a selected topic, the clauses whose heading or text contains it.
    func mentions(for profile: SystemProfile, in index: SeraIndex) throws -> [String: Set<String>] {
        var mentions: [String: Set<String>] = [:]
        let selected = profile.selectedTopics(in: catalog)
        for topic in catalog.topics where selected.contains(topic.id) {
            for word in topic.words where mentions[word] == nil {
                mentions[word] = try index.clausesMentioning(word)
            }
        }
        return mentions
    }

    /// What a profile selects, to judge one clause at a time.
    private struct Selection {
        let catalog: TopicCatalog
        /// `always` plus the topics of the flags given.
        let selected: Set<String>
        /// The topics of the flags given.
        let chosen: Set<String>
        /// Topics some flag selects.
        let selectable: Set<String>
        let mentions: [String: Set<String>]

        /// Why a clause with a duty applies, or nil when it does not (see `ChecklistBuilder`).
        func candidate(_ item: CheckClause) -> Candidate? {
            let clause = item.clause
            guard let primary = clause.topics.first else {
                let key = CheckClauses.key(clause.ref, clause.language)
                let hits = catalog.topics.filter { selected.contains($0.id) }.compactMap { topic -> (topic: String, words: [String])? in
                    let words = topic.words.filter { mentions[$0]?.contains(key) == true }
                    return words.isEmpty ? nil : (topic.id, words)
                }
                guard let first = hits.first else { return nil }
                var words: [String] = []
                for word in hits.flatMap(\.words) where !words.contains(word) { words.append(word) }
                return Candidate(item: item, found: .text(words), topics: hits.map(\.topic), areaTopic: first.topic)
            }
            let reasons = clause.topics.filter(selected.contains)
            if selected.contains(primary) {
                return Candidate(item: item, found: .tag(reasons), topics: reasons, areaTopic: primary)
            }
            if selectable.contains(primary), let given = reasons.first(where: chosen.contains) {
                return Candidate(item: item, found: .tag(reasons), topics: reasons, areaTopic: given)
            }
            return nil
        }
    }

    /// The selection itself, over clauses already read.
    /// - Parameter mentions: for each word of a selected topic, the `CheckClauses.key` of every
    ///   clause whose text contains it.
    func build(for profile: SystemProfile, clauses: CheckClauses, mentions: [String: Set<String>]) -> Checklist {
        let chosen = profile.chosenTopics(in: catalog)
        let selection = Selection(catalog: catalog, selected: profile.selectedTopics(in: catalog), chosen: chosen,
                                  selectable: catalog.selectableTopics, mentions: mentions)
        let areaOrder = Dictionary(uniqueKeysWithValues: catalog.areas.enumerated().map { ($1.id, $0) })

        var candidates: [String: Candidate] = [:]
        var leftOut: [String: DocumentMetadata] = [:]
        let preferred = language ?? .en
        for item in clauses.all {
            let clause = item.clause
            guard clause.kind != .document, Self.listedObligations.contains(clause.obligation) else { continue }
            // Twins: a clause is judged in the preferred language when its document has it there
            // (wording, and so the obligation detected, differ between translations).
            if clause.language != preferred, clauses.clause(clause.ref, preferring: preferred)?.clause.language == preferred { continue }
            guard let candidate = selection.candidate(item) else { continue }
            guard [.inForce, .draft].contains(item.document.status) else {
                leftOut[item.document.id] = item.document
                continue
            }
            candidates[clause.ref] = candidate
        }

        var items: [(ChecklistItem, ordinal: Int)] = []
        for candidate in candidates.values {
            let clause = candidate.item.clause
            let children = clauses.children(of: clause)
            let points = children.filter { !$0.clause.text.isEmpty }
            let isLeadIn = clause.text.trimmingSpacesAndNewlines().hasSuffix(":")
            if isLeadIn, !points.isEmpty, points.allSatisfy({ candidates[$0.clause.ref] != nil }) { continue }
            items.append((ChecklistItem(
                ref: clause.ref, area: catalog.topic(candidate.areaTopic)?.area ?? catalog.areas.first?.id ?? "", topic: candidate.areaTopic,
                obligation: clause.obligation,
                requirement: RequirementLine.summary(of: clause, children: children.map(\.clause), parent: clauses.parent(of: clause)?.clause),
                heading: clause.heading, document: candidate.item.document, language: clause.language, found: candidate.found,
                topics: candidate.topics, textHash: clauses.provisionHash(of: candidate.item)), candidate.item.ordinal))
        }

        let typeRank = Dictionary(uniqueKeysWithValues: DocumentType.allCases.enumerated().map { ($1, $0) })
        let topicOrder = Dictionary(uniqueKeysWithValues: catalog.topics.enumerated().map { ($1.id, $0) })
        items.sort { lhs, rhs in
            let (left, right) = (lhs.0, rhs.0)
            if left.area != right.area { return (areaOrder[left.area] ?? .max) < (areaOrder[right.area] ?? .max) }
            if left.topic != right.topic { return (topicOrder[left.topic] ?? .max) < (topicOrder[right.topic] ?? .max) }
            if left.obligation != right.obligation {
                return Self.listedObligations.firstIndex(of: left.obligation)! < Self.listedObligations.firstIndex(of: right.obligation)!
            }
            if left.document.type != right.document.type { return typeRank[left.document.type]! < typeRank[right.document.type]! }
            return lhs.ordinal < rhs.ordinal
        }
        let covered = Set(items.flatMap(\.0.topics))
        let sections = catalog.areas.map { area in
            ChecklistSection(area: area, items: items.map(\.0).filter { $0.area == area.id },
                             topicsWithoutDuties: catalog.topics.filter { $0.area == area.id && chosen.contains($0.id) && !covered.contains($0.id) }.map(\.id))
        }
        return Checklist(profile: profile, catalog: catalog, language: language, sections: sections,
                         leftOut: leftOut.values.sorted { $0.id < $1.id })
    }
}
