import Foundation

/// A reference to a clause as a user may write it: `ega-act-2019:24(1)`, `s.24(1)`,
/// `section 24 of the e-Government Act`, `kifungu cha 24`, `24(1)(a)`.
public struct ClauseReference: Equatable, Sendable {
    /// The document id or alias as typed; nil when the input names no document.
    public var document: String?
    /// The canonical path: `24(1)(a)`, `part-V`, `schedule/3`; empty for a whole document.
    public var path: String

    public init(document: String?, path: String) {
        self.document = document
        self.path = path
    }
}

public enum ClauseReferenceParser {
    nonisolated(unsafe) private static let canonical = /^([a-z0-9][a-z0-9.\-]*):([^\s:]*)$/
    nonisolated(unsafe) private static let spelledOut =
        /^(?i:s\.?|ss\.?|sec\.?|section|kifungu(?:\s+(?:kidogo\s+)?cha)?|reg\.?|regulation|kanuni(?:\s+ya)?|r\.)\s*(\d{1,4}[A-Za-z]?(?:\s?\([0-9A-Za-z]{1,5}\))*)(?:\s*,?\s+(?i:of\s+the|of|cha|ya|la|in\s+the|in)\s+(.+))?$/
    nonisolated(unsafe) private static let bareNumbered = /^(\d{1,4}[A-Za-z]?(?:\([0-9A-Za-z]{1,5}\))+)$/
    nonisolated(unsafe) private static let part = /^(?i:part|sehemu(?:\s+ya)?)\s+(.+?)(?:\s+(?i:of\s+the|of|ya)\s+(.+))?$/

    /// Parses `input` as a clause reference; nil when it is not one (then it is a search).
    public static func parse(_ input: String) -> ClauseReference? {
        parse(input, gated: true)
    }

    /// - Parameter gated: first ask whether the text has what every pattern needs (a colon, a
    ///   decimal digit, or a leading "part"/"sehemu"): most searches are words with none, and
    ///   the patterns are compiled on first use, a twentieth of a one-query process. Tests
    ///   compare both ways.
    static func parse(_ input: String, gated: Bool) -> ClauseReference? {
        let text = input.trimmingSpaces()
        guard !text.isEmpty, text.count <= 200 else { return nil }
        if gated {
            let lower = text.lowercased()
            guard text.contains(":") || lower.hasPrefix("part") || lower.hasPrefix("sehemu")
                || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .decimalNumber })
            else { return nil }
        }
        if let match = text.wholeMatch(of: canonical) {
            guard let path = normalisePath(String(match.2)) else { return nil }
            return ClauseReference(document: String(match.1), path: path)
        }
        if let match = text.wholeMatch(of: spelledOut), let path = normalisePath(String(match.1)) {
            return ClauseReference(document: match.2.map { String($0).trimmingSpaces() }, path: path)
        }
        if let match = text.wholeMatch(of: bareNumbered), let path = normalisePath(String(match.1)) {
            return ClauseReference(document: nil, path: path)
        }
        if let match = text.wholeMatch(of: part), let (number, _) = HeadingClassifier.numberAndTitle(String(match.1)),
           String(match.1).split(separator: " ").count <= 4 {
            return ClauseReference(document: match.2.map(String.init), path: "part-\(Numbering.roman(number))")
        }
        return nil
    }

    /// Canonical spelling of a path: no spaces; `part-v` → `part-V`; nil when it cannot be a path.
    public static func normalisePath(_ raw: String) -> String? {
        let path = raw.replacingOccurrences(of: " ", with: "")
        guard path.count <= 120 else { return nil }
        if path.isEmpty { return "" }
        let lower = path.lowercased()
        if lower.hasPrefix("part-") {
            let number = String(path.dropFirst(5))
            let value = Int(number) ?? Numbering.romanValue(number)
            return value.map { "part-\(Numbering.roman($0))" }
        }
        if lower.hasPrefix("schedule") || lower.hasPrefix("chapter-") { return lower }
        guard path.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "().-/_~".unicodeScalars.contains($0) })
        else { return nil }
        // Section numbers keep their case (12A); letters inside brackets are lower case by convention,
        // except capital sub-clause letters `(A)` which stay.
        return path
    }
}
