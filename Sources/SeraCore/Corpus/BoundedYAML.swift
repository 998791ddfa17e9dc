import Foundation
import Yams

/// `Yams.load` with a bound on the document's size once its aliases are expanded.
///
/// YAML aliases share a node, and building Swift values copies it at every use: ten levels of
/// ten aliases each (a few hundred bytes, "billion laughs") expand to 10¹⁰ values and hang the
/// reload. Front matter and the glossary never come near the bound.
enum BoundedYAML {
    /// More values than any corpus YAML file holds (the glossary has a few thousand).
    static let maximumValues = 200_000

    /// Parses the first document of `yaml` into Swift values (as `Yams.load`).
    /// - Throws: `YamlError` for a syntax error; `CorpusError.invalidFile` at `line` of `file`
    ///   when the expanded document is larger than `maximumValues`.
    static func load(_ yaml: String, file: String, line: Int) throws -> Any? {
        guard let root = try Yams.compose(yaml: yaml) else { return nil }
        var budget = maximumValues
        guard fits(root, budget: &budget) else {
            throw CorpusError.invalidFile(CorpusProblem(
                file: file, line: line,
                message: "YAML expands to more than \(maximumValues) values (aliases used as a bomb?)"))
        }
        return root.any
    }

    /// Counts `node` and everything under it, as building values would visit them, and stops
    /// as soon as the budget runs out. The nesting depth is bounded by libyaml.
    private static func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case let .sequence(sequence):
            return sequence.allSatisfy { fits($0, budget: &budget) }
        case let .mapping(mapping):
            return mapping.allSatisfy { fits($0.key, budget: &budget) && fits($0.value, budget: &budget) }
        }
    }
}
