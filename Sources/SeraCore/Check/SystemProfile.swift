import Foundation

/// What an officer says about the system they plan: the `sera check` switches and where it will
/// be hosted. Which topics that selects is data (`topics.yaml`), not code.
public struct SystemProfile: Equatable, Sendable {
    /// The yes/no switches of `sera check`, in the order help and reports list them.
    public static let switchNames = [
        "personal-data", "public-facing", "payments", "mobile", "integrates", "procurement", "records", "email", "website", "cloud",
    ]

    /// Switches that are on, from `switchNames`.
    public var switches: Set<String>
    /// A hosting choice id from `topics.yaml` (`gov-dc`, `own`, `external`, `undecided`), or nil.
    public var hosting: String?

    public init(switches: Set<String> = [], hosting: String? = nil) {
        self.switches = switches
        self.hosting = hosting
    }

    /// Whether the officer said nothing: only `always` applies.
    public var isEmpty: Bool { switches.isEmpty && hosting == nil }

    /// Reads the switches and `--hosting` of a `check` invocation.
    /// - Throws: `UsageError.invalidValue` for a hosting value `topics.yaml` does not offer.
    public init(_ invocation: CommandInvocation, catalog: TopicCatalog) throws {
        switches = invocation.flags.intersection(Self.switchNames)
        hosting = nil
        if let value = invocation.options["hosting"] {
            let choices = catalog.hostingChoices
            guard let choice = choices.first(where: { $0.id == value.lowercased() }) else {
                throw UsageError.invalidValue(option: "--hosting", value: value, allowed: choices.map(\.id).joined(separator: "|"))
            }
            hosting = choice.id
        }
    }

    /// The flags in effect besides `always`: the switches and those the hosting choice stands for,
    /// in `topics.yaml` order.
    public func chosenFlags(in catalog: TopicCatalog) -> [String] {
        var names = switches
        if let hosting, let choice = catalog.hostingChoices.first(where: { $0.id == hosting }) {
            names.formUnion(choice.flags)
        }
        return catalog.flags.map(\.name).filter { names.contains($0) && $0 != TopicCatalog.alwaysFlag }
    }

    /// Topics of the flags the officer gave: these select every clause that carries them.
    public func chosenTopics(in catalog: TopicCatalog) -> Set<String> {
        Set(chosenFlags(in: catalog).flatMap { catalog.flag($0)?.topics ?? [] })
    }

    /// Every topic that applies: `always` plus the chosen ones.
    public func selectedTopics(in catalog: TopicCatalog) -> Set<String> {
        chosenTopics(in: catalog).union(catalog.flag(TopicCatalog.alwaysFlag)?.topics ?? [])
    }

    /// The command-line form, in a stable order: `--personal-data --hosting external`.
    public var arguments: [String] {
        var arguments = Self.switchNames.filter(switches.contains).map { "--" + $0 }
        if let hosting { arguments += ["--hosting", hosting] }
        return arguments
    }

    /// The same profile as a `check` invocation (what the shell runs after the questions).
    public func invocation(options: [String: String] = [:]) -> CommandInvocation {
        var options = options
        if let hosting { options["hosting"] = hosting }
        return CommandInvocation(name: "check", options: options, flags: switches)
    }
}
