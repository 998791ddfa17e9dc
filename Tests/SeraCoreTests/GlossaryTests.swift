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

    @Test func windowsLineEndingsReadTheSame() {
        let text = "# header\r\n- sw: [\"serikali mtandao\", mfumo]  # trailing\r\n  en: [e-government]\r\n\r\n- en: [e-GA, eGA]\r\n"
        #expect(Glossary.plainEntries(text) == [["serikali mtandao", "mfumo", "e-government"], ["e-GA", "eGA"]])
    }

    @Test func kiswahiliAndAccentedTermsSurviveByteParsing() {
        #expect(Glossary.plainEntries("- sw: [ufuatiliaji, 'café la mtandao']\n  en: [naïve term ,  x ]\n")
            == [["ufuatiliaji", "café la mtandao", "naïve term", "x"]])
    }

    /// Front matter scalars are read as written, not typed by YAML 1.1 rules: `yes` stays a title,
    /// `010` keeps its zero, dates keep their form, and YAML's "no value" spellings are no value.
    @Test(arguments: [
        ("title: yes", "yes", nil, nil),
        ("title: T\nnumber: 010", "T", "010", nil),
        ("title: T\nnumber: 1.50", "T", "1.50", nil),
        ("title: T\neffective: 2019-12-15", "T", nil, "2019-12-15"),
        ("title: T\neffective: !!timestamp 2019-12-15", "T", nil, "2019-12-15"),
        ("title: T\nnumber: ~\neffective: null", "T", nil, nil),
        ("title: 'null text'\nnumber: \"273\"", "null text", "273", nil),
    ] as [(String, String, String?, String?)])
    func frontMatterScalarsAreReadAsWritten(fields: String, title: String, number: String?, effective: String?) throws {
        let metadata = try FrontMatter.parse("id: x\ntype: act\nsource: s\n" + fields, file: "x.md")
        #expect(metadata.title == title)
        #expect(metadata.number == number)
        #expect(metadata.effective == effective)
    }
}
