import Foundation
import SeraCore
import Testing
@testable import SeraShell

/// When long output goes through `$PAGER`, and which pager.
@Suite struct PagerTests {
    @Test(arguments: [
        ([:], ["less", "-R"]),
        (["PAGER": ""], nil),
        (["PAGER": "  "], nil),
        (["PAGER": "more"], ["more"]),
        (["PAGER": "less  -R -S"], ["less", "-R", "-S"]),
    ] as [([String: String], [String]?)])
    func readsThePagerFromTheEnvironment(environment: [String: String], expected: [String]?) {
        #expect(Pager(environment: environment).command == expected)
    }

    @Test func countsScreenRowsWithWrappingAndWithoutColour() {
        #expect(Pager.rowsNeeded("a\nb\n", columns: 80) == 2)
        #expect(Pager.rowsNeeded("a\n\nb", columns: 80) == 3)
        #expect(Pager.rowsNeeded(String(repeating: "x", count: 250) + "\n", columns: 100) == 3)
        let coloured = TextStyle(color: true).match(String(repeating: "x", count: 100))
        #expect(Pager.rowsNeeded(coloured + "\n", columns: 100) == 1)
    }

    @Test func pagesOnlyWhatIsTallerThanTheScreen() {
        let screen = TerminalSize(rows: 10, columns: 80)
        let fits = String(repeating: "line\n", count: 9)
        let tall = String(repeating: "line\n", count: 10)
        let pager = Pager(command: ["less", "-R"])
        #expect(!pager.shouldPage(fits, on: screen))
        #expect(pager.shouldPage(tall, on: screen))
        #expect(!Pager(command: nil).shouldPage(tall, on: screen))
    }

    @Test func runsThePagerWithTheTextOnItsInput() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sera-pager-\(UUID().uuidString)")
        let text = (1...500).map { "line \($0) · kifungu\n" }.joined()
        #expect(Pager(command: ["dd", "of=\(file.path)", "status=none"]).show(text))
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
    }

    @Test func aMissingPagerIsReportedToTheCaller() {
        #expect(!Pager(command: ["/nonexistent/pager-\(UUID().uuidString)"]).show("text\n"))
    }
}

/// The pieces of the shell that need no terminal.
@Suite struct ShellPartsTests {
    @Test(arguments: [(0, "0"), (999, "999"), (1_056, "1,056"), (1_234_567, "1,234,567")])
    func groupsThousands(number: Int, expected: String) {
        #expect(Shell.grouped(number) == expected)
    }

    @Test func ctrlCCountsOnlyWhileACommandRuns() {
        let interrupter = QueryInterrupter()
        interrupter.fire()
        interrupter.arm(nil)
        #expect(!interrupter.disarm())
        interrupter.arm(nil)
        interrupter.fire()
        #expect(interrupter.disarm())
        #expect(!interrupter.disarm())
    }

    @Test func notesAreOneNeutralisedLine() {
        #expect(Console.oneLine("index changed\non disk \u{1B}[2J") == "index changed on disk \u{FFFD}[2J")
    }
}
