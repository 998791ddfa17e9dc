import Foundation

/// What a heading line introduces. The same rules serve Markdown digests and imported text.
public enum HeadingKind: Equatable, Sendable {
    /// `Part V — Title`, `PART V`, `Sehemu ya Tano`: the number as a Roman numeral.
    case part(number: String, title: String)
    /// `Chapter 2`, `Sura ya Pili`.
    case chapter(number: Int, title: String)
    /// `Schedule`, `First Schedule`, `Jedwali la Kwanza`; number nil for a lone schedule.
    case schedule(number: Int?, title: String)
    /// `24. ICT projects`, `Kifungu 24 — …`, `Regulation 5.`
    case section(number: String, title: String)
    /// `5.2.3 Title`
    case item(number: String, title: String)
    /// Anything else: a named clause, `{#anchor}` optional.
    case plain(title: String, anchor: String?)
}

public enum HeadingClassifier {
    nonisolated(unsafe) private static let anchorPattern = /\s*\{#([A-Za-z0-9][A-Za-z0-9._-]*)\}\s*$/
    nonisolated(unsafe) private static let dottedPattern = /^(\d+(?:\.\d+)+)\.?\s+(.*)$/
    nonisolated(unsafe) private static let sectionPattern =
        /^(?i:(?:section|sect\.|s\.|kifungu(?:\s+cha)?|regulation|reg\.|kanuni(?:\s+ya)?|article|ibara(?:\s+ya)?)\s+)?(\d{1,4}[A-Z]?)(?:\.(?!\d)|\s*[—–:-]|(?=\s*$)|\s+(?=\p{Lu}))\s*(.*)$/
    nonisolated(unsafe) private static let partPattern = /^(?i:part|sehemu(?:\s+ya)?)\s+(.+)$/
    nonisolated(unsafe) private static let chapterPattern = /^(?i:chapter|sura(?:\s+ya)?)\s+(.+)$/
    nonisolated(unsafe) private static let schedulePattern =
        /^(?i:(?:the\s+)?(?:(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?schedule)\b\s*[—–:.-]?\s*(.*)$/
    nonisolated(unsafe) private static let jedwaliPattern = /^(?i:jedwali)\b(.*)$/

    /// Classifies the text of a heading (without the leading `#`s).
    public static func classify(_ raw: String) -> HeadingKind {
        var text = raw.trimmingSpaces()
        var anchor: String?
        if let match = text.firstMatch(of: anchorPattern) {
            anchor = String(match.1).lowercased()
            text = String(text[..<match.range.lowerBound])
        }
        if let match = text.wholeMatch(of: dottedPattern) {
            return .item(number: String(match.1), title: cleanTitle(match.2))
        }
        if let match = text.wholeMatch(of: sectionPattern) {
            return .section(number: String(match.1), title: cleanTitle(match.2))
        }
        if let match = text.wholeMatch(of: partPattern), let (number, title) = numberAndTitle(String(match.1)) {
            return .part(number: Numbering.roman(number), title: title)
        }
        if let match = text.wholeMatch(of: chapterPattern), let (number, title) = numberAndTitle(String(match.1)) {
            return .chapter(number: number, title: title)
        }
        if let match = text.wholeMatch(of: schedulePattern) {
            let number = match.1.flatMap { Numbering.englishOrdinal(String($0)) }
            return .schedule(number: number, title: cleanTitle(match.2))
        }
        if let match = text.wholeMatch(of: jedwaliPattern) {
            var rest = String(match.1).trimmingSpaces()
            var number: Int?
            if rest.lowercased().hasPrefix("la ") {
                let words = rest.dropFirst(3).split(separator: " ", omittingEmptySubsequences: true)
                var taken: [String] = []
                for word in words {
                    let lower = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
                    guard Numbering.swahiliOrdinalWords.contains(lower) else { break }
                    taken.append(lower)
                }
                if let value = Numbering.swahiliOrdinal(taken.joined(separator: " ")) {
                    number = value
                    rest = words.dropFirst(taken.count).joined(separator: " ")
                }
            }
            return .schedule(number: number, title: cleanTitle(Substring(rest)))
        }
        return .plain(title: text.trimmingSpaces(), anchor: anchor)
    }

    /// Splits `V — Title`, `Tano: Title`, `Kumi na Mbili — Title`, `3 Title` into number and title.
    static func numberAndTitle(_ text: String) -> (Int, String)? {
        let separators: [Character] = ["—", "–", ":"]
        var head = text
        var title = ""
        if let index = text.firstIndex(where: { separators.contains($0) }) {
            head = String(text[..<index])
            title = String(text[text.index(after: index)...])
        } else if let range = text.range(of: " - ") {
            head = String(text[..<range.lowerBound])
            title = String(text[range.upperBound...])
        }
        let words = head.split(separator: " ").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".,")) }
        guard let first = words.first else { return nil }
        if let value = Int(first) ?? Numbering.romanValue(first) ?? Numbering.englishOrdinal(first) {
            let rest = words.dropFirst().joined(separator: " ")
            return (value, cleanTitle(Substring([rest, title].filter { !$0.isEmpty }.joined(separator: " "))))
        }
        // A Kiswahili ordinal may take several words: "Kumi na Mbili".
        var taken: [String] = []
        for word in words {
            guard Numbering.swahiliOrdinalWords.contains(word.lowercased()) else { break }
            taken.append(word.lowercased())
        }
        while !taken.isEmpty, Numbering.swahiliOrdinal(taken.joined(separator: " ")) == nil { taken.removeLast() }
        guard let value = Numbering.swahiliOrdinal(taken.joined(separator: " ")) else { return nil }
        let rest = words.dropFirst(taken.count).joined(separator: " ")
        return (value, cleanTitle(Substring([rest, title].filter { !$0.isEmpty }.joined(separator: " "))))
    }

    private static func cleanTitle(_ text: Substring) -> String {
        text.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "—–-:.")))
    }

    /// A lower-case, hyphenated name for an unnumbered heading without an anchor.
    public static func slug(_ title: String) -> String {
        let folded = title.foldedForComparison
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
            if slug.count >= 48 { break }
        }
        return slug.isEmpty ? "clause" : slug
    }
}
