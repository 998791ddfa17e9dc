import Foundation

/// Parses a Markdown digest (front matter plus headings and numbered lines) into a document.
public enum MarkdownDigestParser {
    nonisolated(unsafe) static let headingPattern = /^(#{1,6})\s+(.+?)\s*#*\s*$/
    nonisolated(unsafe) static let numberedPattern = /^\((\d{1,3}[A-Z]?|[a-z]{1,5}|[A-Z])\)\s*(.*)$/
    nonisolated(unsafe) static let topicsPattern = /^<!--\s*topics:\s*(.*?)\s*-->$/

    /// Parses one digest.
    /// - Parameters:
    ///   - text: the whole file.
    ///   - file: its name relative to the corpus, for messages.
    /// - Throws: `CorpusError.invalidFile` for front-matter problems.
    /// - Returns: the document and the structural problems found (duplicate numbers and the like).
    public static func parse(_ text: String, file: String) throws -> (Document, [CorpusProblem]) {
        let (yaml, body, bodyLine) = try FrontMatter.split(text, file: file)
        var metadata = try FrontMatter.parse(yaml, file: file)
        // A Kiswahili twin (`ID.sw.md`) shares its document's id and numbering.
        if file.hasSuffix(".sw.md") { metadata.language = .sw }
        let clauseLanguage: Language = metadata.language == .sw ? .sw : .en
        var builder = ClauseTreeBuilder(docID: metadata.id, language: clauseLanguage, file: file)
        feed(body, firstLine: bodyLine, into: &builder)
        let clauses = ClauseAnalysis.annotate(builder.finish(), documentTopics: metadata.topics)
        return (Document(metadata: metadata, clauses: clauses, file: file), builder.problems)
    }

    static func feed(_ body: String, firstLine: Int, into builder: inout ClauseTreeBuilder) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingSpaces()
        }
        for (offset, line) in lines.enumerated() {
            let lineNumber = firstLine + offset
            if line.isEmpty {
                builder.paragraphBreak()
            } else if let match = line.wholeMatch(of: topicsPattern) {
                builder.topics(match.1.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty })
            } else if line.hasPrefix("<!--") {
                continue  // other comments are notes for maintainers
            } else if let match = line.wholeMatch(of: headingPattern) {
                builder.heading(HeadingClassifier.classify(String(match.2)), depth: match.1.count, line: lineNumber)
            } else if let match = line.wholeMatch(of: numberedPattern) {
                let next = lines[(offset + 1)...].lazy.compactMap { $0.wholeMatch(of: numberedPattern)?.1 }.first
                builder.numbered(label: String(match.1), text: String(match.2), nextLabel: next.map(String.init), line: lineNumber)
            } else {
                builder.text(line)
            }
        }
    }
}
