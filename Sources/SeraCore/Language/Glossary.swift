import Foundation
import Yams

/// Kiswahili ⇄ English equivalences from `corpus/glossary.yaml`: each entry is a class of terms
/// that mean the same, inflected forms and spelling variants included.
public struct Glossary: Sendable {
    /// The classes, each a list of normalised terms ("serikali mtandao", "e government").
    public private(set) var entries: [[String]] = []
    /// Which entry a normalised term belongs to.
    private var entryOfTerm: [String: Int] = [:]
    /// The longest term, in words, so matching knows how far to look.
    private(set) var longestTerm = 1
    /// The longest term starting with each first word: most words start no term, and matching
    /// skips them without building a phrase.
    private var longestTermByFirstWord: [String: Int] = [:]

    public init() {}

    public init(entries: [[String]]) {
        for entry in entries { add(entry) }
    }

    /// Loads a glossary file; the errors name the file and line.
    public static func load(_ url: URL) throws -> Glossary {
        let name = url.lastPathComponent
        let text = try CorpusFile.readUTF8(url, name: name)
        // Every query-side process and every reload reads the glossary; the plain list form it is
        // written in parses in a fraction of a millisecond by hand, where YAML takes ~20 ms.
        // Anything else in the file takes the YAML path, with its errors and limits.
        if let entries = plainEntries(text) { return Glossary(entries: entries) }
        let node: Any?
        do {
            node = try BoundedYAML.load(text, file: name, firstLine: 1)
        } catch let error as YamlError {
            if case let .scanner(_, problem, mark, _) = error {
                throw CorpusError.invalidFile(CorpusProblem(file: name, line: mark.line, message: "YAML error: \(problem)"))
            }
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "YAML error: \(error)"))
        }
        guard let list = node as? [Any] else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, line: 1, message: "the glossary must be a list of entries"))
        }
        var glossary = Glossary()
        for (index, item) in list.enumerated() {
            guard let fields = item as? [String: Any] else {
                throw CorpusError.invalidFile(CorpusProblem(file: name, message: "entry \(index + 1) is not a mapping of sw/en lists"))
            }
            var terms: [String] = []
            for (key, value) in fields {
                guard key == "sw" || key == "en" else {
                    throw CorpusError.invalidFile(CorpusProblem(file: name, message: "entry \(index + 1): unknown key '\(key)' (use sw and en)"))
                }
                guard let values = value as? [Any] else {
                    throw CorpusError.invalidFile(CorpusProblem(file: name, message: "entry \(index + 1): '\(key)' must be a list"))
                }
                terms += values.map { "\($0)" }
            }
            glossary.add(terms)
        }
        return glossary
    }

    /// Entries of a glossary written as `- sw: [a, b]` / `  en: [c, d]` lines (comments and blank
    /// lines allowed), in file order; nil when any line is not of that form.
    ///
    /// Read as bytes: the structure is ASCII, and walking 30 KB by Character took 10 ms.
    static func plainEntries(_ text: String) -> [[String]]? {
        var entries: [[String]] = []
        let bytes = Array(text.utf8)
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var body = trimmingBlanks(bytes[lineStart..<lineEnd])
            lineStart = lineEnd + 1
            if body.isEmpty || body.first == UInt8(ascii: "#") { continue }
            let startsEntry = body.starts(with: "- ".utf8)
            if startsEntry { body = trimmingBlanks(body.dropFirst(2)) }
            guard body.starts(with: "sw:".utf8) || body.starts(with: "en:".utf8) else { return nil }
            body = trimmingBlanks(body.dropFirst(3))
            guard body.first == UInt8(ascii: "["), let close = body.lastIndex(of: UInt8(ascii: "]")) else { return nil }
            let after = trimmingBlanks(body[(close + 1)...])
            guard after.isEmpty || after.first == UInt8(ascii: "#") else { return nil }
            guard let terms = plainTerms(body[(body.startIndex + 1)..<close]) else { return nil }
            if startsEntry {
                entries.append(terms)
            } else {
                guard !entries.isEmpty else { return nil }
                entries[entries.count - 1] += terms
            }
        }
        return entries
    }

    /// `a, "b, c", 'd'` → ["a", "b, c", "d"]; nil for anything YAML would read differently.
    private static func plainTerms(_ list: ArraySlice<UInt8>) -> [String]? {
        var terms: [String] = []
        var rest = trimmingBlanks(list)
        while !rest.isEmpty {
            let term: ArraySlice<UInt8>
            if let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let inside = rest.dropFirst()
                guard let end = inside.firstIndex(of: quote) else { return nil }
                term = inside[..<end]
                // Escapes and doubled quotes mean something in YAML.
                if term.contains(UInt8(ascii: "\\")) { return nil }
                rest = trimmingBlanks(inside[(end + 1)...])
                if rest.first == quote { return nil }
            } else {
                let end = rest.firstIndex(of: UInt8(ascii: ",")) ?? rest.endIndex
                term = trimmingBlanks(rest[..<end])
                guard !term.contains(where: Self.isYAMLIndicator) else { return nil }
                rest = rest[end...]
            }
            guard !term.isEmpty else { return nil }
            terms.append(String(decoding: term, as: UTF8.self))
            guard rest.isEmpty || rest.first == UInt8(ascii: ",") else { return nil }
            rest = trimmingBlanks(rest.dropFirst())
        }
        return terms
    }

    /// Characters that give an unquoted YAML scalar another meaning: ``[]{}#&*!|>%@`"\``.
    private static func isYAMLIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"),
             UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"),
             UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "\\"):
            true
        default:
            false
        }
    }

    /// Without YAML's blanks (space and tab) and a CR at either end.
    private static func trimmingBlanks(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !blank($0) }) else { return bytes[bytes.endIndex...] }
        let last = bytes.lastIndex(where: { !blank($0) })!
        return bytes[first...last]
    }

    private mutating func add(_ terms: [String]) {
        let normalised = terms.map(Self.normalise).filter { !$0.isEmpty }
        guard !normalised.isEmpty else { return }
        let index = entries.count
        entries.append(normalised)
        for term in normalised where entryOfTerm[term] == nil {
            entryOfTerm[term] = index
            let words = term.split(separator: " ")
            longestTerm = max(longestTerm, words.count)
            let first = String(words[0])
            longestTermByFirstWord[first] = max(longestTermByFirstWord[first] ?? 0, words.count)
        }
    }

    /// The entry a normalised term belongs to.
    public func entry(for term: String) -> [String]? {
        entryOfTerm[Self.normalise(term)].map { entries[$0] }
    }

    /// The glossary entries found in a list of words (longest match first), with where they start.
    func matches(in words: [String]) -> [(start: Int, length: Int, entry: Int)] {
        var found: [(Int, Int, Int)] = []
        var start = 0
        while start < words.count {
            var matched = false
            let longest = longestTermByFirstWord[words[start]] ?? 0
            for length in stride(from: min(longest, words.count - start), through: 1, by: -1) {
                let phrase = words[start..<(start + length)].joined(separator: " ")
                if let entry = entryOfTerm[phrase] {
                    found.append((start, length, entry))
                    start += length
                    matched = true
                    break
                }
            }
            if !matched { start += 1 }
        }
        return found
    }

    /// Lower case, diacritics folded, words of letters and digits separated by single spaces.
    public static func normalise(_ text: String) -> String {
        asciiNormalised(text) ?? words(text).joined(separator: " ")
    }

    /// `normalise` of an ASCII text in one pass over its bytes (every glossary term goes through
    /// it on every load); nil for any other text.
    static func asciiNormalised(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(lower)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The words of a text as the index sees them.
    public static func words(_ text: String) -> [String] {
        // One ASCII test for both steps: folding ASCII is lower-casing, and its words are bytes.
        text.utf8.allSatisfy({ $0 < 0x80 })
            ? QueryParser.asciiWords(text.lowercased())
            : QueryParser.scalarWords(text.foldedForComparison)
    }
}

/// Adds, for the index's hidden `terms` column, the words that let a query in one language find
/// a clause written in the other: glossary equivalents and light Kiswahili stems.
public struct TermExpander: Sendable {
    public var glossary: Glossary

    public init(glossary: Glossary = Glossary()) {
        self.glossary = glossary
    }

    /// Canonical refs in a text ("see ega-shared-systems:govnet"): names, not prose, so their
    /// words ("shared systems") must not bring in glossary equivalents.
    nonisolated(unsafe) static let refPattern = /[a-z0-9][a-z0-9.\-]*:[A-Za-z0-9().\/\-]*[A-Za-z0-9)]/

    /// The expansion of a clause's heading and text.
    public func expansion(for text: String, language: Language) -> String {
        // Every ref has a colon: most clauses skip the regex.
        let words = Glossary.words(text.contains(":") ? text.replacing(Self.refPattern, with: " ") : text)
        guard !words.isEmpty else { return "" }
        var seen = Set<String>()
        var added: [String] = []
        for match in glossary.matches(in: words) where seen.insert("e\(match.entry)").inserted {
            let own = words[match.start..<(match.start + match.length)].joined(separator: " ")
            for term in glossary.entries[match.entry] where term != own {
                added.append(term)
            }
        }
        // Stems of the equivalents too: an English clause on "processors" then meets the query
        // "uchakataji" at the stem it shares with the equivalent "mchakataji".
        for word in words + added.flatMap({ $0.split(separator: " ").map(String.init) }) {
            let stem = SwahiliStemmer.stem(word)
            if stem != word, stem.count >= 3, seen.insert("s" + stem).inserted { added.append(stem) }
        }
        return added.joined(separator: " ")
    }

    /// Query-side: the stem of a Kiswahili word, when it differs (so `mifumo` also finds `mfumo`).
    /// Needs no glossary, so a search never waits for one to load.
    public static func queryStem(_ word: String) -> String? {
        let stem = SwahiliStemmer.stem(Glossary.normalise(word))
        return stem != Glossary.normalise(word) && stem.count >= 3 ? stem : nil
    }
}
