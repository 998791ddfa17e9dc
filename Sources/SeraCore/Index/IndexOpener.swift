import Foundation
import GRDB

/// Opens the index of a corpus, building it on first use and rebuilding it when the corpus has
/// changed, or when the file is damaged or of another format: the user always gets answers from
/// the corpus as it is on disk, with one line saying what happened.
public struct IndexOpener {
    public var paths: SeraPaths
    public var loader: CorpusLoader
    public var notify: (String) -> Void

    public init(paths: SeraPaths, loader: CorpusLoader = CorpusLoader(), notify: @escaping (String) -> Void = { _ in }) {
        self.paths = paths
        self.loader = loader
        self.notify = notify
    }

    /// The glossary file of a corpus.
    public static func glossaryURL(for corpus: URL) -> URL {
        corpus.appendingPathComponent("glossary.yaml")
    }

    /// The term expander of a corpus: its glossary, or none when the file is missing or broken
    /// (a broken glossary is reported, and search still works without it).
    public static func expander(for corpus: URL, notify: (String) -> Void = { _ in }) -> TermExpander {
        let url = glossaryURL(for: corpus)
        guard FileManager.default.fileExists(atPath: url.path) else { return TermExpander() }
        do {
            return TermExpander(glossary: try Glossary.load(url))
        } catch {
            notify(ErrorReport.describe(error).message + " (searching without the glossary)")
            return TermExpander()
        }
    }

    /// A hash of the glossary: a changed glossary changes every clause's expansion.
    static func glossaryHash(for corpus: URL) -> String {
        let url = glossaryURL(for: corpus)
        return FileManager.default.fileExists(atPath: url.path) ? FileFingerprint.hash(of: url) : "none"
    }

    public func builder() -> IndexBuilder {
        IndexBuilder(corpusDirectory: paths.corpus, indexURL: paths.index, loader: loader,
                     expander: Self.expander(for: paths.corpus, notify: notify))
    }

    /// Opens the index.
    /// - Parameter rebuildIfStale: check the corpus fingerprint and rebuild when it changed.
    public func open(rebuildIfStale: Bool = true) throws -> SeraIndex {
        let corpusExists = FileManager.default.fileExists(atPath: paths.corpus.path)
        if FileManager.default.fileExists(atPath: paths.index.path) {
            let existing: SeraIndex
            do {
                existing = try SeraIndex(url: paths.index, expander: Self.expander(for: paths.corpus))
            } catch let error as IndexError {
                guard corpusExists else { throw error }
                notify("\(ErrorReport.describe(error).message.components(separatedBy: ";").first ?? "index unusable"); rebuilding it from \(paths.corpus.path)")
                return try rebuild(force: true)
            }
            guard rebuildIfStale, corpusExists else {
                if !corpusExists { notify("corpus directory not found: \(paths.corpus.path); serving the existing index") }
                return existing
            }
            let changed = try changedFiles(of: existing)
            guard !changed.isEmpty else { return existing }
            do {
                let index = try rebuild(force: changed.contains("glossary.yaml"))
                notify("corpus changed (\(changed.count) file\(changed.count == 1 ? "" : "s")); index updated")
                return index
            } catch let error as IndexError {
                notify("corpus changed but \(ErrorReport.describe(error).message.replacingOccurrences(of: "; the previous index, if any, is unchanged", with: "")); serving the previous index")
                return existing
            }
        }
        guard corpusExists else { throw CorpusError.missingDirectory(paths.corpus.path) }
        return try rebuild(force: true)
    }

    private func rebuild(force: Bool) throws -> SeraIndex {
        let report = try builder().build(force: force)
        for problem in report.failed { notify(problem.description) }
        return try SeraIndex(url: paths.index, expander: Self.expander(for: paths.corpus))
    }

    /// Corpus files whose size, time or content differ from what the index was built from.
    /// Size and time are compared first; content hashes only when they differ (a `touch` alone
    /// does not trigger a rebuild).
    func changedFiles(of index: SeraIndex) throws -> [String] {
        let files = try Corpus.documentFiles(in: paths.corpus, importers: loader.importers)
        let stats = FileFingerprint.scan(paths.corpus, files: files, loader: loader)
        let (recorded, glossary) = try index.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT path, size, mtime, hash FROM files")
            let glossary = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'glossary'")
            return (Dictionary(rows.map { ($0["path"] as String, ($0["size"] as Int, $0["mtime"] as Double, $0["hash"] as String)) },
                               uniquingKeysWith: { first, _ in first }), glossary)
        }
        var changed: [String] = []
        if glossary != Self.glossaryHash(for: paths.corpus) { changed.append("glossary.yaml") }
        for file in files {
            guard let old = recorded[file], let new = stats[file] else {
                changed.append(file)
                continue
            }
            if old.0 == new.size, abs(old.1 - new.mtime) < 0.000_5 { continue }
            if FileFingerprint.hash(of: loader.sourceFiles(of: file, in: paths.corpus)) != old.2 { changed.append(file) }
        }
        changed += recorded.keys.filter { stats[$0] == nil }
        return changed
    }
}
