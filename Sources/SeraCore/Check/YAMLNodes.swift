import Foundation
import Yams

/// Reads a YAML file node by node, so every problem it reports names the line it is on
/// (`topics.yaml:12: …`, `plan.yaml:40: …`) and reading goes on after a problem.
struct YAMLNodes {
    let file: String
    private(set) var problems: [CorpusProblem] = []

    init(file: String) {
        self.file = file
    }

    /// The document's root node; nil (with a problem recorded) when the text is not YAML.
    mutating func root(of text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                problem(nil, "the file is empty")
                return nil
            }
            return node
        } catch let error as YamlError {
            // libyaml's messages can quote the whole document after a newline: keep one line.
            var problem = FrontMatter.describe(error, file: file, firstLine: 1)
            problem.message = problem.message.components(separatedBy: "\n")[0].trimmingCharacters(in: CharacterSet(charactersIn: " ."))
            problems.append(problem)
        } catch {
            problem(nil, "YAML error: \(error)")
        }
        return nil
    }

    mutating func problem(_ node: Node?, _ message: String) {
        problems.append(CorpusProblem(file: file, line: node?.mark?.line, message: message))
    }

    /// A mapping's value for `key`; records a problem when it is required and missing.
    mutating func value(_ key: String, in mapping: Node, required: Bool = true) -> Node? {
        if let value = mapping.mapping?[key], value.null == nil { return value }
        if required { problem(mapping, "missing '\(key)'") }
        return nil
    }

    /// A scalar string value; a list or mapping where text belongs is a problem.
    mutating func string(_ key: String, in mapping: Node, required: Bool = true) -> String? {
        guard let node = value(key, in: mapping, required: required) else { return nil }
        guard let text = node.scalar?.string else {
            problem(node, "'\(key)' must be text, not a list or a mapping")
            return nil
        }
        let trimmed = text.trimmingSpacesAndNewlines()
        if trimmed.isEmpty, required { problem(node, "'\(key)' is empty") }
        return trimmed
    }

    /// A list of nodes; a missing optional list is empty.
    mutating func list(_ key: String, in mapping: Node, required: Bool = true) -> [Node] {
        guard let node = value(key, in: mapping, required: required) else { return [] }
        guard let sequence = node.sequence else {
            problem(node, "'\(key)' must be a list")
            return []
        }
        return Array(sequence)
    }

    /// A list of strings, such as `[hosting, cloud]`.
    mutating func strings(_ key: String, in mapping: Node, required: Bool = true) -> [(String, Node)] {
        list(key, in: mapping, required: required).compactMap { item in
            guard let text = item.scalar?.string else {
                problem(item, "'\(key)' must list plain words")
                return nil
            }
            return (text.trimmingSpaces(), item)
        }
    }
}
