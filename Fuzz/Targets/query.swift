import Foundation
import GRDB
import SeraCore

/// Fuzzes the query language end to end: `QueryParser.parse`, `MatchExpression.build`, then the
/// MATCH itself against a small real FTS5 index. A query may be refused (`QueryError`, exit 2);
/// SQLite must never see a syntax error, so any other error stops the run.

/// A three-document corpus indexed once per fuzzing process, in a temporary directory.
private let fixture: (index: SeraIndex, database: DatabaseQueue) = {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sera-fuzz-\(getpid())")
    let corpus = directory.appendingPathComponent("corpus")
    try! FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
    let documents = [
        "ega-act-2019.md": """
            ---
            id: ega-act-2019
            title: e-Government Act, 2019
            title_sw: Sheria ya Serikali Mtandao, 2019
            aliases: [eGov Act, Cap. 273]
            type: act
            language: en
            source: https://example.org/ega
            ---
            # Part V — e-Government infrastructure and systems
            ## 24. ICT projects
            (1) A public institution shall submit every ICT project to the Authority for approval.
            (a) the project shall follow the standards in section 26;
            (b) hosting shall be in the Government data centre.
            ## 26. Standards
            (1) The Authority may issue standards and guidelines.
            """,
        "ega-act-2019.sw.md": """
            ---
            id: ega-act-2019
            title: Sheria ya Serikali Mtandao, 2019
            type: act
            language: sw
            source: https://example.org/ega
            ---
            # Sehemu ya Tano — Miundombinu
            ## Kifungu 24 — Miradi ya TEHAMA
            (1) Taasisi ya umma itahakikisha mifumo inahifadhiwa katika kituo cha data cha Serikali.
            """,
        "ega-standards.md": """
            ---
            id: ega-standards
            title: e-Government Standards
            type: standard
            source: https://example.org/std
            ---
            ## 5.2.3 Backup
            Backups must be tested; data must not leave the country. Encryption NEAR keys "quoted".
            """,
    ]
    for (name, text) in documents {
        try! text.write(to: corpus.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let indexURL = directory.appendingPathComponent("index.sqlite")
    try! IndexBuilder(corpusDirectory: corpus, indexURL: indexURL, expander: TermExpander()).build()
    var configuration = Configuration()
    configuration.readonly = true
    return (try! SeraIndex(url: indexURL), try! DatabaseQueue(path: indexURL.path, configuration: configuration))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = FuzzInput.text(bytes, count)
    let query: Query
    do {
        query = try QueryParser.parse(text)
    } catch is QueryError {
        return 0
    } catch {
        FuzzInput.fail("the parser threw a non-query error: \(error)", input: text)
    }
    if query.reference == nil, let expression = MatchExpression.build(query) {
        // The parser's own expression, before the index widens it with stems.
        do {
            _ = try fixture.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clauses_fts WHERE clauses_fts MATCH ?", arguments: [expression])
            }
        } catch {
            FuzzInput.fail("FTS5 refused \(String(reflecting: expression)): \(error)", input: text)
        }
    }
    do {
        _ = try fixture.index.search(query, options: SearchOptions(limit: 3))
    } catch is QueryError {
        // An unknown `doc:` or clause: a message for the user, not a fault.
    } catch {
        FuzzInput.fail("search failed: \(error)", input: text)
    }
    return 0
}
