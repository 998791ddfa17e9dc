import Foundation
import Testing
import Yams
@testable import SeraCore

/// The glossary's plain-list fast path reads exactly what YAML reads.
@Suite struct GlossaryTests {
    @Test func fastPathEqualsYAMLOnTheShippedGlossary() throws {
        let text = try String(contentsOf: TestPaths.corpus.appendingPathComponent("glossary.yaml"), encoding: .utf8)
        let fast = try #require(Glossary.plainEntries(text))
        let yaml = try #require(try Yams.load(yaml: text) as? [[String: [Any]]])
        #expect(fast.count == yaml.count)
        for (plain, entry) in zip(fast, yaml) {
            let expected = ((entry["sw"] ?? []) + (entry["en"] ?? [])).map { "\($0)" }.sorted()
            #expect(plain.sorted() == expected)
        }
    }

    @Test(arguments: [
        "- sw: [a, b]\n  en: {x: 1}\n",
        "- sw: [a, &anchor b]\n",
        "- fr: [a]\n",
        "  en: [a]\n",
        "- sw: [a] trailing\n",
    ])
    func anythingElseTakesTheYAMLPath(text: String) {
        #expect(Glossary.plainEntries(text) == nil)
    }

    @Test func commentsQuotesAndContinuationLines() {
        let text = "# header\n- sw: [\"serikali mtandao\", mfumo]  # trailing\n  en: [e-government]\n\n- en: [e-GA, eGA]\n"
        #expect(Glossary.plainEntries(text) == [["serikali mtandao", "mfumo", "e-government"], ["e-GA", "eGA"]])
    }
}
