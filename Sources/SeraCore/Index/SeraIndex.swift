import Foundation
import GRDB

/// One search result.
public struct Hit: Equatable, Sendable {
    public var rank: Int
    public var ref: String
    public var doc: String
    public var docTitle: String
    public var type: DocumentType
    public var status: DocumentStatus
    public var heading: String
    public var breadcrumb: [String]
    /// The snippet as segments; `true` marks a matched word.
    public var snippet: [(text: String, matched: Bool)]
    public var obligation: Obligation
    public var score: Double
    public var source: String
    public var fidelity: Fidelity
    public var language: Language
    public var kind: ClauseKind

    public static func == (lhs: Hit, rhs: Hit) -> Bool {
        lhs.ref == rhs.ref && lhs.rank == rhs.rank && lhs.language == rhs.language
    }

    /// The snippet as plain text.
    public var snippetText: String { snippet.map(\.text).joined() }
}

/// A clause with everything `show` prints.
public struct ClauseDetail: Sendable {
    public var clause: Clause
    public var ref: String { clause.ref }
    public var document: DocumentMetadata
    /// Descendants in reading order, with their depth below this clause (1 = child).
    public var descendants: [(clause: Clause, depth: Int)]
    /// The same clause in the other language, when the document has a twin (zero or one; an
    /// array because a struct cannot hold an optional of itself).
    public var translations: [ClauseDetail] = []
    public var twin: ClauseDetail? { translations.first }
    public var children: [String] {
        descendants.filter { $0.depth == 1 }.map(\.clause.ref)
    }
}

/// A document in `docs`.
public struct DocumentSummary: Sendable {
    public var metadata: DocumentMetadata
    public var clauses: Int
    public var languages: [Language]
}

/// Counts for `stats`.
public struct IndexStatistics: Sendable {
    public var documents: Int
    public var clauses: Int
    public var byType: [(String, Int)]
    public var byLanguage: [(String, Int)]
    public var clausesByLanguage: [(String, Int)]
    public var byObligation: [(String, Int)]
    public var problems: [CorpusProblem]
    public var builtAt: String?
    public var corpus: String?
    public var indexPath: String
    public var indexBytes: Int
}

/// A read-only view of an index file: every query the commands need, each returning values.
public final class SeraIndex: @unchecked Sendable {
    public let url: URL
    let queue: DatabaseQueue
    /// Identity of the file opened, to notice when a reload has renamed a new one into place.
    let fileIdentity: FileIdentity?
    /// The glossary and stemmer of the corpus, loaded on first use: a search needs only the
    /// stemmer, and parsing the glossary's YAML used to be a third of a one-query run.
    public var expander: TermExpander {
        if let loaded = expanderCache.value { return loaded }
        let loaded = loadExpander()
        expanderCache.value = loaded
        return loaded
    }
    private let loadExpander: () -> TermExpander
    private let expanderCache = Cache<TermExpander>()
    /// The corpus vocabulary for "did you mean", read on first need.
    let vocabularyCache = Cache<[(String, Int)]>()

    /// Opens an existing index read-only and checks its schema version.
    /// - Parameter expander: evaluated only when something asks for `expander`.
    public init(url: URL, expander: @escaping @autoclosure () -> TermExpander = TermExpander()) throws {
        self.url = url
        loadExpander = expander
        guard FileManager.default.fileExists(atPath: url.path) else { throw IndexError.missing(url.path) }
        fileIdentity = FileIdentity(path: url.path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "sera-index"
        do {
            queue = try DatabaseQueue(path: url.path, configuration: configuration)
            let version = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            guard version == IndexSchema.version else {
                throw IndexError.incompatibleVersion(path: url.path, found: version, expected: IndexSchema.version)
            }
            // Touch every table we read, so a truncated or foreign file fails here and not mid-query.
            _ = try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM meta) + (SELECT COUNT(*) FROM clauses_fts WHERE clauses_fts MATCH 'x')")
            }
        } catch let error as IndexError {
            throw error
        } catch let error as DatabaseError {
            throw IndexError.corrupt(path: url.path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Whether another process has since renamed a different file into this path.
    public var isStale: Bool {
        FileIdentity(path: url.path) != fileIdentity
    }

    /// Stops the statement running on another thread (Ctrl-C).
    public func interrupt() {
        queue.interrupt()
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw IndexError.interrupted
        } catch let error as DatabaseError {
            throw IndexError.corrupt(path: url.path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    // MARK: Documents

    /// Resolves an id, title or alias ("e-Government Act", "Cap. 273") to a document id.
    public func documentID(for name: String) throws -> String? {
        let key = CrossReferenceResolver.key(name)
        return try read { db in
            if let id = try String.fetchOne(db, sql: "SELECT id FROM documents WHERE id = ? LIMIT 1", arguments: [name.lowercased()]) {
                return id
            }
            if let id = try String.fetchOne(db, sql: "SELECT doc_id FROM doc_names WHERE name = ? LIMIT 1", arguments: [key]) {
                return id
            }
            // "the e-Government Act, 2019" and "e-Government Act" meet on a shared prefix.
            guard key.count >= 6 else { return nil }
            return try String.fetchOne(db, sql: """
                SELECT doc_id FROM doc_names WHERE length(name) >= 6 AND (substr(?, 1, length(name)) = name OR substr(name, 1, length(?)) = ?)
                ORDER BY length(name) DESC LIMIT 1
                """, arguments: [key, key, key])
        }
    }

    public func documents() throws -> [DocumentSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.*, (SELECT COUNT(*) FROM clauses c WHERE c.doc_id = d.id) AS clause_count,
                       (SELECT group_concat(lang) FROM documents t WHERE t.id = d.id) AS langs
                FROM documents d WHERE d.lang = (SELECT MIN(lang) FROM documents t WHERE t.id = d.id) ORDER BY d.type, d.id
                """).map { row in
                DocumentSummary(
                    metadata: Self.metadata(row), clauses: row["clause_count"],
                    languages: (row["langs"] as String? ?? "").split(separator: ",").compactMap { Language(rawValue: String($0)) })
            }
        }
    }

    public func document(_ id: String) throws -> DocumentMetadata? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE id = ? ORDER BY lang LIMIT 1", arguments: [id]).map(Self.metadata)
        }
    }

    static func metadata(_ row: Row) -> DocumentMetadata {
        DocumentMetadata(
            id: row["id"], title: row["title"], titleSw: row["title_sw"], aliases: decode(row["aliases"]),
            type: DocumentType(rawValue: row["type"]) ?? .guideline, number: row["number"], issuer: row["issuer"],
            language: Language(rawValue: row["language"]) ?? .en, status: DocumentStatus(rawValue: row["status"]) ?? .inForce,
            effective: row["effective"], published: row["published"], source: row["source"],
            fidelity: Fidelity(rawValue: row["fidelity"]) ?? .digest, topics: decode(row["topics"]))
    }

    static func decode(_ json: String?) -> [String] {
        guard let json, let data = json.data(using: .utf8),
              let values = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return values
    }

    // MARK: Clauses

    static func clause(_ row: Row) -> Clause {
        Clause(
            docID: row["doc_id"], path: row["path"], kind: ClauseKind(rawValue: row["kind"]) ?? .section,
            label: row["label"], heading: row["display_heading"], text: row["text"], parentPath: row["parent_path"],
            breadcrumb: (row["breadcrumb"] as String).components(separatedBy: " › ").filter { !$0.isEmpty },
            obligation: Obligation(rawValue: row["obligation"]) ?? .none, crossRefs: decode(row["cross_refs"]),
            topics: decode(row["topics"]), language: Language(rawValue: row["lang"]) ?? .en, line: row["line"])
    }

    /// Every clause of a document in reading order (for `toc`).
    public func clauses(ofDocument id: String, language: Language? = nil) throws -> [Clause] {
        try read { db in
            let lang = try language?.rawValue ?? String.fetchOne(db, sql: "SELECT MIN(lang) FROM documents WHERE id = ?", arguments: [id]) ?? "en"
            return try Row.fetchAll(db, sql: "SELECT * FROM clauses WHERE doc_id = ? AND lang = ? ORDER BY ordinal",
                                    arguments: [id, lang]).map(Self.clause)
        }
    }

    /// Clauses matching a reference. With a document, at most one per language; without one,
    /// every document that has the path.
    public func clauses(matching reference: ClauseReference, preferredLanguage: Language? = nil) throws -> [Clause] {
        var documentID: String?
        if let name = reference.document {
            guard let id = try self.documentID(for: name) else { throw QueryError.unknownDocument(name) }
            documentID = id
        }
        return try read { db in
            var sql = "SELECT * FROM clauses WHERE path = ?"
            var arguments: StatementArguments = [reference.path]
            if let documentID {
                sql += " AND doc_id = ?"
                arguments += [documentID]
            } else if reference.path.isEmpty {
                return []
            }
            sql += " ORDER BY doc_id, CASE lang WHEN ? THEN 0 ELSE 1 END, lang"
            arguments += [preferredLanguage?.rawValue ?? "en"]
            var rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            if rows.isEmpty, let documentID {
                // `Part v`, `24(1)(A)`: retry without regard to case before giving up.
                rows = try Row.fetchAll(db, sql: "SELECT * FROM clauses WHERE doc_id = ? AND path = ? COLLATE NOCASE ORDER BY lang",
                                        arguments: [documentID, reference.path])
            }
            return rows.map(Self.clause)
        }
    }

    /// A clause with its descendants and its twin in the other language.
    public func detail(of clause: Clause) throws -> ClauseDetail {
        try read { db in try detail(of: clause, in: db, withTwin: true) }
    }

    private func detail(of clause: Clause, in db: Database, withTwin: Bool) throws -> ClauseDetail {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM clauses WHERE doc_id = ? AND lang = ? ORDER BY ordinal",
                                    arguments: [clause.docID, clause.language.rawValue])
        let all = rows.map(Self.clause)
        var descendants: [(Clause, Int)] = []
        if !clause.path.isEmpty {
            var depthOf: [String: Int] = [clause.path: 0]
            for candidate in all {
                guard let parent = candidate.parentPath, let parentDepth = depthOf[parent] else { continue }
                depthOf[candidate.path] = parentDepth + 1
                descendants.append((candidate, parentDepth + 1))
            }
        } else {
            // The whole document: its top-level clauses.
            descendants = all.filter { $0.parentPath == nil && $0.kind != .document }.map { ($0, 1) }
        }
        let metadataRow = try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE id = ? AND lang = ?",
                                           arguments: [clause.docID, clause.language.rawValue])
        var detail = ClauseDetail(
            clause: clause, document: metadataRow.map(Self.metadata) ?? DocumentMetadata(id: clause.docID, title: clause.docID, type: .guideline, source: ""),
            descendants: descendants)
        if withTwin,
           let twinRow = try Row.fetchOne(db, sql: "SELECT * FROM clauses WHERE doc_id = ? AND path = ? AND lang != ?",
                                          arguments: [clause.docID, clause.path, clause.language.rawValue]) {
            detail.translations = [try self.detail(of: Self.clause(twinRow), in: db, withTwin: false)]
        }
        return detail
    }

    /// The clause above this one, or nil at the top.
    public func parent(of clause: Clause) throws -> Clause? {
        guard let parentPath = clause.parentPath else { return nil }
        return try clauses(matching: ClauseReference(document: clause.docID, path: parentPath), preferredLanguage: clause.language).first
    }

    /// Refs of every clause, for completion.
    public func allRefs() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM clauses ORDER BY doc_id, ordinal") }
    }

    // MARK: Statistics

    public func statistics() throws -> IndexStatistics {
        try read { db in
            func pairs(_ sql: String) throws -> [(String, Int)] {
                try Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as Int) }
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            return IndexStatistics(
                documents: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT id) FROM documents") ?? 0,
                clauses: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clauses") ?? 0,
                byType: try pairs("SELECT type, COUNT(DISTINCT id) FROM documents GROUP BY type ORDER BY type"),
                byLanguage: try pairs("SELECT language, COUNT(*) FROM documents GROUP BY language ORDER BY language"),
                clausesByLanguage: try pairs("SELECT lang, COUNT(*) FROM clauses GROUP BY lang ORDER BY lang"),
                byObligation: try pairs("SELECT obligation, COUNT(*) FROM clauses GROUP BY obligation ORDER BY obligation"),
                problems: try Row.fetchAll(db, sql: "SELECT * FROM problems ORDER BY file, line").map {
                    CorpusProblem(file: $0["file"], line: $0["line"], message: $0["message"])
                },
                builtAt: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'built_at'"),
                corpus: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'corpus'"),
                indexPath: url.path, indexBytes: bytes)
        }
    }

    /// The clause-level changes of the last reload.
    public func lastChanges() throws -> [(ref: String, change: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT ref, change FROM changes ORDER BY change, ref").map { ($0["ref"], $0["change"]) }
        }
    }
}

/// Device and inode of a file: a rename puts a new inode at the same path.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var modified: Double

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
