import Foundation
import Testing

/// A shell script around the built binary, for what `SeraProcess.run` cannot set up: raw bytes
/// on stdin, a read-only or full filesystem (a private mount namespace), a file-size limit, a
/// umask. The script sees `$SERA` (the binary) and `$CORPUS` (the shipped corpus); HOME and the
/// XDG folders point into `home`, as with SeraProcess. Scripts start no background jobs: they
/// inherit the test runner's blocked SIGCHLD, so the shell's `wait` would never return.
enum SeraScript {
    @discardableResult
    static func run(_ script: String, home: URL, timeout: TimeInterval = 120) throws -> SeraProcess.Result {
        let name = UUID().uuidString
        let file = home.appendingPathComponent("script-\(name).sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let stdout = home.appendingPathComponent("script-\(name).out"), stderr = home.appendingPathComponent("script-\(name).err")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-eu", file.path]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache").path
        environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        environment["SERA"] = SeraProcess.binary.path
        environment["CORPUS"] = SeraProcess.corpus.path
        for key in ["SERA_INDEX", "SERA_CORPUS", "NO_COLOR"] { environment.removeValue(forKey: key) }
        process.environment = environment
        process.currentDirectoryURL = home
        // Files, not pipes: nothing to drain, and background jobs of the script cannot hold them open.
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            // SIGKILL: the test runner's threads block most signals, and its children inherit that.
            kill(process.processIdentifier, SIGKILL)
            Issue.record("script did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return SeraProcess.Result(status: process.terminationStatus,
                                  stdout: try String(contentsOf: stdout, encoding: .utf8),
                                  stderr: try String(contentsOf: stderr, encoding: .utf8))
    }

    /// Whether this machine lets a user namespace mount a tmpfs and remount it read-only
    /// (`unshare -rm`). Then the faults below are real filesystems; otherwise they are simulated
    /// (a file-size limit for a full disk, an unprivileged user for a read-only directory).
    static let canMount: Bool = {
        let home = SeraProcess.temporaryDirectory("sera-probe")
        let result = try? run("""
            mkdir -p "$HOME/m"
            exec unshare -rm sh -c 'mount -t tmpfs -o size=1m tmpfs "$HOME/m" && mount -o remount,ro "$HOME/m" && ! touch "$HOME/m/x" 2>/dev/null'
            """, home: home)
        return result?.status == 0
    }()
}

/// What goes wrong on a real machine: a damaged or missing index, a read-only directory, a
/// missing corpus, a full disk. Sera answers from what it has, rebuilds what it can, says so in
/// one line, and never leaves the index half written.
@Suite struct FaultTests {
    let home = SeraProcess.temporaryDirectory("sera-fault")
    var index: URL { home.appendingPathComponent("index.sqlite") }
    var paths: [String] { ["--corpus", SeraProcess.corpus.path, "--index", index.path] }

    func search(_ words: String = "hosting") throws -> SeraProcess.Result {
        try SeraProcess.run(["search"] + paths + ["--format", "json", "--limit", "3", words], home: home)
    }

    /// Builds the index and returns the first answer, to compare later answers with.
    func healthyAnswer() throws -> String {
        let first = try search()
        #expect(first.status == 0, "\(first.stderr)")
        return first.stdout
    }

    enum Damage: String, CaseIterable, Sendable {
        case emptied, truncatedToHalf, truncatedTo1000Bytes, overwrittenWithGarbage, headerOverwritten, secondHalfOverwritten
    }

    /// Damages the file in place, as a crash, a full disk or a stray `dd` would.
    func damage(_ url: URL, _ damage: Damage) throws {
        let data = try Data(contentsOf: url)
        var garbage = SystemRandomNumberGenerator()
        func noise(_ count: Int) -> Data { Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &garbage) }) }
        let damaged: Data = switch damage {
        case .emptied: Data()
        case .truncatedToHalf: data.prefix(data.count / 2)
        case .truncatedTo1000Bytes: data.prefix(1_000)
        case .overwrittenWithGarbage: noise(data.count)
        case .headerOverwritten: noise(100) + data.dropFirst(100)
        // Header intact: opening may succeed, and the damage shows only when a query reads it.
        case .secondHalfOverwritten: data.prefix(data.count / 2) + noise(data.count - data.count / 2)
        }
        try damaged.write(to: url)
    }

    @Test(arguments: Damage.allCases)
    func aDamagedIndexIsRebuiltWithOneLineAndTheQueryAnswered(_ kind: Damage) throws {
        let healthy = try healthyAnswer()
        try damage(index, kind)
        let result = try search()
        #expect(result.status == 0, "\(kind): \(result.stderr)")
        #expect(result.stdout == healthy)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(kind): \(result.stderr)")
        #expect(lines.first?.hasPrefix("sera: index \(index.path) ") == true, "\(result.stderr)")
        #expect(lines.first?.hasSuffix("; rebuilding it from \(SeraProcess.corpus.path)") == true, "\(result.stderr)")
        // Rebuilt for good: the next query has nothing to say.
        let next = try search()
        #expect(next.status == 0 && next.stderr.isEmpty && next.stdout == healthy, "\(next.stderr)")
    }

    @Test func aDeletedIndexIsBuiltAgainOnTheNextQuery() throws {
        let healthy = try healthyAnswer()
        try FileManager.default.removeItem(at: index)
        let result = try search()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == healthy)
        #expect(FileManager.default.fileExists(atPath: index.path))
    }

    @Test func aMissingCorpusIsACorpusProblemNamingThePath() throws {
        let missing = home.appendingPathComponent("gone").path
        let reload = try SeraProcess.run(["reload", "--corpus", missing, "--index", index.path], home: home)
        #expect(reload.status == 3)
        #expect(reload.stderr == "sera: corpus directory not found: \(missing)\n")
        // With an index already built, queries go on from it and say the corpus is missing.
        let corpus = home.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: SeraProcess.corpus, to: corpus)
        let built = try SeraProcess.run(["search", "--corpus", corpus.path, "--index", index.path, "hosting"], home: home)
        #expect(built.status == 0)
        try FileManager.default.removeItem(at: corpus)
        let served = try SeraProcess.run(["search", "--corpus", corpus.path, "--index", index.path, "hosting"], home: home)
        #expect(served.status == 0)
        #expect(served.stdout == built.stdout)
        #expect(served.stderr == "sera: corpus directory not found: \(corpus.path); serving the existing index\n")
        let reloadGone = try SeraProcess.run(["reload", "--corpus", corpus.path, "--index", index.path], home: home)
        #expect(reloadGone.status == 3)
        #expect(reloadGone.stderr == "sera: corpus directory not found: \(corpus.path)\n")
    }

    /// Runs `commands` with `directory` read-only: a read-only bind mount in a private mount
    /// namespace where the machine allows it, else as an unprivileged user (root ignores
    /// permission bits, so `chmod 555` alone proves nothing when tests run as root).
    func withReadOnly(_ directory: URL, _ commands: String) throws -> SeraProcess.Result {
        if SeraScript.canMount {
            return try SeraScript.run("""
                exec unshare -rm sh -eu -c 'mount --bind "$1" "$1"; mount -o remount,bind,ro "$1"; eval "$2"' sh '\(directory.path)' '\(commands)'
                """, home: home)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: home.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path) }
        return try SeraScript.run("exec setpriv --reuid=65534 --regid=65534 --clear-groups sh -eu -c '\(commands)'", home: home)
    }

    @Test func aReadOnlyIndexDirectoryStillAnswersAndReloadFailsClearly() throws {
        let corpus = home.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for file in ["ega-act-2019.md", "ega-hosting.md", "glossary.yaml"] {
            try FileManager.default.copyItem(at: SeraProcess.corpus.appendingPathComponent(file), to: corpus.appendingPathComponent(file))
        }
        let directory = home.appendingPathComponent("readonly")
        let index = directory.appendingPathComponent("index.sqlite")
        let arguments = "--corpus \(corpus.path) --index \(index.path)"
        let healthy = try SeraProcess.run(["search", "--corpus", corpus.path, "--index", index.path, "--format", "json", "hosting"], home: home)
        #expect(healthy.status == 0)
        let before = try Data(contentsOf: index)
        // Edit the corpus, so the query would like to rebuild the index and cannot.
        let edited = try FileHandle(forWritingTo: corpus.appendingPathComponent("ega-hosting.md"))
        try edited.seekToEnd()
        try edited.write(contentsOf: Data("\n## Zebra rule {#zebra}\nSystems shall mind the zebra.\n".utf8))
        try edited.close()
        let result = try withReadOnly(directory, """
            s=0; "$SERA" search \(arguments) --format json hosting > "$HOME/q.out" 2> "$HOME/q.err" || s=$?; echo $s > "$HOME/q.status"
            s=0; "$SERA" reload \(arguments) > "$HOME/r.out" 2> "$HOME/r.err" || s=$?; echo $s > "$HOME/r.status"
            """)
        #expect(result.status == 0, "\(result.stderr)")
        func read(_ name: String) throws -> String { try String(contentsOf: home.appendingPathComponent(name), encoding: .utf8) }
        let reason = SeraScript.canMount ? "Read-only file system" : "Permission denied"
        #expect(try read("q.status") == "0\n")
        #expect(try read("q.out") == healthy.stdout, "the old index answers")
        #expect(try read("q.err") == "sera: corpus changed but cannot write the index at \(index.path): \(reason); serving the previous index\n")
        #expect(try read("r.status") == "3\n")
        #expect(try read("r.err") == "sera: cannot write the index at \(index.path): \(reason); the previous index, if any, is unchanged\n")
        #expect(try Data(contentsOf: index) == before)
    }

    @Test func aFullDiskDuringReloadLeavesTheOldIndexIntact() throws {
        let healthy = try healthyAnswer()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: index.path)[.size] as? Int)
        let full = home.appendingPathComponent("full")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
        let target = full.appendingPathComponent("index.sqlite")
        let args = "--corpus \(SeraProcess.corpus.path) --index \(target.path)"
        // Room for the index, not for a second copy being built beside it.
        let commands = """
            cp "\(index.path)" "\(target.path)"
            s=0; "$SERA" reload --force \(args) > "$HOME/r.out" 2> "$HOME/r.err" || s=$?; echo $s > "$HOME/r.status"
            ls -A "\(full.path)" > "$HOME/left.txt"
            cp "\(target.path)" "$HOME/after.sqlite"
            s=0; "$SERA" search \(args) --format json --limit 3 hosting > "$HOME/q.out" 2> "$HOME/q.err" || s=$?; echo $s > "$HOME/q.status"
            """
        let result: SeraProcess.Result
        if SeraScript.canMount {
            result = try SeraScript.run("""
                exec unshare -rm sh -eu -c 'mount -t tmpfs -o size=\(size + 256 * 1024) tmpfs "$1"; shift; eval "$1"' sh '\(full.path)' '\(commands)'
                """, home: home)
        } else {
            // No mount here: a file-size limit makes the same write fail (EFBIG instead of ENOSPC).
            result = try SeraScript.run("trap '' XFSZ\nulimit -f \((size + 256 * 1024) / 512)\n\(commands)", home: home)
        }
        #expect(result.status == 0, "\(result.stderr)")
        func read(_ name: String) throws -> String { try String(contentsOf: home.appendingPathComponent(name), encoding: .utf8) }
        #expect(try read("r.status") == "3\n")
        let reloadError = try read("r.err")
        #expect(reloadError.hasPrefix("sera: cannot write the index at \(target.path): "), "\(reloadError)")
        #expect(reloadError.contains(SeraScript.canMount ? "disk is full" : "disk I/O error"), "\(reloadError)")
        #expect(reloadError.hasSuffix("; the previous index, if any, is unchanged\n"), "\(reloadError)")
        // The old index is byte for byte what it was, no temporary file is left, and it answers.
        #expect(try Data(contentsOf: home.appendingPathComponent("after.sqlite")) == Data(contentsOf: index))
        #expect(try read("left.txt") == "index.sqlite\n")
        #expect(try read("q.status") == "0\n")
        #expect(try read("q.out") == healthy)
    }

    /// With no network at all (a fresh network namespace: not even loopback is up), a query is
    /// answered exactly as before. SecurityTests checks the sources for network APIs as well.
    @Test func aQueryIsAnsweredWithNoNetwork() throws {
        let healthy = try healthyAnswer()
        let offline = try SeraScript.run("""
            exec unshare -rn "$SERA" search --corpus '\(SeraProcess.corpus.path)' --index '\(index.path)' --format json --limit 3 hosting
            """, home: home)
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stdout == healthy)
        #expect(offline.stderr.isEmpty)
    }

    @Test func filesSeraCreatesAreNotWorldWritableEvenUnderUmask000() throws {
        let result = try SeraScript.run("""
            umask 000
            "$SERA" search --corpus "$CORPUS" --index "$HOME/made/index.sqlite" hosting > /dev/null
            "$SERA" check --corpus "$CORPUS" --index "$HOME/made/index.sqlite" --hosting gov-dc --save "$HOME/plan.yaml" > /dev/null
            """, home: home)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["made", "made/index.sqlite", "plan.yaml"] {
            let path = home.appendingPathComponent(name).path
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode & 0o002 == 0, "\(path) is world-writable: \(String(mode, radix: 8))")
        }
    }
}
