import Foundation
import Testing

/// Issue 6 through the built binary: a query in one language finds the clause written in the
/// other, a clause is named once whichever language matched, typos are answered with a
/// suggestion (never a number), and `explain` shows how a query was read and ranked.
@Suite struct BilingualTests {
    let home = SeraProcess.temporaryDirectory()

    func hits(_ query: String, limit: Int = 5) throws -> [[String: Any]] {
        let result = try SeraProcess.onShippedCorpus(["search", "--format", "json", "--limit", String(limit), query], home: home)
        #expect(result.status == 0, "\(query): \(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// Whether a hit is the clause `ref` or a clause inside it.
    func names(_ hit: [String: Any], _ ref: String) -> Bool {
        guard let hitRef = hit["ref"] as? String else { return false }
        return hitRef == ref || hitRef.hasPrefix(ref + "(")
    }

    @Test func kiswahiliQueryFindsTheRegisterOfICTResources() throws {
        let found = try hits("mifumo ya TEHAMA kusajili")
        #expect(found.contains { names($0, "ega-act-2019:26") }, "\(found.map { $0["ref"] ?? "" })")
    }

    @Test func informationExchangeFindsTheGovESBMaterial() throws {
        let found = try hits("information exchange between institutions")
        #expect(found.contains { names($0, "ega-shared-systems:govesb") || names($0, "ega-act-2019:48") },
                "\(found.map { $0["ref"] ?? "" })")
    }

    @Test func kiswahiliQueryFindsThePersonalDataSecurityClausesInEnglish() throws {
        let found = try hits("usalama wa taarifa binafsi")
        let english = found.filter { ($0["lang"] as? String) == "en" && ["pdpa-2022", "pdpa-regs-2023"].contains($0["doc"] as? String ?? "") }
        #expect(!english.isEmpty, "\(found.map { $0["ref"] ?? "" })")
        #expect(english.contains { names($0, "pdpa-regs-2023:27") || names($0, "pdpa-2022:security-safeguards") })
    }

    @Test func englishQueryReachesAKiswahiliDocument() throws {
        let found = try hits("duplication of systems", limit: 10)
        #expect(found.contains { ($0["doc"] as? String) == "directive-2024-02-duplication" && ($0["lang"] as? String) == "sw" })
    }

    @Test func aMisspeltWordIsSearchedWithItsSuggestion() throws {
        let result = try SeraProcess.onShippedCorpus(["search", "goverment"], home: home)
        #expect(result.stderr.contains("did you mean: government?"), "\(result.stderr)")
        #expect(result.status == 0)
        #expect(result.stdout.lowercased().contains("[government]"), "the hits mark the suggested word")
    }

    @Test(arguments: ["2O19", "ega-act-2019:99(9)", "s.2O19"])
    func numbersAndReferencesAreNeverCorrected(input: String) throws {
        let result = try SeraProcess.onShippedCorpus(["search", input], home: home)
        #expect(result.status == 1, "\(input): \(result.stdout)")
        #expect(!result.stderr.contains("did you mean"), "\(input): \(result.stderr)")
    }

    @Test(arguments: ["ICT projects", "miradi ya TEHAMA", "kibali cha e-GA", "security incident", "hosting"])
    func eachClauseIsNamedOnceWhicheverLanguageMatched(query: String) throws {
        let found = try hits(query, limit: 40)
        let refs = found.compactMap { $0["ref"] as? String }
        #expect(refs.count == Set(refs).count, "\(query): \(refs)")
    }

    @Test func aKiswahiliQueryListsTheTwinOfTheAct() throws {
        let found = try hits("miradi ya TEHAMA kibali")
        let act = try #require(found.first { names($0, "ega-act-2019:24") })
        #expect(act["lang"] as? String == "sw")
    }

    @Test func theTwinKeepsTheNumberingOfTheAct() throws {
        func refs(_ language: String) throws -> [String] {
            let result = try SeraProcess.onShippedCorpus(["toc", "--lang", language, "--format", "jsonl", "ega-act-2019"], home: home)
            #expect(result.status == 0)
            return try result.stdout.split(separator: "\n").map {
                try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["ref"] as? String ?? ""
            }
        }
        let english = try refs("en")
        #expect(english.count > 300)
        #expect(try refs("sw") == english)
        let lint = try SeraProcess.onShippedCorpus(["lint"], home: home)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    }

    @Test func showPrintsTheKiswahiliUnderTheClauseInAPipe() throws {
        let result = try SeraProcess.onShippedCorpus(["show", "ega-act-2019:24"], home: home)
        #expect(result.status == 0)
        let english = try #require(result.stdout.range(of: "Every public institution shall carry out its ICT projects"))
        let divider = try #require(result.stdout.range(of: "── Kiswahili ──"))
        let kiswahili = try #require(result.stdout.range(of: "Kila taasisi ya umma itapaswa kutekeleza miradi yake ya TEHAMA"))
        #expect(english.lowerBound < divider.lowerBound && divider.lowerBound < kiswahili.lowerBound)
        #expect(!result.stdout.contains(" │ "), "no columns without a wide terminal")
    }

    @Test func explainShowsTheParseAndTheScores() throws {
        let result = try SeraProcess.onShippedCorpus(["explain", "mifumo ya TEHAMA kusajili"], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("stop words ya"))
        #expect(result.stdout.contains("Kiswahili stem: fumo"))
        #expect(result.stdout.contains("register"), "the glossary equivalents of kusajili")
        #expect(result.stdout.contains("match      "))
        #expect(result.stdout.contains("bm25 of each column alone"))
        let json = try SeraProcess.onShippedCorpus(["explain", "--format", "json", "--limit", "3", "mifumo ya TEHAMA kusajili"], home: home)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["stop_words"] as? [String] == ["ya"])
        #expect((object["match"] as? String)?.contains("\"fumo\"") == true)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 3)
        for hit in hits {
            let score = try #require(hit["score"] as? Double)
            let parts = ["bm25", "status_factor", "phrase_factor", "heading_factor", "kind_factor"].compactMap { hit[$0] as? Double }
            #expect(parts.count == 5)
            #expect(abs(score - parts.reduce(1, *)) < 1e-6, "the score is the product of its parts")
        }
    }

    @Test func explainNamesAReferenceInsteadOfSearching() throws {
        let result = try SeraProcess.onShippedCorpus(["explain", "kifungu cha 26 cha Sheria ya Serikali Mtandao"], home: home)
        #expect(result.status == 0)
        #expect(result.stdout.contains("reference"))
        #expect(result.stdout.contains("ega-act-2019:26"))
    }
}
