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

    var settings: GlobalSettings {
        GlobalSettings(corpus: corpus, index: index, format: format, limit: limit, lang: lang, noColor: noColor)
    }
}

/// Runs invocations against a session and turns errors into messages and exit codes: the one
/// place where the executable decides how a run ends.
enum Execution {
    static func session(_ global: GlobalSettings, output: StandardStreams, interactive: Bool = false) throws -> Session {
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
        try run(global.settings, invocation)
    }

    static func run(_ global: GlobalSettings, _ invocation: CommandInvocation) throws {
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
        // Each subcommand spells out its `commandName`: otherwise ArgumentParser derives it with
        // String(describing:), whose protocol-conformance scans cost about a tenth of a one-query run.
        subcommands: [Search.self, Show.self, Docs.self, Toc.self, Cites.self, Explain.self, Stats.self, Reload.self, Changes.self, Lint.self, Check.self]
    )

    @OptionGroup var global: GlobalOptions

    /// Usage errors exit with 2, as DESIGN.md says, rather than ArgumentParser's 64.
    static func main() {
        // Nothing sera writes (the index, the history, a saved checklist) may be world-writable,
        // whatever umask it inherits: keep the umask's other-write bit set.
        umask(umask(0) | 0o002)
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if getenv(QuickCommandLine.disablingVariable) == nil, let parsed = QuickCommandLine.parse(arguments) {
                if let invocation = parsed.invocation {
                    try Execution.run(parsed.settings, invocation)
                } else {
                    try runShellOrBatch(parsed.settings)
                }
                return
            }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let line = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "usage error"
                // One style for every message: "sera: unknown option …", not "sera: Error: Unknown option …".
                let message = line.hasPrefix("Error: ") ? line.dropFirst(7).prefix(1).lowercased() + line.dropFirst(8) : line
                FileHandle.standardError.write(Data("sera: \(TextStyle.neutralise(message))\n".utf8))
                Foundation.exit(ExitStatus.badInput.rawValue)
            }
            exit(withError: error)
        }
    }

    mutating func run() throws {
        try Self.runShellOrBatch(global.settings)
    }

    /// No subcommand: the shell on a terminal, batch mode otherwise.
    static func runShellOrBatch(_ global: GlobalSettings) throws {
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
            if line.trimmingSpaces().isEmpty { continue }
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
        commandName: "search",
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
        commandName: "show",
        abstract: "Print a clause with its subsections, breadcrumb and source (alias: onyesha).", aliases: ["onyesha"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A clause reference: ega-act-2019:24(1), \"section 24 of the e-Government Act\", \"kifungu cha 24\".")
    var reference: [String] = []

    func run() throws {
        try Execution.run(global, CommandInvocation(name: "show", arguments: reference))
    }
}

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "List the documents (alias: nyaraka).", aliases: ["nyaraka"])
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "docs")) }
}

struct Toc: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "toc", abstract: "A document's table of contents (alias: yaliyomo).", aliases: ["yaliyomo"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A document id, title or alias.") var document: [String] = []
    func run() throws { try Execution.run(global, CommandInvocation(name: "toc", arguments: document)) }
}

struct Cites: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cites", abstract: "Clauses that refer to a clause.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A clause reference.") var reference: [String] = []
    func run() throws { try Execution.run(global, CommandInvocation(name: "cites", arguments: reference)) }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "How a query is read and why each top hit ranks where it does (alias: eleza).", aliases: ["eleza"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A query, exactly as for search.") var query: [String] = []
    func run() throws { try Execution.run(global, CommandInvocation(name: "explain", arguments: query)) }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Documents and clauses in the index, by type and language.")
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "stats")) }
}

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload", abstract: "Re-read the corpus and update the index (incremental; atomic).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Rebuild every document, not only the changed files.") var force = false
    func run() throws {
        try Execution.run(global, CommandInvocation(name: "reload", flags: force ? ["force"] : []))
    }
}

struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "changes", abstract: "Clauses added, removed or reworded by the last reload.")
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "changes")) }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Check the corpus files without building the index.")
    @OptionGroup var global: GlobalOptions
    func run() throws { try Execution.run(global, CommandInvocation(name: "lint")) }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The requirements checklist for a planned system (alias: hakiki).",
        discussion: """
            Lists every clause with a duty (must, must not, should) that applies to the system you describe,
            grouped by e-GA architecture area, each with its citation, status and source. Without flags:
            what applies to every system. Exit status with --status: 0 nothing open, 2 items open, expired,
            changed or new, 3 the file or the corpus is broken.
            """,
        aliases: ["hakiki"])
    @OptionGroup var global: GlobalOptions
    @Flag(help: "What the system does (any number of them).") var system: [SystemSwitch] = []
    @Option(help: "Where it will be hosted: gov-dc, own, external or undecided.") var hosting: String?
    @Option(help: "Also write the checklist to FILE (YAML), with a status per item to fill in.") var save: String?
    @Option(help: "Re-read a saved checklist FILE against the corpus: open, expired, changed, vanished and new items.") var status: String?

    func run() throws {
        var options: [String: String] = [:]
        options["hosting"] = hosting
        options["save"] = save
        options["status"] = status
        try Execution.run(global, CommandInvocation(name: "check", options: options, flags: Set(system.map(\.rawValue))))
    }
}

/// The yes/no flags of `check`; their names are `SystemProfile.switchNames`.
enum SystemSwitch: String, EnumerableFlag {
    case personalData = "personal-data", publicFacing = "public-facing", payments, mobile, integrates, procurement, records, email, website, cloud

    static func name(for value: SystemSwitch) -> NameSpecification { .customLong(value.rawValue) }

    static func help(for value: SystemSwitch) -> ArgumentHelp? {
        switch value {
        case .personalData: "It collects or processes personal data."
        case .publicFacing: "Citizens or other members of the public use it directly."
        case .payments: "It collects or makes payments."
        case .mobile: "It offers a mobile app, SMS or USSD service."
        case .integrates: "It exchanges data with other systems or institutions."
        case .procurement: "You will buy the system, equipment or services from a supplier."
        case .records: "It creates or keeps official records."
        case .email: "It sends email or needs official email accounts."
        case .website: "It includes or changes a website."
        case .cloud: "It uses cloud services."
        }
    }
}
