import Foundation

/// A command with its arguments, from a typed or piped line or from the command line.
public struct CommandInvocation: Equatable, Sendable {
    public var name: String
    /// Positional arguments as typed: quotes kept, so a search keeps its phrases.
    public var arguments: [String]
    /// `--name value` options.
    public var options: [String: String]
    /// `--name` switches.
    public var flags: Set<String>

    public init(name: String, arguments: [String] = [], options: [String: String] = [:], flags: Set<String> = []) {
        self.name = name
        self.arguments = arguments
        self.options = options
        self.flags = flags
    }

    /// The arguments as one line, quotes kept (a query).
    public var text: String { arguments.joined(separator: " ") }

    /// The arguments without their quotes (a reference or a document name).
    public var plainText: String {
        arguments.map(LineSplitter.unquote).joined(separator: " ")
    }
}

/// Splits a typed line into words: quoted runs stay together and keep their quotes.
public enum LineSplitter {
    /// Options that take a value, and switches, that any line may carry.
    static let valueOptions: Set<String> = ["format", "limit", "lang", "corpus", "save", "status", "hosting"]

    public static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inQuote = false
        for character in line {
            if character == "\"" {
                inQuote.toggle()
                current.append(character)
            } else if character.isWhitespace && !inQuote {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    public static func unquote(_ word: String) -> String {
        word.replacingOccurrences(of: "\"", with: "")
    }

    /// Parses a line into an invocation; the first word is the command name.
    /// - Parameter bareSearch: a line whose first word is no command is a search (shell and batch).
    public static func invocation(_ line: String, isCommand: (String) -> Bool, bareSearch: Bool = true) throws -> CommandInvocation? {
        let words = split(line.trimmingSpaces())
        guard let first = words.first else { return nil }
        var name = first.lowercased()
        var rest = Array(words.dropFirst())
        if !isCommand(name) {
            guard bareSearch else { throw UsageError.unknownCommand(first) }
            name = "search"
            rest = words
        }
        var invocation = CommandInvocation(name: name)
        var index = 0
        while index < rest.count {
            let word = rest[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                invocation.arguments.append(word)
                continue
            }
            var option = String(word.dropFirst(2))
            var value: String?
            if let equals = option.firstIndex(of: "=") {
                value = String(option[option.index(after: equals)...])
                option = String(option[..<equals])
            }
            if valueOptions.contains(option) {
                if value == nil {
                    guard index < rest.count else {
                        throw UsageError.missingArgument(command: "--\(option)", usage: "--\(option) VALUE")
                    }
                    value = unquote(rest[index])
                    index += 1
                }
                invocation.options[option] = value
            } else if value == nil {
                invocation.flags.insert(option)
            } else {
                throw UsageError.invalidOption(word)
            }
        }
        return invocation
    }
}
