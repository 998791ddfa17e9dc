import Foundation
import Testing
@testable import SeraCore

/// Renderers: colour reaches a terminal intact, corpus control characters never do.
@Suite struct RenderTests {
    func hit(snippet: [(String, Bool)]) -> Hit {
        Hit(rank: 1, ref: "doc:1", doc: "doc", docTitle: "Doc", type: .act, status: .inForce, heading: "Heading",
            breadcrumb: ["1. Heading"], snippet: snippet, obligation: .must, score: -1, source: "https://example.org",
            fidelity: .digest, language: .en, kind: .section)
    }

    @Test(arguments: [0, 60])
    func matchesAreColouredOnATerminalAtAnyWidth(width: Int) {
        let result = SearchResult(query: Query(text: "usalama"), hits: [hit(snippet: [("kupima ", false), ("usalama", true), (" wa mifumo", false)])], total: 1)
        let text = Renderer(format: .text, style: TextStyle(color: true, width: width)).render(result)
        #expect(text.contains("\u{1B}[1;33musalama\u{1B}[0m"))
        #expect(!text.contains("\u{FFFD}"))
    }

    @Test func matchesAreBracketedWithoutColour() {
        let result = SearchResult(query: Query(text: "usalama"), hits: [hit(snippet: [("kupima ", false), ("usalama", true)])], total: 1)
        let text = Renderer(format: .text, style: TextStyle(color: false, width: 80)).render(result)
        #expect(text.contains("kupima [usalama]"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test(arguments: OutputFormat.allCases)
    func escapeSequencesInCorpusTextAreNeutralisedInEveryFormat(format: OutputFormat) {
        let hostile = "evil \u{1B}]0;pwned\u{07} \u{1B}[2J text \u{202E}"
        let result = SearchResult(query: Query(text: "x"), hits: [hit(snippet: [(hostile, false), ("x", true)])], total: 1)
        let text = Renderer(format: format, style: TextStyle(color: false, width: 80)).render(result)
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" })
    }
}
