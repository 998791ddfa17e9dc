import Foundation
import Testing
@testable import SeraCore

/// `show` on a clause with a Kiswahili twin: two columns on a wide terminal, one under the other
/// on a narrow one or in a pipe.
@Suite struct TwinLayoutTests {
    static let document = DocumentMetadata(id: "ega-act-2019", title: "e-Government Act, 2019", type: .act, source: "https://example.org/act")

    static func detail(_ language: Language, heading: String, text: String, child: String) -> ClauseDetail {
        let clause = Clause(docID: "ega-act-2019", path: "24", kind: .section, label: "24", heading: heading, text: text, language: language)
        let subsection = Clause(docID: "ega-act-2019", path: "24(1)", kind: .subsection, label: "(1)", text: child, parentPath: "24", language: language)
        var metadata = document
        metadata.language = language
        return ClauseDetail(clause: clause, document: metadata, descendants: [(subsection, 1)])
    }

    static let twinned: ClauseDetail = {
        var english = detail(.en, heading: "ICT projects", text: "",
                             child: "Every public institution shall carry out its ICT projects in line with the technical standards and guidelines e-GA prescribes.")
        english.translations = [detail(.sw, heading: "Miradi ya TEHAMA", text: "",
                                       child: "Kila taasisi ya umma itapaswa kutekeleza miradi yake ya TEHAMA kwa kufuata viwango na miongozo ya kiufundi.")]
        return english
    }()

    @Test func wideTerminalsPutTheTwinBesideTheClause() {
        let width = 140
        let text = Renderer(format: .text, style: TextStyle(color: false, width: width)).render(Self.twinned)
        let lines = text.components(separatedBy: "\n")
        let headingRow = try? #require(lines.first { $0.hasPrefix("English: ICT projects") })
        #expect(headingRow?.contains("│ Kiswahili: Miradi ya TEHAMA") == true, "\(text)")
        #expect(lines.contains { $0.contains("(1) Every public institution") && $0.contains("│ (1) Kila taasisi ya umma") })
        #expect(lines.allSatisfy { $0.count <= width }, "no line is wider than the terminal")
        #expect(text.hasSuffix("Source: https://example.org/act\n"))
        #expect(!text.contains("── Kiswahili ──"))
    }

    @Test(arguments: [0, 80, 119])
    func narrowTerminalsPutTheTwinUnderTheClause(width: Int) throws {
        let text = Renderer(format: .text, style: TextStyle(color: false, width: width)).render(Self.twinned)
        let english = try #require(text.range(of: "(1) Every public institution"))
        let divider = try #require(text.range(of: "── Kiswahili ──"))
        let kiswahili = try #require(text.range(of: "(1) Kila taasisi ya umma"))
        #expect(english.lowerBound < divider.lowerBound && divider.lowerBound < kiswahili.lowerBound)
        #expect(!text.contains(" │ "))
    }

    @Test func aClauseWithoutATwinPrintsAsBefore() {
        let single = Self.detail(.en, heading: "ICT projects", text: "", child: "Every public institution shall carry out its ICT projects.")
        let text = Renderer(format: .text, style: TextStyle(color: false, width: 140)).render(single)
        #expect(text.hasPrefix("ega-act-2019:24  ICT projects\n"))
        #expect(!text.contains("Kiswahili") && !text.contains(" │ "))
    }
}
