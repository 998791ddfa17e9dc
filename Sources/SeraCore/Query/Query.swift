import Foundation

/// One search term as the user typed it.
public enum QueryTerm: Equatable, Sendable {
    /// A word; `prefix` for `word*`.
    case word(String, prefix: Bool)
    /// Words that must stand together, from `"…"`.
    case phrase([String])
}

/// A term that may have alternatives (`a OR b`) and may be excluded (`-word`).
public struct QueryClause: Equatable, Sendable {
    public var alternatives: [QueryTerm]
    public var excluded: Bool

    public init(_ alternatives: [QueryTerm], excluded: Bool = false) {
        self.alternatives = alternatives
        self.excluded = excluded
    }
}

/// Filters are columns, never words to search: bm25 gives a word found everywhere no weight.
public struct QueryFilters: Equatable, Sendable {
    public var types: [DocumentType] = []
    /// Document ids or aliases as typed; the index resolves them.
    public var documents: [String] = []
    public var languages: [Language] = []
    public var statuses: [DocumentStatus] = []
    public var obligations: [Obligation] = []
    public var topics: [String] = []

    public init() {}

    public var isEmpty: Bool {
        types.isEmpty && documents.isEmpty && languages.isEmpty && statuses.isEmpty && obligations.isEmpty
            && topics.isEmpty
    }
}

/// A parsed query: full-text clauses plus filters, or a clause reference.
public struct Query: Equatable, Sendable {
    public var clauses: [QueryClause]
    public var filters: QueryFilters
    /// Set when the whole input is a clause reference (answered from the reference table).
    public var reference: ClauseReference?
    /// The input as typed, for messages and `explain`.
    public var text: String

    public init(clauses: [QueryClause] = [], filters: QueryFilters = QueryFilters(), reference: ClauseReference? = nil, text: String = "") {
        self.clauses = clauses
        self.filters = filters
        self.reference = reference
        self.text = text
    }

    /// The same query asking for any of its words rather than all of them; nil when that would
    /// not differ (one word, or a reference).
    public func relaxed() -> Query? {
        let positive = clauses.filter { !$0.excluded }
        guard reference == nil, positive.count >= 2 else { return nil }
        var copy = self
        copy.clauses = [QueryClause(positive.flatMap(\.alternatives))] + clauses.filter(\.excluded)
        return copy
    }

    /// The words that take part in matching (for highlighting and "did you mean").
    public var positiveWords: [String] {
        clauses.filter { !$0.excluded }.flatMap(\.alternatives).flatMap { term -> [String] in
            switch term {
            case let .word(word, _): [word]
            case let .phrase(words): words
            }
        }
    }
}

/// Errors of the query domain. Each becomes a one-line message and exit code 2.
public enum QueryError: Error, Equatable, Sendable {
    case empty
    case onlyExclusions
    case unknownFilterValue(key: String, value: String, allowed: [String])
    case emptyFilter(String)
    case tooLong(Int)
    case tooManyTerms(Int)
    case unknownDocument(String)
    case unknownClause(String)
}
