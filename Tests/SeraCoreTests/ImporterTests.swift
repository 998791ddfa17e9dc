import Foundation
import Testing
@testable import SeraCore

/// The official-text importers (plain text, PDF, DOCX) on fixtures we wrote in the layout of an
/// Act (Fixtures/import; the PDF and DOCX are made from the text by scripts/make-fixtures), on
/// broken files, and on the official texts in ../shared/official when that folder is present.
@Suite struct ImporterTests {
    static let fixtures: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures/import")
    }()

    static let loader = CorpusLoader(importers: [MarkdownImporter(), PlainTextImporter(), PDFImporter(), DocxImporter()])

    /// One fixture file through its importer; fails the test when it does not load cleanly.
    static func load(_ name: String, in directory: URL = fixtures) throws -> Document {
        let (document, problems) = loader.load(file: name, in: directory)
        #expect(problems.map(\.description) == [], "\(name)")
        return try #require(document, "\(name) did not load")
    }

    static func clause(_ ref: String, in document: Document) throws -> Clause {
        try #require(document.clauses.first { $0.ref == ref }, "\(ref) missing")
    }

    /// A clause as the tests compare it across file kinds: white space does not count, since a
    /// DOCX paragraph break is a space in the text layout.
    static func outline(_ document: Document) -> [String] {
        document.clauses.map { clause in
            let text = clause.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return "\(clause.ref) [\(clause.kind.rawValue)] \(clause.heading) | \(text)"
        }
    }

    static let expectedActRefs = [
        "", "part-I", "1", "2", "part-II", "3", "3(1)", "3(2)", "3(2)(a)", "3(2)(b)", "3(2)(c)", "3(3)",
        "4", "4(1)", "4(1)(a)", "4(1)(b)", "4(1)(c)", "4(2)", "4(2)(a)", "4(2)(b)", "4(2)(c)", "4(2)(d)",
        "4(2)(e)", "4(2)(f)", "4(2)(g)", "4(2)(h)", "4(2)(i)", "4(3)", "5", "5(1)", "5(2)", "5(2)(a)",
        "5(2)(a)(i)", "5(2)(a)(ii)", "5(2)(b)", "5(3)", "part-III", "6", "7", "8",
        "schedule", "schedule/1", "schedule/2", "schedule/2(1)", "schedule/2(2)", "schedule/3",
    ].map { ClauseRef.format(doc: "sample-dsa-2031", path: $0) }

    // MARK: Plain text

    @Test func plainTextActYieldsItsClauseTree() throws {
        let act = try Self.load("digital-services-act.txt")
        #expect(act.clauses.map(\.ref) == Self.expectedActRefs)
        #expect(act.metadata.fidelity == .official)
        #expect(try Self.clause("sample-dsa-2031:part-II", in: act).heading == "THE REGISTRY OF SYSTEMS")
        let section = try Self.clause("sample-dsa-2031:4", in: act)
        #expect(section.heading == "Duties of public institutions")
        #expect(section.parentPath == "part-II")
        // `(i)` after `(h)` is the ninth paragraph; after `(a)` it is a subparagraph.
        #expect(try Self.clause("sample-dsa-2031:4(2)(i)", in: act).kind == .paragraph)
        #expect(try Self.clause("sample-dsa-2031:5(2)(a)(ii)", in: act).text == "information classified as confidential; and")
        // Lines of one paragraph are joined, and "compli-" + "ance" is one word again.
        #expect(try Self.clause("sample-dsa-2031:5(3)", in: act).text.hasSuffix("so that the Agency may verify compliance with this section."))
        let schedule = try Self.clause("sample-dsa-2031:schedule", in: act)
        #expect(schedule.kind == .schedule)
        #expect(schedule.heading == "PROCEEDINGS OF THE REGISTRY COUNCIL")
        #expect(schedule.text == "(Made under section 3(1))")
        #expect(try Self.clause("sample-dsa-2031:schedule/2", in: act).heading == "Quorum")
    }

    @Test func crossReferenceInsideASentenceIsNotANewProvision() throws {
        let act = try Self.load("digital-services-act.txt")
        let second = try Self.clause("sample-dsa-2031:3(2)", in: act)
        #expect(second.text == "The registry kept under subsection (1) shall record, for each system—")
        #expect(try Self.clause("sample-dsa-2031:3(3)", in: act).text.contains("referred to in subsection (2) whose publication"))
    }

    @Test func sectionQuotedInAnAmendmentStaysInTheAmendment() throws {
        let act = try Self.load("digital-services-act.txt")
        #expect(!act.clauses.contains { $0.path.hasPrefix("6A") })
        let amendment = try Self.clause("sample-dsa-2031:7", in: act)
        #expect(amendment.text.contains("6A. (1) A record kept in electronic form"))
        #expect(amendment.text.contains("(2) Nothing in subsection (1)"))
        #expect(!act.clauses.contains { $0.parentPath == "7" })
    }

    @Test func arrangementOfSectionsIsNotRead() throws {
        let act = try Self.load("digital-services-act.txt")
        let introduction = try Self.clause("sample-dsa-2031", in: act)
        #expect(!introduction.text.contains("ARRANGEMENT"))
        #expect(act.clauses.filter { $0.path == "1" }.count == 1)
    }

    @Test func kiswahiliActNamesPartsBySehemu() throws {
        let act = try Self.load("huduma-za-kidijitali.txt")
        #expect(act.clauses.filter { $0.kind == .part }.map(\.path) == ["part-I", "part-II", "part-III"])
        #expect(act.clauses.allSatisfy { $0.language == .sw })
        #expect(try Self.clause("sample-hdk-2031:part-II", in: act).heading == "USAJILI WA MIFUMO")
        #expect(try Self.clause("sample-hdk-2031:3(2)", in: act).text == "Daftari lililotajwa katika kifungu kidogo cha (1) litaonesha, kwa kila mfumo—")
        #expect(try Self.clause("sample-hdk-2031:3(2)(b)", in: act).text == "taasisi inayoumiliki; na")
        // "Jedwali la Kwanza" run into the last section's text still opens the First Schedule.
        #expect(try Self.clause("sample-hdk-2031:5", in: act).text == "Waziri anaweza kutengeneza kanuni kwa ajili ya utekelezaji bora wa masharti ya Sheria hii.")
        let schedule = try Self.clause("sample-hdk-2031:schedule-1", in: act)
        #expect(schedule.heading == "Fomu ya usajili")
        #expect(schedule.text == "(Limetengenezwa chini ya kifungu cha 3)")
        #expect(act.clauses.filter { $0.parentPath == "schedule-1" }.map(\.text) == [
            "Jina la mfumo.", "Taasisi inayoumiliki mfumo.", "Mahali taarifa zinapohifadhiwa.",
        ])
    }

    @Test func guidelineWithDottedNumberingAndPageFurniture() throws {
        let guideline = try Self.load("hosting-guideline.txt")
        #expect(guideline.clauses.map(\.path) == [
            "", "1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.1.2(a)", "2.1.2(b)", "2.1.2(c)", "2.2", "2.2.1", "2.2.2",
        ])
        #expect(try Self.clause("sample-hosting-guideline:2", in: guideline).heading == "REQUIREMENTS")
        #expect(try Self.clause("sample-hosting-guideline:2.2", in: guideline).heading == "Cloud services")
        #expect(try Self.clause("sample-hosting-guideline:2.1.1", in: guideline).parentPath == "2.1")
        for clause in guideline.clauses {
            #expect(!clause.text.contains("Page "), "\(clause.ref): \(clause.text)")
            #expect(!clause.text.contains("Sample Hosting Guideline"), "\(clause.ref): \(clause.text)")
        }
    }

    // MARK: PDF and DOCX

    @Test func pdfYieldsTheSameTreeAsTheText() throws {
        let text = try Self.load("digital-services-act.txt")
        let pdf = try Self.load("digital-services-act.pdf")
        #expect(Self.outline(pdf) == Self.outline(text))
        #expect(pdf.metadata.id == "sample-dsa-2031")
    }

    @Test func pdfRunningHeaderAndPageNumbersReachNoClause() throws {
        let url = Self.fixtures.appendingPathComponent("digital-services-act.pdf")
        let tool = try #require(ExternalTool.find("pdftotext"))
        let raw = String(decoding: try ExternalTool.run(tool, arguments: ["-layout", url.path, "-"], timeLimit: 30).output, as: UTF8.self)
        // The fixture really has them: a two-line header and a page number on each of its pages.
        let pages = raw.split(separator: "\u{0C}").filter { !$0.allSatisfy(\.isWhitespace) }
        #expect(pages.count >= 3)
        for (index, page) in pages.enumerated() {
            let lines = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(lines.first == "Digital Services (Sample) Act, 2031 — Act No. 7 of 2031")
            #expect(lines.dropFirst().first == "Sera test fixture · not the law of any country")
            #expect(lines.last == String(index + 1))
        }
        #expect(raw.contains("soft-\n"), "the fixture should hyphenate a word across lines")

        let pdf = try Self.load("digital-services-act.pdf")
        for clause in pdf.clauses {
            for furniture in ["Act No. 7 of 2031", "Sera test fixture"] {
                #expect(!clause.text.contains(furniture) && !clause.heading.contains(furniture), "\(clause.ref): \(clause.text)")
            }
            #expect(!(1...pages.count).contains { clause.text.hasSuffix(" \($0)") }, "\(clause.ref) ends with a page number: \(clause.text)")
        }
        #expect(try Self.clause("sample-dsa-2031:2", in: pdf).text.contains("hardware, software and data"))
    }

    @Test func docxYieldsTheSameTreeAsTheText() throws {
        let text = try Self.load("digital-services-act.txt")
        let docx = try Self.load("digital-services-act.docx")
        #expect(Self.outline(docx) == Self.outline(text))
    }

    @Test func docxListNumberingAndHeadingStylesAreRead() throws {
        let url = Self.fixtures.appendingPathComponent("digital-services-act.docx")
        let xml = String(decoding: try #require(try DocxPackage(url: url, name: "fixture").part("word/document.xml")), as: UTF8.self)
        // Word keeps the list labels out of the text; the importer writes them back.
        #expect(!xml.contains("(i) submit an annual report"))
        #expect(xml.contains("<w:numPr>"))
        let lines = try DocxImporter().lines(of: url, name: "fixture.docx")
        #expect(lines.contains { $0.text == "(i) submit an annual report on the system to the Agency." && $0.role == .body })
        #expect(lines.contains { $0.text == "(ii) information classified as confidential; and" })
        #expect(lines.contains { $0.text == "PART II" && $0.role == .heading(level: 1) })
        #expect(lines.contains { $0.text == "Registry of systems" && $0.role == .heading(level: 2) })
        #expect(lines.first?.role == .title)
    }

    @Test func pdfNameIsOneArgumentNeverShellText() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sera-pdf \(UUID().uuidString) $(touch pwned); x")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (source, target) in [("digital-services-act.pdf", "-act 'one'.pdf"), ("digital-services-act.yaml", "-act 'one'.yaml")] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(source), to: directory.appendingPathComponent(target))
        }
        let document = try Self.load("-act 'one'.pdf", in: directory)
        #expect(document.clauses.count == Self.expectedActRefs.count)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("pwned").path))
    }

    @Test func pdfConverterThatHangsIsStoppedAndReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sera-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let converter = directory.appendingPathComponent("slow-pdftotext")
        try "#!/bin/sh\nexec sleep 30\n".write(to: converter, atomically: true, encoding: .utf8)
        chmod(converter.path, 0o755)
        let started = Date()
        let importer = PDFImporter(timeLimit: 1, converter: converter)
        let loader = CorpusLoader(importers: [importer])
        let (document, problems) = loader.load(file: "digital-services-act.pdf", in: Self.fixtures)
        #expect(document == nil)
        #expect(problems.map(\.description) == ["digital-services-act.pdf: pdftotext did not finish within 1 s"])
        #expect(Date().timeIntervalSince(started) < 10)
    }

    // MARK: Broken files

    static let brokenFiles: [(file: String, reportedAs: String, reason: String)] = [
        ("truncated.pdf", "broken/truncated.pdf", "truncated PDF"),
        ("scanned.pdf", "broken/scanned.pdf", "scanned PDF: no text layer"),
        ("not-a-zip.docx", "broken/not-a-zip.docx", "not a DOCX file: not a zip archive"),
        ("latin1.txt", "broken/latin1.txt", "not valid UTF-8 text"),
        ("bad-sidecar.txt", "broken/bad-sidecar.yaml", "YAML error"),
        ("no-sidecar.txt", "broken/no-sidecar.txt", "no sidecar broken/no-sidecar.yaml"),
    ]

    @Test(arguments: brokenFiles)
    func brokenFileIsReportedWithItsName(file: String, reportedAs: String, reason: String) {
        let (document, problems) = Self.loader.load(file: "broken/\(file)", in: Self.fixtures)
        #expect(document == nil)
        #expect(problems.count == 1)
        #expect(problems.first?.file == reportedAs)
        #expect(problems.first?.message.contains(reason) == true, "\(problems.map(\.description))")
    }

    @Test func brokenFilesLeaveTheRestOfTheCorpusLoading() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sera-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["digital-services-act.txt", "digital-services-act.yaml", "broken"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: ShippedCorpusTests.corpus, to: directory.appendingPathComponent("corpus"))
        let corpus = try Self.loader.load(directory: directory)
        #expect(Set(corpus.problems.map(\.file)) == Set(Self.brokenFiles.map(\.reportedAs)))
        #expect(corpus.documents.contains { $0.metadata.id == "sample-dsa-2031" && $0.clauses.count == Self.expectedActRefs.count })
        #expect(corpus.documents.count == ShippedCorpusTests.loaded.documents.count + 1)
    }

    @Test func importedTextTakesThePlaceOfTheDigest() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sera-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            ---
            id: sample-dsa-2031
            title: Digital Services (Sample) Act, 2031
            type: act
            source: our summary
            ---
            ## 3. Registry of systems
            A digest in our own words.
            """.write(to: directory.appendingPathComponent("sample-dsa-2031.md"), atomically: true, encoding: .utf8)
        for name in ["digital-services-act.txt", "digital-services-act.yaml"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let corpus = try Self.loader.load(directory: directory)
        #expect(corpus.problems.isEmpty)
        #expect(corpus.documents.map(\.file) == ["digital-services-act.txt"])
        #expect(corpus.notes == ["sample-dsa-2031.md: digest 'sample-dsa-2031' steps aside for the official text digital-services-act.txt"])
    }

    @Test func sidecarChangeIsAChangeOfTheDocument() {
        let text = Self.fixtures.appendingPathComponent("digital-services-act.txt")
        #expect(PlainTextImporter().companionFiles(of: text) == [Self.fixtures.appendingPathComponent("digital-services-act.yaml")])
        #expect(MarkdownImporter().companionFiles(of: text).isEmpty)
    }

    // MARK: Page layout and provisions

    @Test func runningMatterIsDroppedAndHyphenatedWordsRejoined() {
        let page = { (number: Int, body: String) in
            "ACTS SUPPLEMENT\nThe Sample Act, 2031\n\n\(body)\n\n\(number)\n"
        }
        let text = [
            page(1, "1. The Agency shall keep an inven-\ntory of systems."),
            page(2, "2. The Authority shall review every e-\nGovernment project and every record-"),
            page(3, "keeping plan."),
        ].joined(separator: "\u{0C}")
        let lines = PageLayout.lines(of: text).map(\.text).filter { !$0.isEmpty }
        #expect(lines == [
            "1. The Agency shall keep an inventory", "of systems.",
            "2. The Authority shall review every e-Government", "project and every recordkeeping", "plan.",
        ])
    }

    @Test func pageNumbersSplitPagesOfTextWithoutFormFeeds() {
        let text = "Sample Guideline\n1.1 Purpose\nText one.\nPage 1 of 2\nSample Guideline\n1.2 Scope\nText two.\nPage 2 of 2\n"
        #expect(PageLayout.lines(of: text).map(\.text) == ["1.1 Purpose", "Text one.", "1.2 Scope", "Text two."])
    }

    static func parse(_ text: String, language: Language = .en) -> Document {
        let metadata = DocumentMetadata(id: "t", title: "T", type: .act, language: language, source: "test", fidelity: .official)
        return OfficialTextParser.parse(PageLayout.lines(of: text), metadata: metadata, file: "t.txt").0
    }

    @Test func provisionsSplitOnlyAtRealBoundaries() {
        let act = Self.parse("""
            Duties
            4. (1) A body shall keep records. (2) Records kept under subsection (1) and paragraph (a) shall be— (a) complete; (b) dated; or (c) signed, and (d) kept safe. (3) Done.
            """)
        #expect(act.clauses.map(\.path) == ["", "4", "4(1)", "4(2)", "4(2)(a)", "4(2)(b)", "4(2)(c)", "4(3)"])
        #expect(act.clauses.first { $0.path == "4(2)(c)" }?.text == "signed, and (d) kept safe.")
    }

    @Test func lettersWithoutOpeningBracketAreParagraphs() {
        let act = Self.parse("Members\n5. (1) The committee shall have: a) a chair; b) a secretary; and c) five members. (2) Done.")
        #expect(act.clauses.map(\.path) == ["", "5", "5(1)", "5(1)(a)", "5(1)(b)", "5(1)(c)", "5(2)"])
    }

    @Test func sectionNumbersOnlyMoveForward() {
        let act = Self.parse("""
            First
            1. Text one.

            Second
            2. The other Act is amended by adding after section 12 the following:

            Inserted heading
            12A. Quoted text.

            Third
            3. Text three.
            """)
        #expect(act.clauses.filter { $0.kind == .section }.map(\.path) == ["1", "2", "3"])
        #expect(act.clauses.first { $0.path == "2" }?.text.contains("12A. Quoted text.") == true)
        #expect(act.clauses.first { $0.path == "3" }?.heading == "Third")
    }

    @Test func wrappedReferenceToAPartIsNotAPart() {
        let act = Self.parse("""
            PART I
            GENERAL

            Repeal
            1. The principal Act is amended by repealing

            Part III of that Act.
            """)
        #expect(act.clauses.filter { $0.kind == .part }.map(\.path) == ["part-I"])
        #expect(act.clauses.first { $0.path == "1" }?.text.contains("Part III of that Act.") == true)
    }
}

/// `../shared/official` beside the checkout: official texts nobody on the project wrote (its README
/// lists them). They are read in place, never copied into the project.
enum OfficialTexts {
    static let directory: URL? = {
        let url = ShippedCorpusTests.corpus.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/official")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()
}

@Suite(.enabled(if: OfficialTexts.directory != nil, "../shared/official is absent: the official-text checks are skipped"))
struct OfficialTextTests {
    static func load(_ name: String) throws -> Document {
        try ImporterTests.load(name, in: try #require(OfficialTexts.directory))
    }

    /// Every `N.` section of a document, outside its schedules.
    static func sections(_ document: Document) -> [Clause] {
        document.clauses.filter { $0.kind == .section && !$0.path.hasPrefix("schedule") }
    }

    @Test(arguments: ["tz-act-2002-3.txt", "tz-act-2015-14.txt", "tz-act-2016-6.txt", "tz-act-2019-10.txt",
                      "tz-act-2023-10.txt", "tz-act-gn-2023-349.txt"])
    func everyOfficialTextLoadsCleanly(file: String) throws {
        let document = try Self.load(file)
        #expect(document.metadata.fidelity == .official)
        let numbers = Self.sections(document).map { Int($0.path) }
        // Sections run 1, 2, 3… with none missing and none invented.
        #expect(numbers == Array(1...numbers.count).map { Optional($0) })
    }

    @Test func eGovernmentActHasItsSectionsPartsAndSchedule() throws {
        let act = try Self.load("tz-act-2019-10.txt")
        #expect(act.metadata.id == "ega-act-2019")
        #expect(Self.sections(act).count == 65)
        #expect(act.clauses.filter { $0.kind == .part }.map(\.path) == (1...11).map { "part-\(Numbering.roman($0))" })
        #expect(try ImporterTests.clause("ega-act-2019:18(3)(f)", in: act).text
            == "to review and approve institutional disaster recovery plan and ensure its effective implementation;")
        #expect(try ImporterTests.clause("ega-act-2019:18", in: act).parentPath == "part-IV")
        // "subsection (1)" in a sentence stays in it.
        #expect(try ImporterTests.clause("ega-act-2019:4(2)", in: act).text.hasPrefix("The Authority established under subsection (1) shall be a body corporate"))
        #expect(act.clauses.filter { $0.parentPath == "4" }.map(\.path) == ["4(1)", "4(2)", "4(3)", "4(4)", "4(5)"])
        // The section 12A quoted in s.64 belongs to the Electronic Transactions Act.
        #expect(!act.clauses.contains { $0.path.hasPrefix("12A") })
        #expect(try ImporterTests.clause("ega-act-2019:64", in: act).text.contains("12A. Where the law requires"))
        // The Schedule follows s.65 in the same record.
        #expect(try ImporterTests.clause("ega-act-2019:65", in: act).text == "The principal Act is amended by repealing Part III . [Cap.442]")
        let schedule = try ImporterTests.clause("ega-act-2019:schedule", in: act)
        #expect(schedule.kind == .schedule && schedule.heading == "Proceedings of the Board")
        #expect(act.clauses.filter { $0.parentPath == "schedule" }.count == 14)
        #expect(try ImporterTests.clause("ega-act-2019:schedule/4(2)", in: act).text.hasPrefix("An ordinary meeting of the Board"))
    }

    @Test func kiswahiliProcurementActHasTwelveSehemu() throws {
        let act = try Self.load("tz-act-2023-10.txt")
        let raw = try String(contentsOf: try #require(OfficialTexts.directory).appendingPathComponent("tz-act-2023-10.txt"), encoding: .utf8)
            .components(separatedBy: "\n")
        let parts = act.clauses.filter { $0.kind == .part }
        #expect(parts.map(\.path) == (1...12).map { "part-\(Numbering.roman($0))" })
        // Each Part is where the text prints SEHEMU YA KWANZA … SEHEMU YA KUMI NA MBILI.
        let printed = ["KWANZA", "PILI", "TATU", "NNE", "TANO", "SITA", "SABA", "NANE", "TISA", "KUMI", "KUMI NA MOJA", "KUMI NA MBILI"]
        #expect(parts.map { raw[$0.line - 1] } == printed.map { "SEHEMU YA \($0)" })
        let sections = Self.sections(act)
        #expect(sections.count == 131)
        #expect(sections.allSatisfy { $0.parentPath?.hasPrefix("part-") == true && $0.language == .sw })
        #expect(try ImporterTests.clause("ppa-2023:131", in: act).parentPath == "part-XII")
    }
}
