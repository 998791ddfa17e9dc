import Foundation
import Testing

/// Eight processes query one index while reloads swap the corpus between two versions: every
/// query must succeed and every answer must be exactly the answer for one version or the
/// other, never a mix (a reload renames a complete new index into place).
@Suite struct ConcurrencyTests {
    static let changedFile = "ega-hosting.md"
    static let query = ["search", "--format", "json", "--limit", "8", "hosting"]

    /// Version B of one document: a heading reworded and a clause added, both about hosting, so
    /// the ranked answer to the query differs from version A's.
    static func versionB(of text: String) throws -> String {
        let lines = text.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex { $0.hasPrefix("## ") })
        var changed = lines
        changed[heading] += " and hosting of zebra systems"
        return changed.joined(separator: "\n")
            + "\n## Zebra hosting {#zebra-hosting}\nEvery zebra hosting service shall be hosted in the Government data centre.\n"
    }

    @Test func readersSeeTheOldOrTheNewIndexNeverAMix() throws {
        let home = SeraProcess.temporaryDirectory("sera-concurrency")
        let corpus = home.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for file in ["ega-act-2019.md", Self.changedFile, "ega-standards.md", "glossary.yaml"] {
            try FileManager.default.copyItem(at: SeraProcess.corpus.appendingPathComponent(file), to: corpus.appendingPathComponent(file))
        }
        let versionA = try String(contentsOf: corpus.appendingPathComponent(Self.changedFile), encoding: .utf8)
        try versionA.write(to: home.appendingPathComponent("A.md"), atomically: true, encoding: .utf8)
        try Self.versionB(of: versionA).write(to: home.appendingPathComponent("B.md"), atomically: true, encoding: .utf8)
        let index = home.appendingPathComponent("index.sqlite")
        let paths = ["--corpus", corpus.path, "--index", index.path]

        /// Puts one version in place with a rename, as an editor saving the file would.
        func install(_ version: String) throws {
            let swap = corpus.appendingPathComponent(".swap")
            try FileManager.default.copyItem(at: home.appendingPathComponent("\(version).md"), to: swap)
            #expect(rename(swap.path, corpus.appendingPathComponent(Self.changedFile).path) == 0)
        }
        func answer(after version: String) throws -> String {
            try install(version)
            let reload = try SeraProcess.run(["reload"] + paths, home: home)
            #expect(reload.status == 0, "\(reload.stdout) \(reload.stderr)")
            let result = try SeraProcess.run([Self.query[0]] + paths + Self.query.dropFirst(), home: home)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        // The two right answers, the second A after an incremental reload from B.
        let answerA = try answer(after: "A")
        let answerB = try answer(after: "B")
        #expect(try answer(after: "A") == answerA, "an incremental reload answers differently from a full one")
        #expect(answerA != answerB)
        #expect(answerB.contains("zebra-hosting"))

        let results = home.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        let setup = "C='\(corpus.path)' I='\(index.path)' R='\(results.path)' end=$(( $(date +%s) + 25 ))\n"
        let readers = (1...8).map { worker in
            setup + """
                n=0
                while [ "$(date +%s)" -lt "$end" ]; do
                    n=$((n + 1)) status=0
                    "$SERA" search --corpus "$C" --index "$I" --format json --limit 8 hosting \\
                        > "$R/q-\(worker)-$n.out" 2> "$R/q-\(worker)-$n.err" || status=$?
                    echo "$status" > "$R/q-\(worker)-$n.status"
                done
                """
        }
        let reloader = setup + """
            version=B r=0
            while [ "$(date +%s)" -lt "$end" ]; do
                r=$((r + 1)) status=0
                cp "$HOME/$version.md" "$C/.swap" && mv "$C/.swap" "$C/\(Self.changedFile)"
                "$SERA" reload --corpus "$C" --index "$I" > "$R/r-$r.out" 2>&1 || status=$?
                echo "$status" > "$R/r-$r.status"
                if [ "$version" = B ]; then version=A; else version=B; fi
            done
            """
        // Nine processes at once, each from its own thread (a script's background jobs cannot be waited for here).
        final class Outcomes: @unchecked Sendable {
            let lock = NSLock()
            var failures: [String] = []
        }
        let outcomes = Outcomes()
        let finished = DispatchGroup()
        for script in readers + [reloader] {
            finished.enter()
            Thread.detachNewThread {
                let run = try? SeraScript.run(script, home: home, timeout: 120)
                if run?.status != 0 {
                    outcomes.lock.withLock { outcomes.failures.append(run?.stderr ?? "did not start") }
                }
                finished.leave()
            }
        }
        finished.wait()
        #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")

        var queries = 0, failed: [String] = [], wrong: [String] = [], sawA = 0, sawB = 0
        var reloads = 0, failedReloads: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: results.path) where file.hasSuffix(".status") {
            let name = String(file.dropLast(".status".count))
            let status = try String(contentsOf: results.appendingPathComponent(file), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if name.hasPrefix("r-") {
                reloads += 1
                if status != "0" {
                    failedReloads.append("\(name): \(status) \((try? String(contentsOf: results.appendingPathComponent("\(name).out"), encoding: .utf8)) ?? "")")
                }
                continue
            }
            queries += 1
            let stdout = try String(contentsOf: results.appendingPathComponent("\(name).out"), encoding: .utf8)
            guard status == "0" else {
                failed.append("\(name): exit \(status) \((try? String(contentsOf: results.appendingPathComponent("\(name).err"), encoding: .utf8)) ?? "")")
                continue
            }
            if stdout == answerA { sawA += 1 } else if stdout == answerB { sawB += 1 } else { wrong.append(name) }
        }
        #expect(queries >= 16, "only \(queries) queries ran")
        #expect(reloads >= 4, "only \(reloads) reloads ran")
        #expect(failed.isEmpty, "\(failed.count) failed queries: \(failed.prefix(5))")
        #expect(wrong.isEmpty, "\(wrong.count) answers matched neither version: \(wrong.prefix(5))")
        #expect(failedReloads.isEmpty, "\(failedReloads.prefix(5))")
        // Both versions were seen: the reloads really happened under the readers.
        #expect(sawA > 0 && sawB > 0, "A \(sawA), B \(sawB)")
        print("concurrency: \(queries) queries (\(sawA) A, \(sawB) B), \(reloads) reloads, \(failed.count) failed, \(wrong.count) wrong")

        // When the dust settles, the index answers for the corpus as it is on disk.
        let onDisk = try String(contentsOf: corpus.appendingPathComponent(Self.changedFile), encoding: .utf8)
        let final = try SeraProcess.run([Self.query[0]] + paths + Self.query.dropFirst(), home: home)
        #expect(final.stdout == (onDisk == versionA ? answerA : answerB))
    }
}
