import Foundation

/// Bad use of a command: wrong arguments, unknown names.
public enum UsageError: Error, Equatable, Sendable {
    case unknownCommand(String)
    case missingArgument(command: String, usage: String)
    case invalidOption(String)
    case invalidValue(option: String, value: String, allowed: String)
    case nothingToShow(String)
    case message(String)
}

/// The one place where an error becomes a message and an exit code.
public enum ErrorReport {
    public static func describe(_ error: Error) -> (status: ExitStatus, message: String) {
        switch error {
        case let error as QueryError: return (.badInput, describe(error))
        case let error as UsageError: return (.badInput, describe(error))
        case let error as CorpusError: return (.corpusProblem, describe(error))
        case let error as ChecklistError: return (.corpusProblem, describe(error))
        case let error as IndexError:
            if case .interrupted = error { return (.nothingFound, "interrupted") }
            return (.corpusProblem, describe(error))
        default: return (.corpusProblem, "unexpected error: \(error)")
        }
    }

    static func describe(_ error: QueryError) -> String {
        switch error {
        case .empty: "nothing to search for: type some words, a quoted phrase or a clause reference"
        case .onlyExclusions: "a query needs at least one word that is not excluded with '-'"
        case let .unknownFilterValue(key, value, allowed):
            "unknown \(key) '\(TextStyle.neutralise(value))' (expected one of: \(allowed.joined(separator: ", ")))"
        case let .emptyFilter(key): "filter '\(key):' needs a value, e.g. \(key == "type" ? "type:act" : "\(key):…")"
        case let .tooLong(length): "query too long (\(length) characters; the limit is \(QueryParser.maximumLength))"
        case let .tooManyTerms(count): "too many terms (\(count); the limit is \(QueryParser.maximumTerms))"
        case let .unknownDocument(name): "no document called '\(TextStyle.neutralise(String(name.prefix(80))))' (sera docs lists them)"
        case let .unknownClause(ref): "no clause \(TextStyle.neutralise(String(ref.prefix(80)))) in the index (sera toc DOC lists a document's clauses)"
        }
    }

    static func describe(_ error: UsageError) -> String {
        switch error {
        case let .unknownCommand(name): "unknown command '\(TextStyle.neutralise(String(name.prefix(40))))' (help lists the commands)"
        case let .missingArgument(command, usage): "\(command) needs an argument: \(usage)"
        case let .invalidOption(option): "unknown option '\(TextStyle.neutralise(String(option.prefix(40))))'"
        case let .invalidValue(option, value, allowed): "invalid value '\(TextStyle.neutralise(String(value.prefix(40))))' for \(option) (expected \(allowed))"
        case let .nothingToShow(message): message
        case let .message(message): message
        }
    }

    static func describe(_ error: CorpusError) -> String {
        switch error {
        case let .missingDirectory(path): "corpus directory not found: \(path)"
        case let .invalidFile(problem): problem.description
        case let .someFilesFailed(problems):
            "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the corpus; first: \(problems.first?.description ?? "")"
        }
    }

    static func describe(_ error: IndexError) -> String {
        switch error {
        case let .corrupt(path, reason): "index \(path) is damaged (\(reason)); run `sera reload --force` to rebuild it"
        case let .incompatibleVersion(path, found, expected):
            "index \(path) has format \(found), this sera reads \(expected); run `sera reload --force` to rebuild it"
        case let .cannotWrite(path, reason): "cannot write the index at \(path): \(reason); the previous index, if any, is unchanged"
        case let .missing(path): "no index at \(path); run `sera reload` to build it"
        case .interrupted: "interrupted"
        }
    }
}
