import Foundation

/// Turns one corpus file into a document. One importer per file kind, chosen by extension.
public protocol DocumentImporter: Sendable {
    /// Extensions this importer reads, without the dot.
    var extensions: [String] { get }
    /// Parses the file at `url`; `name` is its path relative to the corpus, for messages.
    /// - Returns: the document and any non-fatal problems (the document is still served).
    func importDocument(at url: URL, name: String) throws -> (Document, [CorpusProblem])
    /// Other files the document is read from (an official text's sidecar): a change to one of
    /// them changes the document.
    func companionFiles(of url: URL) -> [URL]
    /// Whether `companionFiles` can name any file.
    var readsCompanionFiles: Bool { get }
}

extension DocumentImporter {
    public func companionFiles(of url: URL) -> [URL] { [] }
    public var readsCompanionFiles: Bool { false }
}

/// Reads Markdown digests.
public struct MarkdownImporter: DocumentImporter {
    public init() {}
    public var extensions: [String] { ["md"] }

    public func importDocument(at url: URL, name: String) throws -> (Document, [CorpusProblem]) {
        let text = try CorpusFile.readUTF8(url, name: name)
        return try MarkdownDigestParser.parse(text, file: name)
    }
}

/// Reading corpus files safely: UTF-8 only, control characters reported.
public enum CorpusFile {
    /// Files larger than this are refused rather than read into memory.
    public static let maximumSize = 64 * 1024 * 1024

    /// - Parameter keepingFormFeeds: keep the page breaks of printed text (see `PageLayout`).
    public static func readUTF8(_ url: URL, name: String, keepingFormFeeds: Bool = false) throws -> String {
        let data: Data
        do {
            // stat, not resourceValues: Foundation's attribute lookup reads /etc/passwd and /etc/group.
            var status = stat()
            let size = stat(url.path, &status) == 0 ? Int(status.st_size) : 0
            guard size <= maximumSize else {
                throw CorpusError.invalidFile(CorpusProblem(file: name, message: "file is larger than \(maximumSize / 1_048_576) MB"))
            }
            data = try Data(contentsOf: url)
        } catch let error as CorpusError {
            throw error
        } catch {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "cannot read file: \(error.localizedDescription)"))
        }
        // A byte order mark is dropped, as Foundation's decoder does; the standard library's
        // validating decoder is several times faster than String(data:encoding:).
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard let text = String(validating: data.starts(with: bom) ? data.dropFirst(3) : data[...], as: UTF8.self) else {
            let line = firstInvalidUTF8Line(data)
            throw CorpusError.invalidFile(CorpusProblem(file: name, line: line, message: "not valid UTF-8 text"))
        }
        if data.isEmpty || text.trimmingSpacesAndNewlines().isEmpty {
            throw CorpusError.invalidFile(CorpusProblem(file: name, line: 1, message: "file is empty"))
        }
        return sanitize(text, keepingFormFeeds: keepingFormFeeds)
    }

    /// Control characters other than tab and newline can carry terminal escape sequences; they
    /// never reach the index (`lint` reports where they were).
    public static func sanitize(_ text: String, keepingFormFeeds: Bool = false) -> String {
        // Most files have no CR at all, and Foundation's replacing walks them as UTF-16.
        let cleaned = text.utf8.contains(0x0D) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        let forbidden = { (scalar: Unicode.Scalar) in isForbiddenControl(scalar) && !(keepingFormFeeds && scalar == "\u{0C}") }
        guard cleaned.unicodeScalars.contains(where: forbidden) else { return cleaned }
        var scalars = String.UnicodeScalarView()
        for scalar in cleaned.unicodeScalars {
            scalars.append(forbidden(scalar) ? " " : scalar)
        }
        return String(scalars)
    }

    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional overrides
        default: false
        }
    }

    /// Lines (1-based) holding control characters, for `lint`.
    public static func controlCharacterLines(_ text: String) -> [Int] {
        var lines: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.unicodeScalars.contains(where: { isForbiddenControl($0) && $0 != "\r" }) {
            lines.append(index + 1)
        }
        return lines
    }

    private static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let byte = bytes[offset]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0, offset + length <= bytes.count,
                  String(bytes: bytes[offset..<(offset + length)], encoding: .utf8) != nil
            else { return line }
            if byte == 0x0A { line += 1 }
            offset += length
        }
        return line
    }
}

/// The documents of a corpus directory, with every problem found while reading them.
public struct Corpus: Sendable {
    public var directory: URL
    public var documents: [Document]
    /// Files that failed, and problems inside files that still loaded.
    public var problems: [CorpusProblem]
    /// Notes for the reload report (a digest that stepped aside for an official text, say).
    public var notes: [String]

    /// Every document file the loader would read, relative to the directory, sorted.
    public static func documentFiles(in directory: URL, importers: [any DocumentImporter] = CorpusLoader.defaultImporters) throws -> [String] {
        let extensions = Set(importers.flatMap(\.extensions))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.missingDirectory(directory.path)
        }
        return DirectoryWalk.regularFiles(in: directory.standardizedFileURL.path)
            .filter { extensions.contains(CorpusLoader.fileExtension(of: $0)) }
            .sorted()
    }
}

/// Loads a corpus directory: every file through its importer, failures collected, cross-references resolved.
public struct CorpusLoader: Sendable {
    public static let defaultImporters: [any DocumentImporter] = [MarkdownImporter()]

    public var importers: [any DocumentImporter]

    public init(importers: [any DocumentImporter] = CorpusLoader.defaultImporters) {
        self.importers = importers
    }

    /// The file `name` and the files it is read with (an official text's sidecar).
    /// `sourceFiles` as paths, without a URL for a file read alone: the corpus staleness check
    /// before every query stats every file, and at 3,424 files making their URLs cost more than
    /// the `stat` calls (half of a one-query process on the 100 MB corpus).
    public func sourcePaths(of name: String, inDirectoryPath directory: String) -> [String] {
        let fileExtension = Self.fileExtension(of: name)
        guard importers.first(where: { $0.extensions.contains(fileExtension) })?.readsCompanionFiles == true else {
            return [directory + "/" + name]
        }
        return sourceFiles(of: name, in: URL(fileURLWithPath: directory)).map(\.path)
    }

    /// The lower-cased extension of a path's last component (`pathExtension`, without bridging
    /// to NSString for each of thousands of files): `a/b.Tar.GZ` → `gz`, `notes` → "".
    static func fileExtension(of path: String) -> String {
        let last = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "" }
        return last[last.index(after: dot)...].lowercased()
    }

    public func sourceFiles(of name: String, in directory: URL) -> [URL] {
        let url = directory.appendingPathComponent(name)
        let importer = importers.first { $0.extensions.contains(url.pathExtension.lowercased()) }
        return [url] + (importer?.companionFiles(of: url) ?? [])
    }

    /// Parses one file; nil plus problems when it fails.
    public func load(file name: String, in directory: URL) -> (Document?, [CorpusProblem]) {
        let url = directory.appendingPathComponent(name)
        guard let importer = importers.first(where: { $0.extensions.contains(url.pathExtension.lowercased()) }) else {
            return (nil, [CorpusProblem(file: name, message: "no importer reads .\(url.pathExtension) files")])
        }
        do {
            let (document, problems) = try importer.importDocument(at: url, name: name)
            return (document, problems)
        } catch CorpusError.invalidFile(let problem) {
            return (nil, [problem])
        } catch CorpusError.someFilesFailed(let problems) {
            return (nil, problems)
        } catch {
            return (nil, [CorpusProblem(file: name, message: "\(error)")])
        }
    }

    /// Loads every document in `directory`. Parsing is cheap next to indexing, so every file is
    /// parsed each time; an incremental reload saves its time in the index, not here.
    public func load(directory: URL) throws -> Corpus {
        let files = try Corpus.documentFiles(in: directory, importers: importers)
        var documents: [Document] = []
        var problems: [CorpusProblem] = []
        // Files parse independently: on every core, then collected in file order as before.
        for (document, fileProblems) in files.concurrentMap({ load(file: $0, in: directory) }) {
            problems += fileProblems
            if let document { documents.append(document) }
        }
        var corpus = Corpus(directory: directory, documents: [], problems: problems, notes: [])
        corpus.documents = Self.settleDuplicates(documents, problems: &corpus.problems, notes: &corpus.notes)
        corpus.documents = Self.resolveCrossReferences(corpus.documents)
        return corpus
    }

    /// One document per (id, language): an official text beats a digest of the same id; any other
    /// repeat is an error and the first file keeps the id.
    static func settleDuplicates(_ documents: [Document], problems: inout [CorpusProblem], notes: inout [String]) -> [Document] {
        var chosen: [String: Int] = [:]
        var result: [Document] = []
        for document in documents {
            let key = "\(document.metadata.id)|\(document.clauses.first?.language.rawValue ?? "en")"
            guard let existing = chosen[key] else {
                chosen[key] = result.count
                result.append(document)
                continue
            }
            let kept = result[existing]
            if kept.metadata.fidelity == .digest, document.metadata.fidelity == .official {
                notes.append("\(kept.file): digest '\(document.metadata.id)' steps aside for the official text \(document.file)")
                result[existing] = document
            } else if kept.metadata.fidelity == .official, document.metadata.fidelity == .digest {
                notes.append("\(document.file): digest '\(document.metadata.id)' steps aside for the official text \(kept.file)")
            } else {
                problems.append(CorpusProblem(
                    file: document.file, line: 2,
                    message: "duplicate id '\(document.metadata.id)' (already used by \(kept.file))"))
            }
        }
        return result
    }

    /// Resolves the references of `documents` against `corpus` (by default, themselves).
    static func resolveCrossReferences(_ documents: [Document], against corpus: [Document]? = nil) -> [Document] {
        let resolver = CrossReferenceResolver(documents: corpus ?? documents)
        return documents.map { document in
            var document = document
            document.clauses = document.clauses.map { clause in
                var clause = clause
                var resolved: [String] = []
                for raw in clause.crossRefs {
                    if let ref = resolver.resolve(raw, in: clause), !resolved.contains(ref), ref != clause.ref {
                        resolved.append(ref)
                    }
                }
                clause.crossRefs = resolved
                return clause
            }
            return document
        }
    }
}
