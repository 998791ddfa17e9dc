import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import SeraCore

/// What Sera may and may not do to the machine it runs on: the index is read-only for queries,
/// SQL binds its values, external programs run from argument arrays under a time limit, and
/// nothing reaches the network. The source checks read `Sources/` as it is, so a new string-built
/// SQL statement, shell call or network API fails here until it is reviewed and listed.
@Suite struct SecurityTests {
    static let sources: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("Sources")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("SeraCore").path) { return candidate }
        }
        fatalError("Sources/ not found above \(#filePath)")
    }()

    /// Every Swift file under `Sources/`, as (path relative to Sources, lines).
    static func swiftSources() throws -> [(file: String, lines: [String])] {
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var files: [(String, [String])] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            files.append((String(url.path.dropFirst(sources.path.count + 1)), text.components(separatedBy: "\n")))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    // MARK: The index is read-only for queries

    func builtIndex() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sera-security-\(UUID().uuidString)")
        let corpus = directory.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try """
            ---
            id: guard-doc
            title: Guard document
            type: guideline
            source: https://example.org
            ---
            ## 1. Hosting
            (1) Systems shall be hosted in the Government data centre.
            """.write(to: corpus.appendingPathComponent("guard-doc.md"), atomically: true, encoding: .utf8)
        let index = directory.appendingPathComponent("index.sqlite")
        try IndexBuilder(corpusDirectory: corpus, indexURL: index, expander: TermExpander()).build()
        return index
    }

    @Test func theQueryConnectionIsOpenedReadOnly() throws {
        let url = try builtIndex()
        let before = try Data(contentsOf: url)
        let index = try SeraIndex(url: url)
        // Not GRDB's read-only transactions: the connection itself, as opened, refuses writes.
        let readonly = try index.queue.inDatabase { db in sqlite3_db_readonly(db.sqliteConnection, "main") }
        #expect(readonly == 1)
        for statement in ["DELETE FROM meta", "CREATE TABLE intruder(x)", "UPDATE clauses SET text = 'x'", "PRAGMA user_version = 99"] {
            #expect(throws: DatabaseError.self, "\(statement)") {
                try index.queue.inDatabase { db in try db.execute(sql: statement) }
            }
        }
        let result = try index.search(try QueryParser.parse("hosting"))
        #expect(result.hits.map(\.ref).contains("guard-doc:1(1)"))
        #expect(try Data(contentsOf: url) == before, "a query changed the index file")
    }

    // MARK: SQL binds its values

    /// Interpolations that may appear inside SQL text, by file: each is a constant or is built
    /// only from constants, never from user or corpus text. Anything else is a finding.
    static let reviewedSQLInterpolations: [String: Set<String>] = [
        // The FTS5 tokenizer declaration and the schema version: constants of IndexSchema.
        "SeraCore/Index/IndexSchema.swift": ["tokenizer", "version"],
        "SeraCore/Query/Search.swift": [
            // bm25 column weights and ranking factors: Double constants of IndexSchema and Ranking.
            "title", "heading", "text", "IndexSchema.expansionWeight", "Ranking.phraseFactor",
            "Ranking.notInForceFactor", "Ranking.exactHeadingFactor", "Ranking.partFactor", "phraseFactor",
            // One `(c.id IN (… MATCH ?))` term per query word, or NULL: placeholders only.
            "wordsMatched",
            // The same terms as columns w0, w1…, and their sum weighted by constant powers of two.
            "flags", "wordsMask",
            // The columns of a hit and the snippet call (with the constant markers \u{1} and
            // \u{2}): string constants of SeraIndex.
            "Self.hitColumns", "Self.snippet",
            // Filter conditions: fixed column names with `?` placeholders (addFilters).
            "filters.sql", "whereSQL", "column", "Array(repeating: \"?\", count: values.count).joined(separator: \", \")",
            // A run of `?` placeholders, one per candidate id.
            "placeholders", "unmatchedPlaceholders",
        ],
        "SeraCore/Query/Explain.swift": [
            // Integer row ids read from the index itself.
            "page.map { String($0.id) }.joined(separator: \",\")",
            // bm25() calls whose arguments are the Double column weights.
            "columns.joined(separator: \", \")",
        ],
        // The benchmark writes a script for the sqlite3 shell, which has no bound parameters: its
        // fixed query set is escaped as an SQL literal. It is never part of `sera`.
        "sera-bench/QuerySet.swift": ["bm25", "match.replacingOccurrences(of: \"'\", with: \"''\")", "limit"],
    ]

    static let sqlWords = #/\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WHERE|MATCH|JOIN|VALUES|ORDER BY|LIMIT)\b| IN \(/#

    /// The `\( … )` expressions in a line, with balanced parentheses.
    static func interpolations(in line: String) -> [String] {
        var found: [String] = []
        let characters = Array(line)
        var index = 0
        while index + 1 < characters.count {
            guard characters[index] == "\\", characters[index + 1] == "(" else {
                index += 1
                continue
            }
            var depth = 1
            var end = index + 2
            while end < characters.count, depth > 0 {
                if characters[end] == "(" { depth += 1 }
                if characters[end] == ")" { depth -= 1 }
                end += 1
            }
            found.append(String(characters[(index + 2)..<(end - 1)]))
            index = end
        }
        return found
    }

    /// Lines of SQL text holding interpolations: a line with SQL words, or a line of a `"""`
    /// literal that holds SQL words anywhere.
    static func sqlInterpolations(in lines: [String]) -> [(line: Int, expression: String)] {
        var found: [(Int, String)] = []
        var literal: [(Int, String)]?
        func examine(_ block: [(Int, String)]) {
            guard block.contains(where: { $0.1.contains(sqlWords) }) else { return }
            for (number, text) in block { found += interpolations(in: text).map { (number, $0) } }
        }
        for (offset, line) in lines.enumerated() {
            let delimiters = line.components(separatedBy: "\"\"\"").count - 1
            if var open = literal {
                open.append((offset + 1, line))
                if delimiters % 2 == 1 {
                    examine(open)
                    literal = nil
                } else {
                    literal = open
                }
            } else if delimiters % 2 == 1 {
                literal = [(offset + 1, line)]
            } else if line.contains(sqlWords) {
                examine([(offset + 1, line)])
            }
        }
        return found
    }

    @Test func theScannerFindsInterpolatedSQL() {
        let lines = [
            #"let a = "SELECT * FROM clauses WHERE ref = '\(userText)'""#,
            #"let b = """"#,
            #"    SELECT * FROM documents"#,
            #"    WHERE id = \(id.lowercased())"#,
            #"    """"#,
            #"let c = "no clause \(ref) in the index""#,
        ]
        let found = Self.sqlInterpolations(in: lines)
        #expect(found.map(\.expression) == ["userText", "id.lowercased()"])
        #expect(found.map(\.line) == [1, 4])
    }

    @Test func everySQLStatementBindsItsValues() throws {
        var unreviewed: [String] = []
        var seen: [String: Set<String>] = [:]
        for (file, lines) in try Self.swiftSources() {
            for (line, expression) in Self.sqlInterpolations(in: lines) {
                seen[file, default: []].insert(expression)
                if Self.reviewedSQLInterpolations[file]?.contains(expression) != true {
                    unreviewed.append("Sources/\(file):\(line): \\(\(expression))")
                }
            }
        }
        #expect(unreviewed.isEmpty, """
            SQL built with string interpolation; bind the value with `?` instead, or, if it is a \
            constant, review it and add it to reviewedSQLInterpolations:
            \(unreviewed.joined(separator: "\n"))
            """)
        // The scan must actually see SQL: the reviewed constants are where we know they are.
        #expect(seen["SeraCore/Index/IndexSchema.swift"]?.contains("tokenizer") == true)
        #expect(seen["SeraCore/Query/Search.swift"]?.contains("Self.hitColumns") == true)
    }

    // MARK: External programs

    static let shellCalls = [
        "/bin/sh", "/bin/bash", "\"sh\"", "\"bash\"", "\"-c\"", "system(", "popen(", "execl(", "execlp(", "wordexp(",
    ]

    @Test func noShellEverRuns() throws {
        var found: [String] = []
        for (file, lines) in try Self.swiftSources() {
            for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for call in Self.shellCalls where line.contains(call) {
                    found.append("Sources/\(file):\(number + 1): \(call)")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    /// Every `Process` gets an argument array and a time limit; the pager is spawned from an
    /// argument array (it stays as long as the reader wants it, so it has no time limit).
    @Test func externalProgramsRunFromArgumentArraysWithATimeLimit() throws {
        var launchers: [String] = []
        for (file, lines) in try Self.swiftSources() where !file.hasPrefix("sera-bench/") {
            let text = lines.joined(separator: "\n")
            if text.contains("Process()") {
                launchers.append(file)
                #expect(text.contains(".arguments = "), "\(file) starts a Process without an argument array")
                #expect(text.contains("wait(timeout:"), "\(file) starts a Process without a time limit")
                #expect(!text.contains(".launchPath"), "\(file) uses launchPath")
            }
            if text.contains("posix_spawn(") || text.contains("posix_spawnp(") {
                launchers.append(file)
                #expect(text.contains("[String]"), "\(file) spawns a program without an argument array")
            }
        }
        // pdftotext (the PDF importer) and the pager are the programs Sera starts.
        #expect(launchers.contains { $0.hasPrefix("SeraCore/Corpus/Importers/") })
    }

    // MARK: Network

    static let networkAPIs = [
        "URLSession", "URLRequest", "NWConnection", "NWListener", "CFStream", "socket(", "connect(", "getaddrinfo(",
        "gethostbyname", "URL(string: \"http", "Data(contentsOf: URL(string",
    ]

    @Test func nothingInSourcesTalksToTheNetwork() throws {
        var found: [String] = []
        for (file, lines) in try Self.swiftSources() {
            for (number, line) in lines.enumerated() {
                for api in Self.networkAPIs where line.contains(api) {
                    found.append("Sources/\(file):\(number + 1): \(api)")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    // MARK: Regressions found by fuzzing and hostile input

    /// `part 99999999999` spelled its number in M's: ten million of them, or 9×10¹⁵ for the
    /// largest Int — a hang on one typed query or one heading.
    @Test(arguments: ["part 99999999999", "part 9223372036854775807", "ega-act-2019:part-99999999999", "sehemu ya 4000"])
    func hugePartNumbersStayDigits(_ input: String) throws {
        let started = Date()
        let reference = try #require(ClauseReferenceParser.parse(input))
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(reference.path.count < 40, "\(reference.path)")
        #expect(Numbering.roman(3999) == "MMMCMXCIX")
        #expect(Numbering.roman(4000) == "4000")
        #expect(Numbering.romanValue(String(repeating: "M", count: 10)) == nil)
    }

    @Test func aHugePartHeadingParses() throws {
        #expect(HeadingClassifier.classify("Part 99999999999 — Big") == .part(number: "99999999999", title: "Big"))
    }

    /// Twelve levels of ten aliases each expand to 10¹² values: refused, not built.
    @Test func aYAMLAliasBombIsRefused() throws {
        let bomb = "id: bomb\ntitle: T\ntype: act\nsource: s\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + (1...12).map { "a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 10).joined(separator: ", ") + "]" }.joined(separator: "\n")
        let started = Date()
        #expect {
            try FrontMatter.parse(bomb, file: "bomb.md")
        } throws: { error in
            guard case let CorpusError.invalidFile(problem) = error else { return false }
            return problem.file == "bomb.md" && problem.line == 2 && problem.message.hasPrefix("YAML expands to more than")
        }
        #expect(Date().timeIntervalSince(started) < 5)
        // Aliases in honest use still work.
        let shared = try FrontMatter.parse("id: ok\ntitle: &t Title\ntitle_sw: *t\ntype: act\nsource: s", file: "ok.md")
        #expect(shared.titleSw == "Title")
    }

    /// YAML allows a list or a mapping as a key; Yams then stops the process (a force unwrap in
    /// its constructor). Found by `scripts/fuzz front-matter` from `? d: …`.
    @Test(arguments: ["? d: x\nid: a\n", "id: a\n? [a, b]\n: c\n", "id: a\n? {k: v}\n: c\n", "id: a\nx: {? [1]: 2}\n"])
    func aYAMLKeyThatIsNotTextIsRefused(_ yaml: String) throws {
        #expect {
            try FrontMatter.parse(yaml, file: "keys.md")
        } throws: { error in
            guard case let CorpusError.invalidFile(problem) = error else { return false }
            return problem.message == "a YAML key must be plain text, not a list or a mapping" && (problem.line ?? 0) >= 2
        }
    }

    /// YAML double quotes can spell control characters the file-level sanitising never saw.
    @Test func controlCharactersSpelledInYAMLNeverReachTheMetadata() throws {
        let metadata = try FrontMatter.parse(#"""
            id: esc
            title: "\e[2J\e[31mEvil\a"
            aliases: ["\u202Eevil", "\0nul", "\x9b6n"]
            type: act
            source: "\e]0;pwned\u0007https://example.org"
            """#, file: "esc.md")
        for value in [metadata.title, metadata.source] + metadata.aliases {
            #expect(!value.unicodeScalars.contains(where: CorpusFile.isForbiddenControl), "\(value.debugDescription)")
        }
        #expect(metadata.title == "[2J [31mEvil")
    }
}
