import Foundation
import GRDB

/// A clause as the checklist sees it: with its document and the hash of its own wording.
struct CheckClause: Sendable {
    var clause: Clause
    var document: DocumentMetadata
    /// Hash of the clause's heading and text, as the index stores it.
    var textHash: String
    /// Position in reading order across the corpus: the stable tie-breaker of every sort.
    var ordinal: Int
}

/// Every clause of an index, with its tree, for the checklist and for `check --status`.
struct CheckClauses {
    let all: [CheckClause]
    private let byKey: [String: Int]
    private let childrenOf: [String: [Int]]

    init(_ clauses: [CheckClause]) {
        all = clauses
        var byKey: [String: Int] = [:]
        var childrenOf: [String: [Int]] = [:]
        for (index, item) in clauses.enumerated() {
            let clause = item.clause
            byKey[Self.key(clause.ref, clause.language)] = index
            if let parent = clause.parentPath {
                childrenOf[Self.key(ClauseRef.format(doc: clause.docID, path: parent), clause.language), default: []].append(index)
            }
        }
        self.byKey = byKey
        self.childrenOf = childrenOf
    }

    /// `ref|lang`: a clause's identity across the twins of a document.
    static func key(_ ref: String, _ language: Language) -> String { ref + "|" + language.rawValue }

    func children(of clause: Clause) -> [CheckClause] {
        (childrenOf[Self.key(clause.ref, clause.language)] ?? []).map { all[$0] }
    }

    func parent(of clause: Clause) -> CheckClause? {
        clause.parentPath.flatMap { self.clause(ClauseRef.format(doc: clause.docID, path: $0), preferring: clause.language) }
    }

    func descendants(of clause: Clause) -> [CheckClause] {
        children(of: clause).flatMap { [$0] + descendants(of: $0.clause) }
    }

    /// The clause with `ref` in `language`, or in any language when that one has none.
    func clause(_ ref: String, preferring language: Language?) -> CheckClause? {
        if let language, let index = byKey[Self.key(ref, language)] { return all[index] }
        return Language.allCases.lazy.compactMap { self.byKey[Self.key(ref, $0)] }.first.map { all[$0] }
    }

    /// A hash of the whole provision (the clause and everything below it): a reworded
    /// paragraph changes the requirement its section states.
    func provisionHash(of item: CheckClause) -> String {
        FileFingerprint.hash(([item] + descendants(of: item.clause)).map(\.textHash).joined(separator: ","))
    }
}

extension SeraIndex {
    /// Every clause with its document, in reading order.
    func checkClauses() throws -> CheckClauses {
        try read { db in
            var documents: [String: DocumentMetadata] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM documents") {
                documents[(row["id"] as String) + "|" + (row["lang"] as String)] = Self.metadata(row)
            }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM clauses ORDER BY doc_id, lang, ordinal")
            return CheckClauses(rows.enumerated().map { ordinal, row in
                let clause = Self.clause(row)
                let document = documents[clause.docID + "|" + (row["lang"] as String)]
                    ?? DocumentMetadata(id: clause.docID, title: clause.docID, type: .guideline, source: "")
                return CheckClause(clause: clause, document: document, textHash: row["text_hash"], ordinal: ordinal)
            })
        }
    }

    /// Refs (with language) of clauses whose heading or text contains `phrase`, through the same
    /// tokenizer and stems as search. Glossary equivalents do not count (a topic lists its words in
    /// both languages, and "kumbukumbu" would otherwise match every "records"), nor does the title.
    /// - Returns: `CheckClauses.key` values.
    func clausesMentioning(_ phrase: String) throws -> Set<String> {
        let words = phrase.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !words.isEmpty else { return [] }
        let match = "{heading text} : " + MatchExpression.quote(words.joined(separator: " "))
        return try read { db in
            Set(try Row.fetchAll(db, sql: """
                SELECT c.ref, c.lang FROM clauses_fts JOIN clauses c ON c.id = clauses_fts.rowid WHERE clauses_fts MATCH ?
                """, arguments: [match]).map { CheckClauses.key($0["ref"], Language(rawValue: $0["lang"]) ?? .en) })
        }
    }
}
