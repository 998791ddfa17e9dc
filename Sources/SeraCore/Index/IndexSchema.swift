import Foundation
import GRDB

/// The SQLite layout of an index. `PRAGMA user_version` carries `version`; an index of another
/// version is rebuilt, never read.
public enum IndexSchema {
    /// Bump it whenever what the index holds would differ for the same corpus: a table or column,
    /// the tokenizer, or how the parser reads clauses (obligations, refs, expansions).
    public static let version = 6

    /// bm25 weights of the FTS columns (title, heading, text), tuned on the labelled questions
    /// of Tests/SeraCoreTests/Fixtures/evaluation. The title column (document names) only
    /// qualifies a match ("Cybercrimes Act offences"): weighted, it lifted every short clause of a
    /// document whose title shared a word with the query ("hosting" → each clause of
    /// ega-hosting), and MRR rose from 0.73 to 0.80 on the tuning questions at weight 0. A word
    /// in a heading says more than one in the body; beyond 2 the heading crowded out the clauses
    /// that answer (mixed-language MRR 0.85 at 2, 0.75–0.80 at 4 to 10).
    public static let columnWeights = (title: 0.0, heading: 2.0, text: 1.0)
    /// Weight of the hidden `terms` column (glossary equivalents, Kiswahili stems, a paragraph's
    /// section heading): enough to find a clause across languages, less than the words
    /// themselves; 0.6 was best of 0.15–1 on the tuning questions.
    public static let expansionWeight = 0.6

    /// The FTS5 tokenizer: Porter stemming over unicode61 with diacritics folded, so `projects`
    /// finds `project` and `é` finds `e`. Kiswahili is handled by glossary expansion (see Language).
    public static let tokenizer = "porter unicode61 remove_diacritics 2"

    /// Fills `clause_rank` for one document's clauses, or for all.
    ///
    /// `clause_rank` repeats the few columns ranking reads, one small row per clause: a ranked
    /// search joins every matched clause, and reading them from `clauses`, whose rows carry the
    /// text and its expansions, was half of a common word's query time on a large corpus.
    /// `heading_key` is the lower-cased heading of the clauses that own one (the exact-heading
    /// bonus), NULL for the others.
    static func fillRankRows(_ db: Database, document: (id: String, lang: String)? = nil) throws {
        let insert = """
            INSERT INTO clause_rank(id, ref, doc_id, lang, path, ordinal, kind, obligation, topics, heading_key)
            SELECT id, ref, doc_id, lang, path, ordinal, kind, obligation, topics,
                   CASE WHEN kind IN ('section', 'item', 'topic', 'part', 'schedule') THEN lower(display_heading) END
            FROM clauses
            """
        if let document {
            try db.execute(sql: insert + " WHERE doc_id = ? AND lang = ?", arguments: [document.id, document.lang])
        } else {
            try db.execute(sql: insert)
        }
    }

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
            CREATE TABLE files(
                path TEXT PRIMARY KEY NOT NULL, size INTEGER NOT NULL, mtime REAL NOT NULL,
                hash TEXT NOT NULL, doc_id TEXT, lang TEXT, failure TEXT);
            CREATE TABLE documents(
                id TEXT NOT NULL, lang TEXT NOT NULL, title TEXT NOT NULL, title_sw TEXT,
                aliases TEXT NOT NULL, type TEXT NOT NULL, number TEXT, issuer TEXT, language TEXT NOT NULL,
                status TEXT NOT NULL, effective TEXT, published TEXT, source TEXT NOT NULL,
                fidelity TEXT NOT NULL, topics TEXT NOT NULL, file TEXT NOT NULL,
                PRIMARY KEY(id, lang));
            CREATE TABLE doc_names(name TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY(name, doc_id));
            CREATE TABLE clauses(
                id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, lang TEXT NOT NULL, path TEXT NOT NULL,
                ref TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
                title TEXT NOT NULL, heading TEXT NOT NULL, text TEXT NOT NULL, terms TEXT NOT NULL,
                display_heading TEXT NOT NULL, parent_path TEXT, breadcrumb TEXT NOT NULL,
                obligation TEXT NOT NULL, cross_refs TEXT NOT NULL, topics TEXT NOT NULL,
                line INTEGER NOT NULL, ordinal INTEGER NOT NULL, text_hash TEXT NOT NULL,
                UNIQUE(doc_id, lang, path));
            CREATE TABLE clause_rank(
                id INTEGER PRIMARY KEY, ref TEXT NOT NULL, doc_id TEXT NOT NULL, lang TEXT NOT NULL, path TEXT NOT NULL,
                ordinal INTEGER NOT NULL, kind TEXT NOT NULL, obligation TEXT NOT NULL, topics TEXT NOT NULL,
                heading_key TEXT);
            CREATE INDEX clauses_by_ref ON clauses(ref);
            CREATE INDEX clauses_by_path ON clauses(path);
            CREATE INDEX clauses_by_parent ON clauses(doc_id, parent_path);
            CREATE TABLE problems(file TEXT NOT NULL, line INTEGER, message TEXT NOT NULL);
            CREATE TABLE changes(ref TEXT NOT NULL, change TEXT NOT NULL);
            """)
        // `terms` holds the glossary equivalents and Kiswahili stems of a clause's words, so a
        // query in one language finds text in the other; it weighs like body text.
        try db.execute(sql: """
            CREATE VIRTUAL TABLE clauses_fts USING fts5(
                title, heading, text, terms, content='clauses', content_rowid='id',
                tokenize='\(tokenizer)', prefix='2 3');
            """)
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }
}
