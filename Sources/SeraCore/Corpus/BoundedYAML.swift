import Foundation
import Yams

/// `Yams.load` for YAML a corpus maintainer wrote, refusing the documents Yams cannot turn into
/// Swift values safely.
///
/// - Aliases share a node, and building values copies it at every use: ten levels of ten
///   aliases each (a few hundred bytes, "billion laughs") expand to 10¹⁰ values and hang the
///   reload. Front matter and the glossary never come near the bound.
/// - Yams builds `[String: Any]` and stops the process on a key that is a list or a mapping
///   (`? [a, b]: c`), which YAML allows. Found by `scripts/fuzz front-matter`.
enum BoundedYAML {
    /// More values than any corpus YAML file holds (the glossary has a few thousand).
    static let maximumValues = 200_000

    /// Parses the first document of `yaml` into Swift values (as `Yams.load`), every scalar a
    /// `String` as written: corpus fields are text, and Yams's default resolver (which types
    /// `yes`, `010` and `1.50` as a Bool, 8 and 1.5) compiles seven ICU regular expressions on
    /// first use, a tenth of a one-file reload. `null` and `~` stay text too: callers read them.
    /// - Parameters:
    ///   - file: the file name, for messages.
    ///   - firstLine: the file line of the YAML's first line.
    /// - Throws: `YamlError` for a syntax error; `CorpusError.invalidFile` for a document that
    ///   expands past `maximumValues` or has a key that is not plain text.
    static func load(_ yaml: String, file: String, firstLine: Int) throws -> Any? {
        guard let root = try Yams.compose(yaml: yaml, .basic) else { return nil }
        var budget = maximumValues
        if let (node, message) = problem(in: root, budget: &budget) {
            let line = node?.mark.map { $0.line + firstLine - 1 } ?? firstLine
            throw CorpusError.invalidFile(CorpusProblem(file: file, line: line, message: message))
        }
        return root.any
    }

    /// The first node that cannot be built, with why; nil when the whole document can. Visits
    /// nodes as building values would, aliases expanded, and stops when the budget runs out.
    /// The nesting depth is bounded by libyaml.
    private static func problem(in node: Node, budget: inout Int) -> (Node?, String)? {
        budget -= 1
        guard budget >= 0 else { return (nil, "YAML expands to more than \(maximumValues) values (aliases used as a bomb?)") }
        switch node {
        case .scalar, .alias:
            return nil
        case let .sequence(sequence):
            for item in sequence {
                if let problem = problem(in: item, budget: &budget) { return problem }
            }
            return nil
        case let .mapping(mapping):
            for (key, value) in mapping {
                guard case .scalar = key else { return (key, "a YAML key must be plain text, not a list or a mapping") }
                if let problem = problem(in: value, budget: &budget) { return problem }
            }
            return nil
        }
    }
}
