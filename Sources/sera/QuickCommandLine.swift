import SeraCore

/// The global options, as plain values (ArgumentParser's `GlobalOptions` can only be read after
/// it has parsed them).
struct GlobalSettings: Equatable {
    var corpus: String?
    var index: String?
    var format: String?
    var limit: Int?
    var lang: String?
    var noColor = false
}

/// The command lines scripts and officers type most — `sera search …`, `sera reload [--force]`
/// and `sera` with global options (the shell or batch mode) — read without ArgumentParser,
/// whose reflection over the option types costs about 2 ms of a 10 ms run in this large static
/// binary. ArgumentParser stays the definition: anything else (help, `--opt=value`, a repeated,
/// unknown or misplaced option, another subcommand) is left to it, and the end-to-end tests
/// run a table of command lines both ways and compare what they print.
enum QuickCommandLine {
    /// What to run: the global settings and a subcommand's invocation, nil for the shell or
    /// batch mode.
    struct Parsed: Equatable {
        var settings: GlobalSettings
        var invocation: CommandInvocation?
    }

    /// Set in the environment, every command line goes to ArgumentParser (for the comparison).
    static let disablingVariable = "SERA_ARGUMENT_PARSER"

    /// - Returns: nil when the command line is not one of the plain forms.
    static func parse(_ arguments: [String]) -> Parsed? {
        var settings = GlobalSettings()
        var seen = Set<String>()
        var words: [String] = []
        var force = false
        // A subcommand first, or only options (the shell or batch mode).
        let command = arguments.first.flatMap { ["search", "tafuta", "reload"].contains($0) ? $0 : nil }
        var rest = command == nil ? arguments[...] : arguments.dropFirst()
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else {
                // A word of a query (`-hosting` included: `-word` excludes it), never of reload or the shell.
                guard command == "search" || command == "tafuta" else { return nil }
                words.append(argument)
                continue
            }
            let name = String(argument.dropFirst(2))
            guard seen.insert(name).inserted else { return nil }
            switch name {
            case "no-color": settings.noColor = true
            case "force" where command == "reload": force = true
            case "corpus", "index", "format", "limit", "lang":
                guard let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
                switch name {
                case "corpus": settings.corpus = value
                case "index": settings.index = value
                case "format": settings.format = value
                case "lang": settings.lang = value
                default:
                    guard let limit = Int(value) else { return nil }
                    settings.limit = limit
                }
            default: return nil
            }
        }
        switch command {
        case "search", "tafuta":
            guard !words.isEmpty else { return nil }
            return Parsed(settings: settings, invocation: CommandInvocation(name: "search", arguments: words))
        case "reload":
            return Parsed(settings: settings, invocation: CommandInvocation(name: "reload", flags: force ? ["force"] : []))
        default:
            return Parsed(settings: settings, invocation: nil)
        }
    }
}
