import Foundation
import SeraCore
import Testing

/// `sera check` through the built binary: flags, formats, the checklist file and exit codes.
@Suite struct CheckEndToEndTests {
    let home = SeraProcess.temporaryDirectory()

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text.prefix(200))")
    }

    func items(_ checklist: [String: Any]) -> [[String: Any]] {
        ((checklist["areas"] as? [[String: Any]]) ?? []).flatMap { ($0["items"] as? [[String: Any]]) ?? [] }
    }

    /// A copy of the shipped corpus the test may edit.
    func corpusCopy() throws -> URL {
        let copy = home.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: SeraProcess.corpus, to: copy)
        return copy
    }

    func onCorpus(_ corpus: URL, _ arguments: [String], input: String? = nil) throws -> SeraProcess.Result {
        try SeraProcess.run(["--corpus", corpus.path, "--index", home.appendingPathComponent("copy.sqlite").path] + arguments,
                            input: input, home: home)
    }

    @Test func personalDataPublicFacingExternalHostingCoversTheLawHostingAndSecurityButNotPayments() throws {
        let result = try SeraProcess.onShippedCorpus(
            ["check", "--personal-data", "--public-facing", "--hosting", "external", "--format", "json"], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let checklist = try json(result.stdout)
        let listed = items(checklist)
        let topics = Set(listed.flatMap { ($0["topics"] as? [String]) ?? [] })
        for topic in ["data-protection-registration", "personal-data", "project-approval", "system-registration", "hosting", "security"] {
            #expect(topics.contains(topic), "nothing about \(topic)")
        }
        #expect(topics.isDisjoint(with: ["payments", "electronic-transactions"]))
        #expect(!listed.contains { ($0["requirement"] as? String)?.contains("GePG") == true })
        // Each item names where it was found, its citation, status and source.
        for item in listed {
            #expect(["tag", "text"].contains(item["found"] as? String))
            for field in ["ref", "obligation", "requirement", "status", "source", "doc_title"] {
                #expect((item[field] as? String)?.isEmpty == false, "\(item["ref"] ?? "?") has no \(field)")
            }
        }
        let areas = (checklist["areas"] as? [[String: Any]])?.compactMap { $0["area"] as? String }
        #expect(areas?.first == "law-and-approvals")
        #expect(areas?.count == 10)

        let withPayments = try SeraProcess.onShippedCorpus(
            ["check", "--personal-data", "--public-facing", "--hosting", "external", "--payments", "--format", "json"], home: home)
        let paymentItems = items(try json(withPayments.stdout)).filter { (($0["topics"] as? [String]) ?? []).contains("payments") }
        #expect(!paymentItems.isEmpty)
    }

    @Test func theAliasTheLineRunnerAndTheSubcommandAgree() throws {
        let subcommand = try SeraProcess.onShippedCorpus(["check", "--records", "--hosting", "gov-dc", "--format", "csv"], home: home)
        let alias = try SeraProcess.onShippedCorpus(["hakiki", "--records", "--hosting", "gov-dc", "--format", "csv"], home: home)
        let piped = try SeraProcess.onShippedCorpus([], input: "check --records --hosting gov-dc --format csv\n", home: home)
        #expect(subcommand.status == 0)
        #expect(subcommand.stdout.hasPrefix("area,topic,ref,obligation,requirement"))
        #expect(alias.stdout == subcommand.stdout)
        #expect(piped.stdout == subcommand.stdout)
        // Batch mode with no flags asks nothing and lists what applies to every system.
        let plain = try SeraProcess.onShippedCorpus([], input: "check --format csv\n", home: home)
        #expect(plain.status == 0)
        #expect(plain.stdout.split(separator: "\r\n").count < subcommand.stdout.split(separator: "\r\n").count)
    }

    @Test func markdownReadsLikeAFilingWithCheckboxesAndSources() throws {
        let result = try SeraProcess.onShippedCorpus(["check", "--personal-data", "--hosting", "own", "--format", "markdown"], home: home)
        #expect(result.status == 0)
        let text = result.stdout
        #expect(text.hasPrefix("# ICT requirements checklist"))
        for heading in ["## System profile", "## How to use this checklist", "## 1. Law and approvals", "## Sources"] {
            #expect(text.contains(heading), "missing \(heading)")
        }
        let boxes = text.components(separatedBy: "\n").filter { $0.hasPrefix("- [ ] **") }
        #expect(boxes.count > 20)
        #expect(text.contains("Will the system collect or process personal data? **Yes**"))
        #expect(text.contains("`sera check --personal-data --hosting own --format markdown`"))
    }

    @Test(arguments: [
        (["check", "--hosting", "offshore"], Int32(2), "invalid value 'offshore' for --hosting"),
        (["check", "--status", "missing.yaml"], Int32(3), "no such file"),
        (["check", "--status", "plan.yaml", "--payments"], Int32(2), "reads the system profile from FILE"),
    ])
    func badUseAndMissingFilesEndWithTheirCodes(arguments: [String], status: Int32, message: String) throws {
        let result = try SeraProcess.onShippedCorpus(arguments, home: home)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func statusFlagsAChangedClauseAVanishedClauseAndExitsByWhatIsOpen() throws {
        let corpus = try corpusCopy()
        let plan = home.appendingPathComponent("plan.yaml")
        let saved = try onCorpus(corpus, ["check", "--hosting", "gov-dc", "--save", plan.path, "--format", "json"])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stderr.contains("saved"))
        let listed = items(try json(saved.stdout))

        // Every item open: exit 2.
        let open = try onCorpus(corpus, ["check", "--status", plan.path])
        #expect(open.status == 2)
        #expect(open.stdout.contains("\(listed.count) open"))

        // Everything met: exit 0.
        let yaml = try String(contentsOf: plan, encoding: .utf8)
        try yaml.replacingOccurrences(of: "status: open", with: "status: met").write(to: plan, atomically: true, encoding: .utf8)
        let met = try onCorpus(corpus, ["check", "--status", plan.path, "--format", "json"])
        #expect(met.status == 0, "\(met.stdout)")
        #expect((try json(met.stdout)["counts"] as? [String: Any])?["needs_attention"] as? Int == 0)

        // Reword one listed hosting clause and delete another from the corpus copy.
        let hostingFile = corpus.appendingPathComponent("ega-hosting.md")
        var hosting = try String(contentsOf: hostingFile, encoding: .utf8)
        let hostingRefs = listed.compactMap { $0["ref"] as? String }.filter { $0.hasPrefix("ega-hosting:") }
        #expect(hostingRefs.contains("ega-hosting:continuity") && hostingRefs.contains("ega-hosting:network"))
        let continuity = try #require(hosting.range(of: "A public institution shall put in place backup and restoration"))
        hosting.replaceSubrange(continuity, with: "A public institution shall put in place tested backup and restoration")
        var lines = hosting.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex { $0.contains("{#network}") })
        let next = lines[(heading + 1)...].firstIndex { $0.hasPrefix("#") } ?? lines.count
        lines.removeSubrange(heading..<next)
        hosting = lines.joined(separator: "\n")
        try hosting.write(to: hostingFile, atomically: true, encoding: .utf8)

        let review = try onCorpus(corpus, ["check", "--status", plan.path, "--format", "json"])
        #expect(review.status == 2, "\(review.stderr)")
        let entries = (try json(review.stdout)["items"] as? [[String: Any]]) ?? []
        let flags = Dictionary(uniqueKeysWithValues: entries.map { ($0["ref"] as! String, ($0["flags"] as? [String]) ?? []) })
        #expect(flags["ega-hosting:continuity"] == ["changed"])
        #expect(flags["ega-hosting:network"] == ["vanished"])
        #expect(flags.filter { !$0.value.isEmpty }.count == 2, "\(flags.filter { !$0.value.isEmpty })")
        let text = try onCorpus(corpus, ["check", "--status", plan.path])
        #expect(text.stdout.contains("Changed since the file was saved: decide again (1)"))
        #expect(text.stdout.contains("Vanished from the corpus (1)"))

        // A broken file: exit 3, naming the file and line.
        try "sera-checklist: 1\nitems:\n  - ref: x\n    text-hash: y\n    status: done\n".write(to: plan, atomically: true, encoding: .utf8)
        let broken = try onCorpus(corpus, ["check", "--status", plan.path])
        #expect(broken.status == 3)
        #expect(broken.stderr.contains("plan.yaml:5:"), "\(broken.stderr)")
    }

    @Test func aBrokenTopicsFileIsACorpusProblem() throws {
        let corpus = try corpusCopy()
        try "areas: [\n".write(to: corpus.appendingPathComponent("topics.yaml"), atomically: true, encoding: .utf8)
        let result = try onCorpus(corpus, ["check"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("topics.yaml:"))
        let lint = try onCorpus(corpus, ["lint"])
        #expect(lint.status == 3)
        #expect(lint.stdout.contains("topics.yaml:"))
    }

    @Test func helpListsEveryFlagOfTheProfile() throws {
        let result = try SeraProcess.run(["check", "--help"], home: home)
        #expect(result.status == 0)
        for name in SystemProfile.switchNames + ["hosting", "save", "status"] {
            #expect(result.stdout.contains("--\(name)"), "--\(name) missing from help")
        }
    }
}
