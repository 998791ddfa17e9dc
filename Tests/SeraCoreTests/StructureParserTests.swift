import Foundation
import Testing
@testable import SeraCore

/// The structure parser on tricky numbering, in English and Kiswahili.
@Suite struct StructureParserTests {
    /// Parses a digest body under a minimal front matter.
    func parse(_ body: String, id: String = "test-act", language: String = "en", file: String = "test.md") throws -> Document {
        let text = """
            ---
            id: \(id)
            title: Test Act
            type: act
            language: \(language)
            source: https://example.org/test
            ---
            \(body)
            """
        return try MarkdownDigestParser.parse(text, file: file).0
    }

    func refs(_ document: Document) -> [String] {
        document.clauses.map(\.ref)
    }

    @Test func partsSectionsSubsectionsAndParagraphsNest() throws {
        let document = try parse("""
            # Part V — Infrastructure
            ## 24. ICT projects
            (1) A public institution shall plan.
            (2) It shall also:
            (a) submit details;
            (b) keep records.
            ## 25. Systems
            Text of section 25.
            """)
        #expect(refs(document) == [
            "test-act", "test-act:part-V", "test-act:24", "test-act:24(1)", "test-act:24(2)",
            "test-act:24(2)(a)", "test-act:24(2)(b)", "test-act:25",
        ])
        let paragraph = try #require(document.clauses.first { $0.path == "24(2)(b)" })
        #expect(paragraph.parentPath == "24(2)")
        #expect(paragraph.breadcrumb == ["Part V — Infrastructure", "24. ICT projects", "(2)", "(b)"])
        #expect(paragraph.heading == "ICT projects")
        #expect(paragraph.text == "keep records.")
        let section = try #require(document.clauses.first { $0.path == "25" })
        #expect(section.parentPath == "part-V")
        #expect(section.text == "Text of section 25.")
    }

    @Test func romanSubparagraphsAndTheLetterI() throws {
        // (i) after (h) is the ninth paragraph unless (ii) follows; (i) after (a) is a subparagraph.
        let document = try parse("""
            ## 5. Functions
            (a) one:
            (i) first;
            (ii) second;
            (b) two;
            (c) c; (d) d;
            (h) eight;
            (i) nine;
            (j) ten.
            ## 6. Powers
            (h) require:
            (i) information; or
            (ii) answers;
            (i) examine records.
            """)
        let paths = Set(document.clauses.map(\.path))
        #expect(paths.isSuperset(of: ["5(a)(i)", "5(a)(ii)", "5(b)", "5(h)", "5(i)", "5(j)", "6(h)(i)", "6(h)(ii)", "6(i)"]))
        #expect(!paths.contains("5(h)(i)"))
        #expect(document.clauses.first { $0.path == "5(a)(ii)" }?.kind == .subparagraph)
        #expect(document.clauses.first { $0.path == "6(i)" }?.kind == .paragraph)
    }

    @Test(arguments: [
        ("# Sehemu ya Tano — Miundombinu", "part-V"),
        ("# Sehemu ya Kumi na Mbili — Masharti ya jumla", "part-XII"),
        ("# SEHEMU YA KWANZA", "part-I"),
        ("# PART XI — Consequential Amendments", "part-XI"),
        ("# Part 3 — Numbered in digits", "part-III"),
        ("# Jedwali la Kwanza — Taratibu", "schedule-1"),
        ("# First Schedule — Forms", "schedule-1"),
        ("# Schedule — Proceedings of the Board", "schedule"),
        ("## Kifungu 24 — Miradi ya TEHAMA", "24"),
        ("## 12A. Inserted section", "12A"),
        ("## 5.2.3 Backup of data", "5.2.3"),
        ("## GovESB — the integration bus {#govesb}", "govesb"),
        ("## Hosting options", "hosting-options"),
    ])
    func headingsBecomeRefs(heading: String, path: String) throws {
        let document = try parse(heading + "\nSome text.")
        #expect(document.clauses.map(\.path).contains(path), "\(heading) → \(document.clauses.map(\.path))")
    }

    @Test func scheduleParagraphsAreNamedUnderTheSchedule() throws {
        let document = try parse("""
            # Part I — Preliminary
            ## 1. Short title
            Text.
            # Schedule — Proceedings of the Board
            ## 1. Election of Vice Chairman
            (1) The Board elects one.
            ## 2. Tenure
            """)
        #expect(refs(document).contains("test-act:schedule/1(1)"))
        #expect(refs(document).contains("test-act:schedule/2"))
        #expect(refs(document).contains("test-act:1"))
        #expect(document.clauses.first { $0.path == "schedule/1" }?.parentPath == "schedule")
    }

    @Test func dottedNumberingNestsByPrefixDepth() throws {
        let document = try parse("""
            ## 5 Security
            ## 5.2 Backup
            ## 5.2.3 Offsite copies
            An institution should keep offsite copies.
            ## 5.3 Access
            """)
        #expect(document.clauses.first { $0.path == "5.2.3" }?.parentPath == "5.2")
        #expect(document.clauses.first { $0.path == "5.3" }?.parentPath == "5")
        #expect(document.clauses.first { $0.path == "5.2.3" }?.obligation == .should)
    }

    @Test func kiswahiliTwinKeepsNumberingAndLanguage() throws {
        let document = try parse("""
            # Sehemu ya Tano — Miundombinu na Mifumo
            ## 24. Miradi ya TEHAMA
            (1) Taasisi ya umma itahakikisha mradi unazingatia viwango.
            """, file: "test-act.sw.md")
        #expect(document.metadata.language == .sw)
        let clause = try #require(document.clauses.first { $0.path == "24(1)" })
        #expect(clause.language == .sw)
        #expect(clause.obligation == .must)
        #expect(clause.breadcrumb.first == "Sehemu ya Tano — Miundombinu na Mifumo")
    }

    @Test func duplicateNumbersAreReportedWithTheirLine() throws {
        let text = """
            ---
            id: dup
            title: Dup
            type: act
            source: x
            ---
            ## 3. One
            ## 3. Again
            """
        let (_, problems) = try MarkdownDigestParser.parse(text, file: "dup.md")
        #expect(problems.map(\.description) == ["dup.md:8: duplicate clause number: dup:3 already exists"])
    }

    @Test func topicsApplyToTheHeadingAndItsChildren() throws {
        let document = try parse("""
            ## 26. Government ICT resources
            <!-- topics: system-registration, security -->
            (1) A public institution shall register its systems.
            """)
        #expect(document.clauses.first { $0.path == "26" }?.topics == ["system-registration", "security"])
        #expect(document.clauses.first { $0.path == "26(1)" }?.topics == ["system-registration", "security"])
    }

    @Test(arguments: [
        ("---\ntitle: T\ntype: act\nsource: s\n---\n", "x.md:1: missing required field 'id'"),
        ("---\nid: x\ntitle: T\ntype: statute\nsource: s\n---\n", "x.md:4: unknown type 'statute' (expected one of: act, regulations, policy, strategy, standard, guideline, circular, directive)"),
        ("---\nid: ../etc\ntitle: T\ntype: act\nsource: s\n---\n", "x.md:2: invalid id '../etc': use lower-case letters, digits, '.' and '-' only"),
        ("no front matter\n", "x.md:1: missing front matter: the file must start with a '---' line"),
        ("---\nid: x\ntitle: [unclosed\ntype: act\nsource: s\n---\n", nil),
    ] as [(String, String?)])
    func frontMatterErrorsNameFileAndLine(text: String, message: String?) throws {
        do {
            _ = try MarkdownDigestParser.parse(text, file: "x.md")
            Issue.record("expected an error for \(text)")
        } catch CorpusError.invalidFile(let problem) {
            if let message {
                #expect(problem.description == message)
            } else {
                #expect(problem.file == "x.md")
                #expect(problem.line != nil)
                #expect(problem.message.hasPrefix("YAML error"))
            }
        }
    }
}
