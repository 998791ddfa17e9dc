import Foundation
import Testing

/// The built binary through pipes: batch mode, subcommands, output formats and exit codes.
@Suite struct BatchTests {
    let home = SeraProcess.temporaryDirectory()

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func pipedQueryListsTheICTProjectsSectionFirst() throws {
        let result = try SeraProcess.onShippedCorpus([], input: "ICT projects\n", home: home)
        #expect(result.status == 0)
        let firstHit = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstHit.contains("ega-act-2019:24 "), "first line: \(firstHit)")
        // Batch mode: no prompt, no banner, no colour.
        #expect(!result.stdout.contains("sera>"))
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func showBySpelledOutReferenceEqualsShowByCanonicalRef() throws {
        let spelled = try SeraProcess.onShippedCorpus(["show", "section 24 of the e-Government Act"], home: home)
        let canonical = try SeraProcess.onShippedCorpus(["show", "ega-act-2019:24"], home: home)
        #expect(spelled.status == 0)
        #expect(spelled.stdout == canonical.stdout)
        #expect(spelled.stdout.contains("Part V — e-Government Infrastructure and Systems › 24. ICT projects"))
        #expect(spelled.stdout.contains("digest"))
    }

    @Test func kiswahiliReferenceFormsWork() throws {
        let result = try SeraProcess.onShippedCorpus(["show", "--format", "json", "kifungu cha 26 cha Sheria ya Serikali Mtandao"], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["ref"] as? String == "ega-act-2019:26")
        #expect((object["children"] as? [String])?.contains("ega-act-2019:26(1)") == true)
    }

    @Test func kiswahiliDirectiveIsFound() throws {
        let result = try SeraProcess.onShippedCorpus(["search", "--format", "json", "urudufu"], home: home)
        #expect(result.status == 0)
        let hits = try json(result.stdout)
        #expect(hits.contains { ($0["doc"] as? String) == "directive-2024-02-duplication" })
    }

    @Test func jsonHitsCarryTheContractFields() throws {
        let result = try SeraProcess.onShippedCorpus(["search", "--format", "json", "--limit", "3", "hosting"], home: home)
        let hits = try json(result.stdout)
        #expect(hits.count == 3)
        for field in ["ref", "doc", "doc_title", "type", "status", "heading", "breadcrumb", "snippet", "obligation", "score", "source", "fidelity"] {
            #expect(hits.allSatisfy { $0[field] != nil }, "missing \(field)")
        }
        let ranks = hits.compactMap { $0["rank"] as? Int }
        #expect(ranks == [1, 2, 3])
    }

    @Test func jsonlAndCsvAreOneRecordPerLine() throws {
        let jsonl = try SeraProcess.onShippedCorpus(["search", "--format", "jsonl", "--limit", "4", "security"], home: home)
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil) }
        let csv = try SeraProcess.onShippedCorpus(["search", "--format", "csv", "--limit", "4", "security"], home: home)
        #expect(csv.stdout.hasPrefix("rank,ref,doc,doc_title,"))
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 5)
    }

    @Test(arguments: [
        "e-Government", "24(1)", "\"unbalanced", "AND", "NEAR(", "x'; DROP TABLE clauses; --", "OR", "NOT", "*", "^",
        "title:hosting", "{heading}: x", "\"\"", "a\"b\"c", "(", ")", "NEAR(a b, 2)", "'", ";", "--", "-", "\\",
        "%", "_", "SELECT * FROM clauses", "ICT.", "e-GA's", "24(1)(a)(i)", "😀 emoji", "مرحبا", "\u{202E}rtl override",
        "\u{1B}[31mred", "tab\there", "hosting OR", "OR hosting", "-hosting -security",
    ])
    func hostileQueriesNeverCrashOrLeakSQLite(query: String) throws {
        let result = try SeraProcess.onShippedCorpus(["search", "--format", "json", query], home: home)
        #expect([0, 1, 2].contains(result.status), "\(query): status \(result.status) \(result.stderr)")
        #expect(!result.stderr.lowercased().contains("sqlite"), "\(query): \(result.stderr)")
        #expect(!result.stderr.contains("fts5"), "\(query): \(result.stderr)")
        #expect(!result.stderr.contains("syntax error"), "\(query): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count <= 1, "\(query): \(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"), "escape sequence echoed for \(query)")
        if result.status == 0 {
            #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil)
        }
    }

    @Test func batchModeNamesTheInputLineOfEachErrorAndTheWorstCodeWins() throws {
        let input = "hosting\ntype:statute\n\nzzzzqqq\nshow nosuchdoc:99\n"
        let result = try SeraProcess.onShippedCorpus(["--format", "jsonl", "--limit", "1"], input: input, home: home)
        #expect(result.status == 2)
        #expect(result.stderr.contains("sera: line 2: unknown type 'statute'"))
        #expect(result.stderr.contains("sera: line 4: no clause matched"))
        #expect(result.stderr.contains("sera: line 5: no document called 'nosuchdoc'"))
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        (["search", "hosting"], Int32(0)),
        (["search", "qqqzzzxxyy"], 1),
        (["search", "type:nothing"], 2),
        (["show", "ega-act-2019:999"], 2),
        (["toc", "ega-act-2019"], 0),
        (["search", "--limit", "0", "x"], 2),
        (["search", "--format", "xml", "x"], 2),
    ] as [([String], Int32)])
    func exitCodes(arguments: [String], status: Int32) throws {
        let result = try SeraProcess.onShippedCorpus(arguments, home: home)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
    }

    @Test func missingCorpusIsACorpusProblemNamingThePath() throws {
        let missing = home.appendingPathComponent("no-such-corpus").path
        let result = try SeraProcess.run(["search", "--corpus", missing, "--index", home.appendingPathComponent("i.sqlite").path, "x"], home: home)
        #expect(result.status == 3)
        #expect(result.stderr == "sera: corpus directory not found: \(missing)\n")
    }

    @Test func closedPipeEndsQuietly() throws {
        // `sera search … | head -1`: the reader leaves early; sera must end without a message.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let index = home.appendingPathComponent("pipe.sqlite").path
        process.arguments = ["-c", "'\(SeraProcess.binary.path)' search --corpus '\(SeraProcess.corpus.path)' --index '\(index)' --limit 200 --format jsonl the | head -c 10 >/dev/null; echo \"${PIPESTATUS:-}\""]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.isEmpty, "\(stderr)")
    }

    @Test func statsCountsDocumentsAndClausesByTypeAndLanguage() throws {
        let result = try SeraProcess.onShippedCorpus(["stats", "--format", "json"], home: home)
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["documents"] as? Int ?? 0) >= 20)
        #expect((object["clauses"] as? Int ?? 0) >= 300)
        let byLanguage = try #require(object["documents_by_language"] as? [String: Int])
        #expect((byLanguage["sw"] ?? 0) >= 3)
        #expect(object["documents_by_type"] is [String: Int])
    }

    @Test func theIndexIsBuiltOnFirstUseAndRebuiltWhenTheCorpusChanges() throws {
        let corpus = home.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: SeraProcess.corpus, to: corpus)
        let index = home.appendingPathComponent("idx.sqlite").path
        let first = try SeraProcess.run(["search", "--corpus", corpus.path, "--index", index, "zebracrossingword"], home: home)
        #expect(first.status == 1)
        let file = corpus.appendingPathComponent("ega-hosting.md")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "\n## Zebra rule {#zebra}\nA public institution shall mind the zebracrossingword.\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let second = try SeraProcess.run(["search", "--corpus", corpus.path, "--index", index, "zebracrossingword"], home: home)
        #expect(second.status == 0)
        #expect(second.stdout.contains("ega-hosting:zebra"))
        #expect(second.stderr.contains("index updated"))
    }
}
