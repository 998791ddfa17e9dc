import Foundation
import GRDB

/// What `explain QUERY` reports: how the query was read and why each of the top hits ranked
/// where it did. A value; `Renderer` prints it.
public struct Explanation: Sendable {
    /// One word of the query and what the index does with it.
    public struct Word: Sendable {
        public var typed: String
        /// As the index tokenizer reads it (Porter stem of the folded word).
        public var indexed: [String]
        /// The light Kiswahili stem also searched for, when it differs.
        public var swahiliStem: String?
        /// The other terms of its glossary entry: text in either language with one of these
        /// words carries this word in its hidden `terms` column, so it matches there.
        public var glossary: [String]
        /// The indexed word searched for too, when no clause has this one.
        public var correction: String?
        public var excluded: Bool
        /// `word*`.
        public var prefix: Bool
    }

    /// A multi-word glossary term found in the query ("taarifa binafsi").
    public struct GlossaryMatch: Sendable {
        public var term: String
        public var equivalents: [String]
    }

    /// One of the top hits with the parts of its score.
    public struct RankedHit: Sendable {
        public var rank: Int
        public var ref: String
        public var language: Language
        public var heading: String
        public var breakdown: ScoreBreakdown
        /// bm25 of each FTS column alone, with its weight (title, heading, text, terms).
        public var columns: [(name: String, weight: Double, bm25: Double)]
        /// Why it sits where it does beyond its score.
        public var notes: [String]
    }

    public var text: String
    /// A clause reference recognised in the whole input, with the clauses it names.
    public var reference: ClauseReference?
    public var referencedClauses: [String] = []
    public var words: [Word] = []
    public var phrases: [[String]] = []
    public var glossaryMatches: [GlossaryMatch] = []
    /// Words no clause has, searched together with the closest indexed word.
    public var corrections: [SearchResult.Correction] = []
    /// Words dropped as stop words ("ya", "the").
    public var stopWords: [String] = []
    /// The filters, as `key:value`.
    public var filters: [String] = []
    /// The MATCH expression every word must satisfy.
    public var match: String?
    /// The MATCH expression of the relaxed pass (any word), and whether the hits needed it.
    public var relaxedMatch: String?
    public var usedRelaxed = false
    /// The phrase that earns the phrase bonus.
    public var phrase: String?
    public var hits: [RankedHit] = []
    /// How many clauses matched in all.
    public var total = 0
}

extension SeraIndex {
    /// Explains how a query is parsed and ranked; `limit` top hits are explained.
    public func explain(_ query: Query, options: SearchOptions = SearchOptions()) throws -> Explanation {
        var explanation = Explanation(text: query.text)
        explanation.filters = Self.describe(query.filters)
        if let reference = query.reference {
            explanation.reference = reference
            explanation.referencedClauses = try clauses(matching: reference, preferredLanguage: options.language).map(\.ref)
            explanation.total = explanation.referencedClauses.count
            return explanation
        }
        let plan = try searchPlan(for: query)
        explanation.words = try describeWords(of: query, corrections: plan.corrections)
        explanation.corrections = plan.corrections
        explanation.phrases = query.clauses.flatMap(\.alternatives).compactMap {
            if case let .phrase(words) = $0 { return words } else { return nil }
        }
        explanation.glossaryMatches = glossaryMatches(in: query)
        let kept = Set(query.positiveWords.map(Glossary.normalise))
        explanation.stopWords = Glossary.words(query.text).filter { StopWords.contains($0) && !kept.contains($0) }
        explanation.match = plan.strict
        explanation.relaxedMatch = plan.relaxed
        explanation.phrase = plan.phrase
        guard plan.strict != nil else { return explanation }
        var filters = FilterSQL()
        try addFilters(query.filters, conditions: &filters.conditions, arguments: &filters.arguments)
        let (ranked, total, relaxed) = try rankedCandidates(plan, filters: filters, options: options)
        explanation.total = total.count
        explanation.usedRelaxed = relaxed
        let page = Array(ranked.prefix(options.limit))
        let headings = try read { db in
            try Dictionary(Row.fetchAll(db, sql: "SELECT id, display_heading FROM clauses WHERE id IN (\(page.map { String($0.id) }.joined(separator: ",")))")
                .map { ($0["id"] as Int64, $0["display_heading"] as String) }, uniquingKeysWith: { first, _ in first })
        }
        for (offset, candidate) in page.enumerated() {
            let expression = candidate.breakdown.hasEveryWord ? plan.strict! : plan.relaxed ?? plan.strict!
            explanation.hits.append(Explanation.RankedHit(
                rank: offset + 1, ref: candidate.ref, language: candidate.language, heading: headings[candidate.id] ?? "",
                breakdown: candidate.breakdown, columns: try columnScores(of: candidate.id, match: expression),
                notes: notes(for: candidate, at: offset, in: page)))
        }
        return explanation
    }

    private func describeWords(of query: Query, corrections: [SearchResult.Correction]) throws -> [Explanation.Word] {
        let descriptor = FTS5TokenizerDescriptor(components: IndexSchema.tokenizer.split(separator: " ").map(String.init))
        return try read { db in
            let tokenizer = try db.makeTokenizer(descriptor)
            var words: [Explanation.Word] = []
            for clause in query.clauses {
                for case let .word(word, prefix) in clause.alternatives {
                    words.append(Explanation.Word(
                        typed: word, indexed: try tokenizer.tokenize(query: word).map(\.token),
                        swahiliStem: TermExpander.queryStem(word),
                        glossary: (expander.glossary.entry(for: word) ?? []).filter { $0 != Glossary.normalise(word) },
                        correction: corrections.first { $0.typed == word }?.searched,
                        excluded: clause.excluded, prefix: prefix))
                }
            }
            return words
        }
    }

    /// Glossary terms of more than one word in the query, each with its equivalents.
    private func glossaryMatches(in query: Query) -> [Explanation.GlossaryMatch] {
        var matches: [Explanation.GlossaryMatch] = []
        let sequences = query.clauses.filter { !$0.excluded }.flatMap(\.alternatives).map { term -> [String] in
            switch term {
            case let .word(word, _): [Glossary.normalise(word)]
            case let .phrase(words): words.map(Glossary.normalise)
            }
        }
        let words = sequences.flatMap { $0 }
        for match in expander.glossary.matches(in: words) where match.length > 1 {
            let term = words[match.start..<(match.start + match.length)].joined(separator: " ")
            matches.append(Explanation.GlossaryMatch(
                term: term, equivalents: expander.glossary.entries[match.entry].filter { $0 != term }))
        }
        return matches
    }

    /// bm25 of each column alone, so one can see where a clause's score comes from.
    private func columnScores(of id: Int64, match: String) throws -> [(name: String, weight: Double, bm25: Double)] {
        let weights = [
            ("title", IndexSchema.columnWeights.title), ("heading", IndexSchema.columnWeights.heading),
            ("text", IndexSchema.columnWeights.text), ("terms", IndexSchema.expansionWeight),
        ]
        let columns = weights.indices.map { column in
            "bm25(clauses_fts, " + weights.indices.map { $0 == column ? String(weights[$0].1) : "0" }.joined(separator: ", ") + ")"
        }
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM clauses_fts WHERE clauses_fts MATCH ? AND rowid = ?",
                             arguments: [match, id])
        }
        return weights.enumerated().map { index, weight in (weight.0, weight.1, row.map { $0[index] as Double } ?? 0) }
    }

    private func notes(for candidate: RankedCandidate, at offset: Int, in page: [RankedCandidate]) -> [String] {
        var notes: [String] = []
        let earlier = page[..<offset]
        if !candidate.assembledFrom.isEmpty {
            notes.append("its paragraphs together have \(candidate.breakdown.wordsMatched ?? 0) of the words: "
                + candidate.assembledFrom.joined(separator: ", ") + " (bm25: the best of theirs)")
        } else if !candidate.breakdown.hasEveryWord {
            notes.append("has only some of the words (relaxed pass)")
        }
        let enclosing = Ranking.enclosingPaths(of: candidate.path)
        if let container = earlier.first(where: { $0.docID == candidate.docID && enclosing.contains($0.path) }) {
            notes.append("listed after the other hits: \(container.ref) above already contains it")
        }
        if candidate.otherLanguageMatched {
            notes.append("its \(candidate.language == .sw ? "English" : "Kiswahili") version matched too, ranked lower, and is not listed again")
        }
        return notes
    }

    static func describe(_ filters: QueryFilters) -> [String] {
        filters.types.map { "type:\($0.rawValue)" } + filters.documents.map { "doc:\($0)" }
            + filters.languages.map { "lang:\($0.rawValue)" } + filters.statuses.map { "status:\($0.rawValue)" }
            + filters.obligations.map { "obligation:\($0.rawValue)" } + filters.topics.map { "topic:\($0)" }
    }
}
