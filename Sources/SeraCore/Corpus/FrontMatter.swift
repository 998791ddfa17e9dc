import Foundation
import Yams

/// Reads and validates the YAML front matter of a corpus document or a sidecar file.
public enum FrontMatter {
    /// The fields a document must have.
    static let requiredFields = ["id", "title", "type", "source"]
    /// Every field the format knows; anything else is reported by `lint`, not refused.
    static let knownFields: Set<String> = [
        "id", "title", "title_sw", "aliases", "type", "number", "issuer", "language", "status",
        "effective", "published", "source", "fidelity", "topics", "coverage",
    ]

    /// Splits a Markdown document into its front matter and body.
    /// - Returns: the YAML text, the body text, and the 1-based line where the body starts.
    public static func split(_ text: String, file: String) throws -> (yaml: String, body: String, bodyLine: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingSpaces() == "---" else {
            throw CorpusError.invalidFile(
                CorpusProblem(file: file, line: 1, message: "missing front matter: the file must start with a '---' line"))
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingSpaces() == "---" }) else {
            throw CorpusError.invalidFile(
                CorpusProblem(file: file, line: 1, message: "front matter is not closed: no second '---' line"))
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        return (yaml, body, close + 2)
    }

    /// Parses front matter YAML into metadata.
    /// - Parameters:
    ///   - yaml: the text between the `---` lines (or a whole sidecar file).
    ///   - file: the file name, for messages.
    ///   - firstLine: the file line of the YAML's first line, so messages point at the right line.
    ///   - defaultFidelity: what `fidelity` is when the field is absent.
    public static func parse(
        _ yaml: String, file: String, firstLine: Int = 2, defaultFidelity: Fidelity = .digest
    ) throws -> DocumentMetadata {
        let node: Any?
        do {
            node = try BoundedYAML.load(yaml, file: file, firstLine: firstLine)
        } catch let error as YamlError {
            throw CorpusError.invalidFile(describe(error, file: file, firstLine: firstLine))
        } catch let error as CorpusError {
            throw error
        } catch {
            throw CorpusError.invalidFile(CorpusProblem(file: file, line: firstLine, message: "YAML error: \(error)"))
        }
        guard let fields = node as? [String: Any] else {
            throw CorpusError.invalidFile(
                CorpusProblem(file: file, line: firstLine, message: "front matter must be a mapping of 'field: value' lines"))
        }
        let lineOf = { (field: String) -> Int in
            fieldLine(field, in: yaml).map { $0 + firstLine - 1 } ?? firstLine
        }
        func problem(_ field: String, _ message: String) -> CorpusError {
            .invalidFile(CorpusProblem(file: file, line: lineOf(field), message: message))
        }
        for field in requiredFields where string(fields[field]) == nil {
            // A missing field has no line of its own: point at the start of the front matter.
            throw CorpusError.invalidFile(
                CorpusProblem(file: file, line: max(1, firstLine - 1), message: "missing required field '\(field)'"))
        }
        let id = string(fields["id"])!
        guard isValidID(id) else {
            throw problem("id", "invalid id '\(id)': use lower-case letters, digits, '.' and '-' only")
        }
        func enumValue<T: RawRepresentable & CaseIterable>(_ field: String, _ type: T.Type, default value: T) throws -> T
        where T.RawValue == String {
            guard let raw = string(fields[field]) else { return value }
            guard let parsed = T(rawValue: raw) else {
                let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw problem(field, "unknown \(field) '\(raw)' (expected one of: \(allowed))")
            }
            return parsed
        }
        return DocumentMetadata(
            id: id,
            title: string(fields["title"])!,
            titleSw: string(fields["title_sw"]),
            aliases: try list(fields["aliases"], field: "aliases", problem: problem),
            type: try enumValue("type", DocumentType.self, default: .guideline),
            number: string(fields["number"]),
            issuer: string(fields["issuer"]),
            language: try enumValue("language", Language.self, default: .en),
            status: try enumValue("status", DocumentStatus.self, default: .inForce),
            effective: string(fields["effective"]),
            published: string(fields["published"]),
            source: string(fields["source"])!,
            fidelity: try enumValue("fidelity", Fidelity.self, default: defaultFidelity),
            topics: try list(fields["topics"], field: "topics", problem: problem),
            complete: try coverage(string(fields["coverage"]), problem: problem)
        )
    }

    /// Fields present in the YAML that the format does not define, with their lines (for `lint`).
    public static func unknownFields(_ yaml: String) -> [(field: String, line: Int)] {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<colon]).trimmingSpaces()
            return knownFields.contains(key) ? nil : (key, index + 1)
        }
    }

    /// Ids are used in file names, citations and completion, so they stay simple and path-safe.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first) || CharacterSet.decimalDigits.contains(first)
        else { return false }
        return !id.contains("..") && id.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
        }
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            // A double-quoted YAML string can spell control characters (`"\e[2J"`) that the
            // file-level sanitising never saw: clean them here, before they reach the index.
            let trimmed = CorpusFile.sanitize(text).trimmingSpacesAndNewlines()
            // YAML's spellings of "no value" (scalars come as written: see BoundedYAML).
            return trimmed.isEmpty || ["~", "null", "Null", "NULL"].contains(trimmed) ? nil : trimmed
        case let number as Int: return String(number)
        case let number as Double: return String(number)
        case let date as Date:
            // An explicit `!!timestamp` (scalars otherwise come as written): the calendar date.
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: date)
        default: return nil
        }
    }

    private static func list(_ value: Any?, field: String, problem: (String, String) -> CorpusError) throws -> [String] {
        switch value {
        case nil: return []
        case let items as [Any]:
            return items.compactMap { string($0) }
        case let text as String:
            return text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        default:
            throw problem(field, "'\(field)' must be a list such as [a, b]")
        }
    }

    private static func coverage(_ value: String?, problem: (String, String) -> CorpusError) throws -> Bool {
        switch value {
        case nil, "complete": return true
        case "partial": return false
        case let other?: throw problem("coverage", "unknown coverage '\(other)' (expected one of: complete, partial)")
        }
    }

    private static func fieldLine(_ field: String, in yaml: String) -> Int? {
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("\(field):") {
            return index + 1
        }
        return nil
    }

    /// A YAML syntax error as a problem at its file line (also used for topics.yaml and checklist files).
    static func describe(_ error: YamlError, file: String, firstLine: Int) -> CorpusProblem {
        switch error {
        case let .scanner(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return CorpusProblem(file: file, line: mark.line + firstLine - 1, message: "YAML error: \(detail)")
        case let .parser(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return CorpusProblem(file: file, line: mark.line + firstLine - 1, message: "YAML error: \(detail)")
        case let .composer(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return CorpusProblem(file: file, line: mark.line + firstLine - 1, message: "YAML error: \(detail)")
        default:
            return CorpusProblem(file: file, line: firstLine, message: "YAML error: \(error)")
        }
    }
}
