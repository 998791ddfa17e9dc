import Foundation
import Testing
@testable import SeraCore

/// The query language: what users type becomes values, and the MATCH expression is always
/// quoted tokens.
@Suite struct QueryParserTests {
    @Test(arguments: [
        ("hosting data centre", #"("hosting" AND "data" AND "centre")"#),
        (#""information exchange""#, #""information exchange""#),
        ("insti*", #""insti"*"#),
        ("govesb OR gisp", #"("govesb" OR "gisp")"#),
        ("security -email", #""security" NOT "email""#),
        ("e-Government", #""e Government""#),
        ("24(1)(a) projects", #"("24 1 a" AND "projects")"#),
        (#"x'; DROP TABLE clauses; --"#, #"("x" AND "DROP" AND "TABLE" AND "clauses")"#),
        ("NEAR( x", #"("NEAR" AND "x")"#),
        ("how to host a system", #"("host" AND "system")"#),
        (#""how to host""#, #""how to host""#),
        (#"say "hi"#, #"("say" AND "hi")"#),
        ("^start col:umn", #"("start" AND "col umn")"#),
    ])
    func matchExpressionsAreQuotedTokens(input: String, expected: String) throws {
        let query = try QueryParser.parse(input)
        #expect(MatchExpression.build(query) == expected)
    }

    @Test func filtersAreColumnsNotWords() throws {
        let query = try QueryParser.parse("type:standard doc:ega-act-2019 lang:sw status:in-force topic:hosting must backup")
        #expect(query.filters.types == [.standard])
        #expect(query.filters.documents == ["ega-act-2019"])
        #expect(query.filters.languages == [.sw])
        #expect(query.filters.statuses == [.inForce])
        #expect(query.filters.topics == ["hosting"])
        #expect(query.filters.obligations == [.must, .mustNot])
        #expect(query.positiveWords == ["backup"])
    }

    @Test func kiswahiliFilterNamesWork() throws {
        let query = try QueryParser.parse("aina:mwongozo lugha:kiswahili lazima tovuti")
        #expect(query.filters.types == [.guideline])
        #expect(query.filters.languages == [.sw])
        #expect(query.filters.obligations == [.must, .mustNot])
    }

    @Test(arguments: [
        ("ega-act-2019:24(1)", "ega-act-2019", "24(1)"),
        ("s.24(1)", nil, "24(1)"),
        ("s 24", nil, "24"),
        ("section 24 of the e-Government Act", "e-Government Act", "24"),
        ("kifungu cha 24", nil, "24"),
        ("kifungu cha 26(1)(d) cha Sheria ya Serikali Mtandao", "Sheria ya Serikali Mtandao", "26(1)(d)"),
        ("24(1)", nil, "24(1)"),
        ("ega-act-2019:part-v", "ega-act-2019", "part-V"),
        ("Part V of the e-Government Act", "e-Government Act", "part-V"),
        ("regulation 5", nil, "5"),
        ("ega-act-2019", nil, nil),
    ] as [(String, String?, String?)])
    func referencesAreRecognised(input: String, document: String?, path: String?) throws {
        let query = try QueryParser.parse(input)
        if let path {
            #expect(query.reference == ClauseReference(document: document, path: path))
        } else {
            #expect(query.reference == nil)
        }
    }

    @Test(arguments: [
        ("", QueryError.empty),
        ("   ", QueryError.empty),
        ("-security", QueryError.onlyExclusions),
        ("type:statute", QueryError.unknownFilterValue(key: "type", value: "statute", allowed: DocumentType.allCases.map(\.rawValue))),
        ("lang:fr x", QueryError.unknownFilterValue(key: "lang", value: "fr", allowed: ["en", "sw"])),
        ("type: x", QueryError.emptyFilter("type")),
        (String(repeating: "a", count: 5000), QueryError.tooLong(5000)),
        ("\"", QueryError.empty),
        ("*", QueryError.empty),
        ("';--", QueryError.empty),
    ])
    func badQueriesSayWhatIsWrong(input: String, error: QueryError) {
        #expect(throws: error) { try QueryParser.parse(input) }
    }

    @Test func tooManyTermsIsRefused() {
        let input = (0..<10_000).map { "w\($0)" }.joined(separator: " ")
        #expect(throws: QueryError.self) { try QueryParser.parse(input) }
    }
}
