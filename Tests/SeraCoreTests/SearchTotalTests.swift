import Foundation
import GRDB
import Testing
@testable import SeraCore

/// The total of a search: exact where it is shown, a lower bound where counting would cost a
/// second pass and nobody reads it, and the hits the same either way.
@Suite struct SearchTotalTests {
    static let index = Result { try EvaluationTests.shippedIndex() }

    /// Distinct refs matching a word, counted straight from the index.
    static func count(_ word: String, in index: SeraIndex) throws -> Int {
        try index.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT c.ref) FROM clauses_fts JOIN clauses c ON c.id = clauses_fts.rowid
                WHERE clauses_fts MATCH ?
                """, arguments: [MatchExpression.quote(word)]) ?? -1
        }
    }

    @Test(arguments: ["information", "ict", "data"])
    func aLargeMatchIsCountedOnlyWhenAsked(word: String) throws {
        let index = try Self.index.get()
        let query = try QueryParser.parse(word)
        let expected = try Self.count(word, in: index)
        #expect(expected > Ranking.pool(for: SearchOptions()), "\(word) must match more clauses than are ranked")
        let exact = try index.search(query, options: SearchOptions(exactTotal: true))
        let bound = try index.search(query, options: SearchOptions(exactTotal: false))
        #expect(exact.totalIsExact && exact.total == expected)
        #expect(!bound.totalIsExact && bound.total < expected && bound.total >= Ranking.pool(for: SearchOptions()) / 2)
        #expect(bound.hits.map(\.ref) == exact.hits.map(\.ref))
        let nextExact = try index.search(query, options: SearchOptions(offset: 10, exactTotal: true))
        let nextBound = try index.search(query, options: SearchOptions(offset: 10, exactTotal: false))
        #expect(nextBound.hits.map(\.ref) == nextExact.hits.map(\.ref) && !nextBound.hits.isEmpty)
    }

    @Test(arguments: ["hosting", "backup disaster recovery", "GovESB"])
    func aSmallMatchIsAlwaysExact(words: String) throws {
        let index = try Self.index.get()
        let query = try QueryParser.parse(words)
        let exact = try index.search(query, options: SearchOptions(exactTotal: true))
        let bound = try index.search(query, options: SearchOptions(exactTotal: false))
        #expect(bound.totalIsExact && bound.total == exact.total && exact.total > 0)
        #expect(bound.hits.map(\.ref) == exact.hits.map(\.ref))
    }
}
