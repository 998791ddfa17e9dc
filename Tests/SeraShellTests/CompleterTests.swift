import SeraCore
import Testing
@testable import SeraShell

/// Tab completion over a small vocabulary, as the shell would see it from an index.
@Suite struct CompleterTests {
    let completer = Completer(vocabulary: CompletionVocabulary(
        documents: [
            .init(id: "ega-act-2019", aliases: ["e-Government Act", "eGov Act", "Cap. 273"]),
            .init(id: "ega-regs-2020", aliases: ["eGov Regulations"]),
            .init(id: "pdpa-2022", aliases: ["PDPA"]),
        ],
        paths: ["ega-act-2019": [
            .init("part-I", heading: "Preliminary Provisions"), .init("1", heading: "Short title"),
            .init("2", heading: "Application"), .init("20", heading: "Committees"), .init("21", heading: "ICT Management Unit"),
            .init("24", heading: "ICT projects"), .init("24(1)", heading: "ICT projects"),
            .init("24(1)(a)", heading: "ICT projects"), .init("24(1)(b)", heading: "ICT projects"),
            .init("24(2)", heading: "ICT projects"), .init("25", heading: "e-Government systems"),
        ]],
        topics: ["hosting", "personal-data"]))

    @Test(arguments: [
        ("sho", "show "),
        ("onyes", "onyesha "),
        ("show ega-a", "ega-act-2019:"),
        ("toc ega-r", "ega-regs-2020 "),
        ("show \"eGov A", "\"eGov Act\" "),
        ("show \"egov r", "\"eGov Regulations\" "),
        ("cites ega-act-2019:24(1)(a", "ega-act-2019:24(1)(a) "),
        ("show ega-act-2019:25", "ega-act-2019:25 "),
        ("show ega-act-2019:part", "ega-act-2019:part-I "),
        ("hosting type:re", "type:regulations "),
        ("hosting type:act,re", "type:act,regulations "),
        ("aina:ac", "aina:act "),
        ("doc:pd", "doc:pdpa-2022 "),
        ("backup topic:ho", "topic:hosting "),
        ("set format c", "csv "),
        ("set colour of", "off "),
        ("help sh", "show "),
        ("search backup --fo", "--format "),
        ("search backup --format js", "json"),
    ])
    func completesAUniqueOrCommonPrefix(line: String, expected: String) {
        let completion = completer.complete(line)
        #expect(completion.replacement == expected, "\(line) → \(completion)")
        #expect(line.hasSuffix(completion.fragment))
    }

    @Test func listsSectionNumbersAfterADocument() {
        let completion = completer.complete("show ega-act-2019:2")
        #expect(completion.replacement == nil)
        #expect(completion.choices.map(\.label) == ["2", "20", "21", "24", "25"])
        #expect(completion.choices.first { $0.label == "24" }?.note == "ICT projects")
    }

    @Test func aSectionTypedInFullListsItsSubsections() {
        #expect(completer.complete("show ega-act-2019:24").choices.map(\.label) == ["24(1)", "24(2)"])
        #expect(completer.complete("show ega-act-2019:24(1)").choices.map(\.label) == ["24(1)(a)", "24(1)(b)"])
        #expect(completer.complete("ega-act-2019:24(1)").choices.map(\.label) == ["24(1)(a)", "24(1)(b)"])
    }

    @Test func documentIDsAreCaseInsensitive() {
        #expect(completer.complete("show EGA-ACT-2019:24(").choices.map(\.label) == ["24(1)", "24(2)"])
    }

    @Test func anEmptyLineListsEveryCommandAndFilterKey() {
        let labels = completer.complete("").choices.map(\.label)
        #expect(labels == CommandTable.allNames + CompletionVocabulary.filterKeys.map { $0 + ":" })
    }

    @Test func anAmbiguousCommandListsItsCandidates() {
        let completion = completer.complete("ta")
        #expect(completion.replacement == nil)
        #expect(completion.choices.map(\.label) == CommandTable.allNames.filter { $0.hasPrefix("ta") })
        #expect(completion.choices.count > 1)
    }

    @Test func filterValuesAreListedAfterTheKey() {
        #expect(completer.complete("lang:").choices.map(\.label) == ["en", "sw"])
        #expect(completer.complete("hosting type:").choices.map(\.label) == DocumentType.allCases.map(\.rawValue))
        #expect(completer.complete("status:").choices.map(\.label) == DocumentStatus.allCases.map(\.rawValue))
    }

    @Test(arguments: ["show nosuch:2", "show ega-act-2019:9", "hosting xyz", "stats st", "set limit 1"])
    func nothingToOffer(line: String) {
        let completion = completer.complete(line)
        #expect(completion.replacement == nil)
        #expect(completion.choices.isEmpty)
    }

    /// The filter keys and values offered must be ones the query parser accepts, so completion
    /// cannot drift from the query language.
    @Test func everyOfferedFilterParses() throws {
        for key in CompletionVocabulary.filterKeys {
            let choices = completer.complete("\(key):").choices.map(\.label)
            let values = choices.isEmpty ? ["x"] : choices
            for value in values {
                let query = try QueryParser.parse("\(key):\(value)")
                #expect(!query.filters.isEmpty, "\(key):\(value)")
                #expect(query.reference == nil)
            }
        }
    }

    @Test func theFragmentStartsAtAnOpenQuote() {
        #expect(Completer.splitFragment("show \"eGov A") == ("show ", "\"eGov A"))
        #expect(Completer.splitFragment("\"data centre\" hos") == ("\"data centre\" ", "hos"))
        #expect(Completer.splitFragment("show ") == ("show ", ""))
    }
}

/// How an ambiguous completion is shown under the line.
@Suite struct CompletionListingTests {
    @Test func choicesWithHeadingsGoOnePerLine() {
        let listing = CompletionListing.render([.init("2", note: "Application"), .init("20", note: "Committees")],
                                               width: 80, maxLines: 10, style: TextStyle())
        #expect(listing == "2   Application\n20  Committees\n")
    }

    @Test func choicesWithoutHeadingsGoInColumns() {
        let labels = (1...12).map { "name\($0)" }
        let listing = CompletionListing.render(labels.map { .init($0) }, width: 40, maxLines: 10, style: TextStyle())
        let lines = listing.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(labels.allSatisfy { label in listing.contains(label) })
    }

    @Test func aLongListIsCutToTheScreen() {
        let listing = CompletionListing.render((1...50).map { .init("\($0)", note: "heading \($0)") },
                                               width: 80, maxLines: 6, style: TextStyle())
        let lines = listing.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.last == "… 45 more; type more letters")
    }

    @Test func headingsAreCutToTheWidthAndNeutralised() {
        let listing = CompletionListing.render([.init("24", note: String(repeating: "x", count: 200) + "\u{1B}[31m")],
                                               width: 40, maxLines: 5, style: TextStyle())
        #expect(!listing.contains("\u{1B}"))
        #expect(listing.split(separator: "\n").allSatisfy { $0.count <= 40 })
    }
}
