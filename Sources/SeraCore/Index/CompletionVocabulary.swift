import Foundation
import GRDB

/// The names an index knows, for the shell's Tab completion: document ids and aliases, clause
/// paths with their headings, topics, and the query language's filter keys.
public struct CompletionVocabulary: Sendable {
    /// A document and the other names it answers to (`eGov Act`, `Cap. 273`).
    public struct Document: Equatable, Sendable {
        public var id: String
        public var aliases: [String]

        public init(id: String, aliases: [String] = []) {
            self.id = id
            self.aliases = aliases
        }
    }

    /// A clause path within its document (`24(1)(a)`, `part-V`) and its heading.
    public struct Path: Equatable, Sendable {
        public var path: String
        public var heading: String

        public init(_ path: String, heading: String = "") {
            self.path = path
            self.heading = heading
        }
    }

    /// Documents in id order.
    public var documents: [Document]
    /// Each document's clause paths in reading order, one entry per path whatever the language.
    public var paths: [String: [Path]]
    /// Topic names (`hosting`, `personal-data`), sorted.
    public var topics: [String]

    public init(documents: [Document] = [], paths: [String: [Path]] = [:], topics: [String] = []) {
        self.documents = documents
        self.paths = paths
        self.topics = topics
    }

    /// The filter keys the query parser accepts (`type`, `doc`, `lang`, …), sorted.
    public static var filterKeys: [String] { QueryParser.filterKeys.sorted() }
}

extension SeraIndex {
    /// Everything Tab completion offers from this index, read in one go.
    public func completionVocabulary() throws -> CompletionVocabulary {
        try read { db in
            var aliasesByID: [String: [String]] = [:]
            var order: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, aliases FROM documents ORDER BY id, lang") {
                let id: String = row["id"]
                if aliasesByID[id] == nil { order.append(id) }
                for alias in Self.decode(row["aliases"]) where !(aliasesByID[id] ?? []).contains(alias) {
                    aliasesByID[id, default: []].append(alias)
                }
            }
            var paths: [String: [CompletionVocabulary.Path]] = [:]
            var seen = Set<String>()
            // English first, so a bilingual document's paths carry their English headings.
            for row in try Row.fetchAll(db, sql: """
                SELECT doc_id, path, display_heading FROM clauses WHERE path != ''
                ORDER BY doc_id, CASE lang WHEN 'en' THEN 0 ELSE 1 END, ordinal
                """) {
                let document: String = row["doc_id"], path: String = row["path"]
                guard seen.insert(document + ":" + path).inserted else { continue }
                paths[document, default: []].append(CompletionVocabulary.Path(path, heading: row["display_heading"]))
            }
            let topics = try String.fetchAll(db, sql: """
                SELECT value FROM clauses, json_each(clauses.topics)
                UNION SELECT value FROM documents, json_each(documents.topics) ORDER BY 1
                """)
            return CompletionVocabulary(
                documents: order.map { CompletionVocabulary.Document(id: $0, aliases: aliasesByID[$0] ?? []) },
                paths: paths, topics: topics)
        }
    }
}
