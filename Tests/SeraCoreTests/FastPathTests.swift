import Foundation
import Testing
@testable import SeraCore

/// Byte-level fast paths give the answers of the general code they stand in front of.
@Suite struct FastPathTests {
    /// Every line of the shipped corpus and glossary, plus edges of the two rules.
    static let lines: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(at: TestPaths.corpus, includingPropertiesForKeys: nil)) ?? []
        let corpusLines = files.filter { ["md", "yaml"].contains($0.pathExtension) }.flatMap { url in
            ((try? String(contentsOf: url, encoding: .utf8)) ?? "").components(separatedBy: "\n")
        }
        return corpusLines + [
            "", " ", "\t", "a", "  two  words\t", "e-Government Act, 2019 (Cap. 273)", "s.24(1)(a)", "[brackets]",
            "@`{|}~^_", "x\u{7F}y", "A-Z a-z 0-9 /:;<=>?", "tab\there", " \u{0B}\u{0C}\r\n ",
            "\u{A0}non-breaking\u{A0}", "\u{2003}em space\u{3000}", "\u{2028}line\u{2029}", "\u{85}next\u{85}",
            "Café naïve", "Ṭ̈est", "١٢ digits", "mtandao — ‘serikali’",
        ]
    }()

    @Test func corpusHasLinesToCompare() {
        #expect(Self.lines.count > 1000)
    }

    @Test func asciiWordsAreTheScalarRule() {
        for line in Self.lines where line.utf8.allSatisfy({ $0 < 0x80 }) {
            #expect(QueryParser.asciiWords(line) == QueryParser.scalarWords(line), "\(line)")
        }
    }

    @Test(arguments: [
        ("  Section 24(1): ICT projects. ", ["Section", "24", "1", "ICT", "projects"]),
        ("e-government", ["e", "government"]),
        ("Café naïve", ["Café", "naïve"]),
        ("", []),
    ])
    func searchableWordsSplitAtNonLetters(text: String, words: [String]) {
        #expect(QueryParser.searchableWords(text) == words)
    }

    @Test func trimmingSpacesIsFoundations() {
        for line in Self.lines {
            #expect(line.trimmingSpaces() == line.trimmingCharacters(in: .whitespaces), "\(line.debugDescription)")
            #expect(line.trimmingSpacesAndNewlines() == line.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(line.debugDescription)")
            let substring = line.dropFirst()
            #expect(substring.trimmingSpaces() == substring.trimmingCharacters(in: .whitespaces))
        }
    }

    /// The byte check in front of JSON string escaping flags exactly the scalars the escaping
    /// loop changes, at the start, middle and end of a string.
    @Test func jsonEscapeCheckIsTheScalarRule() {
        for value in Array(0...0x3000) + [0xFEFF, 0xFFFD, 0x1F600] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let escaped = ["\"", "\\", "\n", "\r", "\t"].contains(String(scalar)) || CorpusFile.isForbiddenControl(scalar)
                || (0x2028...0x2029).contains(value)
            for text in [String(scalar), "ab" + String(scalar), String(scalar) + "—…"] {
                #expect(JSONValue.needsEscape(text) == escaped, "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test(arguments: ["", "plain", "a \"quote\"", "tab\there", "bidi \u{202E}x", "sep \u{2028}", "c1 \u{85}", "… › —"])
    func jsonStringsRoundTrip(text: String) throws {
        let encoded = JSONValue.string(text).encoded()
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test func foldingForComparisonIsFoundations() {
        for line in Self.lines {
            #expect(line.foldedForComparison == line.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased(),
                    "\(line.debugDescription)")
        }
    }

    @Test func asciiNormalisingIsTheWordRule() {
        for line in Self.lines where line.utf8.allSatisfy({ $0 < 0x80 }) {
            #expect(Glossary.asciiNormalised(line) == Glossary.words(line).joined(separator: " "), "\(line.debugDescription)")
        }
        #expect(Glossary.asciiNormalised("Café") == nil)
        #expect(Glossary.normalise("  E-Government  Act, 2019 ") == "e government act 2019")
    }
}
