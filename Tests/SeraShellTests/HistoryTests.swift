import Foundation
import Testing
@testable import SeraShell

/// Which lines the shell remembers, where, and how the file is written.
@Suite struct HistoryTests {
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sera-history-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func lines(of url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    @Test(arguments: [
        ("usalama wa mifumo", nil, true),
        ("hosting", "backup", true),
        ("hosting", "hosting", false),
        (" my private search", nil, false),
        ("\tshow 3", nil, false),
        ("", nil, false),
        ("   ", nil, false),
    ] as [(String, String?, Bool)])
    func recordsOnlyWhatItShould(line: String, previous: String?, expected: Bool) {
        #expect(HistoryPolicy.shouldRecord(line, previous: previous) == expected)
    }

    @Test func livesUnderXDGStateHomeElseUnderHome() {
        #expect(HistoryPolicy.location(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path == "/s/sera/history")
        #expect(HistoryPolicy.location(environment: ["HOME": "/h"]).path == "/h/.local/state/sera/history")
        #expect(HistoryPolicy.location(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]).path == "/h/.local/state/sera/history")
        #expect(HistoryPolicy.location(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]).path == "/h/.local/state/sera/history")
    }

    @Test func savesAPrivateFileWithLibeditsHeaderAndReadsItBack() throws {
        let url = Self.temporaryDirectory().appendingPathComponent("state/sera/history")
        let history = LineHistory()
        for line in ["usalama wa mifumo", "show ega-act-2019:24", " secret", "show ega-act-2019:24", "ulinzi wa taarifa — é"] {
            history.record(line)
        }
        try history.save(to: url)
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: url.deletingLastPathComponent().path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(try Self.lines(of: url).first == "_HiStOrY_V2_")

        let reloaded = LineHistory()
        try reloaded.load(from: url)
        #expect(reloaded.entries == ["usalama wa mifumo", "show ega-act-2019:24", "ulinzi wa taarifa — é"])
        #expect(reloaded.newest == "ulinzi wa taarifa — é")
        // The newest entry is remembered across runs, so repeating it adds nothing.
        #expect(!reloaded.record("ulinzi wa taarifa — é"))
    }

    @Test func keepsTheNewestEntriesUpToTheCapacity() throws {
        let url = Self.temporaryDirectory().appendingPathComponent("history")
        let history = LineHistory(capacity: 50)
        for number in 1...80 { history.record("query \(number)") }
        #expect(history.entries.count == 50)
        try history.save(to: url)
        let lines = try Self.lines(of: url)
        #expect(lines.count == 51)
        #expect(lines.first == "_HiStOrY_V2_")

        let reloaded = LineHistory(capacity: 50)
        try reloaded.load(from: url)
        #expect(reloaded.entries == (31...80).map { "query \($0)" })
    }

    @Test func anOversizedFileIsCutWhenLoadedAndSavedWithItsHeader() throws {
        let url = Self.temporaryDirectory().appendingPathComponent("history")
        let entries = (1...2_500).map { "query\($0)" }
        try (["_HiStOrY_V2_"] + entries).map { $0 + "\n" }.joined().write(to: url, atomically: true, encoding: .utf8)
        let history = LineHistory()
        try history.load(from: url)
        #expect(history.entries == Array(entries.suffix(HistoryPolicy.capacity)))
        history.record("one more")
        try history.save(to: url)
        let lines = try Self.lines(of: url)
        #expect(lines.first == "_HiStOrY_V2_")
        #expect(lines.count == HistoryPolicy.capacity + 1)
        #expect(lines.last == "one\\040more")
    }

    @Test func aFileInAnotherFormatIsReported() throws {
        let url = Self.temporaryDirectory().appendingPathComponent("history")
        try "a readline history\nwithout the header\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: HistoryError.unreadable(path: url.path)) { try LineHistory().load(from: url) }
    }

    @Test func aMissingFileIsAnEmptyHistory() throws {
        let history = LineHistory()
        try history.load(from: Self.temporaryDirectory().appendingPathComponent("none"))
        #expect(history.entries.isEmpty)
        #expect(history.newest == nil)
    }

    @Test func anUnwritablePlaceIsReported() throws {
        let blocker = Self.temporaryDirectory().appendingPathComponent("file")
        try "".write(to: blocker, atomically: true, encoding: .utf8)
        let history = LineHistory()
        history.record("hosting")
        #expect(throws: HistoryError.self) { try history.save(to: blocker.appendingPathComponent("sera/history")) }
    }
}
