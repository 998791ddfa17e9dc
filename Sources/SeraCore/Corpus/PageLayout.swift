import Foundation

/// One line of an official text as an importer hands it to `OfficialTextParser`.
public struct SourceLine: Equatable, Sendable {
    /// What the source itself says a line is. Plain text and PDF say nothing; a DOCX names its
    /// heading and title styles.
    public enum Role: Equatable, Sendable {
        case body
        /// A paragraph in a `Heading N` style (1 is the highest).
        case heading(level: Int)
        /// A paragraph in the `Title` style.
        case title
    }

    /// The words, with runs of white space collapsed; empty for a blank line.
    public var text: String
    /// Where it came from: the line of a text file or of `pdftotext`'s output, the paragraph of a DOCX.
    public var line: Int
    public var role: Role

    public init(text: String, line: Int, role: Role = .body) {
        self.text = text
        self.line = line
        self.role = role
    }

    var isBlank: Bool { text.isEmpty }
}

/// Turns printed pages back into running text: drops what a printer repeats on every page
/// (running headers, footers, page numbers) and rejoins words hyphenated across lines.
public enum PageLayout {
    /// A page edge is this many non-blank lines at the top and at the bottom of a page; running
    /// headers and footers live there, and nothing else is dropped.
    static let edgeLines = 3

    nonisolated(unsafe) private static let pageNumberPattern =
        /^(?i:(?:page|ukurasa)\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s+(?i:of|kati\s+ya)\s+\d{1,4})?$/

    /// The cleaned lines of `text`, numbered as in the input.
    ///
    /// Pages are separated by form feeds (as `pdftotext` writes them); text without form feeds is
    /// cut into pages at its bare page-number lines, the only sign of a page left in it.
    public static func lines(of text: String) -> [SourceLine] {
        let pages = splitPages(text)
        let running = runningLines(in: pages)
        var cleaned: [SourceLine] = []
        var pageStarts: Set<Int> = []
        for page in pages {
            let edges = edgeIndices(of: page)
            pageStarts.insert(cleaned.count)
            for (index, line) in page.enumerated() {
                if edges.contains(index), isPageNumber(line.text) || running.contains(key(line.text)) { continue }
                cleaned.append(line)
            }
        }
        return rejoinHyphenatedWords(cleaned, pageStarts: pageStarts)
    }

    /// Whether a line is nothing but a page number: `12`, `- 12 -`, `Page 3 of 10`, `Ukurasa 4`.
    static func isPageNumber(_ text: String) -> Bool {
        !text.isEmpty && text.wholeMatch(of: pageNumberPattern) != nil
    }

    private static func splitPages(_ text: String) -> [[SourceLine]] {
        var pages: [[SourceLine]] = [[]]
        var sawFormFeed = false
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let pieces = raw.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            for (pieceIndex, piece) in pieces.enumerated() {
                if pieceIndex > 0 {
                    sawFormFeed = true
                    pages.append([])
                }
                let line = SourceLine(text: collapse(piece), line: offset + 1)
                // A form feed at the very end of a line leaves an empty piece: not a line of its own.
                if line.isBlank, pieces.count > 1, pieceIndex == pieces.count - 1 { continue }
                pages[pages.count - 1].append(line)
            }
        }
        guard !sawFormFeed else { return pages.filter { !$0.allSatisfy(\.isBlank) } }
        // No form feeds: a bare page number ends a page.
        var split: [[SourceLine]] = [[]]
        for line in pages[0] {
            split[split.count - 1].append(line)
            if isPageNumber(line.text) { split.append([]) }
        }
        return split.filter { !$0.allSatisfy(\.isBlank) }
    }

    /// Lines seen at the edge of at least half the pages (and of two at least): the running matter.
    /// Digits are ignored when comparing, so "Page 3 of 9" on every page counts as one line.
    private static func runningLines(in pages: [[SourceLine]]) -> Set<String> {
        guard pages.count >= 2 else { return [] }
        var pagesWith: [String: Int] = [:]
        for page in pages {
            let keys = Set(edgeIndices(of: page).map { key(page[$0].text) })
            for key in keys where !key.isEmpty { pagesWith[key, default: 0] += 1 }
        }
        let threshold = max(2, (pages.count + 1) / 2)
        return Set(pagesWith.filter { $0.value >= threshold }.keys)
    }

    private static func edgeIndices(of page: [SourceLine]) -> Set<Int> {
        let filled = page.indices.filter { !page[$0].isBlank }
        return Set(filled.prefix(edgeLines) + filled.suffix(edgeLines))
    }

    private static func key(_ text: String) -> String {
        String(text.lowercased().map { $0.isNumber ? "#" : $0 })
    }

    static func collapse(_ text: Substring) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
    }

    /// `informa-` + `tion of` → `information` + `of`: the fragment moves up to the line that
    /// holds the first half, so every line keeps its number. A capital after the hyphen
    /// (`e-` + `Government`) keeps the hyphen. Blank lines are crossed only at a page break.
    private static func rejoinHyphenatedWords(_ lines: [SourceLine], pageStarts: Set<Int>) -> [SourceLine] {
        var lines = lines
        var emptied: Set<Int> = []
        for index in lines.indices {
            let text = lines[index].text
            guard text.count >= 3, text.last == "-" else { continue }
            let beforeHyphen = text[text.index(text.endIndex, offsetBy: -2)]
            guard beforeHyphen.isLetter else { continue }
            var next = index + 1
            var crossedPage = pageStarts.contains(next)
            while next < lines.count, lines[next].isBlank {
                next += 1
                crossedPage = crossedPage || pageStarts.contains(next)
            }
            guard next < lines.count, next == index + 1 || crossedPage,
                  let first = lines[next].text.first, first.isLetter
            else { continue }
            let words = lines[next].text.split(separator: " ", maxSplits: 1)
            // Punctuation after the fragment ("tion;") goes up with it.
            let keepHyphen = first.isUppercase
            lines[index].text = (keepHyphen ? text : String(text.dropLast())) + words[0]
            lines[next].text = words.count > 1 ? String(words[1]) : ""
            // A line that was only the fragment is gone, not a blank line that would end a paragraph.
            if words.count == 1 { emptied.insert(next) }
        }
        return lines.indices.filter { !emptied.contains($0) }.map { lines[$0] }
    }
}
