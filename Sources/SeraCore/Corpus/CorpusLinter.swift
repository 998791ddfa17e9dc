import Foundation

/// Checks a corpus without building an index: what a maintainer runs before `reload`.
public struct CorpusLinter {
    public var loader: CorpusLoader

    public init(loader: CorpusLoader = CorpusLoader()) {
        self.loader = loader
    }

    /// Every problem found, as `file:line: message`, sorted by file and line.
    public func lint(directory: URL) throws -> [CorpusProblem] {
        let files = try Corpus.documentFiles(in: directory, importers: loader.importers)
        var problems: [CorpusProblem] = []
        var documents: [Document] = []
        for file in files {
            let url = directory.appendingPathComponent(file)
            if let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) {
                for line in CorpusFile.controlCharacterLines(text) {
                    problems.append(CorpusProblem(file: file, line: line, message: "control character (terminal escape or bidirectional override)"))
                }
                if url.pathExtension == "md", let (yaml, _, _) = try? FrontMatter.split(text, file: file) {
                    for (field, line) in FrontMatter.unknownFields(yaml) {
                        problems.append(CorpusProblem(file: file, line: line + 1, message: "unknown front matter field '\(field)'"))
                    }
                    if !yaml.contains("title_sw:") {
                        problems.append(CorpusProblem(file: file, line: 2, message: "missing 'title_sw' (every document has a Kiswahili title)"))
                    }
                }
            }
            let (document, fileProblems) = loader.load(file: file, in: directory)
            problems += fileProblems
            if let document { documents.append(document) }
        }
        var notes: [String] = []
        let settled = CorpusLoader.settleDuplicates(documents, problems: &problems, notes: &notes)
        let resolver = CrossReferenceResolver(documents: settled)
        let knownTopics = try Self.topicNames(in: directory, problems: &problems)
        for document in settled {
            // A selection of sections skips numbers on purpose, and "section 18" in a guideline
            // means a section of some Act, not of the guideline.
            let complete = document.metadata.complete
            let numbered = [.act, .regulations].contains(document.metadata.type)
            if complete { problems += numberingProblems(document) }
            for clause in document.clauses {
                for raw in clause.crossRefs where complete && numbered && raw.hasPrefix("#") && resolver.resolve(raw, in: clause) == nil {
                    problems.append(CorpusProblem(
                        file: document.file, line: clause.line,
                        message: "cross-reference to section \(raw.dropFirst()) does not resolve in \(document.metadata.id)"))
                }
                if let knownTopics {
                    for topic in clause.topics where !knownTopics.contains(topic) {
                        problems.append(CorpusProblem(file: document.file, line: clause.line, message: "unknown topic '\(topic)' (topics.yaml lists them)"))
                    }
                }
            }
        }
        let glossary = IndexOpener.glossaryURL(for: directory)
        if FileManager.default.fileExists(atPath: glossary.path) {
            do {
                let loaded = try Glossary.load(glossary)
                problems += Self.glossaryRepeats(loaded, file: glossary.lastPathComponent)
            } catch CorpusError.invalidFile(let problem) {
                problems.append(problem)
            }
        }
        // Problems found twice (by the loader and here) are reported once.
        var seen = Set<String>()
        return problems.filter { seen.insert($0.description).inserted }
            .sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }

    /// Numbers that repeat or skip within one level: sections 1, 2, 4 or (a), (c).
    func numberingProblems(_ document: Document) -> [CorpusProblem] {
        var problems: [CorpusProblem] = []
        var siblings: [String: [Clause]] = [:]
        for clause in document.clauses where clause.kind != .document {
            siblings[(clause.parentPath ?? "") + "|" + clause.kind.rawValue, default: []].append(clause)
        }
        for (_, group) in siblings {
            var previous: (value: Int, clause: Clause)?
            for clause in group {
                guard let value = Self.ordinal(of: clause) else { continue }
                if let previous, value != previous.value + 1, value > previous.value {
                    problems.append(CorpusProblem(
                        file: document.file, line: clause.line,
                        message: "numbering skips from \(previous.clause.label) to \(clause.label) (say in the text why, or add the missing clause)"))
                }
                if let previous, value <= previous.value {
                    problems.append(CorpusProblem(
                        file: document.file, line: clause.line,
                        message: "\(clause.label) comes after \(previous.clause.label): numbers must rise"))
                }
                previous = (value, clause)
            }
        }
        return problems
    }

    /// Where a clause stands among its siblings: 24 → 24, (c) → 3, (iv) → 4; nil for names and
    /// section numbers with letters (12A), which legitimately sit between others.
    static func ordinal(of clause: Clause) -> Int? {
        let label = clause.label.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
        switch clause.kind {
        case .section, .subsection:
            return Int(label.split(separator: "/").last.map(String.init) ?? label)
        case .paragraph:
            guard label.count == 1, let scalar = label.unicodeScalars.first, ("a"..."z").contains(scalar) else { return nil }
            return Int(scalar.value) - 96
        case .subparagraph:
            return Numbering.romanValue(label)
        case .part:
            // The path carries the Roman numeral whatever the language of the label.
            return clause.path.hasPrefix("part-") ? Numbering.romanValue(String(clause.path.dropFirst(5))) : nil
        default:
            return nil
        }
    }

    /// Topic names from `topics.yaml`, or nil when the corpus has none. The file's own problems
    /// (areas that do not exist, flags naming unknown topics, questions about unknown flags) are
    /// added to `problems`.
    static func topicNames(in directory: URL, problems: inout [CorpusProblem]) throws -> Set<String>? {
        let url = directory.appendingPathComponent(TopicCatalog.fileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let (catalog, found) = TopicCatalog.parse(text)
        problems += found
        return Set(catalog.topics.map(\.id))
    }

    /// A term in two glossary entries would make expansion depend on file order.
    static func glossaryRepeats(_ glossary: Glossary, file: String) -> [CorpusProblem] {
        var owner: [String: Int] = [:]
        var problems: [CorpusProblem] = []
        for (index, entry) in glossary.entries.enumerated() {
            for term in Set(entry) {
                if let first = owner[term], first != index {
                    problems.append(CorpusProblem(file: file, message: "term '\(term)' is in entries \(first + 1) and \(index + 1)"))
                } else {
                    owner[term] = index
                }
            }
        }
        return problems
    }
}
