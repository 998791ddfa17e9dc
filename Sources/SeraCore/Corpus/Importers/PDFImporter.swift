import Foundation

/// Reads official PDFs: `pdftotext -layout` (poppler-utils) turns the pages into text, which then
/// goes through the plain-text path: page furniture dropped, hyphenated words rejoined, structure
/// parsed. Metadata comes from the sidecar `NAME.yaml`.
public struct PDFImporter: OfficialTextImporter {
    /// How long `pdftotext` may take on one file before it is stopped and the file reported.
    public var timeLimit: TimeInterval
    /// `pdftotext`, found on `PATH` when nil.
    public var converter: URL?

    public init(timeLimit: TimeInterval = 60, converter: URL? = nil) {
        self.timeLimit = timeLimit
        self.converter = converter
    }

    public var extensions: [String] { ["pdf"] }

    public func lines(of url: URL, name: String) throws -> [SourceLine] {
        try checkEnvelope(of: url, name: name)
        guard let tool = converter ?? ExternalTool.find("pdftotext") else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "cannot read PDF: pdftotext not found (install poppler-utils)"))
        }
        let result: ExternalTool.Result
        do {
            // `-layout` keeps a page's lines in reading order; `-` writes to stdout. The path is one
            // argument of the array, never part of a shell string.
            result = try ExternalTool.run(tool, arguments: ["-layout", "-enc", "UTF-8", url.path, "-"], timeLimit: timeLimit)
        } catch ExternalTool.Failure.timedOut {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "pdftotext did not finish within \(Int(timeLimit)) s"))
        } catch {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "cannot run pdftotext: \(error)"))
        }
        guard result.status == 0 else {
            let reason = result.errorLines.first ?? "exit status \(result.status)"
            let kind = result.status == 3 ? "PDF does not permit copying its text" : "damaged PDF"
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "\(kind): \(reason)"))
        }
        let text = CorpusFile.sanitize(String(decoding: result.output, as: UTF8.self), keepingFormFeeds: true)
        guard text.contains(where: { !$0.isWhitespace && $0 != "\u{0C}" }) else {
            throw CorpusError.invalidFile(CorpusProblem(
                file: name, message: "scanned PDF: no text layer (run OCR on it, or add the text as NAME.txt)"))
        }
        return PageLayout.lines(of: text)
    }

    /// A PDF starts with `%PDF-` and ends with `%%EOF`; poppler rebuilds a file cut short and
    /// converts what is left, so a truncated download would otherwise load as a shorter Act.
    private func checkEnvelope(of url: URL, name: String) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "cannot read file"))
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        guard head.starts(with: Data("%PDF-".utf8)) else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "not a PDF file (it does not start with %PDF-)"))
        }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 2048 ? size - 2048 : 0)
        let tail = (try? handle.readToEnd()) ?? Data()
        guard tail.range(of: Data("%%EOF".utf8)) != nil else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "truncated PDF: the file ends before its %%EOF marker"))
        }
    }
}

/// Runs a helper program with an argument array and a time limit, collecting what it prints.
enum ExternalTool {
    struct Result {
        var status: Int32
        var output: Data
        var errors: Data
        var errorLines: [String] {
            String(decoding: errors, as: UTF8.self).split(separator: "\n").map { $0.trimmingSpaces() }
        }
    }

    enum Failure: Error {
        case timedOut
    }

    /// The program `name` on `PATH`.
    static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.lazy.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ program: URL, arguments: [String], timeLimit: TimeInterval) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // Both pipes are drained while the program runs, so a large output cannot block it.
        let collected = Collected()
        let readers = DispatchGroup()
        for (pipe, keyPath) in [(output, \Collected.output), (errors, \Collected.errors)] {
            DispatchQueue.global().async(group: readers) {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.store(data, at: keyPath)
            }
        }
        if finished.wait(timeout: .now() + timeLimit) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            // A child the program started may still hold the pipes; its output is not wanted.
            _ = readers.wait(timeout: .now() + 2)
            throw Failure.timedOut
        }
        readers.wait()
        return Result(status: process.terminationStatus, output: collected.output, errors: collected.errors)
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        var output = Data()
        var errors = Data()

        func store(_ data: Data, at keyPath: ReferenceWritableKeyPath<Collected, Data>) {
            lock.lock()
            defer { lock.unlock() }
            self[keyPath: keyPath] = data
        }
    }
}
