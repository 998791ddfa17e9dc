import Foundation

/// Parses the query language of DESIGN.md. Nothing the user types reaches SQLite as syntax:
/// the parser produces a `Query` value and `MatchExpression` quotes every token.
public enum QueryParser {
    /// Longer input is refused with a clear message rather than searched.
    public static let maximumLength = 4_096
    /// More terms than this make no useful query and only slow the index down.
    public static let maximumTerms = 64

    static let filterKeys: Set<String> = ["type", "doc", "lang", "status", "topic", "obligation", "aina", "lugha", "hati"]

    /// Parses a line of user input.
    /// - Throws: `QueryError` with what is wrong, for exit code 2.
    public static func parse(_ input: String) throws -> Query {
        let text = input.trimmingSpacesAndNewlines()
        guard text.count <= maximumLength else { throw QueryError.tooLong(text.count) }
        guard !text.isEmpty else { throw QueryError.empty }
        if let reference = ClauseReferenceParser.parse(text),
           !(reference.document.map { filterKeys.contains($0) } ?? false) {
            return Query(reference: reference, text: text)
        }
        var query = Query(text: text)
        var pendingOr = false
        var negateNext = false
        let tokens = tokenize(text)
        guard tokens.count <= maximumTerms * 2 else { throw QueryError.tooManyTerms(tokens.count) }
        for token in tokens {
            if !token.quoted {
                switch token.text {
                case "OR", "AU":
                    if !query.clauses.isEmpty { pendingOr = true }
                    continue
                case "AND", "NA":
                    continue
                case "NOT", "SI":
                    negateNext = true
                    continue
                default: break
                }
                let lower = token.text.lowercased()
                if lower == "must" || lower == "lazima" {
                    query.filters.obligations = [.must, .mustNot]
                    continue
                }
                if let colon = token.text.firstIndex(of: ":"), colon != token.text.startIndex,
                   filterKeys.contains(String(token.text[..<colon]).lowercased()) {
                    try applyFilter(key: String(token.text[..<colon]).lowercased(),
                                    value: String(token.text[token.text.index(after: colon)...]), to: &query.filters)
                    continue
                }
            }
            var excluded = negateNext
            negateNext = false
            var word = token.text
            if !token.quoted, word.hasPrefix("-"), word.count > 1 {
                excluded = true
                word.removeFirst()
            }
            guard let term = makeTerm(word, quoted: token.quoted || token.negatedQuote) else { continue }
            if token.negatedQuote { excluded = true }
            if pendingOr, var last = query.clauses.popLast(), last.excluded == excluded {
                last.alternatives.append(term)
                query.clauses.append(last)
            } else {
                query.clauses.append(QueryClause([term], excluded: excluded))
            }
            pendingOr = false
        }
        guard query.clauses.count <= maximumTerms else { throw QueryError.tooManyTerms(query.clauses.count) }
        dropStopWords(from: &query)
        if query.clauses.isEmpty && query.filters.isEmpty { throw QueryError.empty }
        if !query.clauses.isEmpty && query.clauses.allSatisfy(\.excluded) { throw QueryError.onlyExclusions }
        return query
    }

    /// Removes "a", "the", "ya", "wa"… typed as single words, unless nothing else would remain.
    private static func dropStopWords(from query: inout Query) {
        func isStopWord(_ clause: QueryClause) -> Bool {
            guard !clause.excluded, clause.alternatives.count == 1, case let .word(word, false) = clause.alternatives[0] else { return false }
            return StopWords.contains(word)
        }
        let kept = query.clauses.filter { !isStopWord($0) }
        if kept.contains(where: { !$0.excluded }) { query.clauses = kept }
    }

    private struct Token {
        var text: String
        var quoted: Bool
        var negatedQuote: Bool
    }

    /// Splits on white space, keeping `"…"` together; an unbalanced quote runs to the end.
    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var inQuote = false
        var negated = false
        func flush(quoted: Bool) {
            if !current.isEmpty || quoted {
                tokens.append(Token(text: current, quoted: quoted, negatedQuote: quoted && negated))
            }
            current = ""
            negated = false
        }
        for character in text {
            if inQuote {
                if character == "\"" {
                    inQuote = false
                    flush(quoted: true)
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                if current == "-" {
                    negated = true
                    current = ""
                } else if !current.isEmpty {
                    flush(quoted: false)
                }
                inQuote = true
            } else if character.isWhitespace {
                flush(quoted: false)
            } else {
                current.append(character)
            }
        }
        flush(quoted: inQuote)
        return tokens.filter { !$0.text.isEmpty }
    }

    /// A term from a token, or nil when the token holds nothing searchable (punctuation only).
    private static func makeTerm(_ raw: String, quoted: Bool) -> QueryTerm? {
        if quoted {
            let words = searchableWords(raw)
            guard !words.isEmpty else { return nil }
            return words.count == 1 ? .word(words[0], prefix: false) : .phrase(words)
        }
        var text = raw
        var prefix = false
        if text.hasSuffix("*") {
            prefix = true
            while text.hasSuffix("*") { text.removeLast() }
        }
        let words = searchableWords(text)
        guard !words.isEmpty else { return nil }
        // `e-Government`, `GovESB/GISP`: one typed word that the tokenizer splits is a phrase.
        if words.count > 1 { return .phrase(words) }
        return .word(words[0], prefix: prefix && words[0].count >= 2)
    }

    /// The pieces of `text` the index tokenizer keeps: runs of letters, digits and marks.
    static func searchableWords(_ text: String) -> [String] {
        // ASCII (nearly all corpus text): letters and digits are exactly the alphabetic and
        // numeric scalars there, and bytes are much cheaper than scalar properties.
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiWords(text) : scalarWords(text)
    }

    /// Runs of alphabetic, numeric and combining-mark scalars: the rule for any text.
    static func scalarWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .nonspacingMark {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// `scalarWords` for ASCII text, on bytes.
    static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = -1
            for (offset, byte) in bytes.enumerated() {
                let isWordByte = (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                if isWordByte {
                    if start < 0 { start = offset }
                } else if start >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
                    start = -1
                }
            }
            if start >= 0 {
                words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            }
        }
        return words
    }

    private static func applyFilter(key: String, value rawValue: String, to filters: inout QueryFilters) throws {
        let values = rawValue.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !values.isEmpty else { throw QueryError.emptyFilter(key) }
        func invalid(_ value: String, _ allowed: [String]) -> QueryError {
            .unknownFilterValue(key: key, value: value, allowed: allowed)
        }
        for value in values {
            let lower = value.lowercased()
            switch key {
            case "type", "aina":
                guard let type = DocumentType(rawValue: lower) ?? swahiliTypes[lower] else {
                    throw invalid(value, DocumentType.allCases.map(\.rawValue))
                }
                filters.types.append(type)
            case "doc", "hati":
                filters.documents.append(lower)
            case "lang", "lugha":
                switch lower {
                case "en", "english", "kiingereza": filters.languages.append(.en)
                case "sw", "kiswahili", "swahili": filters.languages.append(.sw)
                default: throw invalid(value, ["en", "sw"])
                }
            case "status":
                guard let status = DocumentStatus(rawValue: lower) ?? (lower == "inforce" ? .inForce : nil) else {
                    throw invalid(value, DocumentStatus.allCases.map(\.rawValue))
                }
                filters.statuses.append(status)
            case "obligation":
                guard let obligation = Obligation(rawValue: lower) ?? (lower == "lazima" ? .must : lower == "marufuku" ? .mustNot : nil) else {
                    throw invalid(value, Obligation.allCases.map(\.rawValue))
                }
                filters.obligations.append(obligation)
            default:
                filters.topics.append(lower)
            }
        }
    }

    private static let swahiliTypes: [String: DocumentType] = [
        "sheria": .act, "kanuni": .regulations, "sera": .policy, "mkakati": .strategy, "kiwango": .standard,
        "viwango": .standard, "mwongozo": .guideline, "miongozo": .guideline, "waraka": .circular,
        "agizo": .directive, "maagizo": .directive,
    ]
}

/// Builds the FTS5 MATCH expression from a query: every token quoted, operators only ours.
public enum MatchExpression {
    public static func build(_ query: Query) -> String? {
        let positive = query.clauses.filter { !$0.excluded }.map(render)
        guard !positive.isEmpty else { return nil }
        var expression = positive.count == 1 ? positive[0] : "(" + positive.joined(separator: " AND ") + ")"
        for clause in query.clauses where clause.excluded {
            expression += " NOT " + render(clause)
        }
        return expression
    }

    private static func render(_ clause: QueryClause) -> String {
        let terms = clause.alternatives.map(render)
        return terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")"
    }

    static func render(_ term: QueryTerm) -> String {
        switch term {
        case let .word(word, prefix): quote(word) + (prefix ? "*" : "")
        case let .phrase(words): quote(words.joined(separator: " "))
        }
    }

    /// An FTS5 string: double quotes inside are doubled, so nothing inside is syntax.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
