import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The interactive shell, driven through a pseudo-terminal: the real binary, real libedit, a
/// temporary HOME (index, history and ~/.editrc) for each test.
@Suite(.serialized) struct ShellTests {
    static let prompt = "sera> "
    static let corpusArguments = ["--corpus", SeraProcess.corpus.path]

    /// Starts the shell and waits for its first prompt; returns the terminal and the banner.
    static func start(home: URL, environment: [String: String] = [:], rows: Int = 40,
                      columns: Int = 100) throws -> (PseudoTerminal, String) {
        let terminal = try PseudoTerminal(corpusArguments, home: home, environment: environment, rows: rows, columns: columns)
        let banner = try prompted(terminal, timeout: 120)
        return (terminal, banner)
    }

    /// Waits for the prompt and for libedit to be reading keys; returns what came before it.
    @discardableResult
    static func prompted(_ terminal: PseudoTerminal, timeout: TimeInterval = 30) throws -> String {
        let screen = try terminal.expect(prompt, timeout: timeout)
        try terminal.waitForLineEditing()
        return screen
    }

    /// Runs sera in batch mode on the same corpus and index as the shell in `home`.
    static func batch(_ arguments: [String], home: URL) throws -> SeraProcess.Result {
        try SeraProcess.run(corpusArguments + arguments, home: home)
    }

    /// Text as seen on the screen once colour sequences are taken out.
    static func plain(_ text: String) -> String {
        text.replacing(#/\x{1B}\[[0-9;]*m/#, with: "")
    }

    static func hasColour(_ text: String) -> Bool {
        text.contains(#/\x{1B}\[[0-9;]*m/#)
    }

    /// The history file's entries, decoded from libedit's `\040` escapes.
    static func history(_ home: URL) -> [String] {
        guard let data = try? Data(contentsOf: home.appendingPathComponent("state/sera/history")) else { return [] }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        return lines.dropFirst().map { line in
            var bytes: [UInt8] = []
            var index = line.startIndex
            while index < line.endIndex {
                let octal = line[index...].prefix(4)
                if line[index] == UInt8(ascii: "\\"), octal.count == 4,
                   let value = UInt8(String(decoding: octal.dropFirst(), as: UTF8.self), radix: 8) {
                    bytes.append(value)
                    index += 4
                } else if line[index] == UInt8(ascii: "\\"), index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: "\\") {
                    bytes.append(UInt8(ascii: "\\"))
                    index += 2
                } else {
                    bytes.append(line[index])
                    index += 1
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    // MARK: A first session

    @Test func theBannerNamesTheCorpusAndAQueryAnswersWithNumberedHits() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, banner) = try Self.start(home: home)
        let stats = try #require(try JSONSerialization.jsonObject(
            with: Data(Self.batch(["stats", "--format", "json"], home: home).stdout.utf8)) as? [String: Any])
        let documents = try #require(stats["documents"] as? Int)
        let clauses = try #require(stats["clauses"] as? Int)
        let grouping = NumberFormatter()
        grouping.numberStyle = .decimal
        grouping.locale = Locale(identifier: "en_US")
        let screen = Self.plain(banner)
        #expect(screen.contains(SeraProcess.corpus.standardizedFileURL.path))
        #expect(screen.contains("\(documents) documents, \(grouping.string(from: NSNumber(value: clauses))!) clauses"))
        #expect(screen.contains("help"))

        let expected = try Self.jsonLines(Self.batch(["search", "ICT", "projects", "--format", "jsonl"], home: home).stdout)
        let firstRef = try #require(expected.first?["ref"] as? String)
        let secondRef = try #require(expected.dropFirst().first?["ref"] as? String)
        terminal.send("ICT projects\r")
        let hits = Self.plain(try Self.prompted(terminal))
        #expect(hits.contains("1. \(firstRef)"))
        #expect(hits.contains("2. \(secondRef)"))

        terminal.send("onyesha 2\r")
        let shown = Self.plain(try Self.prompted(terminal))
        #expect(shown.components(separatedBy: "\r\n").dropFirst().first?.hasPrefix(secondRef + " ") == true, "\(shown)")
        terminal.send("\u{4}")
        #expect(terminal.waitForExit() == 0, "\(terminal.transcript.suffix(400))")
    }

    // MARK: Completion

    @Test func tabCompletesACommandName() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home)
        terminal.send("sho\t")
        // libedit redraws only what changed: the completed "w " after a cursor move.
        try terminal.expect("w ", timeout: 10)
        terminal.send("ega-act-2019:24\r")
        let shown = Self.plain(try Self.prompted(terminal))
        #expect(Self.history(home).last == "show ega-act-2019:24")
        #expect(shown.contains("ega-act-2019:24  "))
    }

    @Test func tabAfterADocumentListsItsSectionNumbers() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home)
        let toc = try Self.jsonLines(Self.batch(["toc", "ega-act-2019", "--format", "jsonl"], home: home).stdout)
        let sections = toc.compactMap { ($0["ref"] as? String)?.split(separator: ":").last.map(String.init) }
            .filter { $0.hasPrefix("2") && !$0.contains("(") }
        #expect(sections.contains("2") && sections.contains("20") && sections.contains("26"))

        terminal.send("show ega-act-2019:2")
        try terminal.expect("show ega-act-2019:2", timeout: 10)
        terminal.send("\t")
        let listing = Self.plain(try Self.prompted(terminal, timeout: 10))
        let listed = listing.components(separatedBy: "\r\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(listed).isSuperset(of: sections), "\(listing)")
        #expect(!listed.contains("3") && !listed.contains("19"))
        // The line is still there, and the shell goes on with it.
        terminal.send("4\r")
        try Self.prompted(terminal)
        #expect(Self.history(home).last == "show ega-act-2019:24")
    }

    // MARK: History and keys

    @Test func upRecallsAQueryFromAPreviousRun() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        do {
            let (terminal, _) = try Self.start(home: home)
            terminal.send("usalama wa mifumo\r")
            try Self.prompted(terminal)
            terminal.send("\u{4}")
            #expect(terminal.waitForExit() == 0)
        }
        let file = home.appendingPathComponent("state/sera/history")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("_HiStOrY_V2_\n"))

        let (terminal, _) = try Self.start(home: home)
        terminal.send("\u{1B}[A")
        try terminal.expect("usalama wa mifumo", timeout: 10)
        terminal.send("\r")
        let answer = Self.plain(try Self.prompted(terminal))
        #expect(answer.contains("1. "))
        // Recalled and run again: a consecutive duplicate, so not recorded twice.
        #expect(Self.history(home) == ["usalama wa mifumo"])
    }

    @Test func ctrlRSearchesTheHistory() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home)
        for line in ["usalama wa mifumo", "hosting"] {
            terminal.send(line + "\r")
            try Self.prompted(terminal)
        }
        terminal.send("\u{12}usal")
        try terminal.expect("usalama wa mifumo", timeout: 10)
        terminal.send("\r")
        try Self.prompted(terminal)
        #expect(Self.history(home) == ["usalama wa mifumo", "hosting", "usalama wa mifumo"])
    }

    @Test func ctrlCAbandonsTheLineAndTheShellGoesOn() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home)
        terminal.send("half typed")
        try terminal.expect("half typed", timeout: 10)
        terminal.send("\u{3}")
        try terminal.expect("^C", timeout: 10)
        try Self.prompted(terminal, timeout: 10)
        terminal.send("stats\r")
        let stats = Self.plain(try Self.prompted(terminal))
        #expect(stats.contains("documents"))
        #expect(Self.history(home) == ["stats"])
    }

    @Test func anInterruptFromOutsideDoesNotEndTheShell() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home)
        kill(terminal.pid, SIGINT)
        try Self.prompted(terminal, timeout: 10)
        terminal.send("stats\r")
        let stats = Self.plain(try Self.prompted(terminal))
        #expect(stats.contains("documents"), "\(terminal.transcript)")
        terminal.send("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test(arguments: ["\u{4}", "quit\r", "toka\r"])
    func leavesWithStatusZero(keys: String) throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home)
        terminal.send(keys)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func backspaceDeletesCharactersNotBytes() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        // No locale in the environment, as in many containers: the shell must still edit by character.
        let (terminal, _) = try Self.start(home: home, environment: ["LANG": "", "LC_ALL": "", "LC_CTYPE": ""])
        terminal.send("usalama\u{7F}\u{7F}\r")
        try Self.prompted(terminal)
        terminal.send("ulinzi wa taarifa é\u{7F}\u{7F}ü\r")
        try Self.prompted(terminal)
        #expect(Self.history(home) == ["usala", "ulinzi wa taarifaü"])
    }

    @Test func editrcBindingsApply() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        try "sera:bind -s ^T usalama\n".write(to: home.appendingPathComponent(".editrc"), atomically: true, encoding: .utf8)
        let (terminal, _) = try Self.start(home: home)
        terminal.send("\u{14}\r")
        try Self.prompted(terminal)
        #expect(Self.history(home) == ["usalama"])
    }

    // MARK: Output

    @Test(arguments: [false, true])
    func colourOnlyWithoutNoColor(noColor: Bool) throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, banner) = try Self.start(home: home, environment: noColor ? ["NO_COLOR": "1"] : [:])
        terminal.send("hosting\r")
        let hits = try Self.prompted(terminal)
        terminal.send("show ega-act-2019:24\r")
        let shown = try Self.prompted(terminal)
        terminal.send("nosuchwordanywhere\r")
        let nothing = try Self.prompted(terminal)
        let screen = banner + hits + shown + nothing
        #expect(Self.hasColour(screen) == !noColor)
        #expect(Self.plain(hits).contains("1. "))
    }

    @Test func aPipeGetsNoPromptNoBannerAndNoColour() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let result = try SeraProcess.run(Self.corpusArguments, input: "show ega-act-2019:24\n", home: home,
                                         environment: ["TERM": "xterm"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("ega-act-2019:24"))
        for stream in [result.stdout, result.stderr] {
            #expect(!stream.contains("sera>"))
            #expect(!stream.contains("Ctrl-D"))
            #expect(!stream.contains("\u{1B}"))
        }
    }

    @Test func onlyOutputTallerThanTheScreenGoesThroughThePager() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let pager = home.appendingPathComponent("pager.sh")
        try "#!/bin/sh\necho PAGED-BY-TEST\ncat\n".write(to: pager, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: pager.path)
        let (terminal, _) = try Self.start(home: home, environment: ["PAGER": pager.path], rows: 30)
        let tocLines = try Self.batch(["toc", "ega-act-2019"], home: home).stdout.split(separator: "\n").count
        #expect(tocLines > 30)

        terminal.send("toc ega-act-2019\r")
        let long = try Self.prompted(terminal)
        #expect(long.contains("PAGED-BY-TEST"))
        terminal.send("stats\r")
        let short = try Self.prompted(terminal)
        #expect(!short.contains("PAGED-BY-TEST"))
        #expect(short.contains("documents"))
    }

    @Test func aResizedTerminalWrapsToItsNewWidth() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home, columns: 120)
        /// The widest line of clause text (the renderer wraps those; headings and URLs it does not).
        func widest(_ text: String) -> Int {
            Self.plain(text).components(separatedBy: "\r\n")
                .filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("(") }.map(\.count).max() ?? 0
        }
        terminal.send("show ega-act-2019:24\r")
        let wide = try Self.prompted(terminal)
        #expect(widest(wide) > 60)
        // The command follows the resize at once: the width must not depend on signal timing.
        terminal.resize(rows: 40, columns: 60)
        terminal.send("show ega-act-2019:24\r")
        let narrow = try Self.prompted(terminal)
        #expect(widest(narrow) <= 60, "\(narrow)")
    }

    @Test func aReloadElsewhereIsNoticedInOneLine() throws {
        let home = SeraProcess.temporaryDirectory("sera-shell")
        let (terminal, _) = try Self.start(home: home)
        terminal.send("stats\r")
        try Self.prompted(terminal)
        let reload = try Self.batch(["reload", "--force"], home: home)
        #expect(reload.status == 0)
        terminal.send("ICT projects\r")
        let lines = Self.plain(try Self.prompted(terminal)).components(separatedBy: "\r\n")
        let notices = lines.filter { $0.contains("reloaded elsewhere") }
        #expect(notices == ["index changed on disk (reloaded elsewhere); reopened"])
        #expect(lines.contains { $0.contains("1. ") })
    }
}
