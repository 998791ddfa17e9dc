import Foundation
import GRDB

/// What a search needs besides the query.
public struct SearchOptions: Sendable {
    public var limit: Int
    public var offset: Int
    /// Preferred language for references and the twin shown first.
    public var language: Language?

    public init(limit: Int = 10, offset: Int = 0, language: Language? = nil) {
        self.limit = limit
        self.offset = offset
        self.language = language
    }
}

/// The answer to a search: hits plus what the user should know about how it was read.
public struct SearchResult: Sendable {
    public var query: Query
    public var hits: [Hit]
    /// How many hits there are in all (for `next`).
    public var total: Int
    /// Suggested words when nothing was found.
    public var suggestions: [String] = []
    /// Set when no clause had every word and the hits are clauses with any of them.
    public var relaxed = false
}

extension SeraIndex {
    /// Markers FTS5 puts around matched words in snippets; control characters never reach the
    /// index (corpus text is sanitised on load), so they cannot collide with document text.
    static let matchStart = "\u{1}"
    static let matchEnd = "\u{2}"

    /// Runs a parsed query. When no clause has every word, it answers with the clauses that have
    /// any of them (ranked by bm25, so clauses with more of the words come first) and says so.
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) throws -> SearchResult {
        let exact = try searchAllWords(query, options: options)
        guard exact.hits.isEmpty, options.offset == 0, let relaxedQuery = query.relaxed() else { return exact }
        var relaxed = try searchAllWords(relaxedQuery, options: options)
        guard !relaxed.hits.isEmpty else { return exact }
        relaxed.relaxed = true
        return relaxed
    }

    private func searchAllWords(_ query: Query, options: SearchOptions) throws -> SearchResult {
        if let reference = query.reference {
            let clauses = try clauses(matching: reference, preferredLanguage: options.language)
            let hits = try clauses.prefix(max(options.limit, 1)).enumerated().map { index, clause in
                try hit(for: clause, rank: index + 1)
            }
            return SearchResult(query: query, hits: hits, total: clauses.count)
        }
        var conditions: [String] = []
        var arguments: StatementArguments = []
        try addFilters(query.filters, conditions: &conditions, arguments: &arguments)
        let (weightTitle, weightHeading, weightText) = IndexSchema.columnWeights
        let hits: [Hit]
        let total: Int
        if let match = matchExpression(for: query) {
            let filterSQL = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
            // bm25 is negative (lower is better). Documents no longer in force rank lower, and a
            // clause whose words stand together as typed gets the phrase bonus.
            let phrase = phraseExpression(for: query)
            let phraseBonus = phrase == nil ? "1.0" : "CASE WHEN c.id IN (SELECT rowid FROM clauses_fts WHERE clauses_fts MATCH ?) THEN 1.5 ELSE 1.0 END"
            let sql = """
                SELECT c.*, d.title AS doc_title, d.type AS doc_type, d.status AS doc_status, d.source AS doc_source,
                       d.fidelity AS doc_fidelity,
                       bm25(clauses_fts, \(weightTitle), \(weightHeading), \(weightText), \(IndexSchema.expansionWeight))
                         * CASE d.status WHEN 'in-force' THEN 1.0 ELSE 0.6 END * \(phraseBonus)
                         * CASE WHEN c.kind IN ('section', 'item', 'topic', 'part', 'schedule') AND lower(c.display_heading) = ?
                                THEN 2.0 ELSE 1.0 END AS score,
                       CASE WHEN c.text = '' THEN c.display_heading
                            ELSE snippet(clauses_fts, 2, '\(Self.matchStart)', '\(Self.matchEnd)', '…', 24) END AS snip
                FROM clauses_fts
                JOIN clauses c ON c.id = clauses_fts.rowid
                JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang
                WHERE clauses_fts MATCH ?\(filterSQL)
                ORDER BY score, c.doc_id, c.ordinal
                LIMIT ? OFFSET ?
                """
            var all: StatementArguments = []
            if let phrase { all += [phrase] }
            // A clause whose heading is exactly what was typed is what the user asked for.
            all += [query.positiveWords.joined(separator: " ").lowercased()]
            all += [match]
            all += arguments
            all += [options.limit, options.offset]
            let countSQL = """
                SELECT COUNT(*) FROM clauses_fts JOIN clauses c ON c.id = clauses_fts.rowid
                JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang WHERE clauses_fts MATCH ?\(filterSQL)
                """
            var countArguments: StatementArguments = [match]
            countArguments += arguments
            (hits, total) = try read { db in
                let rows = try Row.fetchAll(db, sql: sql, arguments: all)
                let count = try Int.fetchOne(db, sql: countSQL, arguments: countArguments) ?? 0
                return (rows.enumerated().map { Self.hit($1, rank: options.offset + $0 + 1) }, count)
            }
        } else {
            // Filters alone (`type:standard must`): list matching clauses in document order.
            let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let sql = """
                SELECT c.*, d.title AS doc_title, d.type AS doc_type, d.status AS doc_status, d.source AS doc_source,
                       d.fidelity AS doc_fidelity, 0.0 AS score, substr(c.text, 1, 160) AS snip
                FROM clauses c JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang
                \(whereSQL) ORDER BY c.doc_id, c.lang, c.ordinal LIMIT ? OFFSET ?
                """
            var all = arguments
            all += [options.limit, options.offset]
            (hits, total) = try read { db in
                let rows = try Row.fetchAll(db, sql: sql, arguments: all)
                let count = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM clauses c JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang \(whereSQL)",
                    arguments: arguments) ?? 0
                return (rows.enumerated().map { Self.hit($1, rank: options.offset + $0 + 1) }, count)
            }
        }
        var result = SearchResult(query: query, hits: hits, total: total)
        if hits.isEmpty && options.offset == 0 {
            result.suggestions = try suggestions(for: query)
        }
        return result
    }

    /// The MATCH expression: the query's own terms, each widened by its Kiswahili stem. Public
    /// so a benchmark can hand the sqlite3 shell exactly what Sera matches.
    public func matchExpression(for query: Query) -> String? {
        var widened = query
        widened.clauses = query.clauses.map { clause in
            var clause = clause
            if !clause.excluded {
                for term in clause.alternatives {
                    if case let .word(word, false) = term, let stem = expander.queryStem(word),
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

    private func addFilters(_ filters: QueryFilters, conditions: inout [String], arguments: inout StatementArguments) throws {
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

    static func hit(_ row: Row, rank: Int) -> Hit {
        let clause = clause(row)
        return Hit(
            rank: rank, ref: clause.ref, doc: clause.docID, docTitle: row["doc_title"],
            type: DocumentType(rawValue: row["doc_type"]) ?? .guideline,
            status: DocumentStatus(rawValue: row["doc_status"]) ?? .inForce,
            heading: clause.heading, breadcrumb: clause.breadcrumb, snippet: segments(row["snip"] ?? ""),
            obligation: clause.obligation, score: row["score"] ?? 0, source: row["doc_source"],
            fidelity: Fidelity(rawValue: row["doc_fidelity"]) ?? .digest, language: clause.language, kind: clause.kind)
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

    /// Splits an FTS5 snippet at the match markers.
    static func segments(_ snippet: String) -> [(text: String, matched: Bool)] {
        var segments: [(String, Bool)] = []
        var current = ""
        var matched = false
        for character in snippet {
            if String(character) == matchStart || String(character) == matchEnd {
                if !current.isEmpty { segments.append((current, matched)) }
                current = ""
                matched = String(character) == matchStart
            } else {
                current.append(character == "\n" ? " " : character)
            }
        }
        if !current.isEmpty { segments.append((current, matched)) }
        return segments
    }

    // MARK: Did you mean

    /// Indexed words close to the query's words that found nothing. Never for numbers or refs.
    public func suggestions(for query: Query) throws -> [String] {
        guard query.reference == nil else { return [] }
        var suggestions: [String] = []
        for word in query.positiveWords {
            let lower = Glossary.normalise(word)
            guard lower.count >= 4, !lower.contains(where: \.isNumber) else { continue }
            guard try !hasToken(lower) else { continue }
            if let best = try closestIndexedWord(to: lower) { suggestions.append(best) }
        }
        return suggestions
    }

    private func hasToken(_ word: String) throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clauses_fts WHERE clauses_fts MATCH ? LIMIT 1",
                             arguments: [MatchExpression.quote(word)]) ?? 0 > 0
        }
    }

    private func closestIndexedWord(to word: String) throws -> String? {
        let candidates = try vocabulary()
        var best: (word: String, distance: Int, count: Int)?
        let limit = word.count <= 5 ? 1 : 2
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
