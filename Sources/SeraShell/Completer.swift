import Foundation
import SeraCore

/// What Tab does with the word before the cursor.
struct Completion: Equatable, Sendable {
    /// A name that completes the word, and a note to show beside it in a list (a heading).
    struct Choice: Equatable, Sendable {
        var label: String
        var note: String?

        init(_ label: String, note: String? = nil) {
            self.label = label
            self.note = note
        }
    }

    /// The word being completed, as typed (quotes included).
    var fragment: String
    /// The text to put in place of `fragment`; nil when Tab has nothing to add.
    var replacement: String?
    /// The names to list when the word is ambiguous and nothing more can be added.
    var choices: [Choice]

    init(fragment: String, replacement: String? = nil, choices: [Choice] = []) {
        self.fragment = fragment
        self.replacement = replacement
        self.choices = choices
    }
}

/// Tab completion for the shell, from the command table and an index's vocabulary: command names
/// and aliases first on a line; documents after `show`, `toc`, `cites` and `doc:`; clause paths
/// after `DOC:`; filter keys and values (`type:` → act, regulations, …); `set` and `help` words.
struct Completer: Sendable {
    var vocabulary: CompletionVocabulary

    /// A name Tab may put in place of the fragment.
    struct Candidate {
        /// Replaces the whole fragment (`type:act`, `ega-act-2019:24`, `"eGov Act"`).
        var text: String
        /// Shown in a list (`act`, `24`).
        var label: String
        var note: String?
        /// Added after a unique completion: a space when the word is finished, `:` after a
        /// document id that a clause path may follow, nothing when more may follow.
        var terminator: String
    }

    /// Completes the word that ends at the cursor.
    /// - Parameter line: the line up to the cursor.
    func complete(_ line: String) -> Completion {
        let (before, fragment) = Self.splitFragment(line)
        let words = LineSplitter.split(before)
        let candidates = self.candidates(after: words, fragment: fragment)
        let key = Self.matchKey(fragment)
        let matching = candidates.filter { Self.matchKey($0.text).hasPrefix(key) }
        return Self.resolve(fragment: fragment, matching: matching) { self.candidates(after: words, fragment: $0) }
    }

    /// A unique match is completed; several share what they have in common; when nothing more
    /// can be added, they are listed. A clause typed in full lists its subclauses.
    private static func resolve(fragment: String, matching: [Candidate], expand: (String) -> [Candidate]) -> Completion {
        guard !matching.isEmpty else { return Completion(fragment: fragment) }
        if matching.count == 1, let only = matching.first {
            if matchKey(only.text) == matchKey(fragment), only.terminator.isEmpty, fragment.contains(":") {
                let opened = matchKey(only.text + "(")
                let deeper = expand(only.text + "(").filter { matchKey($0.text).hasPrefix(opened) }
                if !deeper.isEmpty {
                    return Completion(fragment: fragment, choices: deeper.map { Completion.Choice($0.label, note: $0.note) })
                }
            }
            let completed = only.text + only.terminator
            return Completion(fragment: fragment, replacement: completed == fragment ? nil : completed)
        }
        let common = commonPrefix(matching.map(\.text))
        if common.count > fragment.count, matchKey(common).hasPrefix(matchKey(fragment)) {
            return Completion(fragment: fragment, replacement: common)
        }
        return Completion(fragment: fragment, choices: matching.map { Completion.Choice($0.label, note: $0.note) })
    }

    // MARK: Where the cursor is

    /// Splits the line into the words before the current one and the current word. An open
    /// quote starts the current word, so `show "eGov A` completes `"eGov A`.
    static func splitFragment(_ line: String) -> (before: String, fragment: String) {
        var start = line.startIndex
        var inQuote = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "\"" {
                if !inQuote { start = index }
                inQuote.toggle()
            } else if character.isWhitespace, !inQuote {
                start = line.index(after: index)
            }
            index = line.index(after: index)
        }
        return (String(line[..<start]), String(line[start...]))
    }

    /// Names compare without case and without quotes.
    static func matchKey(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "").lowercased()
    }

    static func commonPrefix(_ texts: [String]) -> String {
        guard var prefix = texts.first.map(Array.init) else { return "" }
        for text in texts.dropFirst() {
            let characters = Array(text)
            var length = 0
            while length < min(prefix.count, characters.count), prefix[length] == characters[length] { length += 1 }
            prefix = Array(prefix.prefix(length))
        }
        return String(prefix)
    }

    // MARK: What can come next

    /// Settings `set` changes, and the values each takes.
    static let settings: [(name: String, values: [String])] = [
        ("format", OutputFormat.allCases.map(\.rawValue)), ("limit", []), ("lang", ["en", "sw", "any"]), ("color", ["on", "off"]),
    ]
    /// Options every command takes, and the values of those that take one.
    static let options: [(name: String, values: [String])] = [
        ("--format", OutputFormat.allCases.map(\.rawValue)), ("--limit", []), ("--lang", ["en", "sw", "any"]), ("--no-color", []),
    ]

    private func candidates(after words: [String], fragment: String) -> [Candidate] {
        if let option = words.last.flatMap({ last in Self.options.first { $0.name == last } }) {
            return Self.words(option.values)
        }
        let arguments = words.filter { !$0.hasPrefix("--") }
        let command = arguments.first.flatMap { CommandTable.find(LineSplitter.unquote($0)) }
        if fragment.hasPrefix("--") {
            let switches = (command?.flags ?? []).sorted().map { "--" + $0 }
            return Self.words(Self.options.map(\.name) + switches)
        }
        guard !arguments.isEmpty else {
            if fragment.contains(":") { return searchCandidates(fragment) }
            return Self.words(CommandTable.allNames) + filterKeyCandidates()
        }
        guard let command else { return searchCandidates(fragment) }
        switch command.name {
        case "search", "explain": return searchCandidates(fragment)
        case "show", "cites": return referenceCandidates(fragment)
        case "toc": return documentCandidates(idTerminator: " ")
        case "help": return arguments.count == 1 ? Self.words(CommandTable.allNames) : []
        case "set":
            if arguments.count == 1 { return Self.words(Self.settings.map(\.name)) }
            guard arguments.count == 2 else { return [] }
            let setting = arguments[1].lowercased() == "colour" ? "color" : arguments[1].lowercased()
            return Self.words(Self.settings.first { $0.name == setting }?.values ?? [])
        default: return []
        }
    }

    private static func words(_ words: [String]) -> [Candidate] {
        words.map { Candidate(text: $0, label: $0, terminator: " ") }
    }

    /// In a query: filter keys, and after `key:` its values (the last of a comma list); after
    /// `DOC:` the document's clause paths, since a query may be a clause reference.
    private func searchCandidates(_ fragment: String) -> [Candidate] {
        guard let colon = fragment.firstIndex(of: ":") else { return filterKeyCandidates() }
        let key = fragment[..<colon].lowercased()
        let value = fragment[fragment.index(after: colon)...]
        guard CompletionVocabulary.filterKeys.contains(key) else { return pathCandidates(fragment) }
        let head = String(fragment[...colon]) + (value.lastIndex(of: ",").map { String(value[...$0]) } ?? "")
        return filterValues(key).map { Candidate(text: head + $0, label: $0, terminator: " ") }
    }

    private func filterKeyCandidates() -> [Candidate] {
        CompletionVocabulary.filterKeys.map { Candidate(text: $0 + ":", label: $0 + ":", terminator: "") }
    }

    private func filterValues(_ key: String) -> [String] {
        switch key {
        case "type", "aina": DocumentType.allCases.map(\.rawValue)
        case "doc", "hati": vocabulary.documents.map(\.id)
        case "lang", "lugha": ["en", "sw"]
        case "status": DocumentStatus.allCases.map(\.rawValue)
        case "obligation": Obligation.allCases.map(\.rawValue)
        case "topic": vocabulary.topics
        default: []
        }
    }

    /// After `show` and `cites`: a document (its id followed by `:` for a clause path), or a
    /// clause path once the document is named.
    private func referenceCandidates(_ fragment: String) -> [Candidate] {
        fragment.contains(":") ? pathCandidates(fragment) : documentCandidates(idTerminator: ":")
    }

    /// Document ids and aliases; an alias of several words is offered quoted.
    private func documentCandidates(idTerminator: String) -> [Candidate] {
        vocabulary.documents.flatMap { document in
            [Candidate(text: document.id, label: document.id, terminator: idTerminator)]
                + document.aliases.map { alias in
                    let text = alias.contains(" ") ? "\"\(alias)\"" : alias
                    return Candidate(text: text, label: text, note: document.id, terminator: " ")
                }
        }
    }

    /// `ega-act-2019:2` → `2 20 21 … 26`: the paths that begin with what is typed, cut before
    /// the next `(`, so each level of numbering is offered in turn.
    private func pathCandidates(_ fragment: String) -> [Candidate] {
        guard let colon = fragment.firstIndex(of: ":") else { return [] }
        let name = fragment[..<colon].lowercased()
        guard let document = vocabulary.documents.first(where: { $0.id == name }),
              let paths = vocabulary.paths[document.id] else { return [] }
        let typed = fragment[fragment.index(after: colon)...].lowercased()
        let head = document.id + ":"
        var seen = Set<String>()
        var candidates: [Candidate] = []
        for entry in paths where entry.path.lowercased().hasPrefix(typed) && entry.path.count >= typed.count {
            let path = entry.path
            let searchFrom = path.index(path.startIndex, offsetBy: typed.count)
            let level = path[searchFrom...].firstIndex(of: "(").map { String(path[..<$0]) } ?? path
            guard seen.insert(level).inserted else { continue }
            let hasSubclauses = paths.contains { $0.path.hasPrefix(level + "(") }
            let isTopLevel = !level.contains("(")
            candidates.append(Candidate(text: head + level, label: level, note: isTopLevel ? heading(of: level, in: paths) : nil,
                                        terminator: hasSubclauses ? "" : " "))
        }
        return candidates
    }

    private func heading(of path: String, in paths: [CompletionVocabulary.Path]) -> String? {
        guard let heading = paths.first(where: { $0.path == path })?.heading, !heading.isEmpty else { return nil }
        return heading
    }
}
