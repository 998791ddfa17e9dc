import Foundation
import GRDB

/// What a search needs besides the query.
public struct SearchOptions: Sendable {
    public var limit: Int
    public var offset: Int
    /// Preferred language for references and the twin shown first.
    public var language: Language?
    /// Count every matching clause even when more match than are ranked (a second pass over
    /// all of them, as long as the ranking itself on a large corpus). Off, a large match's
    /// `total` is a lower bound; scripts reading JSON never see it.
    public var exactTotal: Bool

    public init(limit: Int = 10, offset: Int = 0, language: Language? = nil, exactTotal: Bool = true) {
        self.limit = limit
        self.offset = offset
        self.language = language
        self.exactTotal = exactTotal
    }
}

/// The answer to a search: hits plus what the user should know about how it was read.
public struct SearchResult: Sendable {
    public var query: Query
    public var hits: [Hit]
    /// How many hits there are in all (for `next`); a lower bound when `totalIsExact` is false.
    public var total: Int
    /// False when more clauses matched than were ranked and `SearchOptions.exactTotal` was off.
    public var totalIsExact = true
    /// Suggested words when nothing was found.
    public var suggestions: [String] = []
    /// Set when some hits shown have only some of the words (no clause, or too few, had them all).
    public var relaxed = false
    /// How many clauses have every word (the rest of `total` have some).
    public var allWordsTotal = 0
    /// Words no clause has, searched together with the closest indexed word.
    public var corrections: [Correction] = []

    /// A word searched together with its closest indexed spelling.
    public struct Correction: Equatable, Sendable {
        public var typed: String
        public var searched: String
    }
}

/// How a query is matched (see `SeraIndex.searchPlan`).
struct SearchPlan: Sendable {
    /// The query with typo corrections added as alternatives.
    var query: Query
    var corrections: [SearchResult.Correction]
    /// Every word must match; nil when the query has no words (filters alone).
    var strict: String?
    /// Any word may match; nil for a single word.
    var relaxed: String?
    /// The words as one phrase, for the phrase bonus.
    var phrase: String?
    /// What a heading must equal for the exact-heading bonus.
    var headingText: String
    /// One MATCH expression per positive word (with its alternatives), to count how many of
    /// them a clause has in the relaxed pass.
    var wordExpressions: [String] = []
}

extension SeraIndex {
    /// Markers FTS5 puts around matched words in snippets; control characters never reach the
    /// index (corpus text is sanitised on load), so they cannot collide with document text.
    static let matchStart = "\u{1}"
    static let matchEnd = "\u{2}"

    /// Runs a parsed query.
    ///
    /// Clauses with every word come first. When they cannot fill the page, clauses with some of
    /// the words follow, ranked by bm25 (so clauses with more of the words come first), and the
    /// result says so. A word no clause has is searched together with the closest indexed word
    /// ("goverment" with "government"), never for numbers or references. Each clause is listed
    /// once, in the better-ranked of its two languages.
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) throws -> SearchResult {
        if let reference = query.reference {
            let clauses = try clauses(matching: reference, preferredLanguage: options.language)
            let hits = try clauses.prefix(max(options.limit, 1)).enumerated().map { index, clause in
                try hit(for: clause, rank: index + 1)
            }
            return SearchResult(query: query, hits: hits, total: clauses.count)
        }
        let plan = try searchPlan(for: query)
        var filters = FilterSQL()
        try addFilters(query.filters, conditions: &filters.conditions, arguments: &filters.arguments)
        guard let strict = plan.strict else {
            return try listFiltered(query, filters: filters, options: options)
        }
        let (ranked, total, relaxed) = try rankedCandidates(plan, filters: filters, options: options)
        let page = Array(ranked.dropFirst(options.offset).prefix(options.limit))
        let hits = try hits(for: page, match: relaxed ? plan.relaxed ?? strict : strict, firstRank: options.offset + 1)
        var result = SearchResult(query: query, hits: hits, total: total.count)
        result.totalIsExact = total.exact
        result.relaxed = relaxed && page.contains { !$0.breakdown.hasEveryWord }
        result.allWordsTotal = ranked.filter(\.breakdown.hasEveryWord).count
        result.corrections = plan.corrections
        if hits.isEmpty && options.offset == 0 {
            result.suggestions = try suggestions(for: query)
        }
        return result
    }

    /// The candidates of a plan in display order, how many clauses matched, and whether the
    /// relaxed pass (any word) was needed.
    func rankedCandidates(_ plan: SearchPlan, filters: FilterSQL, options: SearchOptions)
        throws -> (candidates: [RankedCandidate], total: (count: Int, exact: Bool), relaxed: Bool) {
        guard let strict = plan.strict else { return ([], (0, true), false) }
        let pool = Ranking.pool(for: options)
        var candidates = try self.candidates(match: strict, plan: plan, hasEveryWord: true, filters: filters, limit: pool)
        var total = try count(strict, candidates: candidates, pool: pool, filters: filters, exact: options.exactTotal)
        var relaxed = false
        // A lower bound is at least the pool's clauses, far more than a page: no relaxed pass.
        if total.count < options.offset + options.limit, let any = plan.relaxed {
            let found = Set(candidates.map(\.id))
            let more = try self.candidates(match: any, plan: plan, hasEveryWord: false, filters: filters, limit: pool)
            let relaxedTotal = try count(any, candidates: more, pool: pool, filters: filters, exact: options.exactTotal)
            candidates += more.filter { !found.contains($0.id) }
            let sections = try sectionsAssembled(from: candidates, words: min(plan.wordExpressions.count, Ranking.maximumCountedWords))
            // A section's own partial match gives way to the one assembled from its paragraphs.
            let replaced = Set(sections.map(\.id))
            candidates = Ranking.ordered(candidates.filter { !replaced.contains($0.id) } + sections)
            total = relaxedTotal
            relaxed = true
        }
        return (Ranking.arrange(candidates), total, relaxed)
    }

    /// Sections whose paragraphs, matched in the relaxed pass, together have more of the query's
    /// words than any one of them: s.42 for "backup disaster recovery", whose (a) says backup and
    /// (b) disaster recovery. A section that has every word this way ranks with the clauses that
    /// do, with the bm25 of its best paragraph (a sum lifted long sections above everything:
    /// tuning MRR 0.77; the best paragraph's: recall@5 0.970 → 0.985, MRR 0.812 → 0.817).
    private func sectionsAssembled(from candidates: [RankedCandidate], words: Int) throws -> [RankedCandidate] {
        let partial = candidates.filter { !$0.breakdown.hasEveryWord && $0.wordsMask != 0 }
        let groups = Dictionary(grouping: partial) { candidate in
            "\(candidate.docID)|\(candidate.language.rawValue)|\(Ranking.enclosingPaths(of: candidate.path).last ?? candidate.path)"
        }
        var assembled: [RankedCandidate] = []
        for (key, members) in groups.sorted(by: { $0.key < $1.key }) where members.count >= 2 {
            let union = members.reduce(Int64(0)) { $0 | $1.wordsMask }
            let best = members.map(\.wordsMask.nonzeroBitCount).max() ?? 0
            guard union.nonzeroBitCount > best else { continue }
            let parts = key.split(separator: "|", maxSplits: 2).map(String.init)
            guard let row = try read({ db in
                try Row.fetchOne(db, sql: """
                    SELECT id, ref FROM clauses WHERE doc_id = ? AND lang = ? AND path = ? AND kind IN ('section', 'item', 'topic')
                    """, arguments: [parts[0], parts[1], parts[2]])
            }) else { continue }
            let scores = members.map(\.breakdown)
            assembled.append(RankedCandidate(
                id: row["id"], ref: row["ref"], docID: parts[0], path: parts[2], language: members[0].language,
                breakdown: ScoreBreakdown(
                    bm25: scores.map(\.bm25).min() ?? 0, statusFactor: scores[0].statusFactor, phraseFactor: 1,
                    headingFactor: 1, kindFactor: 1, hasEveryWord: union.nonzeroBitCount == words,
                    wordsMatched: union.nonzeroBitCount),
                wordsMask: union, assembledFrom: members.map(\.ref).sorted()))
        }
        return assembled
    }

    /// Filter conditions on `c` (clauses) and `d` (documents), with their arguments.
    struct FilterSQL {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        var sql: String { conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ") }
    }

    /// Matched clauses with the parts of their score, best first.
    func candidates(match: String, plan: SearchPlan, hasEveryWord: Bool, filters: FilterSQL, limit: Int) throws -> [RankedCandidate] {
        let (title, heading, text) = IndexSchema.columnWeights
        let phraseFactor = plan.phrase == nil
            ? "1.0"
            : "CASE WHEN c.id IN (SELECT rowid FROM clauses_fts WHERE clauses_fts MATCH ?) THEN \(Ranking.phraseFactor) ELSE 1.0 END"
        // In the relaxed pass, which of the query's words each clause has: clauses with more of
        // them come first (coordination), and a section's paragraphs can be put together.
        let wordMatches = hasEveryWord ? [] : Array(plan.wordExpressions.prefix(Ranking.maximumCountedWords))
        let flagNames = wordMatches.indices.map { "w" + String($0) }
        let flags = flagNames.map { "(c.id IN (SELECT rowid FROM clauses_fts WHERE clauses_fts MATCH ?)) AS " + $0 + ", " }.joined()
        let wordsMatched = flagNames.isEmpty ? "NULL" : flagNames.joined(separator: " + ")
        let wordsMask = flagNames.isEmpty ? "0" : flagNames.enumerated().map { $1 + " * " + String(1 << $0) }.joined(separator: " + ")
        let sql = """
            SELECT id, ref, doc_id, path, lang, bm25, status_factor, phrase_factor, heading_factor, kind_factor,
                   \(wordsMatched) AS words_matched, \(wordsMask) AS words_mask FROM (
                SELECT \(flags)c.id, c.ref, c.doc_id, c.path, c.lang, c.ordinal,
                       bm25(clauses_fts, \(title), \(heading), \(text), \(IndexSchema.expansionWeight)) AS bm25,
                       CASE d.status WHEN 'in-force' THEN 1.0 ELSE \(Ranking.notInForceFactor) END AS status_factor,
                       \(phraseFactor) AS phrase_factor,
                       CASE WHEN c.heading_key = ? THEN \(Ranking.exactHeadingFactor) ELSE 1.0 END AS heading_factor,
                       CASE c.kind WHEN 'part' THEN \(Ranking.partFactor) ELSE 1.0 END AS kind_factor
                FROM clauses_fts
                JOIN clause_rank c ON c.id = clauses_fts.rowid
                JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang
                WHERE clauses_fts MATCH ?\(filters.sql))
            ORDER BY words_matched DESC, bm25 * status_factor * phrase_factor * heading_factor * kind_factor, doc_id, ordinal
            LIMIT ?
            """
        var arguments = StatementArguments(wordMatches)
        if let phrase = plan.phrase { arguments += [phrase] }
        arguments += [plan.headingText]
        arguments += [match]
        arguments += filters.arguments
        arguments += [limit]
        return try read { db in
            // Cached: preparing an FTS5 statement costs as much as running it on a small corpus,
            // and batch mode runs the same few shapes of statement for every line.
            // Columns by position: by name, GRDB lower-cases every name on every row.
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                RankedCandidate(
                    id: row[0], ref: row[1], docID: row[2], path: row[3], language: Language(rawValue: row[4]) ?? .en,
                    breakdown: ScoreBreakdown(
                        bm25: row[5], statusFactor: row[6], phraseFactor: row[7], headingFactor: row[8], kindFactor: row[9],
                        hasEveryWord: hasEveryWord, wordsMatched: row[10]),
                    wordsMask: row[11])
            }
        }
    }

    /// How many clauses a MATCH expression finds, each clause counted once whatever its languages:
    /// counted from the candidates when the pool was not filled (then they are every match),
    /// else by a query of its own when `exact`, else the pool's clauses as a lower bound.
    private func count(_ match: String, candidates: [RankedCandidate], pool: Int, filters: FilterSQL,
                       exact: Bool) throws -> (count: Int, exact: Bool) {
        let pooled = Set(candidates.map(\.ref)).count
        if candidates.count < pool { return (pooled, true) }
        return exact ? (try matchCount(match, filters: filters), true) : (pooled, false)
    }

    /// How many clauses a MATCH expression finds, each clause counted once whatever its languages.
    private func matchCount(_ match: String, filters: FilterSQL) throws -> Int {
        var arguments: StatementArguments = [match]
        arguments += filters.arguments
        return try read { db in
            try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(DISTINCT c.ref) FROM clauses_fts JOIN clause_rank c ON c.id = clauses_fts.rowid
                JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang WHERE clauses_fts MATCH ?\(filters.sql)
                """), arguments: arguments) ?? 0
        }
    }

    /// The hits of a page of candidates, with snippets marking the matched words.
    private func hits(for page: [RankedCandidate], match: String, firstRank: Int) throws -> [Hit] {
        guard !page.isEmpty else { return [] }
        let rowsByID = try hitRows(page.map(\.id), match: match)
        return page.enumerated().compactMap { offset, candidate in
            guard let row = rowsByID[candidate.id] else { return nil }
            return Self.hit(row, rank: firstRank + offset, score: candidate.breakdown.score)
        }
    }

    /// The hit rows of clauses by id, with snippets marking the matched words.
    private func hitRows(_ ids: [Int64], match: String) throws -> [Int64: Row] {
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        var arguments: StatementArguments = [match]
        arguments += StatementArguments(ids)
        let rows = try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.hitColumns), CASE WHEN c.text = '' THEN c.display_heading ELSE \(Self.snippet) END
                FROM clauses_fts
                JOIN clauses c ON c.id = clauses_fts.rowid
                JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang
                WHERE clauses_fts MATCH ? AND c.id IN (\(placeholders))
                """), arguments: arguments)
        }
        var rowsByID = Dictionary(rows.map { ($0[0] as Int64, $0) }, uniquingKeysWith: { first, _ in first })
        // A section put together from its paragraphs does not match by itself: no snippet marks.
        let unmatched = ids.filter { rowsByID[$0] == nil }
        if !unmatched.isEmpty {
            let unmatchedPlaceholders = unmatched.map { _ in "?" }.joined(separator: ", ")
            let more = try read { db in
                try Row.fetchAll(db, sql: """
                    SELECT \(Self.hitColumns), CASE WHEN c.text = '' THEN c.display_heading ELSE substr(c.text, 1, 160) END
                    FROM clauses c JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang
                    WHERE c.id IN (\(unmatchedPlaceholders))
                    """, arguments: StatementArguments(unmatched))
            }
            for row in more { rowsByID[row[0]] = row }
        }
        return rowsByID
    }

    /// Filters alone (`type:standard must`): matching clauses in document order.
    private func listFiltered(_ query: Query, filters: FilterSQL, options: SearchOptions) throws -> SearchResult {
        let whereSQL = filters.conditions.isEmpty ? "" : "WHERE " + filters.conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(Self.hitColumns), substr(c.text, 1, 160)
            FROM clauses c JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang
            \(whereSQL) ORDER BY c.doc_id, c.lang, c.ordinal LIMIT ? OFFSET ?
            """
        var arguments = filters.arguments
        arguments += [options.limit, options.offset]
        let (hits, total) = try read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let count = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM clauses c JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang \(whereSQL)",
                arguments: filters.arguments) ?? 0
            return (rows.enumerated().map { Self.hit($1, rank: options.offset + $0 + 1) }, count)
        }
        return SearchResult(query: query, hits: hits, total: total)
    }

    // MARK: Planning

    /// How a query is matched: its words, widened by stems and typo corrections, as the strict
    /// (every word) and relaxed (any word) MATCH expressions, plus what the bonuses compare with.
    func searchPlan(for query: Query) throws -> SearchPlan {
        var widened = query
        var corrections: [SearchResult.Correction] = []
        // Four-letter words are too easily one edit from another word ("drop" → "drp") to be
        // searched as corrected; they are only suggested when nothing is found.
        func correct(_ word: String) throws -> String? {
            guard word.count >= 5, let suggestion = try correction(for: word, searched: true) else { return nil }
            corrections.append(SearchResult.Correction(typed: word, searched: suggestion))
            return suggestion
        }
        for (index, clause) in query.clauses.enumerated() where !clause.excluded {
            for term in clause.alternatives {
                let alternative: QueryTerm
                switch term {
                case let .word(word, false):
                    guard let suggestion = try correct(word) else { continue }
                    alternative = .word(suggestion, prefix: false)
                case let .phrase(words):
                    // A typo inside a hyphenated word: "e-offise" is the phrase "e offise".
                    let fixed = try words.map { try correct($0) ?? $0 }
                    guard fixed != words else { continue }
                    alternative = .phrase(fixed)
                case .word:
                    continue
                }
                if !clause.alternatives.contains(alternative) { widened.clauses[index].alternatives.append(alternative) }
            }
        }
        return SearchPlan(
            query: widened, corrections: corrections, strict: matchExpression(for: widened),
            relaxed: widened.relaxed().flatMap(matchExpression(for:)), phrase: phraseExpression(for: query),
            headingText: query.positiveWords.joined(separator: " ").lowercased(),
            wordExpressions: widened.clauses.filter { !$0.excluded }.compactMap { matchExpression(for: Query(clauses: [$0])) })
    }

    /// The MATCH expression: the query's own terms, each widened by its Kiswahili stem. Public
    /// so a benchmark can hand the sqlite3 shell exactly what Sera matches.
    public func matchExpression(for query: Query) -> String? {
        var widened = query
        widened.clauses = query.clauses.map { clause in
            var clause = clause
            if !clause.excluded {
                for term in clause.alternatives {
                    if case let .word(word, false) = term, let stem = TermExpander.queryStem(word),
                       !clause.alternatives.contains(.word(stem, prefix: false)) {
                        clause.alternatives.append(.word(stem, prefix: false))
                    }
                }
            }
            return clause
        }
        return MatchExpression.build(widened)
    }

    /// All positive single words of a query as one phrase, for the phrase bonus; nil when there is
    /// nothing to bonus (one word, or alternatives).
    func phraseExpression(for query: Query) -> String? {
        let positive = query.clauses.filter { !$0.excluded }
        guard positive.count >= 2, positive.allSatisfy({ $0.alternatives.count == 1 }) else { return nil }
        var words: [String] = []
        for clause in positive {
            switch clause.alternatives[0] {
            case let .word(word, prefix):
                if prefix { return nil }
                words.append(word)
            case let .phrase(phrase): words += phrase
            }
        }
        return MatchExpression.quote(words.joined(separator: " "))
    }

    func addFilters(_ filters: QueryFilters, conditions: inout [String], arguments: inout StatementArguments) throws {
        func list(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            conditions.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            arguments += StatementArguments(values)
        }
        list("d.type", filters.types.map(\.rawValue))
        list("c.lang", filters.languages.map(\.rawValue))
        list("d.status", filters.statuses.map(\.rawValue))
        list("c.obligation", filters.obligations.map(\.rawValue))
        var ids: [String] = []
        for name in filters.documents {
            guard let id = try documentID(for: name) else { throw QueryError.unknownDocument(name) }
            ids.append(id)
        }
        list("c.doc_id", ids)
        for topic in filters.topics {
            conditions.append("EXISTS (SELECT 1 FROM json_each(c.topics) WHERE json_each.value = ?)")
            arguments += [topic]
        }
    }

    /// What a hit is made of, in the order `hit(_:rank:score:)` reads it; the snippet follows.
    static let hitColumns = """
        c.id, c.doc_id, c.path, c.lang, c.kind, c.display_heading, c.breadcrumb, c.obligation,
        d.title, d.type, d.status, d.source, d.fidelity
        """

    /// The snippet of a matched clause's text, matched words between `matchStart` and `matchEnd`.
    static let snippet = "snippet(clauses_fts, 2, '\(matchStart)', '\(matchEnd)', '…', 24)"

    /// A hit from a row of `hitColumns` and a snippet. Columns by position: by name, GRDB
    /// lower-cases every name on every row, which was a tenth of a piped query's time.
    static func hit(_ row: Row, rank: Int, score: Double = 0) -> Hit {
        let docID: String = row[1], path: String = row[2], breadcrumb: String = row[6]
        return Hit(
            rank: rank, ref: ClauseRef.format(doc: docID, path: path), doc: docID, docTitle: row[8],
            type: DocumentType(rawValue: row[9]) ?? .guideline,
            status: DocumentStatus(rawValue: row[10]) ?? .inForce, heading: row[5],
            breadcrumb: breadcrumb.split(separator: " › ").map(String.init), snippet: segments(row[13] ?? ""),
            obligation: Obligation(rawValue: row[7]) ?? .none, score: score, source: row[11],
            fidelity: Fidelity(rawValue: row[12]) ?? .digest, language: Language(rawValue: row[3]) ?? .en,
            kind: ClauseKind(rawValue: row[4]) ?? .section)
    }

    func hit(for clause: Clause, rank: Int) throws -> Hit {
        let metadata = try document(clause.docID) ?? DocumentMetadata(id: clause.docID, title: clause.docID, type: .guideline, source: "")
        let text = clause.text.isEmpty ? clause.heading : clause.text
        return Hit(
            rank: rank, ref: clause.ref, doc: clause.docID, docTitle: metadata.title, type: metadata.type,
            status: metadata.status, heading: clause.heading, breadcrumb: clause.breadcrumb,
            snippet: [(String(text.prefix(200)) + (text.count > 200 ? "…" : ""), false)], obligation: clause.obligation,
            score: 0, source: metadata.source, fidelity: metadata.fidelity, language: clause.language, kind: clause.kind)
    }

    /// Splits an FTS5 snippet at the match markers (single bytes, so the split is on bytes).
    static func segments(_ snippet: String) -> [(text: String, matched: Bool)] {
        let bytes = snippet.utf8.map { $0 == 0x0A ? 0x20 : $0 }
        var segments: [(String, Bool)] = []
        var start = 0
        var matched = false
        for (offset, byte) in bytes.enumerated() where byte == 0x01 || byte == 0x02 {
            if offset > start { segments.append((String(decoding: bytes[start..<offset], as: UTF8.self), matched)) }
            matched = byte == 0x01
            start = offset + 1
        }
        if bytes.count > start { segments.append((String(decoding: bytes[start...], as: UTF8.self), matched)) }
        return segments
    }

    // MARK: Did you mean

    /// Indexed words close to the query's words that found nothing. Never for numbers or refs.
    public func suggestions(for query: Query) throws -> [String] {
        guard query.reference == nil else { return [] }
        return try query.positiveWords.compactMap { try correction(for: $0) }
    }

    /// The indexed word closest to a word that no clause has; nil for a word the index has, a
    /// short word, or anything with a digit (a number or reference is never "corrected").
    /// - Parameter searched: the correction will be searched without asking, so it must be one
    ///   edit away (two from a word of eight letters or more): "sqlite" is not "site".
    func correction(for word: String, searched: Bool = false) throws -> String? {
        let lower = Glossary.normalise(word)
        guard lower.count >= 4, !lower.contains(where: \.isNumber), !lower.contains(" ") else { return nil }
        guard try !hasToken(lower) else { return nil }
        return try closestIndexedWord(to: lower, limit: searched ? (lower.count >= 8 ? 2 : 1) : (lower.count <= 5 ? 1 : 2))
    }

    private func hasToken(_ word: String) throws -> Bool {
        try read { db in
            // Stops at the first match; COUNT(*) would walk the whole posting list of a common word.
            try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM clauses_fts WHERE clauses_fts MATCH ? LIMIT 1"),
                             arguments: [MatchExpression.quote(word)]) != nil
        }
    }

    private func closestIndexedWord(to word: String, limit: Int) throws -> String? {
        let candidates = try vocabulary()
        var best: (word: String, distance: Int, count: Int)?
        for (candidate, count) in candidates where abs(candidate.count - word.count) <= limit {
            guard !candidate.contains(where: \.isNumber) else { continue }
            let distance = EditDistance.damerauLevenshtein(word, candidate, limit: limit)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance || (distance == best!.distance && count > best!.count) {
                best = (candidate, distance, count)
            }
        }
        return best?.word
    }

    /// Whole words of the corpus with their document counts, read from the stored text (the FTS
    /// vocabulary holds Porter stems, which are no words to suggest).
    func vocabulary() throws -> [(String, Int)] {
        if let cached = vocabularyCache.value { return cached }
        let texts = try read { db in try String.fetchAll(db, sql: "SELECT heading || ' ' || text FROM clauses") }
        var counts: [String: Int] = [:]
        for text in texts {
            for word in Set(Glossary.words(text)) where word.count >= 3 { counts[word, default: 0] += 1 }
        }
        let result = counts.map { ($0.key, $0.value) }
        vocabularyCache.value = result
        return result
    }
}

/// A lazily filled cache on a read-only object.
final class Cache<T>: @unchecked Sendable {
    var value: T?
}

enum EditDistance {
    /// Optimal string alignment distance, giving up early once `limit` is passed.
    static func damerauLevenshtein(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
