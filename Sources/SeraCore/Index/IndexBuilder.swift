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
    /// How many document files were parsed: all of them, or only the changed ones when nothing
    /// another document cites has moved.
    public var filesRead = 0

    public init() {}
}

/// A corpus file as last seen: what decides whether the index is stale.
struct FileFingerprint: Equatable {
    var path: String
    var size: Int
    var mtime: Double
    var hash: String

    /// Size and modification time of every document file, hashed only when asked. A document
    /// read with a sidecar counts the sidecar too (sizes added, the later time).
    static func scan(_ directory: URL, files: [String], loader: CorpusLoader) -> [String: (size: Int, mtime: Double)] {
        var result: [String: (Int, Double)] = [:]
        let base = directory.path
        for file in files {
            var size = 0, mtime = 0.0
            for path in loader.sourcePaths(of: file, inDirectoryPath: base) {
                let status = DirectoryWalk.status(atPath: path)
                size += status?.size ?? 0
                mtime = max(mtime, status?.mtime ?? 0)
            }
            result[file] = (size, mtime)
        }
        return result
    }

    /// FNV-1a, 64 bits: enough to notice an edited file, and needs no library.
    static func hash(of url: URL) -> String {
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { return "unreadable" }
        return hash(data)
    }

    /// One hash for a document and the files read with it; a missing sidecar hashes as such, so
    /// adding it changes the document.
    static func hash(of urls: [URL]) -> String {
        guard urls.count > 1 else { return urls.first.map { hash(of: $0) } ?? "none" }
        return hash(urls.map { FileManager.default.fileExists(atPath: $0.path) ? hash(of: $0) : "missing" }.joined(separator: "+"))
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
    private let makeExpander: () -> TermExpander
    private let expanderCache = Cache<TermExpander>()
    private let expanderLock = NSLock()

    /// - Parameter expander: evaluated only when a document is (re)written: a reload that finds
    ///   nothing changed never reads the glossary.
    public init(corpusDirectory: URL, indexURL: URL, loader: CorpusLoader = CorpusLoader(),
                expander: @escaping @autoclosure () -> TermExpander) {
        self.corpusDirectory = corpusDirectory
        self.indexURL = indexURL
        self.loader = loader
        self.makeExpander = expander
    }

    /// The glossary and stemmer, loaded on first use.
    var expander: TermExpander {
        // Locked: `build` starts loading it on another core, and the first insert may ask first.
        expanderLock.lock()
        defer { expanderLock.unlock() }
        if let loaded = expanderCache.value { return loaded }
        let loaded = makeExpander()
        expanderCache.value = loaded
        return loaded
    }

    /// A small digest in the corpus format that uses every kind of line the parser knows.
    private static let warmUpDigest = """
        ---
        id: warm-up
        title: Warm-up Act
        type: act
        source: none
        ---
        ## Part I — General {#general}
        ## 1. Duties
        <!-- topics: hosting -->
        (1) The public institution shall, subject to section 2(1) of the Personal Data Protection Act, keep records.
        (a) Taasisi ya umma itahakikisha kwamba kifungu cha 3 kinafuatwa; ni marufuku kuuza data.
        ## 2.1 Guidance
        An officer may, and should, see subsection (2).
        """

    /// Rebuilds the index. Unchanged files keep their rows unless `force` is set.
    @discardableResult
    public func build(force: Bool = false) throws -> ReloadReport {
        Self.removeAbandonedTemporaries(of: indexURL)
        let files = try Corpus.documentFiles(in: corpusDirectory, importers: loader.importers)
        let stats = FileFingerprint.scan(corpusDirectory, files: files, loader: loader)
        var hashes: [String: String] = [:]
        for file in files { hashes[file] = FileFingerprint.hash(of: loader.sourceFiles(of: file, in: corpusDirectory)) }
        let glossaryHash = IndexOpener.glossaryHash(for: corpusDirectory)
        let source = Source(files: files, stats: stats, hashes: hashes, glossaryHash: glossaryHash)
        let previousState = force ? nil : Self.previousState(of: indexURL, glossary: glossaryHash)

        // When something will be parsed, what that needs and the steps before it do not —
        // compiling the parser's patterns (on first use in a process) and loading the glossary —
        // runs on another core while the previous index is read. A reload with nothing changed
        // needs neither.
        let warmUp = DispatchGroup()
        if previousState?.hashes != hashes {
            DispatchQueue.global().async(group: warmUp) { [self] in
                _ = try? MarkdownDigestParser.parse(Self.warmUpDigest, file: "warm-up.md")
                _ = expander
            }
        }
        defer { warmUp.wait() }

        // A changed glossary changes every clause's expansion, so nothing can be reused.
        guard let previous = previousState else {
            return try write(source, previous: nil)
        }
        do {
            return try write(source, previous: previous)
        } catch IndexError.corrupt {
            // The previous index was damaged where its header and tables did not show it (the
            // check of the new file read every page): build everything afresh instead.
            return try write(source, previous: nil)
        }
    }

    /// What a build reads the corpus as: its files, their sizes, times and content hashes.
    private struct Source {
        var files: [String]
        var stats: [String: (size: Int, mtime: Double)]
        var hashes: [String: String]
        var glossaryHash: String
    }

    /// Writes the new index into a temporary file, from the previous one's rows when given,
    /// checks it and renames it into place.
    private func write(_ source: Source, previous: PreviousState?) throws -> ReloadReport {
        var hashes = source.hashes
        var report = ReloadReport()
        report.full = previous == nil
        // Parsing every file costs as much as indexing the changed ones, so it is skipped when
        // the changed files alone are enough.
        let reading = try previous.flatMap { try readChangedFiles(hashes: hashes, previous: $0) }
            ?? Reading(corpus: try loader.load(directory: corpusDirectory), parsedFiles: nil)
        report.filesRead = reading.parsedFiles?.count ?? source.files.count
        // A file saved while the corpus was read may be indexed as either version: record no
        // hash for it, so the next open sees it as changed and reads it again.
        for (file, after) in FileFingerprint.scan(corpusDirectory, files: source.files, loader: loader)
        where source.stats[file].map({ $0.size != after.size || $0.mtime != after.mtime }) ?? true {
            hashes[file] = "changed while read"
        }

        let directory = indexURL.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        } catch {
            throw IndexError.cannotWrite(path: directory.path, reason: Self.reason(error))
        }
        let temporary = directory.appendingPathComponent(".\(indexURL.lastPathComponent).\(getpid()).tmp")
        unlink(temporary.path)
        defer { unlink(temporary.path) }
        do {
            if previous != nil {
                do {
                    try FileCopy.copy(indexURL.path, to: temporary.path)
                } catch {
                    throw IndexError.cannotWrite(path: indexURL.path, reason: String(cString: strerror(error.code.rawValue)))
                }
            }
            var configuration = Configuration()
            configuration.journalMode = .default
            let queue = try DatabaseQueue(path: temporary.path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                // The temporary file is renamed only after a full check, so the journal can be off.
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
                try db.inTransaction {
                    if previous == nil { try IndexSchema.create(db) }
                    try apply(reading, hashes: hashes, stats: source.stats, glossaryHash: source.glossaryHash,
                              previous: previous, to: db, report: &report)
                    return .commit
                }
                let check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
                guard check == "ok" else { throw IndexError.corrupt(path: temporary.path, reason: check) }
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
            chmod(temporary.path, 0o644)
            let failure = FileReplace.replace(indexURL.path, with: temporary.path)
            guard failure == 0 else {
                throw IndexError.cannotWrite(path: indexURL.path, reason: String(cString: strerror(failure)))
            }
        } catch let error as IndexError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw IndexError.corrupt(path: temporary.path, reason: error.message ?? "\(error.resultCode)")
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
        // Foundation's file errors carry no errno: say what the system would ("Read-only file
        // system"), not "The operation could not be completed. The volume is read only.".
        let errors: [CocoaError.Code: Int32] = [
            .fileWriteVolumeReadOnly: EROFS, .fileWriteNoPermission: EACCES, .fileWriteOutOfSpace: ENOSPC,
            .fileReadNoPermission: EACCES, .fileNoSuchFile: ENOENT,
        ]
        if let code = (error as? CocoaError).flatMap({ errors[$0.code] }) {
            return String(cString: strerror(code))
        }
        return nsError.localizedDescription
    }

    // MARK: Reading only what changed

    /// What a reload read: the whole corpus, or only the files that changed.
    struct Reading {
        var corpus: Corpus
        /// The files read, when not all were; the others keep their rows, problems and notes.
        var parsedFiles: Set<String>?
    }

    /// Reads only the changed files, when that is enough: no file added or removed, and each
    /// changed file still holds the same document with the same names and clause numbers. Then no
    /// reference from another document can resolve differently, and no other file need be read.
    /// - Returns: nil when the whole corpus must be read.
    private func readChangedFiles(hashes: [String: String], previous: PreviousState) throws -> Reading? {
        guard Set(hashes.keys) == Set(previous.hashes.keys), let outline = Self.outline(of: indexURL) else { return nil }
        let changed = hashes.keys.filter { previous.hashes[$0] != hashes[$0] }.sorted()
        var documents: [Document] = []
        var problems: [CorpusProblem] = []
        for file in changed {
            let (document, fileProblems) = loader.load(file: file, in: corpusDirectory)
            guard let document, let old = previous.documentsByFile[file],
                  old.id == document.metadata.id, old.lang == language(of: document).rawValue,
                  let stored = outline.first(where: { $0.metadata.id == old.id && language(of: $0).rawValue == old.lang }),
                  Set(document.clauses.map(\.path)) == Set(stored.clauses.map(\.path)),
                  Self.nameKeys(document.metadata) == Self.nameKeys(stored.metadata)
            else { return nil }
            documents.append(document)
            problems += fileProblems
        }
        let corpus = Corpus(directory: corpusDirectory, documents: CorpusLoader.resolveCrossReferences(documents, against: outline),
                            problems: problems, notes: previous.notes)
        return Reading(corpus: corpus, parsedFiles: Set(changed))
    }

    /// The documents of an index as the cross-reference resolver sees them: names and clause
    /// numbers, documents in the order a full read would give (clauses in no particular order).
    static func outline(of url: URL) -> [Document]? {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: url.path, configuration: configuration) else { return nil }
        return try? queue.read { db in
            var documents: [Document] = []
            var position: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, lang, title, title_sw, aliases, file FROM documents ORDER BY file") {
                let aliases = Self.strings(fromJSON: row["aliases"])
                let lang = Language(rawValue: row["lang"]) ?? .en
                let metadata = DocumentMetadata(id: row["id"], title: row["title"], titleSw: row["title_sw"], aliases: aliases,
                                                type: .act, language: lang, source: "")
                position["\(metadata.id)|\(lang.rawValue)"] = documents.count
                documents.append(Document(metadata: metadata, clauses: [], file: row["file"]))
            }
            // Clause paths are compared and looked up as sets, so their order does not matter, and
            // without `ordinal` the (doc_id, lang, path) index answers alone: reading each row of
            // the table for it was 3 ms of a one-file reload.
            let rows = try Row.fetchCursor(db, sql: "SELECT doc_id, lang, path FROM clauses ORDER BY doc_id, lang")
            var key = ""
            var index: Int?
            while let row = try rows.next() {
                let docID: String = row[0], lang: String = row[1]
                if docID + "|" + lang != key {
                    key = docID + "|" + lang
                    index = position[key]
                }
                guard let index else { continue }
                documents[index].clauses.append(Clause(docID: docID, path: row[2], kind: .section, label: "",
                                                       language: documents[index].metadata.language))
            }
            return documents
        }
    }

    static func nameKeys(_ metadata: DocumentMetadata) -> Set<String> {
        Set(([metadata.title, metadata.titleSw].compactMap { $0 } + metadata.aliases).map(CrossReferenceResolver.key))
    }

    /// Removes the temporary files of reloads that were killed before they could (their process
    /// is gone), so they do not pile up beside the index.
    static func removeAbandonedTemporaries(of index: URL) {
        let directory = index.deletingLastPathComponent()
        let prefix = ".\(index.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            guard let pid = Int32(name.dropFirst(prefix.count).dropLast(4)), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// What the current index holds, or nil when it cannot be reused (missing, old, corrupt).
    struct PreviousState {
        var hashes: [String: String]
        var documentsByFile: [String: (id: String, lang: String)]
        /// Problems found in each file, carried over while the file is not read again.
        var problems: [CorpusProblem] = []
        /// The notes of the last full read (digests that stepped aside).
        var notes: [String] = []
    }

    /// Whether the file opens and passes `PRAGMA quick_check`, which reads every page.
    static func passesQuickCheck(_ url: URL) -> Bool {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: url.path, configuration: configuration) else { return false }
        return (try? queue.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }) == "ok"
    }

    static func previousState(of url: URL, glossary: String) -> PreviousState? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: url.path, configuration: configuration) else { return nil }
        return try? queue.read { db -> PreviousState? in
            // No quick_check here: it reads every page, and the check of the new file (which
            // starts as a copy of this one) catches the same damage; `build` then starts afresh.
            guard try Int.fetchOne(db, sql: "PRAGMA user_version") == IndexSchema.version,
                  try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'glossary'") == glossary
            else { return nil }
            var state = PreviousState(hashes: [:], documentsByFile: [:])
            for row in try Row.fetchAll(db, sql: "SELECT path, hash, doc_id, lang FROM files") {
                state.hashes[row["path"]] = row["hash"]
                if let id: String = row["doc_id"], let lang: String = row["lang"] {
                    state.documentsByFile[row["path"]] = (id, lang)
                }
            }
            state.problems = try Row.fetchAll(db, sql: "SELECT file, line, message FROM problems ORDER BY rowid").map {
                CorpusProblem(file: $0["file"], line: $0["line"], message: $0["message"])
            }
            let notes = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'notes'") ?? "[]"
            state.notes = Self.strings(fromJSON: notes)
            return state
        }
    }

    // MARK: Writing rows

    private func apply(
        _ reading: Reading, hashes: [String: String], stats: [String: (size: Int, mtime: Double)],
        glossaryHash: String, previous: PreviousState?, to db: Database, report: inout ReloadReport
    ) throws {
        let corpus = reading.corpus
        // Text hashes (by `ref|lang`) of the clauses deleted and inserted: every other row is
        // kept as it was, so these are all the clause-level changes.
        var oldClauses: [String: String] = [:]
        var newClauses: [String: String] = [:]
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
            // A file not read again keeps its rows.
            if let parsed = reading.parsedFiles, !parsed.contains(file) { continue }
            let document = documentsByFile[file]
            let old = previous?.documentsByFile[file]
            let mustRewrite = previous == nil || oldHash != newHash || old?.id != document?.metadata.id
            if mustRewrite {
                if let old { try deleteDocument(id: old.id, lang: old.lang, in: db, hashes: &oldClauses) }
                if let document { rewrite.append(document) }
            }
        }
        // A document whose id was taken over by another file (an official text replacing a
        // digest) must also be cleared, whatever file held it before.
        for document in rewrite {
            try deleteDocument(id: document.metadata.id, lang: language(of: document).rawValue, in: db, hashes: &oldClauses)
        }
        try db.execute(sql: "DELETE FROM files; DELETE FROM problems; DELETE FROM changes; DELETE FROM meta")
        let fullRebuild = previous == nil
        for document in rewrite {
            try insert(document, into: db, indexFTS: !fullRebuild, hashes: &newClauses)
        }
        if fullRebuild {
            try db.execute(sql: "INSERT INTO clauses_fts(clauses_fts) VALUES('rebuild')")
            try IndexSchema.fillRankRows(db)
        } else {
            for document in rewrite {
                try IndexSchema.fillRankRows(db, document: (document.metadata.id, language(of: document).rawValue))
            }
        }
        // References in the documents kept may now resolve to clauses that came or went; only the
        // rows whose references changed are written. (A partial read happens only when none can.)
        if previous != nil, reading.parsedFiles == nil {
            let rewritten = Set(rewrite.map { "\($0.metadata.id)|\(language(of: $0).rawValue)" })
            var stored: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT doc_id || '|' || lang || '|' || path AS key, cross_refs FROM clauses") {
                stored[row["key"]] = row["cross_refs"]
            }
            for document in corpus.documents {
                let lang = language(of: document).rawValue
                guard !rewritten.contains("\(document.metadata.id)|\(lang)") else { continue }
                for clause in document.clauses {
                    let crossRefs = Self.json(clause.crossRefs)
                    guard stored["\(clause.docID)|\(lang)|\(clause.path)"] != crossRefs else { continue }
                    try db.execute(sql: "UPDATE clauses SET cross_refs = ? WHERE doc_id = ? AND lang = ? AND path = ?",
                                   arguments: [crossRefs, clause.docID, lang, clause.path])
                }
            }
        }
        // Problems of the files not read again are the ones found when they last were.
        var problems = corpus.problems
        if let parsed = reading.parsedFiles, let previous {
            let reread = Set(parsed.flatMap(sourceNames(of:)))
            problems = (previous.problems.filter { !reread.contains($0.file) } + problems)
                .sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
        }
        for file in hashes.keys.sorted() {
            let held: (id: String, lang: String)?
            if let parsed = reading.parsedFiles, !parsed.contains(file) {
                held = previous?.documentsByFile[file]
            } else {
                held = documentsByFile[file].map { ($0.metadata.id, language(of: $0).rawValue) }
            }
            let names = Set(sourceNames(of: file))
            let failure = held == nil ? problems.first { names.contains($0.file) } : nil
            try db.execute(
                sql: "INSERT INTO files(path, size, mtime, hash, doc_id, lang, failure) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [file, stats[file]?.size ?? 0, stats[file]?.mtime ?? 0, hashes[file]!,
                             held?.id, held?.lang, failure?.description])
        }
        for problem in problems {
            try db.execute(sql: "INSERT INTO problems(file, line, message) VALUES (?, ?, ?)",
                           arguments: [problem.file, problem.line, problem.message])
        }
        // Clause-level changes since the previous index.
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
        report.failed = problems
        report.notes = corpus.notes
        report.documents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0
        report.clauses = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clauses") ?? 0
        let meta: [(String, String)] = [
            ("corpus", corpusDirectory.standardizedFileURL.path),
            ("built_at", Self.utcTimestamp()),
            ("schema", String(IndexSchema.version)),
            ("glossary", glossaryHash),
            ("notes", Self.json(corpus.notes)),
        ]
        for (key, value) in meta {
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// A document file and its companions (a sidecar), as problems name them.
    private func sourceNames(of file: String) -> [String] {
        let base = corpusDirectory.path.hasSuffix("/") ? corpusDirectory.path : corpusDirectory.path + "/"
        return loader.sourceFiles(of: file, in: corpusDirectory).map { url in
            url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.lastPathComponent
        }
    }

    private func language(of document: Document) -> Language {
        document.clauses.first?.language ?? (document.metadata.language == .sw ? .sw : .en)
    }

    /// Deletes a document's rows, noting its clauses' text hashes in `hashes`.
    private func deleteDocument(id: String, lang: String, in db: Database, hashes: inout [String: String]) throws {
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT ref, text_hash FROM clauses WHERE doc_id = ? AND lang = ?"),
                                    arguments: [id, lang]) {
            hashes[(row["ref"] as String) + "|" + lang] = row["text_hash"]
        }
        // External-content FTS rows are removed with the 'delete' command and the old values.
        try db.execute(sql: """
            INSERT INTO clauses_fts(clauses_fts, rowid, title, heading, text, terms)
            SELECT 'delete', id, title, heading, text, terms FROM clauses WHERE doc_id = ? AND lang = ?
            """, arguments: [id, lang])
        try db.execute(sql: "DELETE FROM clause_rank WHERE id IN (SELECT id FROM clauses WHERE doc_id = ? AND lang = ?)",
                       arguments: [id, lang])
        try db.execute(sql: "DELETE FROM clauses WHERE doc_id = ? AND lang = ?", arguments: [id, lang])
        try db.execute(sql: "DELETE FROM documents WHERE id = ? AND lang = ?", arguments: [id, lang])
        try db.execute(sql: "DELETE FROM doc_names WHERE doc_id = ?", arguments: [id])
        // A twin in the other language keeps its names.
        for row in try Row.fetchAll(db, sql: "SELECT title, title_sw, aliases FROM documents WHERE id = ?", arguments: [id]) {
            let aliases = Self.strings(fromJSON: row["aliases"])
            for name in [row["title"], row["title_sw"]].compactMap({ $0 as String? }) + aliases {
                try db.execute(sql: "INSERT OR IGNORE INTO doc_names(name, doc_id) VALUES (?, ?)",
                               arguments: [CrossReferenceResolver.key(name), id])
            }
        }
    }

    /// Inserts a document's rows, noting its clauses' text hashes in `hashes`.
    private func insert(_ document: Document, into db: Database, indexFTS: Bool, hashes: inout [String: String]) throws {
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
        let headingOwners: Set<ClauseKind> = [.part, .schedule, .section, .item, .topic]
        let clausesByPath = Dictionary(document.clauses.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        // Loaded here, once, not by whichever worker gets there first.
        let expander = self.expander
        // Expanding terms is the costliest step of a build and independent per clause: every core.
        let columns = document.clauses.concurrentMap { clause -> (heading: String, terms: String) in
            // Only clauses that own their heading index it: `24(1)` must not outrank `24` on "ICT projects".
            let ownsHeading = headingOwners.contains(clause.kind)
            let ftsHeading = ownsHeading ? [clause.label, clause.heading].joined(separator: " ") : ""
            // A paragraph carries its section's heading among its low-weight terms, so "miradi ya
            // TEHAMA kibali" finds 24(2)(a), whose text never says "ICT projects".
            var context = ""
            if !ownsHeading {
                var parent = clause.parentPath.flatMap { clausesByPath[$0] }
                while let candidate = parent, !headingOwners.contains(candidate.kind) {
                    parent = candidate.parentPath.flatMap { clausesByPath[$0] }
                }
                if let parent, parent.kind != .part { context = parent.heading }
            }
            let expanded = expander.expansion(for: [context, ftsHeading, clause.text].joined(separator: " "), language: clause.language)
            return (ftsHeading, [context, expanded].filter { !$0.isEmpty }.joined(separator: " "))
        }
        for (ordinal, clause) in document.clauses.enumerated() {
            let (ftsHeading, terms) = columns[ordinal]
            // Every clause carries its document's names, so "Cybercrimes Act offences" finds the
            // offence sections; the title column weighs little, so a name alone ranks nothing.
            let ftsTitle = titleText
            let textHash = FileFingerprint.hash(clause.heading + "\u{1F}" + clause.text)
            hashes[clause.ref + "|" + lang] = textHash
            try insert.execute(arguments: [
                clause.docID, lang, clause.path, clause.ref, clause.kind.rawValue, clause.label, ftsTitle,
                ftsHeading, clause.text, terms, clause.heading, clause.parentPath,
                clause.breadcrumb.joined(separator: " › "), clause.obligation.rawValue, Self.json(clause.crossRefs),
                Self.json(clause.topics), clause.line, ordinal, textHash,
            ])
            if indexFTS {
                try db.execute(sql: """
                    INSERT INTO clauses_fts(rowid, title, heading, text, terms) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [db.lastInsertedRowID, ftsTitle, ftsHeading, clause.text, terms])
            }
        }
    }

    /// Now as `2026-11-29T02:10:00Z`, the form ISO8601DateFormatter gives, without loading the
    /// time-zone database that formatter reads first.
    static func utcTimestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The strings of a JSON array written by `json(_:)`; JSONSerialization, because the first
    /// JSONDecoder of a process costs milliseconds of runtime type lookups.
    static func strings(fromJSON text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
    }

    static func json(_ values: [String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: values, options: [.withoutEscapingSlashes]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
