import ArgumentParser
import Foundation
import SeraCore
import SeraShell

#if canImport(Glibc)
import Glibc
#endif

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Corpus directory (default: $SERA_CORPUS, ./corpus, or the shipped corpus).")
    var corpus: String?

    @Option(help: "Index file (default: $SERA_INDEX, or ~/.cache/sera/NAME.sqlite).")
    var index: String?

    @Option(help: "Output format: text, json, jsonl, csv or markdown.")
    var format: String?

    @Option(help: "Most hits to print.")
    var limit: Int?

    @Option(help: "Preferred language: en, sw or any.")
    var lang: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR does the same).")
    var noColor = false
}

/// Runs invocations against a session and turns errors into messages and exit codes: the one
/// place where the executable decides how a run ends.
enum Execution {
    static func session(_ global: GlobalOptions, output: StandardStreams, interactive: Bool = false) throws -> Session {
        let paths = SeraPaths.resolve(corpus: global.corpus, index: global.index)
        var settings = SessionSettings()
        settings.style = TextStyle(color: Terminal.wantsColor(noColorFlag: global.noColor),
                                   width: Terminal.isTerminal(STDOUT_FILENO) ? Terminal.width() : 0)
        var options: [String: String] = [:]
        if let format = global.format { options["format"] = format }
        if let limit = global.limit { options["limit"] = String(limit) }
        if let lang = global.lang { options["lang"] = lang }
        let session = Session(paths: paths, settings: settings, loader: Importers.loader, notify: { output.note($0) })
        try session.apply(options: options)
        return session
    }

    /// Runs one subcommand and exits with its status.
    static func run(_ global: GlobalOptions, _ invocation: CommandInvocation) throws {
        signal(SIGPIPE, SIG_IGN)
        let output = StandardStreams()
        let status: ExitStatus
        do {
            let session = try self.session(global, output: output)
            status = try CommandRunner(session: session, output: output).run(invocation)
        } catch {
            let (errorStatus, message) = ErrorReport.describe(error)
            output.note(message)
            throw ExitCode(errorStatus.rawValue)
        }
        if status != .found { throw ExitCode(status.rawValue) }
    }
}

@main
struct Sera: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sera",
        abstract: "Search Tanzania's e-Government laws, regulations, standards and guidelines, in Kiswahili and English.",
        discussion: """
            With no subcommand: an interactive shell on a terminal; otherwise one command or query per
            line of standard input (batch mode). Exit status: 0 found, 1 nothing found, 2 bad input,
            3 corpus or index problem.
            """,
        subcommands: [Search.self, Show.self, Docs.self, Toc.self, Cites.self, Stats.self, Reload.self, Changes.self, Lint.self]
    )

    @OptionGroup var global: GlobalOptions

    /// Usage errors exit with 2, as DESIGN.md says, rather than ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "usage error"
                FileHandle.standardError.write(Data("sera: \(message)\n".utf8))
                Foundation.exit(ExitStatus.badInput.rawValue)
            }
            exit(withError: error)
        }
    }

    mutating func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let output = StandardStreams()
        let session: Session
        do {
            session = try Execution.session(global, output: output)
        } catch {
            let (status, message) = ErrorReport.describe(error)
            output.note(message)
            throw ExitCode(status.rawValue)
        }
        if Terminal.isTerminal(STDIN_FILENO) && Terminal.isTerminal(STDOUT_FILENO) {
            let status = Shell(session: session).run()
            throw ExitCode(status.rawValue)
        }
        let status = BatchRunner(session: session, output: output).run()
        if status != .found { throw ExitCode(status.rawValue) }
    }
}

/// Batch mode: one command or query per line of stdin; no prompt, no banner, no colour.
struct BatchRunner {
    let session: Session
    let output: StandardStreams

    func run() -> ExitStatus {
        session.settings.style.color = false
        let runner = CommandRunner(session: session, output: output)
        var worst: ExitStatus?
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            output.notePrefix = "sera: line \(lineNumber): "
            let status = runner.run(line: line.replacingOccurrences(of: "\0", with: " ")) { message in
                output.note(message)
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            worst = max(worst ?? status, status)
            if session.quitRequested { break }
        }
        output.notePrefix = "sera: "
        return worst ?? .found
    }
}

struct Search: ParsableCommand {
    // Only --help: `-h…` must stay free for queries such as `-hosting` (exclude a word).
    static let configuration = CommandConfiguration(
        abstract: "Search the corpus (alias: tafuta).", helpNames: [.long], aliases: ["tafuta"])
    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .allUnrecognized,
              help: "Words, \"phrases\", a OR b, -word, word*, filters (type: doc: lang: status: topic:), must, or a clause reference.")
    var query: [String] = []

    func run() throws {
        try Execution.run(global, CommandInvocation(name: "search", arguments: query))
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a clause with its subsections, breadcrumb and source (alias: onyesha).", aliases: ["onyesha"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A clause reference: ega-act-2019:24(1), \"section 24 of the e-Government Act\", \"kifungu cha 24\".")
    var reference: [String] = []

    func run() throws {
        try Execution.run(global, CommandInvocation(name: "show", arguments: reference))
    }
}

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the documents (alias: nyaraka).", aliases: ["nyaraka"])
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "docs")) }
}

struct Toc: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A document's table of contents (alias: yaliyomo).", aliases: ["yaliyomo"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A document id, title or alias.") var document: [String] = []
    func run() throws { try Execution.run(global, CommandInvocation(name: "toc", arguments: document)) }
}

struct Cites: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Clauses that refer to a clause.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A clause reference.") var reference: [String] = []
    func run() throws { try Execution.run(global, CommandInvocation(name: "cites", arguments: reference)) }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Documents and clauses in the index, by type and language.")
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "stats")) }
}

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-read the corpus and update the index (incremental; atomic).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Rebuild every document, not only the changed files.") var force = false
    func run() throws {
        try Execution.run(global, CommandInvocation(name: "reload", flags: force ? ["force"] : []))
    }
}

struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Clauses added, removed or reworded by the last reload.")
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "changes")) }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the corpus files without building the index.")
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "lint")) }
}
