import Foundation
import Testing

/// The built `sera` binary and helpers to run it as a user would: through pipes, with its own
/// temporary directories for the index and the cache, never the user's.
struct SeraProcess {
    /// The package root (where `corpus/` lives).
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The shipped corpus.
    static var corpus: URL { packageRoot.appendingPathComponent("corpus") }

    /// `../shared/official`, when this checkout sits beside it.
    static var officialTexts: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/official")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The `sera` binary built beside the test bundle (works for any `--scratch-path`).
    static let binary: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("sera")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        fatalError("sera binary not found near \(Bundle.main.bundleURL.path); build it first")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A fresh temporary directory, removed when the test process ends.
    static func temporaryDirectory(_ name: String = "sera-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs sera with `arguments`, feeding `input` on stdin. HOME and the XDG folders point into
    /// `home`, so a test never touches the user's cache or history.
    @discardableResult
    static func run(_ arguments: [String], input: String? = nil, home: URL? = nil,
                    environment extra: [String: String] = [:], timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let home = home ?? temporaryDirectory("sera-home")
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache").path
        environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        environment.removeValue(forKey: "SERA_INDEX")
        environment.removeValue(forKey: "SERA_CORPUS")
        environment.removeValue(forKey: "NO_COLOR")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = home
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while the process runs, so a large output cannot block it.
        final class Collected: @unchecked Sendable { var out = Data(), err = Data() }
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { collected.out = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { collected.err = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("sera \(arguments) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: collected.out, as: UTF8.self),
                      stderr: String(decoding: collected.err, as: UTF8.self))
    }

    /// Runs sera on the shipped corpus with an index in `home`.
    @discardableResult
    static func onShippedCorpus(_ arguments: [String], input: String? = nil, home: URL) throws -> Result {
        try run(["--corpus", corpus.path, "--index", home.appendingPathComponent("index.sqlite").path] + arguments,
                input: input, home: home)
    }
}
