import Foundation
import SeraCore
import Testing
@testable import sera

/// The quick reading of plain command lines (`QuickCommandLine`) and ArgumentParser give every
/// command line the same run: same exit status, same output, same messages.
@Suite struct CommandLineTests {
    static let home = SeraProcess.temporaryDirectory("sera-command-line")
    static var index: String { home.appendingPathComponent("index.sqlite").path }
    static var corpus: String { SeraProcess.corpus.path }

    /// Command lines (after `sera`), with stdin for batch mode; `C` and `I` stand for the corpus
    /// and the index. The first group takes the quick path, the rest is left to ArgumentParser.
    static let commandLines: [(arguments: [String], input: String?)] = [
        (["search", "--corpus", "C", "--index", "I", "hosting"], nil),
        (["search", "--format", "jsonl", "--corpus", "C", "--index", "I", "\"personal data\""], nil),
        (["tafuta", "--corpus", "C", "--index", "I", "--lang", "sw", "--limit", "3", "mifumo", "-hosting"], nil),
        (["search", "--corpus", "C", "--index", "I", "personal", "--limit", "2", "data", "--format", "csv"], nil),
        (["search", "--corpus", "C", "--index", "I", "--no-color", "ega-act-2019:24(1)"], nil),
        (["search", "--corpus", "C", "--index", "I", "zebraword"], nil),
        (["search", "--corpus", "C", "--index", "I", "--format", "yaml", "x"], nil),
        (["search", "--corpus", "C", "--index", "I", "--limit", "0", "x"], nil),
        (["search", "--corpus", "C", "--index", "I", "--lang", "fr", "x"], nil),
        (["reload", "--corpus", "C", "--index", "I"], nil),
        (["reload", "--force", "--format", "json", "--corpus", "C", "--index", "I"], nil),
        (["--format", "jsonl", "--corpus", "C", "--index", "I"], "hosting\nshow ega-act-2019:24\n\nzebraword\n"),
        (["--corpus", "C", "--index", "I"], "personal data\nnext\nnext\n"),
        // Left to ArgumentParser (or found wrong by both).
        (["search", "--corpus", "C", "--index", "I"], nil),
        (["search", "--corpus=C", "--index", "I", "hosting"], nil),
        (["search", "--corpus", "C", "--index", "I", "--limit", "many", "hosting"], nil),
        (["search", "--corpus", "C", "--index", "I", "--limit", "-3", "hosting"], nil),
        (["search", "--corpus", "C", "--index", "I", "--format", "json", "--format", "csv", "hosting"], nil),
        (["search", "--corpus", "C", "--index", "I", "--force", "hosting"], nil),
        (["search", "--corpus", "C", "--index", "I", "--", "-hosting"], nil),
        (["search", "--help"], nil),
        (["reload", "--corpus", "C", "--index", "I", "extra"], nil),
        (["reload", "--corpus", "C", "--index"], nil),
        (["--corpus", "C", "--index", "I", "search", "hosting"], nil),
        (["--corpus", "C", "--index", "I", "--bogus"], "hosting\n"),
        (["show", "--corpus", "C", "--index", "I", "ega-act-2019:24"], nil),
        (["frobnicate"], nil),
    ]

    static func resolved(_ arguments: [String]) -> [String] {
        arguments.map { $0 == "C" ? corpus : $0 == "I" ? index : $0 }
    }

    @Test func quickAndArgumentParserRunsAreTheSame() throws {
        // Build the index once, so neither run reports building it.
        #expect(try SeraProcess.run(["reload", "--corpus", Self.corpus, "--index", Self.index], home: Self.home).status == 0)
        for (arguments, input) in Self.commandLines {
            let line = Self.resolved(arguments)
            let quick = try SeraProcess.run(line, input: input, home: Self.home)
            let parsed = try SeraProcess.run(line, input: input, home: Self.home, environment: ["SERA_ARGUMENT_PARSER": "1"])
            #expect(quick.status == parsed.status, "\(arguments): \(quick.status) vs \(parsed.status) \(quick.stderr) | \(parsed.stderr)")
            #expect(quick.stdout == parsed.stdout, "\(arguments)")
            #expect(quick.stderr == parsed.stderr, "\(arguments)")
        }
    }

    /// The first group of the table takes the quick path (up to the first line that needs
    /// ArgumentParser), the rest does not.
    @Test func theTableCoversBothPaths() {
        let quickCount = 13
        for (position, entry) in Self.commandLines.enumerated() {
            #expect((QuickCommandLine.parse(Self.resolved(entry.arguments)) != nil) == (position < quickCount), "\(entry.arguments)")
        }
        #expect(QuickCommandLine.parse(["search", "--limit", "5", "personal", "-data", "--no-color"])
            == .init(settings: GlobalSettings(limit: 5, noColor: true), invocation: CommandInvocation(name: "search", arguments: ["personal", "-data"])))
        #expect(QuickCommandLine.parse(["reload", "--force"])
            == .init(settings: GlobalSettings(), invocation: CommandInvocation(name: "reload", flags: ["force"])))
        #expect(QuickCommandLine.parse([]) == .init(settings: GlobalSettings(), invocation: nil))
    }

    @Test func theQuickPathAnswersTheCommonLines() throws {
        // Both ways must also succeed where they should: the table is not all errors.
        let search = try SeraProcess.run(Self.resolved(["search", "--format", "jsonl", "--corpus", "C", "--index", "I", "hosting"]), home: Self.home)
        #expect(search.status == 0 && search.stdout.contains("\"ref\""), "\(search.stderr)")
        let batch = try SeraProcess.run(Self.resolved(["--format", "jsonl", "--corpus", "C", "--index", "I"]), input: "hosting\n", home: Self.home)
        #expect(batch.status == 0 && batch.stdout.contains("\"ref\""), "\(batch.stderr)")
    }
}
