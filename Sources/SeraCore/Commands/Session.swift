import Foundation

/// Where command output goes. The executable writes to the process's streams; tests and the
/// shell's pager collect it.
public protocol OutputSink: AnyObject {
    /// Normal output (stdout).
    func write(_ text: String)
    /// A message for the user (stderr), one line without the trailing newline.
    func note(_ text: String)
}

/// Collects output in memory (tests, the pager).
public final class BufferedOutput: OutputSink {
    public private(set) var text = ""
    public private(set) var notes: [String] = []
    public init() {}
    public func write(_ text: String) { self.text += text }
    public func note(_ text: String) { notes.append(text) }
}

/// Where the corpus and the index live (DESIGN.md, "Where things live").
public struct SeraPaths: Equatable, Sendable {
    public var corpus: URL
    public var index: URL

    public init(corpus: URL, index: URL) {
        self.corpus = corpus
        self.index = index
    }

    /// Resolves the locations from options, the environment and the installed layout.
    /// - Parameters:
    ///   - corpus: `--corpus`, if given.
    ///   - index: `--index`, if given.
    ///   - executable: the running binary, to find `../share/sera/corpus` beside it.
    public static func resolve(
        corpus: String?, index: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? "sera"),
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> SeraPaths {
        let corpusURL: URL
        if let corpus, !corpus.isEmpty {
            corpusURL = URL(fileURLWithPath: corpus, relativeTo: currentDirectory)
        } else if let fromEnvironment = environment["SERA_CORPUS"], !fromEnvironment.isEmpty {
            corpusURL = URL(fileURLWithPath: fromEnvironment, relativeTo: currentDirectory)
        } else if FileManager.default.fileExists(atPath: currentDirectory.appendingPathComponent("corpus").path) {
            corpusURL = currentDirectory.appendingPathComponent("corpus")
        } else {
            corpusURL = installedCorpus(executable: executable)
        }
        let standardCorpus = corpusURL.standardizedFileURL
        let indexURL: URL
        if let index, !index.isEmpty {
            indexURL = URL(fileURLWithPath: index, relativeTo: currentDirectory)
        } else if let fromEnvironment = environment["SERA_INDEX"], !fromEnvironment.isEmpty {
            indexURL = URL(fileURLWithPath: fromEnvironment, relativeTo: currentDirectory)
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
            let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
                ?? home.appendingPathComponent(".cache")
            // One index per corpus directory, named after it so a maintainer can tell them apart.
            let name = "\(HeadingClassifier.slug(standardCorpus.lastPathComponent))-\(FileFingerprint.hash(standardCorpus.path).prefix(8)).sqlite"
            indexURL = cache.appendingPathComponent("sera").appendingPathComponent(name)
        }
        return SeraPaths(corpus: standardCorpus, index: indexURL.standardizedFileURL)
    }

    /// The shipped corpus: `../share/sera/corpus` beside the binary, or the package's `corpus/`
    /// when run from a build folder.
    static func installedCorpus(executable: URL) -> URL {
        let binary = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            binary.appendingPathComponent("../share/sera/corpus"),
            binary.appendingPathComponent("../../../corpus"),  // .build/<triple>/debug/sera
            binary.appendingPathComponent("../../corpus"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }
}

/// The settings a session can change with `set`.
public struct SessionSettings: Sendable {
    public var format: OutputFormat = .text
    public var limit = 10
    public var language: Language?
    public var style = TextStyle()

    public init() {}
}

/// State shared by the commands of one run: the open index, the settings, the last results.
public final class Session {
    public let paths: SeraPaths
    public var settings: SessionSettings
    public var loader: CorpusLoader
    /// Called with one-line notices (index rebuilt, index reopened) for stderr.
    public var notify: (String) -> Void
    /// Whether the session may rebuild a stale index before answering (batch and shell: yes).
    public var autoRebuild = true
    /// Whether a person is typing (the shell): enables hints such as "'next' shows more".
    public var interactive = false
    /// Set when `quit` runs.
    public private(set) var quitRequested = false

    private var openIndex: SeraIndex?
    /// The last search, for `next` and `show N`.
    public var lastSearch: (query: Query, result: SearchResult, offset: Int)?
    /// The clause last shown, for `parent` and `children`.
    public var currentClause: Clause?
    /// Asks the person at the keyboard and returns the line typed, or nil at end of input. The
    /// shell sets it; nil in batch mode, where no command asks anything (`check` with no flags
    /// then lists what applies to every system instead of asking its questions).
    public var ask: ((String) -> String?)?

    public init(paths: SeraPaths, settings: SessionSettings = SessionSettings(), loader: CorpusLoader = CorpusLoader(),
                notify: @escaping (String) -> Void = { _ in }) {
        self.paths = paths
        self.settings = settings
        self.loader = loader
        self.notify = notify
    }

    func requestQuit() { quitRequested = true }

    /// Applies `--format`, `--limit` and `--lang` values, checked as `set` checks them.
    public func apply(options: [String: String]) throws {
        try Commands.apply(options: options, to: &settings)
    }

    /// The index, opened on first use; built or rebuilt when missing, stale, damaged or old.
    public func index() throws -> SeraIndex {
        if let openIndex, !openIndex.isStale { return openIndex }
        if openIndex != nil { notify("index changed on disk (reloaded elsewhere); reopened") }
        let index = try IndexOpener(paths: paths, loader: loader, notify: notify).open(rebuildIfStale: autoRebuild)
        openIndex = index
        return index
    }

    /// The open index, if any, without opening one (for Ctrl-C).
    public var currentIndex: SeraIndex? { openIndex }

    /// Rebuilds the index from the corpus when a query found it damaged (opening reads only the
    /// first pages, so a page overwritten further in shows up mid-query).
    /// - Returns: true when the file failed SQLite's check and was rebuilt; false when it checks
    ///   out (the error was something else) or there is no corpus to rebuild from.
    func recoverDamagedIndex(reason: String) throws -> Bool {
        guard autoRebuild, FileManager.default.fileExists(atPath: paths.corpus.path), !IndexBuilder.passesQuickCheck(paths.index)
        else { return false }
        openIndex = nil
        notify("index \(paths.index.path) is damaged (\(reason)); rebuilding it from \(paths.corpus.path)")
        try IndexOpener(paths: paths, loader: loader, notify: notify).builder().build(force: true)
        return true
    }

    /// Forgets the open index, so the next command reopens the file (after a reload).
    public func closeIndex() {
        openIndex = nil
    }

    /// The glossary and stemmer used to build and search this corpus's index.
    public func expander() -> TermExpander {
        IndexOpener.expander(for: paths.corpus, notify: notify)
    }
}
