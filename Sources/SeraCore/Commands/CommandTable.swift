import Foundation

/// One command of the table that serves the shell, the pipe and the command line alike.
public struct CommandSpec: Sendable {
    public var name: String
    /// Other names, Kiswahili first: `tafuta` for `search`.
    public var aliases: [String]
    public var usage: String
    public var summary: String
    public var summarySw: String
    /// Switches (`--force`) this command accepts besides the common options.
    public var flags: Set<String> = []
    /// Whether the command only makes sense in an interactive session.
    public var interactiveOnly = false
    public var run: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus

    public var names: [String] { [name] + aliases }
}

/// The commands, in the order `help` lists them.
public enum CommandTable {
    public static let commands: [CommandSpec] = [
        CommandSpec(name: "search", aliases: ["tafuta", "s"], usage: "search WORDS | \"PHRASE\" | a OR b | -word | word* | type:act doc:ID lang:sw must",
                    summary: "search the corpus; bare text does the same", summarySw: "tafuta katika nyaraka", run: Commands.search),
        CommandSpec(name: "show", aliases: ["onyesha"], usage: "show REF | N   (e.g. show ega-act-2019:24, show 3)",
                    summary: "print a clause with its subsections, breadcrumb and source", summarySw: "onyesha kifungu", run: Commands.show),
        CommandSpec(name: "docs", aliases: ["nyaraka"], usage: "docs", summary: "list the documents", summarySw: "orodha ya nyaraka",
                    run: Commands.docs),
        CommandSpec(name: "toc", aliases: ["yaliyomo"], usage: "toc DOC", summary: "a document's table of contents",
                    summarySw: "yaliyomo ya hati", run: Commands.toc),
        CommandSpec(name: "cites", aliases: ["rejea"], usage: "cites REF", summary: "clauses that refer to a clause",
                    summarySw: "vifungu vinavyorejea kifungu", run: Commands.cites),
        CommandSpec(name: "explain", aliases: ["eleza"], usage: "explain QUERY   (e.g. explain mifumo ya TEHAMA kusajili)",
                    summary: "how a query is read and why each top hit ranks where it does", summarySw: "eleza jinsi utafutaji ulivyofanywa",
                    run: Commands.explain),
        CommandSpec(name: "next", aliases: ["zaidi", "n"], usage: "next", summary: "more hits of the last search",
                    summarySw: "matokeo zaidi", interactiveOnly: true, run: Commands.next),
        CommandSpec(name: "parent", aliases: ["..", "juu"], usage: "parent", summary: "the clause above the one shown",
                    summarySw: "kifungu cha juu", interactiveOnly: true, run: Commands.parent),
        CommandSpec(name: "children", aliases: ["chini"], usage: "children", summary: "the clauses below the one shown",
                    summarySw: "vifungu vya chini", interactiveOnly: true, run: Commands.children),
        CommandSpec(name: "check", aliases: ["hakiki"], usage: Commands.checkUsage,
                    summary: "the requirements checklist for a planned system (the shell asks; --save FILE, --status FILE)",
                    summarySw: "orodha ya matakwa kwa mfumo unaopangwa", flags: Set(SystemProfile.switchNames), run: Commands.check),
        CommandSpec(name: "stats", aliases: ["takwimu"], usage: "stats", summary: "documents and clauses in the index, by type and language",
                    summarySw: "takwimu za nyaraka", run: Commands.stats),
        CommandSpec(name: "reload", aliases: ["pakia"], usage: "reload [--force]", summary: "re-read the corpus and update the index",
                    summarySw: "pakia upya nyaraka", flags: ["force"], run: Commands.reload),
        CommandSpec(name: "changes", aliases: ["mabadiliko"], usage: "changes", summary: "clauses added, removed or reworded by the last reload",
                    summarySw: "mabadiliko ya upakiaji wa mwisho", run: Commands.changes),
        CommandSpec(name: "lint", aliases: ["kagua"], usage: "lint", summary: "check the corpus files without building",
                    summarySw: "kagua nyaraka", run: Commands.lint),
        CommandSpec(name: "set", aliases: ["weka"], usage: "set format text|json|jsonl|csv|markdown · set limit N · set lang en|sw|any · set color on|off",
                    summary: "change this session's defaults", summarySw: "badilisha mipangilio", run: Commands.set),
        CommandSpec(name: "help", aliases: ["msaada", "?"], usage: "help [COMMAND]", summary: "this list", summarySw: "msaada",
                    run: Commands.help),
        CommandSpec(name: "quit", aliases: ["toka", "exit", "q"], usage: "quit", summary: "leave (Ctrl-D does the same)",
                    summarySw: "toka", run: Commands.quit),
    ]

    private static let byName: [String: Int] = {
        var map: [String: Int] = [:]
        for (index, command) in commands.enumerated() {
            for name in command.names { map[name] = index }
        }
        return map
    }()

    public static func find(_ name: String) -> CommandSpec? {
        byName[name.lowercased()].map { commands[$0] }
    }

    /// Every name and alias, for completion.
    public static var allNames: [String] { commands.flatMap(\.names).filter { $0.count > 2 }.sorted() }
}

/// Runs lines and invocations against a session, turning errors into messages and exit codes.
public struct CommandRunner {
    public let session: Session
    public let output: OutputSink

    public init(session: Session, output: OutputSink) {
        self.session = session
        self.output = output
    }

    /// Runs one typed or piped line. Errors are reported through `report` and returned as a status.
    public func run(line: String, report: (String) -> Void) -> ExitStatus {
        let trimmed = line.trimmingSpaces()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return .found }
        do {
            guard let invocation = try LineSplitter.invocation(trimmed, isCommand: { CommandTable.find($0) != nil }) else { return .found }
            return try run(invocation)
        } catch {
            let (status, message) = ErrorReport.describe(error)
            report(message)
            return status
        }
    }

    /// Runs a parsed invocation; errors are thrown to the caller.
    public func run(_ invocation: CommandInvocation) throws -> ExitStatus {
        do {
            return try runOnce(invocation)
        } catch let error as IndexError {
            // A page damaged where opening does not read shows only mid-query: rebuild, ask again once.
            guard case let .corrupt(_, reason) = error, try session.recoverDamagedIndex(reason: reason) else { throw error }
            return try runOnce(invocation)
        }
    }

    private func runOnce(_ invocation: CommandInvocation) throws -> ExitStatus {
        guard let command = CommandTable.find(invocation.name) else { throw UsageError.unknownCommand(invocation.name) }
        if let unknown = invocation.flags.subtracting(command.flags).subtracting(["no-color", "force"]).first {
            throw UsageError.invalidOption("--\(unknown)")
        }
        guard !invocation.options.isEmpty || invocation.flags.contains("no-color") else {
            return try command.run(session, invocation, output)
        }
        // Options on one line apply to that line only; `set` changes the session.
        let saved = session.settings
        defer { session.settings = saved }
        try Commands.apply(options: invocation.options, to: &session.settings)
        if invocation.flags.contains("no-color") { session.settings.style.color = false }
        return try command.run(session, invocation, output)
    }
}
