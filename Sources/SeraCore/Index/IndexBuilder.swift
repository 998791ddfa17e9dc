import Foundation
import GRDB

/// Errors of the index domain: building, opening and reading the SQLite file.
public enum IndexError: Error, Equatable, Sendable {
    /// The file is not an SQLite database of ours (truncated, garbage, another program's).
    case corrupt(path: String, reason: String)
    /// Built by another version of sera.
    case incompatibleVersion(path: String, found: Int, expected: Int)
    /// The index could not be written (read-only directory, disk full).
    case cannotWrite(path: String, reason: String)
    /// The index does not exist and cannot be built.
    case missing(String)
    /// The running query was interrupted (Ctrl-C).
    case interrupted
}

/// What a reload did, file by file and clause by clause.
public struct ReloadReport: Equatable, Sendable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    public var removed: [String] = []
    public var failed: [CorpusProblem] = []
    public var notes: [String] = []
    public var refsAdded: [String] = []
    public var refsRemoved: [String] = []
    public var refsReworded: [String] = []
    public var documents = 0
    public var clauses = 0
    /// True when every clause was re-indexed (first build, `--force`, or an index that could not be reused).
    public var full = false

    public init() {}
}

/// A corpus file as last seen: what decides whether the index is stale.
struct FileFingerprint: Equatable {
    var path: String
    var size: Int
    var mtime: Double
    var hash: String

    /// Size and modification time of every document file, hashed only when asked.
    static func scan(_ directory: URL, files: [String]) -> [String: (size: Int, mtime: Double)] {
        var result: [String: (Int, Double)] = [:]
        for file in files {
            let url = directory.appendingPathComponent(file)
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            result[file] = (values?.fileSize ?? 0, values?.contentModificationDate?.timeIntervalSince1970 ?? 0)
        }
        return result
    }

    /// FNV-1a, 64 bits: enough to notice an edited file, and needs no library.
    static func hash(of url: URL) -> String {
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { return "unreadable" }
        return hash(data)
    }

    static func hash(_ data: Data) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { buffer in
            for byte in buffer {
                value ^= UInt64(byte)
                value = value &* 0x100_0000_01b3
            }
        }
        return String(value, radix: 16)
    }

    static func hash(_ text: String) -> String { hash(Data(text.utf8)) }
}

/// Builds an index file from a corpus: into a temporary file beside the target, checked, then
/// renamed into place, so a reader sees the old index or the new one and never half of one.
public struct IndexBuilder {
    public var corpusDirectory: URL
    public var indexURL: URL
    public var loader: CorpusLoader
    public var expander: TermExpander

    public init(corpusDirectory: URL, indexURL: URL, loader: CorpusLoader = CorpusLoader(), expander: TermExpander) {
        self.corpusDirectory = corpusDirectory
        self.indexURL = indexURL
        self.loader = loader
        self.expander = expander
    }

    /// Rebuilds the index. Unchanged files keep their rows unless `force` is set.
    @discardableResult
    public func build(force: Bool = false) throws -> ReloadReport {
        let files = try Corpus.documentFiles(in: corpusDirectory, importers: loader.importers)
        let stats = FileFingerprint.scan(corpusDirectory, files: files)
        var hashes: [String: String] = [:]
        for file in files { hashes[file] = FileFingerprint.hash(of: corpusDirectory.appendingPathComponent(file)) }

        // A changed glossary changes every clause's expansion, so nothing can be reused.
        let previous = force ? nil : Self.previousState(of: indexURL, glossary: IndexOpener.glossaryHash(for: corpusDirectory))
        var report = ReloadReport()
        report.full = previous == nil
        let corpus = try loader.load(directory: corpusDirectory)

        let directory = indexURL.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        } catch {
            throw IndexError.cannotWrite(path: directory.path, reason: Self.reason(error))
        }
        let temporary = directory.appendingPathComponent(".\(indexURL.lastPathComponent).\(getpid()).tmp")
        try? FileManager.default.removeItem(at: temporary)
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            if previous != nil {
                try FileManager.default.copyItem(at: indexURL, to: temporary)
            }
            var configuration = Configuration()
            configuration.journalMode = .default
            let queue = try DatabaseQueue(path: temporary.path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                // The temporary file is renamed only after a full check, so the journal can be off.
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
                try db.inTransaction {
                    if previous == nil { try IndexSchema.create(db) }
                    try apply(corpus, hashes: hashes, stats: stats, previous: previous, to: db, report: &report)
                    return .commit
                }
                let check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
                guard check == "ok" else { throw IndexError.corrupt(path: temporary.path, reason: check) }
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
            chmod(temporary.path, 0o644)
            guard rename(temporary.path, indexURL.path) == 0 else {
                throw IndexError.cannotWrite(path: indexURL.path, reason: String(cString: strerror(errno)))
            }
        } catch let error as IndexError {
            throw error
        } catch let error as DatabaseError {
            throw IndexError.cannotWrite(path: indexURL.path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw IndexError.cannotWrite(path: indexURL.path, reason: Self.reason(error))
        }
        return report
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }

    /// What the current index holds, or nil when it cannot be reused (missing, old, corrupt).
    struct PreviousState {
        var hashes: [String: String]
        var documentsByFile: [String: (id: String, lang: String)]
    }

    static func previousState(of url: URL, glossary: String) -> PreviousState? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: url.path, configuration: configuration) else { return nil }
        return try? queue.read { db -> PreviousState? in
            guard try Int.fetchOne(db, sql: "PRAGMA user_version") == IndexSchema.version,
                  try String.fetchOne(db, sql: "PRAGMA quick_check") == "ok",
                  try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'glossary'") == glossary
            else { return nil }
            var state = PreviousState(hashes: [:], documentsByFile: [:])
            for row in try Row.fetchAll(db, sql: "SELECT path, hash, doc_id, lang FROM files") {
                state.hashes[row["path"]] = row["hash"]
                if let id: String = row["doc_id"], let lang: String = row["lang"] {
                    state.documentsByFile[row["path"]] = (id, lang)
                }
            }
            return state
        }
    }

    // MARK: Writing rows

    private func apply(
        _ corpus: Corpus, hashes: [String: String], stats: [String: (size: Int, mtime: Double)],
        previous: PreviousState?, to db: Database, report: inout ReloadReport
    ) throws {
        let oldClauses = try Dictionary(
            Row.fetchAll(db, sql: "SELECT ref || '|' || lang AS key, text_hash FROM clauses").map {
                (($0["key"] as String), ($0["text_hash"] as String))
            }, uniquingKeysWith: { first, _ in first })
        let documentsByFile = Dictionary(corpus.documents.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        let allFiles = Set(hashes.keys).union(previous?.hashes.keys ?? [:].keys)
        var rewrite: [Document] = []
        for file in allFiles.sorted() {
            let oldHash = previous?.hashes[file]
            let newHash = hashes[file]
            if newHash == nil {
                report.removed.append(file)
            } else if oldHash == nil {
                report.added.append(file)
            } else if oldHash != newHash {
                report.changed.append(file)
            } else {
                report.unchanged.append(file)
            }
            let document = documentsByFile[file]
            let old = previous?.documentsByFile[file]
            let mustRewrite = previous == nil || oldHash != newHash || old?.id != document?.metadata.id
            if mustRewrite {
                if let old { try deleteDocument(id: old.id, lang: old.lang, in: db) }
                if let document { rewrite.append(document) }
            }
        }
        // A document whose id was taken over by another file (an official text replacing a
        // digest) must also be cleared, whatever file held it before.
        for document in rewrite {
            try deleteDocument(id: document.metadata.id, lang: language(of: document).rawValue, in: db)
        }
        try db.execute(sql: "DELETE FROM files; DELETE FROM problems; DELETE FROM changes; DELETE FROM meta")
        let fullRebuild = previous == nil
        for document in rewrite {
            try insert(document, into: db, indexFTS: !fullRebuild)
        }
        if fullRebuild {
            try db.execute(sql: "INSERT INTO clauses_fts(clauses_fts) VALUES('rebuild')")
        }
        // Cross-references of unchanged documents may now point at new clauses: refresh them all.
        for document in corpus.documents {
            let lang = language(of: document).rawValue
            for clause in document.clauses {
                try db.execute(sql: "UPDATE clauses SET cross_refs = ? WHERE doc_id = ? AND lang = ? AND path = ?",
                               arguments: [Self.json(clause.crossRefs), clause.docID, lang, clause.path])
            }
        }
        for file in hashes.keys.sorted() {
            let document = documentsByFile[file]
            let failure = corpus.problems.first { $0.file == file && document == nil }
            try db.execute(
                sql: "INSERT INTO files(path, size, mtime, hash, doc_id, lang, failure) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [file, stats[file]?.size ?? 0, stats[file]?.mtime ?? 0, hashes[file]!,
                             document?.metadata.id, document.map { language(of: $0).rawValue }, failure?.description])
        }
        for problem in corpus.problems {
            try db.execute(sql: "INSERT INTO problems(file, line, message) VALUES (?, ?, ?)",
                           arguments: [problem.file, problem.line, problem.message])
        }
        // Clause-level changes since the previous index.
        var newClauses: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT ref || '|' || lang AS key, text_hash FROM clauses") {
            newClauses[row["key"]] = row["text_hash"]
        }
        if previous != nil {
            for (key, hash) in newClauses.sorted(by: { $0.key < $1.key }) {
                let ref = String(key.split(separator: "|").first!)
                if let old = oldClauses[key] {
                    if old != hash { report.refsReworded.append(ref) }
                } else {
                    report.refsAdded.append(ref)
                }
            }
            for key in oldClauses.keys.sorted() where newClauses[key] == nil {
                report.refsRemoved.append(String(key.split(separator: "|").first!))
            }
        }
        for (change, refs) in [("added", report.refsAdded), ("removed", report.refsRemoved), ("reworded", report.refsReworded)] {
            for ref in refs {
                try db.execute(sql: "INSERT INTO changes(ref, change) VALUES (?, ?)", arguments: [ref, change])
            }
        }
        report.failed = corpus.problems
        report.notes = corpus.notes
        report.documents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0
        report.clauses = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clauses") ?? 0
        let meta: [(String, String)] = [
            ("corpus", corpusDirectory.standardizedFileURL.path),
            ("built_at", ISO8601DateFormatter().string(from: Date())),
            ("schema", String(IndexSchema.version)),
            ("glossary", IndexOpener.glossaryHash(for: corpusDirectory)),
        ]
        for (key, value) in meta {
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    private func language(of document: Document) -> Language {
        document.clauses.first?.language ?? (document.metadata.language == .sw ? .sw : .en)
    }

    private func deleteDocument(id: String, lang: String, in db: Database) throws {
        // External-content FTS rows are removed with the 'delete' command and the old values.
        try db.execute(sql: """
            INSERT INTO clauses_fts(clauses_fts, rowid, title, heading, text, terms)
            SELECT 'delete', id, title, heading, text, terms FROM clauses WHERE doc_id = ? AND lang = ?
            """, arguments: [id, lang])
        try db.execute(sql: "DELETE FROM clauses WHERE doc_id = ? AND lang = ?", arguments: [id, lang])
        try db.execute(sql: "DELETE FROM documents WHERE id = ? AND lang = ?", arguments: [id, lang])
        try db.execute(sql: "DELETE FROM doc_names WHERE doc_id = ?", arguments: [id])
    }

    private func insert(_ document: Document, into db: Database, indexFTS: Bool) throws {
        let metadata = document.metadata
        let lang = language(of: document).rawValue
        try db.execute(sql: """
            INSERT INTO documents(id, lang, title, title_sw, aliases, type, number, issuer, language, status,
                                  effective, published, source, fidelity, topics, file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                metadata.id, lang, metadata.title, metadata.titleSw, Self.json(metadata.aliases), metadata.type.rawValue,
                metadata.number, metadata.issuer, metadata.language.rawValue, metadata.status.rawValue,
                metadata.effective, metadata.published, metadata.source, metadata.fidelity.rawValue,
                Self.json(metadata.topics), document.file,
            ])
        for name in [metadata.id, metadata.title, metadata.titleSw].compactMap({ $0 }) + metadata.aliases {
            try db.execute(sql: "INSERT OR IGNORE INTO doc_names(name, doc_id) VALUES (?, ?)",
                           arguments: [CrossReferenceResolver.key(name), metadata.id])
        }
        let titleText = ([metadata.title, metadata.titleSw].compactMap { $0 } + metadata.aliases).joined(separator: " · ")
        let insert = try db.makeStatement(sql: """
            INSERT INTO clauses(doc_id, lang, path, ref, kind, label, title, heading, text, terms, display_heading,
                                parent_path, breadcrumb, obligation, cross_refs, topics, line, ordinal, text_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (ordinal, clause) in document.clauses.enumerated() {
            // Only clauses that own their heading index it: `24(1)` must not outrank `24` on "ICT projects".
            let ownsHeading = [.part, .schedule, .section, .item, .topic].contains(clause.kind)
            let ftsHeading = ownsHeading ? [clause.label, clause.heading].joined(separator: " ") : ""
            // Every clause carries its document's names, so "Cybercrimes Act offences" finds the
            // offence sections; the title column weighs little, so a name alone ranks nothing.
            let ftsTitle = titleText
            let terms = expander.expansion(for: [ftsHeading, clause.text].joined(separator: " "), language: clause.language)
            try insert.execute(arguments: [
                clause.docID, lang, clause.path, clause.ref, clause.kind.rawValue, clause.label, ftsTitle,
                ftsHeading, clause.text, terms, clause.heading, clause.parentPath,
                clause.breadcrumb.joined(separator: " › "), clause.obligation.rawValue, Self.json(clause.crossRefs),
                Self.json(clause.topics), clause.line, ordinal, FileFingerprint.hash(clause.heading + "\u{1F}" + clause.text),
            ])
            if indexFTS {
                try db.execute(sql: """
                    INSERT INTO clauses_fts(rowid, title, heading, text, terms) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [db.lastInsertedRowID, ftsTitle, ftsHeading, clause.text, terms])
            }
        }
    }

    static func json(_ values: [String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: values, options: [.withoutEscapingSlashes]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
