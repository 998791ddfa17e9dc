import Foundation
import Testing
@testable import SeraCore

/// `sera check`: topics.yaml, the selection of clauses, the checklist file and its review, and
/// the questions the shell asks.
@Suite struct CheckTests {
    static let shippedCorpus = TestPaths.corpus

    static let catalog = try! TopicCatalog.load(corpus: shippedCorpus)

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sera-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An index of `corpus`, built in its own temporary directory.
    static func index(of corpus: URL) throws -> SeraIndex {
        let paths = SeraPaths(corpus: corpus, index: try temporaryDirectory().appendingPathComponent("index.sqlite"))
        return try IndexOpener(paths: paths).open()
    }

    /// A corpus of the shipped topics.yaml plus `documents` (file name → Markdown).
    static func corpus(_ documents: [String: String]) throws -> URL {
        let directory = try temporaryDirectory().appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: shippedCorpus.appendingPathComponent("topics.yaml"), to: directory.appendingPathComponent("topics.yaml"))
        for (name, text) in documents {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static func digest(id: String = "test-guideline", _ body: String, language: String = "en", status: String = "in-force") -> String {
        """
        ---
        id: \(id)
        title: Test Guideline
        title_sw: Mwongozo wa Majaribio
        type: guideline
        language: \(language)
        status: \(status)
        source: https://example.org/\(id)
        ---
        \(body)
        """
    }

    // MARK: topics.yaml

    @Test func shippedTopicsFileIsCompleteAndAdoptsTheReviewersSuggestions() throws {
        let (catalog, problems) = TopicCatalog.parse(try String(contentsOf: Self.shippedCorpus.appendingPathComponent("topics.yaml"), encoding: .utf8))
        #expect(problems.map(\.description) == [])
        #expect(catalog.areas.count == 10)
        #expect(catalog.areas.first?.id == "law-and-approvals")
        let always = Set(catalog.flag(TopicCatalog.alwaysFlag)?.topics ?? [])
        #expect(always.isSuperset(of: ["incident-response", "audit", "open-standards"]))
        #expect(catalog.flag("payments")?.topics.contains("electronic-transactions") == true)
        #expect(catalog.hostingChoices.map(\.id) == ["gov-dc", "own", "external", "undecided"])
        // Every switch of the command has a flag, and every yes/no question asks about one.
        for name in SystemProfile.switchNames { #expect(catalog.flag(name) != nil, "no flag \(name)") }
        // Every topic can find untagged clauses through its words.
        for topic in catalog.topics { #expect(!topic.words.isEmpty, "\(topic.id) has no words") }
    }

    @Test(arguments: [
        ("    area: infrastructure-architecture\n", "    area: infrastructure\n", "which 'areas' does not list"),
        ("  payments: [payments, electronic-transactions]", "  payments: [payments, gepg]", "selects topic 'gepg'"),
        ("  email: [email]", "  e-mail: [email]", "flag 'e-mail' is not a sera check flag"),
        ("  - flag: records\n", "  - flag: archives\n", "question about flag 'archives'"),
        ("        flags: [hosting, cloud]\n", "        flags: [offshore]\n", "sets flag 'offshore'"),
        ("  - id: mobile\n", "  - id: website\n", "topic 'website' is listed twice"),
        ("  records: [records]\n", "", "flag 'records' is missing"),
    ])
    func lintFindsStructuralProblemsWithTheirLine(original: String, replacement: String, message: String) throws {
        let text = try String(contentsOf: Self.shippedCorpus.appendingPathComponent("topics.yaml"), encoding: .utf8)
        #expect(text.contains(original), "fixture line not found: \(original)")
        let broken = text.replacingOccurrences(of: original, with: replacement)
        let problem = try #require(TopicCatalog.parse(broken).problems.first { $0.message.contains(message) },
                                   "\(TopicCatalog.parse(broken).problems.map(\.description))")
        #expect(problem.file == "topics.yaml")
        let line = try #require(problem.line)
        #expect(line > 1)
        // `sera lint` reports the same problem for a corpus carrying the broken file.
        let corpus = try Self.corpus([:])
        try broken.write(to: corpus.appendingPathComponent("topics.yaml"), atomically: true, encoding: .utf8)
        #expect(try CorpusLinter().lint(directory: corpus).contains(problem))
    }

    @Test func brokenTopicsFileStopsTheChecklistWithItsLine() throws {
        let corpus = try Self.corpus([:])
        try "areas: [\n".write(to: corpus.appendingPathComponent("topics.yaml"), atomically: true, encoding: .utf8)
        #expect {
            try TopicCatalog.load(corpus: corpus)
        } throws: { error in
            guard case let CorpusError.invalidFile(problem) = error else { return false }
            return problem.file == "topics.yaml" && problem.line != nil && ErrorReport.describe(error).status == .corpusProblem
        }
    }

    // MARK: Selection on the shipped corpus

    /// Clauses that state a duty in a document in force, read in English where a document has
    /// an English twin.
    static func dutyClauses(_ index: SeraIndex) throws -> [CheckClause] {
        let clauses = try index.checkClauses()
        return clauses.all.filter {
            $0.clause.kind != .document && ChecklistBuilder.listedObligations.contains($0.clause.obligation)
                && [.inForce, .draft].contains($0.document.status)
                && ($0.clause.language == .en || clauses.clause($0.clause.ref, preferring: .en)?.clause.language != .en)
        }
    }

    @Test func personalDataPublicFacingExternalHostingListsTheLawApprovalsHostingAndSecurity() throws {
        let index = try Self.index(of: Self.shippedCorpus)
        var invocation = CommandInvocation(name: "check", options: ["hosting": "external"], flags: ["personal-data", "public-facing"])
        let profile = try SystemProfile(invocation, catalog: Self.catalog)
        let checklist = try ChecklistBuilder(catalog: Self.catalog).build(for: profile, from: index)
        let clauses = try index.checkClauses()
        let listed = Set(checklist.items.map(\.ref))

        // Every duty whose main topic the issue names is listed, or represented by its points.
        let required = ["data-protection-registration", "personal-data", "project-approval", "system-registration", "hosting", "security"]
        for topic in required {
            let mainlyAbout = try Self.dutyClauses(index).filter { $0.clause.topics.first == topic }
            #expect(!mainlyAbout.isEmpty, "the shipped corpus has no duty mainly about \(topic)")
            for item in mainlyAbout {
                let represented = listed.contains(item.clause.ref) || clauses.descendants(of: item.clause).contains { listed.contains($0.clause.ref) }
                #expect(represented, "\(item.clause.ref) (\(topic)) is missing")
            }
            #expect(checklist.items.contains { $0.topics.contains(topic) })
        }
        // Nothing about payments.
        let paymentTopics = Set(Self.catalog.flag("payments")!.topics)
        #expect(!checklist.items.contains { !paymentTopics.isDisjoint(with: $0.topics) })
        let aboutPayments = try Self.dutyClauses(index).filter { paymentTopics.contains($0.clause.topics.first ?? "") }.map(\.clause.ref)
        #expect(!aboutPayments.isEmpty)
        #expect(listed.isDisjoint(with: aboutPayments))

        // With --payments they come in.
        invocation.flags.insert("payments")
        let withPayments = try ChecklistBuilder(catalog: Self.catalog).build(for: SystemProfile(invocation, catalog: Self.catalog), from: index)
        #expect(Set(withPayments.items.map(\.ref)).isSuperset(of: aboutPayments))
        #expect(withPayments.items.count > checklist.items.count)
    }

    @Test func itemsAreGroupedByAreaInCatalogOrderAndOrderedByObligation() throws {
        let index = try Self.index(of: Self.shippedCorpus)
        let everything = SystemProfile(switches: Set(SystemProfile.switchNames), hosting: "undecided")
        let checklist = try ChecklistBuilder(catalog: Self.catalog).build(for: everything, from: index)
        #expect(checklist.sections.map(\.area.id) == Self.catalog.areas.map(\.id))
        let topicOrder = Self.catalog.topics.map(\.id)
        for section in checklist.sections {
            #expect(section.items.allSatisfy { $0.area == section.area.id && Self.catalog.topic($0.topic)?.area == section.area.id })
            let topics = section.byTopic.map(\.topic)
            #expect(topics == topicOrder.filter(topics.contains), "\(section.area.id): topics out of catalog order")
            for (topic, items) in section.byTopic {
                let ranks = items.map { ChecklistBuilder.listedObligations.firstIndex(of: $0.obligation)! }
                #expect(ranks == ranks.sorted(), "\(topic) is not ordered must, must-not, should")
            }
        }
        #expect(Set(checklist.items.map(\.ref)).count == checklist.items.count, "an item is listed twice")
        #expect(checklist.items.allSatisfy { !$0.requirement.isEmpty && $0.requirement.count <= RequirementLine.maximumLength })
        // Two runs give byte-identical output in every format.
        let again = try ChecklistBuilder(catalog: Self.catalog).build(for: everything, from: index)
        for format in OutputFormat.allCases {
            #expect(Renderer(format: format).render(checklist) == Renderer(format: format).render(again))
        }
    }

    @Test func onlyAlwaysAppliesWithoutFlagsAndAnAlwaysTopicSelectsOnlyAsFirstTag() throws {
        let index = try Self.index(of: Self.shippedCorpus)
        let checklist = try ChecklistBuilder(catalog: Self.catalog).build(for: SystemProfile(), from: index)
        let always = Set(Self.catalog.flag(TopicCatalog.alwaysFlag)!.topics)
        #expect(!checklist.items.isEmpty)
        for item in checklist.items {
            guard case .tag = item.found else { continue }
            let clause = try #require(try index.checkClauses().clause(item.ref, preferring: item.language))
            #expect(always.contains(clause.clause.topics.first ?? ""), "\(item.ref) is listed through a secondary tag")
        }
        // GePG carries shared-systems (always) after payments: not listed without --payments.
        #expect(!checklist.items.contains { $0.ref == "ega-shared-systems:gepg" })
    }

    // MARK: Selection rules on small corpora

    @Test func untaggedClausesMatchThroughTheirTextAndSayWhichWords() throws {
        let corpus = try Self.corpus(["test-guideline.md": Self.digest("""
            ## Hosting {#hosting}
            Public institutions shall host their systems in a government data centre.
            ## Board {#board}
            The Board shall meet every three months.
            ## Tagged {#tagged}
            <!-- topics: cybercrime -->
            No person shall enter a data centre without authority.
            """)])
        let index = try Self.index(of: corpus)
        let builder = ChecklistBuilder(catalog: Self.catalog)
        let hosted = try builder.build(for: SystemProfile(hosting: "gov-dc"), from: index)
        let item = try #require(hosted.items.first { $0.ref == "test-guideline:hosting" })
        // "host" is the stem of the topic's word "hosting", as in search.
        let hostingWords = try #require(Self.catalog.topic("hosting")?.words)
        #expect(item.found == .text(["hosting", "data centre"].filter(hostingWords.contains)))
        #expect(item.found.description == "text match: hosting, data centre")
        #expect(item.area == Self.catalog.topic("hosting")?.area)
        // A tagged clause is judged by its tags only; an unrelated untagged duty is not listed.
        #expect(!hosted.items.contains { $0.ref == "test-guideline:tagged" || $0.ref == "test-guideline:board" })
        // Without hosting, the hosting words select nothing.
        #expect(try builder.build(for: SystemProfile(), from: index).items.isEmpty)
    }

    @Test func aLeadInGivesWayToPointsThatStateTheirOwnDuties() throws {
        let corpus = try Self.corpus(["test-guideline.md": Self.digest("""
            ## 1. Projects
            <!-- topics: project-approval -->
            (1) An institution shall:
            (a) submit its plan to e-GA;
            (b) keep the project documents.
            (2) An institution shall also:
            (a) It shall report every quarter.
            (b) It shall publish a final report.
            """)])
        let checklist = try ChecklistBuilder(catalog: Self.catalog).build(for: SystemProfile(), from: try Self.index(of: corpus))
        let refs = checklist.items.map(\.ref)
        #expect(refs == ["test-guideline:1(1)", "test-guideline:1(2)(a)", "test-guideline:1(2)(b)"])
        #expect(checklist.items[0].requirement == "An institution shall: (a) submit its plan to e-GA; (b) keep the project documents")
    }

    @Test func documentsNoLongerInForceAreLeftOutAndNamed() throws {
        let corpus = try Self.corpus([
            "old-guideline.md": Self.digest(id: "old-guideline", "## Rule {#rule}\n<!-- topics: security -->\nInstitutions shall lock server rooms.", status: "superseded"),
        ])
        let checklist = try ChecklistBuilder(catalog: Self.catalog).build(for: SystemProfile(), from: try Self.index(of: corpus))
        #expect(checklist.items.isEmpty)
        #expect(checklist.leftOut.map(\.id) == ["old-guideline"])
    }

    // MARK: Requirement lines

    @Test(arguments: [
        ("The Act No. 10 of 2019 applies. Institutions shall register systems.", Obligation.must, "Institutions shall register systems."),
        ("Speaking in Dodoma, the Minister reminded heads of institutions. Institutions must not use personal email.", .mustNot,
         "Institutions must not use personal email."),
        ("Institutions should train users, e.g. by courses. They may ask e-GA.", .should, "Institutions should train users, e.g. by courses."),
        ("Taasisi zinatakiwa kuhuisha tovuti. Hii ni muhimu.", .must, "Taasisi zinatakiwa kuhuisha tovuti."),
    ])
    func requirementIsTheFirstSentenceThatStatesTheDuty(text: String, obligation: Obligation, expected: String) {
        let clause = Clause(docID: "d", path: "1", kind: .section, label: "1", text: text, obligation: obligation)
        #expect(RequirementLine.summary(of: clause, children: []) == expected)
    }

    @Test func longRequirementsAreCutAtAWord() {
        let text = "Institutions shall " + Array(repeating: "keep records", count: 60).joined(separator: " and ") + "."
        let line = RequirementLine.summary(of: Clause(docID: "d", path: "1", kind: .section, label: "1", text: text, obligation: .must), children: [])
        #expect(line.count <= RequirementLine.maximumLength)
        #expect(line.hasSuffix(" …"))
        #expect(text.hasPrefix(String(line.dropLast(2))))
    }

    // MARK: The checklist file

    static func plan(_ index: SeraIndex, profile: SystemProfile = SystemProfile(hosting: "gov-dc")) throws -> ChecklistPlan {
        let checklist = try ChecklistBuilder(catalog: Self.catalog).build(for: profile, from: index)
        return ChecklistPlan(checklist: checklist, saved: "2026-01-10", corpus: "/corpus")
    }

    @Test func aSavedPlanReadsBackUnchanged() throws {
        var plan = try Self.plan(try Self.index(of: Self.shippedCorpus), profile: SystemProfile(switches: ["personal-data", "payments"], hosting: "external"))
        plan.items[0].status = .waived
        plan.items[0].justification = "Approved by e-GA: \"letter\" ref. 12/2026"
        plan.items[0].expires = "2026-12-31"
        plan.items[1].status = .notApplicable
        let read = try ChecklistPlan.parse(plan.yaml(), file: "plan.yaml")
        #expect(read.profile == plan.profile)
        #expect(read.saved == plan.saved)
        #expect(read.items.map(\.ref) == plan.items.map(\.ref))
        #expect(read.items.map(\.status) == plan.items.map(\.status))
        #expect(read.items.map(\.justification) == plan.items.map(\.justification))
        #expect(read.items.map(\.textHash) == plan.items.map(\.textHash))
        #expect(read.items[0].expires == "2026-12-31")
        #expect(read.items.allSatisfy { $0.line > 0 })
    }

    @Test(arguments: [
        ("    status: open", "    status: done", "status 'done' is not one of open, met, not-applicable, waived"),
        ("    expires: null", "    expires: 2026-02-30", "is not a date (YYYY-MM-DD)"),
        ("sera-checklist: 1", "sera-checklist: 7", "checklist format 7"),
        ("  flags: []", "  flags: [blockchain]", "unknown flag 'blockchain'"),
        ("items:", "items: {", "YAML error"),
    ])
    func aBrokenPlanNamesTheLine(original: String, replacement: String, message: String) throws {
        let text = try Self.plan(try Self.index(of: Self.shippedCorpus)).yaml()
        let range = try #require(text.range(of: original))
        let broken = text.replacingCharacters(in: range, with: replacement)
        let expectedLine = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        #expect {
            try ChecklistPlan.parse(broken, file: "plan.yaml")
        } throws: { error in
            guard case let ChecklistError.invalidPlan(problem) = error else { return false }
            let (status, description) = ErrorReport.describe(error)
            return problem.message.contains(message) && problem.line.map { abs($0 - expectedLine) <= 1 } == true
                && status == .corpusProblem && description.hasPrefix("checklist plan.yaml:")
        }
    }

    @Test func theReviewFlagsChangedVanishedExpiredAndNewItems() throws {
        let corpus = try Self.corpus(["test-guideline.md": Self.digest("""
            ## Hosting {#hosting}
            <!-- topics: hosting -->
            Systems shall be hosted in an approved data centre.
            ## Backups {#backups}
            <!-- topics: backup-continuity -->
            Institutions shall keep a backup off site.
            ## Recovery {#recovery}
            <!-- topics: hosting -->
            Institutions shall test recovery every year.
            """)])
        var plan = try Self.plan(try Self.index(of: corpus))
        #expect(plan.items.map(\.ref).sorted() == ["test-guideline:backups", "test-guideline:hosting", "test-guideline:recovery"])
        for index in plan.items.indices { plan.items[index].status = .met }
        let recovery = try #require(plan.items.firstIndex { $0.ref == "test-guideline:recovery" })
        plan.items[recovery].status = .waived
        plan.items[recovery].expires = "2026-01-31"

        let builder = ChecklistBuilder(catalog: Self.catalog)
        let day = { (text: String) in ChecklistPlan.dayFormatter.date(from: text)! }
        let calm = try builder.review(plan, file: "plan.yaml", index: try Self.index(of: corpus), today: day("2026-01-15"))
        #expect(calm.entries.allSatisfy { $0.flags.isEmpty })
        #expect(calm.exitStatus == .found)

        // Reword one clause, remove another, add a third, and let the waiver run out.
        let file = corpus.appendingPathComponent("test-guideline.md")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "an approved data centre", with: "a data centre approved by e-GA")
        text = text.replacingOccurrences(of: "## Backups {#backups}\n<!-- topics: backup-continuity -->\nInstitutions shall keep a backup off site.\n", with: "")
        text += "\n## Network {#network}\n<!-- topics: hosting -->\nInstitutions shall use GovNet.\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let review = try builder.review(plan, file: "plan.yaml", index: try Self.index(of: corpus), today: day("2026-02-01"))
        #expect(review.entries(flagged: .changed).map(\.item.ref) == ["test-guideline:hosting"])
        #expect(review.entries(flagged: .vanished).map(\.item.ref) == ["test-guideline:backups"])
        #expect(review.entries(flagged: .expired).map(\.item.ref) == ["test-guideline:recovery"])
        #expect(review.added.map(\.ref) == ["test-guideline:network"])
        #expect(review.attentionCount == 3)
        #expect(review.exitStatus == .itemsOpen)
        #expect(review.exitStatus.rawValue == 2)
        let report = Renderer(format: .text).render(review, catalog: Self.catalog)
        for expected in ["Changed since the file was saved", "Vanished from the corpus", "New requirements", "Expired waivers"] {
            #expect(report.contains(expected))
        }
    }

    // MARK: The questions

    @Test func theInterviewAsksInKiswahiliAndBuildsTheProfile() throws {
        // Every other yes/no question answered ndiyo, the choice by its number.
        let answers = Self.catalog.questions.enumerated().map { $1.isChoice ? "3" : ($0.isMultiple(of: 2) ? "ndiyo" : "hapana") }
        var interview = ChecklistInterview(catalog: Self.catalog, language: .sw)
        var asked: [String] = []
        var remaining = answers
        while case let .ask(question) = interview.step {
            asked.append(question.text)
            #expect(question.number == asked.count)
            #expect(question.total == Self.catalog.questions.count)
            interview.answer(remaining.removeFirst())
        }
        #expect(asked == Self.catalog.questions.map(\.sw))
        let switches = Set(zip(Self.catalog.questions, answers).filter { !$0.0.isChoice && $0.1 == "ndiyo" }.map(\.0.flag))
        #expect(!switches.isEmpty)
        #expect(interview.step == .done(SystemProfile(switches: switches, hosting: Self.catalog.hostingChoices[2].id)))
    }

    @Test func inTheShellCheckWithoutFlagsAsksTheQuestionsAndRunsTheAnswers() throws {
        let session = Session(paths: SeraPaths(corpus: Self.shippedCorpus, index: try Self.temporaryDirectory().appendingPathComponent("index.sqlite")))
        session.interactive = true
        session.settings.language = .sw
        session.settings.format = .json
        var prompts: [String] = []
        session.ask = { prompt in
            prompts.append(prompt)
            // Yes to personal data, the choice "external", no to everything else.
            if prompts.count == 1 { return "ndiyo" }
            return prompt.contains("1. ") ? "external" : "hapana"
        }
        let output = BufferedOutput()
        let status = try CommandRunner(session: session, output: output).run(CommandInvocation(name: "hakiki"))
        #expect(status == .found)
        #expect(prompts.count == Self.catalog.questions.count)
        #expect(prompts.first?.contains(Self.catalog.questions[0].sw) == true)
        #expect(output.notes.contains("the same from the command line: sera check --personal-data --hosting external"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.text.utf8)) as? [String: Any])
        let profile = json["profile"] as? [String: Any]
        #expect(profile?["flags"] as? [String] == ["personal-data"])
        #expect(profile?["hosting"] as? String == "external")

        // Ctrl-D at the first question: no checklist, nothing written.
        session.ask = { _ in nil }
        let quiet = BufferedOutput()
        #expect(try CommandRunner(session: session, output: quiet).run(CommandInvocation(name: "check")) == .nothingFound)
        #expect(quiet.text.isEmpty)
    }

    @Test(arguments: [("maybe", "Please answer yes or no."), ("", "Please answer yes or no.")])
    func anUnclearAnswerAsksAgain(answer: String, message: String) {
        var interview = ChecklistInterview(catalog: Self.catalog, language: .en)
        let step = interview.answer(answer)
        guard case let .ask(question) = step else {
            Issue.record("expected the question again, got \(step)")
            return
        }
        #expect(question.number == 1)
        #expect(question.retry == message)
        #expect(question.prompt.hasPrefix(message))
        #expect(question.prompt.hasSuffix("[yes/no] "))
    }

    @Test func aChoiceIsAnsweredByNumberOrIdAndQuitAbandons() {
        var interview = ChecklistInterview(catalog: Self.catalog, language: .en)
        let hosting = Self.catalog.questions.firstIndex { $0.isChoice }!
        for _ in 0..<hosting { interview.answer("no") }
        guard case let .ask(question) = interview.step else {
            Issue.record("no hosting question")
            return
        }
        #expect(question.choices == Self.catalog.hostingChoices.map(\.en))
        interview.answer("9")
        guard case let .ask(retry) = interview.step else {
            Issue.record("an out-of-range number was accepted")
            return
        }
        #expect(retry.retry != nil)
        interview.answer("external")
        #expect(interview.profile.hosting == "external")
        interview.answer("toka")
        #expect(interview.step == .abandoned)
    }
}
