import Foundation

/// A reference found in a clause's text, before it is matched against the corpus.
public struct RawCrossReference: Equatable, Sendable {
    /// The other document's name as written ("Personal Data Protection Act"); nil for this document.
    public var documentName: String?
    /// The path in the target document: `24`, `24(1)(a)`, `5(2)`.
    public var path: String
}

/// Finds "section 24", "subsection (2)", "kifungu cha 24" and "section 5 of the … Act" in text.
public enum CrossReferenceExtractor {
    static let sectionPattern = ICUPattern(#"(?i)\b(?:sections?|s\.|regulations?|reg\.|kifungu(?:\s+cha)?|vifungu(?:\s+vya)?|kanuni(?:\s+ya)?)\s*(\d{1,3}[A-Z]?)((?:\s?\([0-9a-z]{1,4}\))*)(?:\s+(?:of\s+the|of|cha|ya)\s+((?:[A-Z][\w-]*|e-[A-Z][\w-]*|and|of|the|za|ya|na|wa)(?:\s+(?:[A-Z][\w-]*|e-[A-Z][\w-]*|and|of|the|za|ya|na|wa))*?\s+(?:Act|Regulations|Code|Ordinance|Sheria|Kanuni)(?:,?\s+\d{4})?|(?:Sheria|Kanuni)\s+(?:ya|za)\s+[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|ya|za|na|wa))*(?:,?\s+\d{4})?))?"#)
    static let subsectionPattern = ICUPattern(#"(?i)\b(?:subsection|kifungu\s+kidogo(?:\s+cha)?)\s*\((\d{1,3}[A-Z]?)\)((?:\s?\([a-z]{1,4}\))*)"#)

    // Words every match of the pattern contains, and a digit: a text without them skips the
    // regex (see LiteralGate; keep these in step with the patterns).
    private static let sectionGate = LiteralGate(
        ["section"], ["\\bs."], ["regulation"], ["reg."], ["kifungu"], ["vifungu"], ["kanuni"], needsDigit: true)
    private static let subsectionGate = LiteralGate(["subsection"], ["kidogo"], needsDigit: true)

    /// References in `text`, a clause at `path` of its document.
    public static func extract(from text: String, clausePath path: String) -> [RawCrossReference] {
        extract(from: text, clausePath: path, gated: true)
    }

    /// - Parameter gated: skip the regexes whose words the text lacks: the same answer, sooner
    ///   (tests compare both ways).
    static func extract(from text: String, clausePath path: String, gated: Bool) -> [RawCrossReference] {
        let folded = FoldedText(text)
        var found: [RawCrossReference] = []
        let section = sectionPath(of: path)
        // Groups: 0 the whole match, 1 the number, 2 the parenthesised tail, 3 the document's name.
        let subsections = !gated || subsectionGate.admits(folded) ? subsectionPattern.matches(in: text) : []
        for match in subsections {
            guard !section.isEmpty, let number = match[1] else { continue }
            let tail = String(match[2] ?? "").replacingOccurrences(of: " ", with: "")
            found.append(RawCrossReference(documentName: nil, path: "\(section)(\(number))\(tail)"))
        }
        let sections = !gated || sectionGate.admits(folded) ? sectionPattern.matches(in: text) : []
        for match in sections {
            guard let whole = match[0], let number = match[1] else { continue }
            // "subsection (2)" is handled above; skip the "section" inside it.
            let before = text[..<whole.startIndex].suffix(12).lowercased()
            if before.hasSuffix("sub") { continue }
            // "its section 12A", "a new section 12A", "renumbered as section 109(1)": another
            // instrument's numbering, named in passing.
            if ["its ", "new ", " as ", "their "].contains(where: { before.hasSuffix($0) }) { continue }
            let tail = String(match[2] ?? "").replacingOccurrences(of: " ", with: "")
            var name = match[3].map { String($0) }
            if let current = name, current.lowercased().hasPrefix("this ") { name = nil }
            found.append(RawCrossReference(documentName: name, path: "\(number)\(tail)"))
        }
        var unique: [RawCrossReference] = []
        for reference in found where !unique.contains(reference) && reference.path != path { unique.append(reference) }
        return unique
    }

    /// `24(1)(a)` → `24`; `schedule/3(2)` → `schedule/3`; anchors and parts → "".
    static func sectionPath(of path: String) -> String {
        let head = path.split(separator: "(", maxSplits: 1).first.map(String.init) ?? ""
        guard let last = head.split(separator: "/").last, last.first?.isNumber == true else { return "" }
        return head
    }
}

/// Enriches parsed clauses: obligation level, cross-references (raw), document topics.
enum ClauseAnalysis {
    static func annotate(_ clauses: [Clause], documentTopics: [String]) -> [Clause] {
        clauses.map { clause in
            var clause = clause
            clause.obligation = ObligationDetector.detect(clause.text)
            clause.crossRefs = CrossReferenceExtractor.extract(from: clause.text, clausePath: clause.path).map {
                // Raw form until the corpus resolves it: `@Name#path` for another document, `#path` for this one.
                "\($0.documentName.map { "@\($0)" } ?? "")#\($0.path)"
            }
            for topic in documentTopics where !clause.topics.contains(topic) { clause.topics.append(topic) }
            return clause
        }
    }
}

/// Resolves raw references against the whole corpus, once every document is parsed.
public struct CrossReferenceResolver {
    private var paths: [String: Set<String>] = [:]
    private var names: [(key: String, id: String)] = []

    public init(documents: [Document]) {
        for document in documents {
            paths[document.metadata.id, default: []].formUnion(document.clauses.map(\.path))
            let metadata = document.metadata
            for name in [metadata.title, metadata.titleSw].compactMap({ $0 }) + metadata.aliases {
                names.append((Self.key(name), metadata.id))
            }
        }
        // Longer names first, so "Electronic Transactions Act" wins over "Act".
        names.sort { $0.key.count > $1.key.count }
    }

    /// A document id for a name as written in text ("the Personal Data Protection Act, 2022").
    public func documentID(named name: String) -> String? {
        let wanted = Self.key(name)
        guard !wanted.isEmpty else { return nil }
        return names.first { $0.key == wanted }?.id
            ?? names.first { $0.key.count >= 8 && (wanted.hasPrefix($0.key) || $0.key.hasPrefix(wanted)) }?.id
    }

    /// Resolves a raw reference written in `clause`; nil when the target is not in the corpus.
    public func resolve(_ raw: String, in clause: Clause) -> String? {
        guard let hash = raw.lastIndex(of: "#") else { return nil }
        let path = String(raw[raw.index(after: hash)...])
        var doc = clause.docID
        if raw.hasPrefix("@") {
            guard let id = documentID(named: String(raw[raw.index(after: raw.startIndex)..<hash])) else { return nil }
            doc = id
        }
        guard let known = paths[doc] else { return nil }
        // "section 24(1)(z)" where only 24(1) exists still points the reader somewhere useful.
        var candidate = path
        while !known.contains(candidate) {
            guard let open = candidate.lastIndex(of: "(") else { return nil }
            candidate = String(candidate[..<open])
        }
        return ClauseRef.format(doc: doc, path: candidate)
    }

    /// Lower-case letters and digits only, without years, "the", "cap." and punctuation.
    static func key(_ name: String) -> String {
        let folded = name.foldedForComparison
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter {
            !($0.count == 4 && $0.allSatisfy(\.isNumber)) && $0 != "the" && $0 != "of"
        }
        return words.joined(separator: " ")
    }
}
