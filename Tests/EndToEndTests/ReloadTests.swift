import Foundation
import GRDB
import SeraCore
import Testing

/// `sera reload` as maintainers use it: while officers keep querying, killed half-way, with
/// official texts dropped beside the digests. Every test works on its own copy of the corpus.
@Suite struct ReloadTests {
    /// A copy of the shipped corpus and an index path, in a fresh home.
    struct Workspace {
        var home: URL
        var corpus: URL
        var index: URL

        init(extraFiles: [URL] = []) throws {
            home = SeraProcess.temporaryDirectory("sera-reload")
            corpus = home.appendingPathComponent("corpus")
            index = home.appendingPathComponent("index/corpus.sqlite")
            try FileManager.default.copyItem(at: SeraProcess.corpus, to: corpus)
            for file in extraFiles {
                try FileManager.default.copyItem(at: file, to: corpus.appendingPathComponent(file.lastPathComponent))
            }
        }

        @discardableResult
        func sera(_ arguments: [String], timeout: TimeInterval = 120) throws -> SeraProcess.Result {
            try SeraProcess.run(["--corpus", corpus.path, "--index", index.path] + arguments, home: home, timeout: timeout)
        }

        /// A process running `sera reload --force`, its output thrown away.
        func startForcedReload() throws -> Process {
            let process = Process()
            process.executableURL = SeraProcess.binary
            process.arguments = ["--corpus", corpus.path, "--index", index.path, "reload", "--force"]
            process.environment = ["HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        /// Temporary index files a reload left behind.
        var leftovers: [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: index.deletingLastPathComponent().path)) ?? []
            return names.filter { $0.hasSuffix(".tmp") }
        }
    }

    /// Counts what the query loops saw, from several threads.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var queries = 0
        private(set) var failures: [String] = []
        private var stopped = false

        var isStopped: Bool {
            lock.lock()
            defer { lock.unlock() }
            return stopped
        }

        func stop() {
            lock.lock()
            stopped = true
            lock.unlock()
        }

        func record(_ result: SeraProcess.Result, query: String) {
            lock.lock()
            defer { lock.unlock() }
            queries += 1
            if result.status != 0 || result.stdout.isEmpty {
                failures.append("\(query): exit \(result.status): \(result.stderr)")
            }
        }
    }

    static let probe = """

        ## Reload probe {#reload-probe}
        A clause added for the reload test: the Authority shall keep a probe register.

        """

    @Test func queriesInOtherProcessesNeverFailWhileTheCorpusReloads() throws {
        let workspace = try Workspace()
        #expect(try workspace.sera(["reload"]).status == 0)
        let edited = workspace.corpus.appendingPathComponent("ega-hosting.md")
        let original = try String(contentsOf: edited, encoding: .utf8)

        let tally = Tally()
        let queries = ["hosting", "ega-act-2019:24", "data centre backup", "kifungu cha 24 cha Sheria ya Serikali Mtandao"]
        let loops = DispatchGroup()
        for loop in 0..<3 {
            DispatchQueue.global().async(group: loops) {
                var round = 0
                while !tally.isStopped {
                    let query = queries[(loop + round) % queries.count]
                    round += 1
                    if let result = try? workspace.sera(["search", query], timeout: 60) {
                        tally.record(result, query: query)
                    } else {
                        tally.record(SeraProcess.Result(status: -1, stdout: "", stderr: "could not start"), query: query)
                    }
                }
            }
        }
        // Ten reloads, alternately adding and removing a clause, each one served at once.
        for round in 1...10 {
            let withProbe = round % 2 == 1
            try (withProbe ? original + Self.probe : original).write(to: edited, atomically: true, encoding: .utf8)
            let reload = try workspace.sera(["reload"])
            #expect(reload.status == 0, "reload \(round): \(reload.stderr)")
            #expect(reload.stdout.contains("changed  ega-hosting.md"), "reload \(round): \(reload.stdout)")
            let shown = try workspace.sera(["show", "ega-hosting:reload-probe"])
            if withProbe {
                #expect(shown.status == 0 && shown.stdout.contains("probe register"), "round \(round): \(shown.stderr)")
            } else {
                #expect(shown.status != 0 && !shown.stdout.contains("probe register"), "round \(round): \(shown.stdout)")
            }
        }
        tally.stop()
        loops.wait()
        #expect(tally.failures == [])
        #expect(tally.queries >= 30, "only \(tally.queries) queries ran during the reloads")
    }

    @Test func reloadKilledAtAnyMomentLeavesTheIndexValidAndServing() throws {
        let workspace = try Workspace()
        #expect(try workspace.sera(["reload"]).status == 0)
        let expected = try Self.counts(of: workspace.index)
        // How long a full rebuild takes here, so the kills land all over it.
        let started = Date()
        #expect(try workspace.sera(["reload", "--force"]).status == 0)
        let duration = Date().timeIntervalSince(started)

        var generator = SystemRandomNumberGenerator()
        for attempt in 1...20 {
            let reload = try workspace.startForcedReload()
            usleep(UInt32(Double.random(in: 0...(duration * 1.2), using: &generator) * 1_000_000))
            kill(reload.processIdentifier, SIGKILL)
            reload.waitUntilExit()

            #expect(try Self.integrity(of: workspace.index) == "ok", "attempt \(attempt)")
            #expect(try Self.counts(of: workspace.index) == expected, "attempt \(attempt)")
            let search = try workspace.sera(["search", "hosting"])
            #expect(search.status == 0, "attempt \(attempt): \(search.stderr)")
            // Served as it is: nothing was found damaged and rebuilt behind the scenes.
            #expect(search.stderr.isEmpty, "attempt \(attempt): \(search.stderr)")
        }
        // The next reload clears the temporary files the killed ones left.
        #expect(try workspace.sera(["reload"]).status == 0)
        #expect(workspace.leftovers == [])
    }

    /// Edits a maintainer makes, each followed by an incremental reload: a reworded clause (only
    /// the edited file is read again), a new section (its number may be cited elsewhere, so the
    /// whole corpus is read), an official text added beside its digest and then taken away.
    static let edits: [(name: String, filesRead: Int?, changes: ClauseChanges, change: (URL) throws -> Void)] = [
        ("reworded clause", 1, ClauseChanges(reworded: ["ega-act-2019:2"]), { corpus in
            try replace("## 2. Application", with: "## 2. Application\nA sentence added by the reload test.", in: corpus.appendingPathComponent("ega-act-2019.md"))
        }),
        ("new section", nil, ClauseChanges(added: ["ega-act-2019:4A"]), { corpus in
            try replace("## 5. Functions of Authority", with: "## 4A. Inserted for the reload test\nText of a new section.\n\n## 5. Functions of Authority",
                        in: corpus.appendingPathComponent("ega-act-2019.md"))
        }),
        // The official text's 46 clauses come in; the digest that stepped aside was never served.
        ("official text added", nil, ClauseChanges(added: ["sample-dsa-2031", "sample-dsa-2031:4(2)(i)", "sample-dsa-2031:schedule/3"], addedCount: 46), { corpus in
            let fixtures = SeraProcess.packageRoot.appendingPathComponent("Tests/SeraCoreTests/Fixtures/import")
            for name in ["digital-services-act.docx", "digital-services-act.yaml"] {
                try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
            }
            try """
                ---
                id: sample-dsa-2031
                title: Digital Services (Sample) Act, 2031
                type: act
                source: our summary
                ---
                ## 3. Registry of systems
                A digest in our own words; the official text steps in.
                """.write(to: corpus.appendingPathComponent("sample-dsa-2031.md"), atomically: true, encoding: .utf8)
        }),
        // The digest's section 3 and introduction take the place of the official ones.
        ("official text removed", nil, ClauseChanges(removed: ["sample-dsa-2031:4(2)(i)", "sample-dsa-2031:schedule/3"], removedCount: 44,
                                                     reworded: ["sample-dsa-2031", "sample-dsa-2031:3"]), { corpus in
            try FileManager.default.removeItem(at: corpus.appendingPathComponent("digital-services-act.docx"))
        }),
    ]

    /// The clause-level changes a reload reports: these refs among them, and how many in all.
    struct ClauseChanges {
        var added: [String] = []
        var addedCount: Int?
        var removed: [String] = []
        var removedCount: Int?
        var reworded: [String] = []

        func check(_ report: [String: Any], _ name: String) {
            let added = report["refs_added"] as? [String] ?? [], removed = report["refs_removed"] as? [String] ?? []
            #expect(Set(self.added).isSubset(of: added) && added.count == addedCount ?? self.added.count, "\(name): added \(added)")
            #expect(Set(self.removed).isSubset(of: removed) && removed.count == removedCount ?? self.removed.count, "\(name): removed \(removed)")
            #expect(Set(report["refs_reworded"] as? [String] ?? []) == Set(reworded), "\(name): reworded \(report["refs_reworded"] ?? [])")
        }
    }

    static func replace(_ old: String, with new: String, in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func incrementalReloadsBuildWhatAFullRebuildBuilds() throws {
        let workspace = try Workspace()
        #expect(try workspace.sera(["reload"]).status == 0)
        let rebuilt = workspace.home.appendingPathComponent("rebuilt.sqlite")
        for (name, filesRead, changes, change) in Self.edits {
            try change(workspace.corpus)
            let reload = try workspace.sera(["reload", "--format", "json"])
            #expect(reload.status == 0, "\(name): \(reload.stdout) \(reload.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(reload.stdout.utf8)) as? [String: Any])
            #expect(report["full"] as? Bool == false, "\(name)")
            // A reworded clause needs only its own file read; anything else, the whole corpus.
            let documentFiles = try Corpus.documentFiles(in: workspace.corpus, importers: [MarkdownImporter(), DocxImporter()]).count
            #expect(report["files_read"] as? Int == filesRead ?? documentFiles, "\(name): \(reload.stdout)")
            changes.check(report, name)
            try SeraProcess.run(["--corpus", workspace.corpus.path, "--index", rebuilt.path, "reload", "--force"], home: workspace.home)
            let incremental = try Self.contents(of: workspace.index), full = try Self.contents(of: rebuilt)
            for table in full.keys.sorted() {
                let onlyIncremental = Set(incremental[table] ?? []).subtracting(full[table] ?? [])
                let onlyFull = Set(full[table] ?? []).subtracting(incremental[table] ?? [])
                #expect(onlyIncremental.isEmpty && onlyFull.isEmpty && incremental[table]?.count == full[table]?.count,
                        "\(name): \(table) rows only in the incremental index: \(Array(onlyIncremental.prefix(2))); only in the full one: \(Array(onlyFull.prefix(2)))")
            }
            #expect(try Self.fullTextIndexMatchesItsTable(workspace.index), "\(name)")
            #expect(try Self.rankRowsMirrorClauses(workspace.index) == 0, "\(name)")
        }
    }

    /// An index damaged where its header and the tables a reload reads first do not show it: the
    /// reload starts from a copy of it, the check of the new file (or SQLite on the way) finds the
    /// damage, and everything is built afresh instead of an error or a damaged index.
    @Test func aReloadOverAnIndexDamagedPastItsHeaderRebuildsEverything() throws {
        let workspace = try Workspace()
        #expect(try workspace.sera(["reload"]).status == 0)
        let expected = try Self.contents(of: workspace.index)
        var data = try Data(contentsOf: workspace.index)
        let start = data.count * 3 / 4
        data.replaceSubrange(start..<data.count, with: Data((start..<data.count).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }))
        try data.write(to: workspace.index)
        // What the reload reads before copying still reads: the incremental path is taken.
        var configuration = Configuration()
        configuration.readonly = true
        let files = try DatabaseQueue(path: workspace.index.path, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM files")
        }
        #expect(files == 22)
        #expect(try Self.integrity(of: workspace.index) != "ok")

        try Self.replace("## 2. Application", with: "## 2. Application\nA sentence added by the reload test.",
                         in: workspace.corpus.appendingPathComponent("ega-act-2019.md"))
        let reload = try workspace.sera(["reload", "--format", "json"])
        #expect(reload.status == 0, "\(reload.stdout) \(reload.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(reload.stdout.utf8)) as? [String: Any])
        #expect(report["full"] as? Bool == true, "\(reload.stdout)")
        #expect(try Self.integrity(of: workspace.index) == "ok")
        #expect(workspace.leftovers.isEmpty, "\(workspace.leftovers)")
        let rebuilt = try Self.contents(of: workspace.index)
        #expect(rebuilt["clauses"]?.count == expected["clauses"]?.count)
        let search = try workspace.sera(["search", "--format", "jsonl", "sentence added by the reload test"])
        #expect(search.status == 0 && search.stdout.contains("\"ega-act-2019:2\""), "\(search.stdout) \(search.stderr)")
    }

    /// Every row of the tables a reader uses, without row ids (they differ between builds). The
    /// glossary expansions in `terms` come in no fixed order, so their words are sorted.
    static func contents(of index: URL) throws -> [String: [String]] {
        let queries = [
            "clauses": """
                SELECT doc_id, lang, path, ref, kind, label, title, heading, text, display_heading, parent_path,
                       breadcrumb, obligation, cross_refs, topics, line, ordinal, text_hash, terms FROM clauses ORDER BY doc_id, lang, path
                """,
            "clause_rank": """
                SELECT ref, doc_id, lang, path, ordinal, kind, obligation, topics, heading_key FROM clause_rank
                ORDER BY doc_id, lang, path
                """,
            "documents": "SELECT * FROM documents ORDER BY id, lang",
            "doc_names": "SELECT * FROM doc_names ORDER BY name, doc_id",
            "files": "SELECT path, size, hash, doc_id, lang, failure FROM files ORDER BY path",
            "problems": "SELECT file, line, message FROM problems ORDER BY file, line, message",
        ]
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: index.path, configuration: configuration).read { db in
            try queries.mapValues { sql -> [String] in
                try Row.fetchAll(db, sql: sql).map { row -> String in
                    var values: [String] = row.databaseValues.map { $0.description }
                    if sql.contains("terms FROM clauses"), let terms = String.fromDatabaseValue(row.databaseValues.last!) {
                        values[values.count - 1] = terms.split(separator: " ").sorted().joined(separator: " ")
                    }
                    return values.joined(separator: "|")
                }
            }
        }
    }

    /// FTS5's own check that the full-text index holds exactly the rows of its content table,
    /// run on a copy (the check needs a writable connection).
    static func fullTextIndexMatchesItsTable(_ index: URL) throws -> Bool {
        let copy = index.deletingLastPathComponent().appendingPathComponent("fts-check-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: index, to: copy)
        return try DatabaseQueue(path: copy.path).write { db in
            try db.execute(sql: "INSERT INTO clauses_fts(clauses_fts) VALUES('integrity-check')")
            return true
        }
    }

    /// Clauses whose `clause_rank` row is missing or differs, plus rank rows with no clause.
    static func rankRowsMirrorClauses(_ index: URL) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: index.path, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM clauses c LEFT JOIN clause_rank r ON r.id = c.id
                        WHERE r.id IS NULL OR r.ref != c.ref OR r.ordinal != c.ordinal OR r.topics != c.topics
                           OR r.obligation != c.obligation
                           OR r.heading_key IS NOT (CASE WHEN c.kind IN ('section', 'item', 'topic', 'part', 'schedule')
                                                        THEN lower(c.display_heading) END))
                     + (SELECT COUNT(*) FROM clause_rank r WHERE r.id NOT IN (SELECT id FROM clauses))
                """) ?? -1
        }
    }

    static func integrity(of index: URL) throws -> String? {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: index.path, configuration: configuration).read { db in
            try String.fetchOne(db, sql: "PRAGMA integrity_check")
        }
    }

    static func counts(of index: URL) throws -> [Int] {
        let statistics = try SeraIndex(url: index).statistics()
        return [statistics.documents, statistics.clauses]
    }

    // MARK: Official texts beside the digests

    @Test(.enabled(if: SeraProcess.officialTexts != nil, "../shared/official is absent: the official-text checks are skipped"))
    func officialTextsLoadBesideTheDigestsAndAnswerSearches() throws {
        let official = try #require(SeraProcess.officialTexts)
        let files = try FileManager.default.contentsOfDirectory(atPath: official.path)
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count == 12)
        let workspace = try Workspace(extraFiles: files.map { official.appendingPathComponent($0) })

        let reload = try workspace.sera(["reload"])
        #expect(reload.status == 0, "\(reload.stdout)\(reload.stderr)")
        #expect(reload.stdout.contains(" 0 failed"), "\(reload.stdout)")
        // tz-act-2019-10.yaml names the id ega-act-2019: the official text replaces our digest.
        #expect(reload.stdout.contains("note   ega-act-2019.md: digest 'ega-act-2019' steps aside for the official text tz-act-2019-10.txt"),
                "\(reload.stdout)")

        let shown = try workspace.sera(["show", "ega-act-2019:18(3)(f)"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("official text"))
        #expect(shown.stdout.contains("to review and approve institutional disaster recovery plan"))
        // The Kiswahili digest of the Act stays, as the official text's twin, and says what it is.
        #expect(shown.stdout.contains("── Kiswahili (digest: a summary in our own words) ──"), "\(shown.stdout)")
        #expect(shown.stdout.components(separatedBy: "digest: a summary").count == 2, "\(shown.stdout)")

        let json = try workspace.sera(["show", "ega-act-2019:18(3)(f)", "--format", "json"])
        #expect(json.stdout.contains(#""fidelity" : "official""#) || json.stdout.contains(#""fidelity": "official""#), "\(json.stdout)")

        for (query, document) in [("\"institutional disaster recovery plan\"", "ega-act-2019"),
                                  ("doc:ppa-2023 Kamishna wa Sera ya Ununuzi wa Umma", "ppa-2023"),
                                  ("doc:pdpa-regs-2023 usajili wa mkusanyaji", "pdpa-regs-2023"),
                                  ("doc:ati-act-2016 information holder", "ati-act-2016")] {
            let search = try workspace.sera(["search", "--format", "jsonl", "--limit", "3", query])
            #expect(search.status == 0, "\(query): \(search.stderr)")
            #expect(search.stdout.contains(#""doc":"\#(document)""#), "\(query): \(search.stdout)")
            #expect(search.stdout.contains(#""fidelity":"official""#), "\(query): \(search.stdout)")
        }

        // Taking the official text away brings the digest back, with nothing else re-read.
        try FileManager.default.removeItem(at: workspace.corpus.appendingPathComponent("tz-act-2019-10.txt"))
        let again = try workspace.sera(["reload"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("removed  tz-act-2019-10.txt"), "\(again.stdout)")
        let digest = try workspace.sera(["show", "ega-act-2019:24"])
        #expect(digest.stdout.contains("digest: a summary in our own words"), "\(digest.stdout)")
    }

    @Test func brokenImportsAreReportedAndTheRestIsServed() throws {
        let broken = SeraProcess.packageRoot.appendingPathComponent("Tests/SeraCoreTests/Fixtures/import/broken")
        let names = try FileManager.default.contentsOfDirectory(atPath: broken.path).sorted()
        let workspace = try Workspace(extraFiles: names.map { broken.appendingPathComponent($0) })
        let reload = try workspace.sera(["reload"])
        #expect(reload.status == 3)
        for file in ["truncated.pdf", "scanned.pdf", "not-a-zip.docx", "latin1.txt", "bad-sidecar.yaml", "no-sidecar.txt"] {
            #expect(reload.stdout.contains("failed \(file)"), "\(file): \(reload.stdout)")
        }
        #expect(try workspace.sera(["search", "hosting"]).status == 0)
    }

    @Test func changedSidecarReloadsItsDocument() throws {
        let fixtures = SeraProcess.packageRoot.appendingPathComponent("Tests/SeraCoreTests/Fixtures/import")
        let workspace = try Workspace(extraFiles: ["digital-services-act.pdf", "digital-services-act.yaml"].map { fixtures.appendingPathComponent($0) })
        #expect(try workspace.sera(["reload"]).status == 0)
        let sidecar = workspace.corpus.appendingPathComponent("digital-services-act.yaml")
        try (String(contentsOf: sidecar, encoding: .utf8).replacingOccurrences(of: "status: in-force", with: "status: repealed"))
            .write(to: sidecar, atomically: true, encoding: .utf8)
        let reload = try workspace.sera(["reload"])
        #expect(reload.stdout.contains("changed  digital-services-act.pdf"), "\(reload.stdout)")
        let shown = try workspace.sera(["show", "sample-dsa-2031:4(2)(i)"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("repealed"), "\(shown.stdout)")
    }
}
