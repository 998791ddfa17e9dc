import Foundation
import SeraCore

/// SplitMix64: a small seeded generator, so the same seed gives the same queries on every
/// machine (the system generator cannot be seeded).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a benchmark query exercises; the mix follows what people type.
enum QueryKind: String, CaseIterable {
    case keywords, phrase, kiswahili, reference, filter

    /// Share of each kind in the mixed set.
    var share: Double {
        switch self {
        case .keywords: 0.35
        case .phrase: 0.15
        case .kiswahili: 0.20
        case .reference: 0.15
        case .filter: 0.15
        }
    }

    /// Kinds whose whole meaning is one MATCH expression, so the sqlite3 shell can run the same.
    static let fullText: [QueryKind] = [.keywords, .phrase, .kiswahili]
}

/// A benchmark query as a user would type it.
struct BenchQuery {
    var kind: QueryKind
    var text: String
}

/// Draws queries from the words of an index's own clauses: sampled documents, then sampled
/// clauses, then words, so the queries find things in whatever corpus the index was built from.
struct QuerySet {
    private var generator: SeededGenerator
    private var texts: [Language: [[String]]] = [:]
    private var refs: [String] = []
    private var documentIDs: [String] = []

    /// Words that the query language reads as syntax or filters, never as search words.
    private static let reserved: Set<String> = ["must", "lazima", "or", "and", "not", "au", "na", "si"]

    /// A word someone would search for: no number, no syntax, not too short to mean anything.
    private static func isSearchWord(_ word: String) -> Bool {
        word.count >= 4 && !word.contains(where: \.isNumber) && !reserved.contains(word)
    }

    init(index: SeraIndex, seed: UInt64, sampleDocuments: Int = 200) throws {
        generator = SeededGenerator(seed: seed)
        let documents = try index.documents()
        var chosen = documents
        chosen.shuffle(using: &generator)
        for summary in chosen.prefix(sampleDocuments) {
            documentIDs.append(summary.metadata.id)
            for language in summary.languages {
                for clause in try index.clauses(ofDocument: summary.metadata.id, language: language) where clause.kind != .document {
                    refs.append(clause.ref)
                    let words = Glossary.words(clause.text)
                    if words.filter(Self.isSearchWord).count >= 2 { texts[language, default: []].append(words) }
                }
            }
        }
        guard !(texts[.en] ?? []).isEmpty || !(texts[.sw] ?? []).isEmpty else {
            throw BenchError.emptyIndex
        }
    }

    /// `count` queries of the given kinds, in their shares, shuffled.
    mutating func make(_ count: Int, kinds: [QueryKind] = QueryKind.allCases) -> [BenchQuery] {
        let total = kinds.map(\.share).reduce(0, +)
        var queries: [BenchQuery] = []
        for (position, kind) in kinds.enumerated() {
            let share = position == kinds.count - 1
                ? count - queries.count
                : Int((Double(count) * kind.share / total).rounded())
            for _ in 0..<share { queries.append(BenchQuery(kind: kind, text: make(kind))) }
        }
        queries.shuffle(using: &generator)
        return queries
    }

    private mutating func make(_ kind: QueryKind) -> String {
        switch kind {
        case .keywords:
            let words = searchWords(.en)
            let count = Int.random(in: 1...3, using: &generator)
            return (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
        case .phrase:
            // Two neighbouring words of one clause, so the phrase is found where it was taken from.
            let words = clauseWords(.en)
            let starts = words.indices.dropLast().filter { Self.isSearchWord(words[$0]) && Self.isSearchWord(words[$0 + 1]) }
            guard let start = starts.randomElement(using: &generator) else { return make(.keywords) }
            return "\"\(words[start]) \(words[start + 1])\""
        case .kiswahili:
            let words = searchWords(.sw)
            let count = Int.random(in: 1...2, using: &generator)
            return (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
        case .reference:
            return refs.randomElement(using: &generator) ?? "section 1"
        case .filter:
            let word = searchWords(.en).randomElement(using: &generator)!
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return "type:act \(word)"
            case 1: return "must \(word)"
            case 2: return "lang:sw \(searchWords(.sw).randomElement(using: &generator)!)"
            default: return "doc:\(documentIDs.randomElement(using: &generator)!) \(word)"
            }
        }
    }

    /// The words of one random clause in a language (the other language when the corpus has none).
    private mutating func clauseWords(_ language: Language) -> [String] {
        let pool = texts[language].flatMap { $0.isEmpty ? nil : $0 } ?? texts[language == .en ? .sw : .en]!
        return pool.randomElement(using: &generator)!
    }

    /// The search words of one random clause (every sampled clause has at least two).
    private mutating func searchWords(_ language: Language) -> [String] {
        clauseWords(language).filter(Self.isSearchWord)
    }
}

/// The reference side of a comparison: the SELECT the sqlite3 shell runs for a query, with the
/// MATCH expression Sera builds, the same bm25 weights and order, the same joins and LIMIT.
enum ReferenceSQL {
    /// - Parameter plain: for an index without the `terms` column (three bm25 weights).
    static func select(match: String, limit: Int, plain: Bool) -> String {
        let weights = IndexSchema.columnWeights
        let bm25 = plain
            ? "bm25(clauses_fts, \(weights.title), \(weights.heading), \(weights.text))"
            : "bm25(clauses_fts, \(weights.title), \(weights.heading), \(weights.text), \(IndexSchema.expansionWeight))"
        return """
            SELECT c.ref, d.title, c.display_heading, c.obligation, \
            snippet(clauses_fts, 2, '[', ']', '…', 24), \(bm25) AS score \
            FROM clauses_fts JOIN clauses c ON c.id = clauses_fts.rowid \
            JOIN documents d ON d.id = c.doc_id AND d.lang = c.lang \
            WHERE clauses_fts MATCH '\(match.replacingOccurrences(of: "'", with: "''"))' \
            ORDER BY score LIMIT \(limit);
            """
    }
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case emptyIndex
    case notFullText(String)

    var description: String {
        switch self {
        case let .usage(message): message
        case .emptyIndex: "the index has no clause text to draw queries from"
        case let .notFullText(query): "'\(query)' is not a plain full-text query, so sqlite3 cannot run the same"
        }
    }
}
