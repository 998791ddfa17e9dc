import Foundation
import Testing

/// One hostile input and what Sera must answer: an exit code and a message on stderr.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    /// Bytes on stdin (batch mode), which may be any bytes at all; nil for none.
    var stdin: [UInt8]?
    var status: Int32
    /// What stderr must contain; empty means stderr must be empty.
    var message: String

    init(_ name: String, _ arguments: [String], stdin: [UInt8]? = nil, status: Int32, _ message: String) {
        self.name = name
        self.arguments = arguments
        self.stdin = stdin
        self.status = status
        self.message = message
    }

    init(_ name: String, _ arguments: [String], stdin text: String, status: Int32, _ message: String) {
        self.init(name, arguments, stdin: Array(text.utf8), status: status, message)
    }

    var testDescription: String { name }
}

/// A file dropped into an otherwise healthy corpus, and the problem `reload` must report.
struct HostileFile: Sendable, CustomTestStringConvertible {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        /// A sparse file of this many bytes: huge on paper, nothing on disk.
        case sparse(Int)
    }

    var name: String
    var file: String
    var content: Content
    /// The reload's exit code: 3 when the file fails, 0 when it loads.
    var status: Int32
    /// What the reload report must contain for this file.
    var message: String

    var testDescription: String { name }
}

/// Everything a user, a script or a maintainer can throw at Sera: it must answer with the right
/// exit code and one clear line, never crash, never hang, never let SQLite's syntax show, and
/// never pass a terminal escape sequence through to stdout or stderr.
/// (BatchTests holds the first 36 hostile queries; these are the rest.)
@Suite struct HostileInputTests {
    /// One index of the shipped corpus for every case that only reads it.
    static let sharedHome: URL = {
        let home = SeraProcess.temporaryDirectory("sera-hostile")
        _ = try? SeraProcess.onShippedCorpus(["stats"], home: home)
        return home
    }()

    static func words(_ count: Int) -> String {
        (1...count).map { "word\($0)" }.joined(separator: " ")
    }

    static let queries: [HostileCase] = [
        HostileCase("1 MB of text on stdin", [], stdin: String(repeating: "a", count: 1 << 20) + "\n", status: 2,
                    "sera: line 1: query too long (1048576 characters; the limit is 4096)"),
        HostileCase("10,000 terms on stdin", [], stdin: words(10_000) + "\n", status: 2, "sera: line 1: query too long ("),
        HostileCase("65 terms", ["search", words(65)], status: 2, "sera: too many terms (65; the limit is 64)"),
        HostileCase("4,097 characters", ["search", String(repeating: "x", count: 4_097)], status: 2,
                    "sera: query too long (4097 characters; the limit is 4096)"),
        HostileCase("one word of 4,000 letters", ["search", String(repeating: "a", count: 4_000)], status: 1, "sera: no clause matched"),
        HostileCase("NUL between two words", [], stdin: "hosting\u{0}centre\n", status: 0, ""),
        HostileCase("invalid UTF-8 after a word", [], stdin: Array("hosting ".utf8) + [0xFF, 0xFE, 0x0A], status: 0, ""),
        HostileCase("only invalid UTF-8", [], stdin: [0xC3, 0x28, 0xFF, 0xFE, 0x0A], status: 2, "sera: line 1: nothing to search for"),
        HostileCase("ANSI clear screen and colour", ["search", "\u{1B}[2J\u{1B}[31mhosting"], status: 1, "sera: no clause matched"),
        HostileCase("OSC window title", ["search", "\u{1B}]0;pwned\u{7}hosting"], status: 1, "sera: no clause matched"),
        HostileCase("C1 CSI before a word", ["search", "\u{9B}31m hosting"], status: 0, "sera: no clause has every word"),
        HostileCase("right-to-left Arabic", ["search", "سياسة"], status: 1, "sera: no clause matched"),
        HostileCase("RTL override before a word", ["search", "\u{202E}hosting"], status: 0, ""),
        HostileCase("emoji only", ["search", "😀🔥"], status: 2, "sera: nothing to search for"),
        HostileCase("emoji and a word", ["search", "🔥 hosting"], status: 0, ""),
        HostileCase("zero-width space inside a word", ["search", "host\u{200B}ing"], status: 1, "sera: no clause matched"),
        HostileCase("accents folded", ["search", "hóśtíng"], status: 0, ""),
        HostileCase("FTS5 column filter", ["search", "heading:hosting"], status: 2, "sera: no document called 'heading'"),
        HostileCase("FTS5 column set", ["search", "{title heading}: hosting"], status: 0, "sera: no clause has every word"),
        HostileCase("FTS5 initial token", ["search", "^hosting"], status: 0, ""),
        HostileCase("FTS5 plus operator", ["search", "hosting + data"], status: 0, ""),
        HostileCase("SQL ATTACH", ["search", "'; ATTACH DATABASE 'attached.sqlite' AS x; --"], status: 0, "sera: no clause has every word"),
        HostileCase("SQL tautology", ["search", "\" OR 1=1 --"], status: 1, "sera: no clause matched"),
        HostileCase("SQL UNION", ["search", "x' UNION SELECT sql FROM sqlite_master --"], status: 0, "sera: no clause has every word"),
        HostileCase("nested parentheses", ["search", "((((((((hosting))))))))"], status: 0, ""),
        HostileCase("quotes only", ["search", String(repeating: "\"", count: 10)], status: 2, "sera: nothing to search for"),
        HostileCase("operators only", ["search", "OR AND NOT OR"], status: 2, "sera: nothing to search for"),
        HostileCase("empty filter", ["search", "type:"], status: 2, "sera: filter 'type:' needs a value, e.g. type:act"),
        HostileCase("doc filter with ../", ["search", "doc:../../etc/passwd"], status: 2, "sera: no document called '../../etc/passwd'"),
        HostileCase("unknown language", ["search", "lang:fr"], status: 2, "sera: unknown lang 'fr' (expected one of: en, sw)"),
        HostileCase("escape in a filter value", ["search", "status:\u{1B}[31m"], status: 2, "sera: unknown status '\u{FFFD}[31m'"),
        HostileCase("topic with ../", ["search", "topic:../../x hosting"], status: 1, "sera: no clause matched"),
        HostileCase("empty list items in a filter", ["search", "type:act,,,standard hosting"], status: 0, ""),
        HostileCase("Part number past Roman numerals", ["search", "part 99999999999"], status: 1, "sera: no clause *:part-99999999999"),
        HostileCase("Part number past Int", ["search", "part 99999999999999999999"], status: 0, "sera: no clause has every word"),
        HostileCase("canonical ref with a huge Part", ["show", "ega-act-2019:part-99999999999"], status: 2,
                    "sera: no clause ega-act-2019:part-99999999999 in the index"),
        HostileCase("clause path with ../", ["show", "ega-act-2019:../../etc/passwd"], status: 2,
                    "sera: no clause ega-act-2019:../../etc/passwd in the index"),
        HostileCase("toc of a path", ["toc", "../../etc/passwd"], status: 2, "sera: no document called '../../etc/passwd'"),
        HostileCase("cites of a path", ["cites", "../x"], status: 2, "sera: no clause ../x in the index"),
    ]

    static let misuse: [HostileCase] = [
        HostileCase("unknown option", ["--frobnicate"], status: 2, "sera: unknown option '--frobnicate'"),
        HostileCase("unknown subcommand", ["frobnicate"], status: 2, "sera: unexpected argument 'frobnicate'"),
        HostileCase("--limit without a value", ["search", "--limit"], status: 2, "sera: missing value for '--limit <limit>'"),
        HostileCase("--limit not a number", ["search", "--limit", "abc", "x"], status: 2, "sera: the value 'abc' is invalid for '--limit <limit>'"),
        HostileCase("--limit too large", ["search", "--limit", "1001", "x"], status: 2,
                    "sera: invalid value '1001' for --limit (expected a number from 1 to 1000)"),
        HostileCase("--limit negative", ["search", "--limit=-3", "x"], status: 2, "sera: invalid value '-3' for --limit"),
        HostileCase("--limit past Int", ["search", "--limit", "99999999999999999999", "x"], status: 2,
                    "sera: the value '99999999999999999999' is invalid for '--limit <limit>'"),
        HostileCase("--format empty", ["search", "--format", "", "x"], status: 2, "sera: invalid value '' for --format"),
        HostileCase("--format with an escape", ["search", "--format", "\u{1B}[31mjson", "x"], status: 2,
                    "sera: invalid value '\u{FFFD}[31mjson' for --format"),
        HostileCase("--lang unknown", ["--lang", "fr", "search", "x"], status: 2, "sera: invalid value 'fr' for --lang (expected en|sw|any)"),
        HostileCase("--corpus without a value", ["--corpus"], status: 2, "sera: missing value for '--corpus <corpus>'"),
        HostileCase("show without a reference", ["show"], status: 2, "sera: show needs an argument"),
        HostileCase("toc without a document", ["toc"], status: 2, "sera: toc needs an argument"),
        HostileCase("cites without a reference", ["cites"], status: 2, "sera: cites needs an argument"),
        HostileCase("reload with an unknown flag", ["reload", "--frobnicate"], status: 2, "sera: unknown option '--frobnicate'"),
        HostileCase("batch: set limit to a word", [], stdin: "set limit banana\n", status: 2,
                    "sera: line 1: invalid value 'banana' for --limit"),
        HostileCase("batch: set format to an escape", [], stdin: "set format \u{1B}[31m\n", status: 2,
                    "sera: line 1: invalid value '\u{FFFD}[31m' for --format"),
        HostileCase("batch: unknown option on a line", [], stdin: "search --bogus hosting\n", status: 2, "sera: line 1: unknown option '--bogus'"),
        HostileCase("batch: option without its value", [], stdin: "hosting --limit\n", status: 2, "sera: line 1: --limit needs an argument"),
        HostileCase("batch: help for no command", [], stdin: "help frobnicate\n", status: 2, "sera: line 1: unknown command 'frobnicate'"),
        HostileCase("batch: show N before any search", [], stdin: "show 3\n", status: 2, "sera: line 1: no clause 3 in the index"),
        HostileCase("batch: a comment and blank lines", [], stdin: "# a comment\n\n   \nhosting\n", status: 0, ""),
    ]

    /// What every answer must respect, whatever the input.
    func expectWellBehaved(_ result: SeraProcess.Result, _ hostile: HostileCase) {
        #expect(result.status == hostile.status, "\(hostile.name): exit \(result.status), stderr \(result.stderr)")
        if hostile.message.isEmpty {
            #expect(result.stderr.isEmpty, "\(hostile.name): \(result.stderr)")
        } else {
            #expect(result.stderr.contains(hostile.message), "\(hostile.name): \(result.stderr)")
        }
        for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            let control = text.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r") || (0x7F...0x9F).contains($0.value) }
            #expect(control == nil, "\(hostile.name): control character U+\(String(control?.value ?? 0, radix: 16)) on \(stream)")
        }
        for leak in ["sqlite", "fts5", "syntax error", "Fatal error", "unexpected error"] {
            #expect(!result.stderr.lowercased().contains(leak.lowercased()), "\(hostile.name): \(result.stderr)")
        }
        let lines = hostile.stdin.map { $0.split(separator: 0x0A, omittingEmptySubsequences: false).count } ?? 1
        #expect(result.stderr.split(separator: "\n").count <= max(lines, 1), "\(hostile.name): \(result.stderr)")
    }

    /// Runs a case on the shipped corpus; raw stdin bytes go through a file.
    func run(_ hostile: HostileCase, corpus: URL = SeraProcess.corpus, home: URL = sharedHome) throws -> SeraProcess.Result {
        let arguments = ["--corpus", corpus.path, "--index", home.appendingPathComponent("index.sqlite").path, "--format", "json"]
        guard let bytes = hostile.stdin else {
            // Options go after the subcommand, where ArgumentParser takes them.
            let command = hostile.arguments.first.map { ["search", "show", "toc", "cites", "reload"].contains($0) } == true
                ? [hostile.arguments[0]] + arguments + hostile.arguments.dropFirst() : arguments + hostile.arguments
            return try SeraProcess.run(command, home: home)
        }
        let input = home.appendingPathComponent("stdin-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        let quoted = (arguments + hostile.arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try SeraScript.run("exec \"$SERA\" \(quoted.joined(separator: " ")) < '\(input.path)'", home: home)
    }

    @Test(arguments: queries)
    func hostileQueries(_ hostile: HostileCase) throws {
        let result = try run(hostile)
        expectWellBehaved(result, hostile)
        if result.status == 0 {
            #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "\(hostile.name): not JSON")
        }
        // Nothing a query says reaches SQLite as a statement.
        #expect(!FileManager.default.fileExists(atPath: Self.sharedHome.appendingPathComponent("attached.sqlite").path))
    }

    @Test(arguments: misuse)
    func commandLineMisuse(_ hostile: HostileCase) throws {
        expectWellBehaved(try run(hostile), hostile)
    }

    @Test func binaryStdinIsReadLineByLineAndNeverEchoedRaw() throws {
        // The first 64 KiB of the sera binary itself: ELF header, NULs, every byte value.
        let bytes = try [UInt8](Data(contentsOf: SeraProcess.binary).prefix(65_536))
        let lineCount = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
        let hostile = HostileCase("64 KiB of a binary", [], stdin: bytes, status: 2, "sera: line ")
        let result = try run(hostile)
        expectWellBehaved(result, hostile)
        // Every complaint names its input line, and no line number is past the input.
        for line in result.stderr.split(separator: "\n") {
            let number = line.wholeMatch(of: #/sera: line (\d+): .*/#).flatMap { Int($0.1) }
            #expect(number.map { $0 <= lineCount } == true, "\(line)")
        }
    }

    // MARK: Corpus files

    static let document = """
        ---
        id: good-doc
        title: Good document
        type: guideline
        source: https://example.org/good
        ---
        ## 1. Hosting
        (1) Government systems shall be hosted in the Government data centre.

        """

    static func frontMatter(_ fields: String, body: String = "## 1. Something\nText.\n") -> String {
        "---\n\(fields)\n---\n\(body)"
    }

    static let files: [HostileFile] = [
        HostileFile(name: "empty file", file: "empty.md", content: .text(""), status: 3, message: "empty.md:1: file is empty"),
        HostileFile(name: "blank file", file: "blank.md", content: .text("  \n\n\t\n"), status: 3, message: "blank.md:1: file is empty"),
        HostileFile(name: "sparse file over the 64 MB cap", file: "huge.md", content: .sparse(65 << 20), status: 3,
                    message: "huge.md: file is larger than 64 MB"),
        HostileFile(name: "Latin-1 bytes", file: "latin1.md",
                    content: .bytes(Array("---\nid: latin\ntitle: Caf".utf8) + [0xE9] + Array("\ntype: act\nsource: s\n---\n".utf8)),
                    status: 3, message: "latin1.md:3: not valid UTF-8 text"),
        HostileFile(name: "binary file named .md", file: "binary.md", content: .bytes([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0xFF, 0xFE]),
                    status: 3, message: "binary.md:1: not valid UTF-8 text"),
        HostileFile(name: "broken YAML", file: "broken.md", content: .text(frontMatter("id: broken\ntitle: [unclosed\ntype: act\nsource: s")),
                    status: 3, message: "broken.md:4: YAML error:"),
        HostileFile(name: "no front matter", file: "nofm.md", content: .text("# Just a heading\nText.\n"), status: 3,
                    message: "nofm.md:1: missing front matter"),
        HostileFile(name: "front matter never closed", file: "open.md", content: .text("---\nid: open\ntitle: Open\n## 1. X\n"), status: 3,
                    message: "open.md:1: front matter is not closed"),
        HostileFile(name: "front matter is a list", file: "list.md", content: .text(frontMatter("- id\n- title")), status: 3,
                    message: "list.md:2: front matter must be a mapping"),
        HostileFile(name: "required field missing", file: "nosource.md", content: .text(frontMatter("id: nosource\ntitle: T\ntype: act")),
                    status: 3, message: "nosource.md:1: missing required field 'source'"),
        HostileFile(name: "unknown type", file: "badtype.md", content: .text(frontMatter("id: badtype\ntitle: T\ntype: nonsense\nsource: s")),
                    status: 3, message: "badtype.md:4: unknown type 'nonsense'"),
        HostileFile(name: "duplicate id", file: "zz-duplicate.md",
                    content: .text(frontMatter("id: good-doc\ntitle: Copy\ntype: guideline\nsource: s")), status: 3,
                    message: "zz-duplicate.md:2: duplicate id 'good-doc' (already used by good.md)"),
        HostileFile(name: "id with ../", file: "escape.md", content: .text(frontMatter("id: ../../etc/passwd\ntitle: T\ntype: act\nsource: s")),
                    status: 3, message: "escape.md:2: invalid id '../../etc/passwd'"),
        HostileFile(name: "id with a slash", file: "slash.md", content: .text(frontMatter("id: a/b\ntitle: T\ntype: act\nsource: s")),
                    status: 3, message: "slash.md:2: invalid id 'a/b'"),
        HostileFile(name: "YAML nested 100,000 deep", file: "deep.md",
                    content: .text(frontMatter("id: deep\ntitle: T\ntype: act\nsource: s\naliases: " + String(repeating: "[", count: 100_000)
                        + String(repeating: "]", count: 100_000))),
                    status: 3, message: "deep.md:6: YAML error:"),
        HostileFile(name: "YAML alias bomb", file: "bomb.md",
                    content: .text(frontMatter("id: bomb\ntitle: T\ntype: act\nsource: s\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                        + (1...12).map { "a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 10).joined(separator: ", ") + "]" }
                        .joined(separator: "\n"))),
                    status: 3, message: "bomb.md:2: YAML expands to more than"),
        HostileFile(name: "YAML key that is a list", file: "listkey.md",
                    content: .text(frontMatter("id: listkey\ntitle: T\ntype: act\nsource: s\n? [a, b]\n: c")), status: 3,
                    message: "listkey.md:6: a YAML key must be plain text, not a list or a mapping"),
        HostileFile(name: "a Part numbered past Roman numerals", file: "roman.md",
                    content: .text(frontMatter("id: roman\ntitle: Roman\ntype: act\nsource: s", body: "# Part 99999999999 — Big\n## 1. Inside\nText.\n")),
                    status: 0, message: "rebuilt: 2 documents"),
        HostileFile(name: "a heading line of 200,000 characters", file: "long.md",
                    content: .text(frontMatter("id: long\ntitle: Long\ntype: act\nsource: s",
                                               body: "# a" + String(repeating: " #", count: 100_000) + "\nText.\n")),
                    status: 0, message: "rebuilt: 2 documents"),
        HostileFile(name: "CRLF line endings", file: "crlf.md",
                    content: .text(frontMatter("id: crlf\ntitle: CRLF\ntype: act\nsource: s").replacingOccurrences(of: "\n", with: "\r\n")),
                    status: 0, message: "rebuilt: 2 documents"),
        HostileFile(name: "UTF-8 byte order mark", file: "bom.md",
                    content: .bytes([0xEF, 0xBB, 0xBF] + Array(frontMatter("id: bom\ntitle: BOM\ntype: act\nsource: s").utf8)),
                    status: 0, message: "rebuilt: 2 documents"),
    ]

    /// A corpus holding the good document and `extra`, in its own directory.
    static func corpus(with extra: HostileFile? = nil, in home: URL) throws -> URL {
        let corpus = home.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try document.write(to: corpus.appendingPathComponent("good.md"), atomically: true, encoding: .utf8)
        guard let extra else { return corpus }
        let url = corpus.appendingPathComponent(extra.file)
        switch extra.content {
        case let .text(text): try text.write(to: url, atomically: true, encoding: .utf8)
        case let .bytes(bytes): try Data(bytes).write(to: url)
        case let .sparse(size):
            FileManager.default.createFile(atPath: url.path, contents: nil)
            #expect(truncate(url.path, off_t(size)) == 0)
        }
        return corpus
    }

    @Test(arguments: files)
    func hostileCorpusFile(_ hostile: HostileFile) throws {
        let home = SeraProcess.temporaryDirectory("sera-hostile-file")
        let corpus = try Self.corpus(with: hostile, in: home)
        let index = home.appendingPathComponent("index.sqlite").path
        let started = Date()
        let reload = try SeraProcess.run(["reload", "--corpus", corpus.path, "--index", index], home: home, timeout: 60)
        #expect(Date().timeIntervalSince(started) < 30, "\(hostile.name): reload took too long")
        #expect(reload.status == hostile.status, "\(hostile.name): \(reload.stdout) \(reload.stderr)")
        #expect(reload.stdout.contains(hostile.message), "\(hostile.name): \(reload.stdout)")
        let failures = reload.stdout.split(separator: "\n").filter { $0.hasPrefix("  failed ") }
        #expect(failures.count == (hostile.status == 0 ? 0 : 1), "\(reload.stdout)")
        // The rest of the corpus still loads and answers.
        let search = try SeraProcess.run(["search", "--corpus", corpus.path, "--index", index, "--format", "json", "hosted"], home: home)
        #expect(search.status == 0, "\(hostile.name): \(search.stderr)")
        #expect(search.stdout.contains("good-doc:1(1)"))
    }

    @Test func circularCrossReferencesResolveBothWaysWithoutLooping() throws {
        let home = SeraProcess.temporaryDirectory("sera-hostile-cycle")
        let corpus = try Self.corpus(in: home)
        for (id, title, other) in [("alpha-act", "Alpha Act", "Beta Act"), ("beta-act", "Beta Act", "Alpha Act")] {
            try Self.frontMatter("id: \(id)\ntitle: \(title)\ntype: act\nsource: s",
                                 body: "## 1. Duty\n(1) Everyone shall comply with section 1 of the \(other).\n## 2. Loop\nSee section 3.\n## 3. Back\nSee section 2.\n")
                .write(to: corpus.appendingPathComponent("\(id).md"), atomically: true, encoding: .utf8)
        }
        let index = home.appendingPathComponent("index.sqlite").path
        func show(_ ref: String) throws -> [String] {
            let result = try SeraProcess.run(["show", "--corpus", corpus.path, "--index", index, "--format", "json", ref], home: home, timeout: 30)
            #expect(result.status == 0, "\(ref): \(result.stderr)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return object["cross_refs"] as? [String] ?? []
        }
        #expect(try show("alpha-act:1(1)") == ["beta-act:1"])
        #expect(try show("beta-act:1(1)") == ["alpha-act:1"])
        #expect(try show("alpha-act:2") == ["alpha-act:3"])
        #expect(try show("alpha-act:3") == ["alpha-act:2"])
        let cites = try SeraProcess.run(["cites", "--corpus", corpus.path, "--index", index, "--format", "json", "alpha-act:2"], home: home)
        #expect(cites.status == 0)
        #expect(cites.stdout.contains("alpha-act:3"))
    }

    @Test func documentsWithTerminalEscapesArePrintedNeutralisedInEveryFormat() throws {
        let home = SeraProcess.temporaryDirectory("sera-hostile-escapes")
        let corpus = try Self.corpus(in: home)
        // Raw escapes in the text, and escapes spelled in YAML double quotes (decoded by the
        // YAML reader, after the file was cleaned).
        try Self.frontMatter(
            #"id: esc-doc"# + "\n" + #"title: "\e[2J\e[31mEvil \e]0;pwned\a title""# + "\n" + "type: act\n"
                + #"source: "\e[5mhttps://example.org\x9b31m""# + "\n" + #"aliases: ["\u202Eevil", "\0nul"]"#,
            body: "## 1. Escapes \u{1B}[31mred\u{1B}[0m\n(1) Body with \u{1B}]0;owned\u{7} OSC and \u{1B}[2J clear shall apply \u{9B}6n.\n")
            .write(to: corpus.appendingPathComponent("esc.md"), atomically: true, encoding: .utf8)
        let index = home.appendingPathComponent("index.sqlite").path
        let commands = [["show", "esc-doc:1"], ["show", "esc-doc:1(1)"], ["search", "body"], ["search", "evil"], ["docs"], ["toc", "esc-doc"],
                        ["cites", "esc-doc:1"], ["stats"]]
        for format in ["text", "json", "jsonl", "csv", "markdown"] {
            for command in commands {
                let result = try SeraProcess.run([command[0], "--corpus", corpus.path, "--index", index, "--format", format] + command.dropFirst(),
                                                 home: home)
                #expect([0, 1].contains(result.status), "\(format) \(command): \(result.stderr)")
                for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                    let bytes = Array(text.utf8)
                    #expect(!bytes.contains(0x1B) && !bytes.contains(0x07) && !bytes.contains(0x00), "\(format) \(command): raw control byte on \(stream)")
                    #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0 == "\u{202E}" },
                            "\(format) \(command): C1 control or override on \(stream)")
                    // JSON must not spell them either: a script printing a field would pass them on.
                    #expect(!text.contains("\\u001b") && !text.contains("\\u0007"), "\(format) \(command): escaped control on \(stream)")
                }
            }
        }
        // The maintainer is told where the raw control characters are.
        let lint = try SeraProcess.run(["lint", "--corpus", corpus.path, "--index", index], home: home)
        #expect(lint.status == 3)
        #expect(lint.stdout.contains("esc.md:8: control character"), "\(lint.stdout)")
        #expect(lint.stdout.contains("esc.md:9: control character"), "\(lint.stdout)")
    }
}
