import Foundation

/// The parts of a hit's score, as `explain` prints them. bm25 is negative (lower is better) and
/// every factor multiplies it, so a factor above 1 lifts a clause.
public struct ScoreBreakdown: Equatable, Sendable {
    /// bm25 over all FTS columns with `IndexSchema.columnWeights` and `expansionWeight`.
    public var bm25: Double
    /// 1 for a document in force, `Ranking.notInForceFactor` otherwise.
    public var statusFactor: Double
    /// `Ranking.phraseFactor` when the words stand together in the clause as typed.
    public var phraseFactor: Double
    /// `Ranking.exactHeadingFactor` when the clause's heading is exactly the query.
    public var headingFactor: Double
    /// `Ranking.partFactor` for a Part, 1 for any other clause.
    public var kindFactor: Double
    /// Whether the clause has every word of the query, or only some (the relaxed pass).
    public var hasEveryWord: Bool
    /// In the relaxed pass, how many of the query's words (each with its alternatives) it has:
    /// clauses with more of them come first, whatever their bm25.
    public var wordsMatched: Int?

    public var score: Double { bm25 * statusFactor * phraseFactor * headingFactor * kindFactor }
}

/// A clause that matched, before it becomes a `Hit`.
struct RankedCandidate: Sendable {
    var id: Int64
    var ref: String
    var docID: String
    var path: String
    var language: Language
    var breakdown: ScoreBreakdown
    /// Which of the query's words it has (bit i: word i), in the relaxed pass.
    var wordsMask: Int64 = 0
    /// For a section put together from its matched paragraphs, their refs.
    var assembledFrom: [String] = []
    /// Whether the clause's version in the other language matched too (and ranked lower).
    var otherLanguageMatched = false
}

/// How matches are ordered. The factors were tuned on the labelled questions of
/// `Tests/SeraCoreTests/Fixtures/evaluation` (recall@5 and MRR per language, tuning third only);
/// the figures are in the comments.
public enum Ranking {
    /// Superseded, draft and repealed documents still answer, below those in force. At 0.3 and
    /// 0.45 the Kiswahili tuning MRR fell from 0.80 to 0.79; from 0.6 to 1 no question moved.
    public static let notInForceFactor = 0.6
    /// The query's words standing together as typed. No labelled question moved between 1 and 2.5;
    /// kept modest for the phrase-like queries it is for.
    public static let phraseFactor = 1.5
    /// A section or topic whose heading is exactly the query ("ICT projects" → s.24). No labelled
    /// question moved between 1 and 3.
    public static let exactHeadingFactor = 2.0
    /// A Part is a heading over sections, not an answer: it ranks below the sections it names
    /// (tuning MRR 0.806 at 1, 0.815 at 0.5, 0.813 at 0.25).
    public static let partFactor = 0.5
    /// Words counted one by one in the relaxed pass (a bit each in a 64-bit mask).
    static let maximumCountedWords = 16

    /// Clauses with every word first, by score; then the others, by how many of the words they
    /// have, then by score. Ties keep the order they came in (the index's).
    static func ordered(_ candidates: [RankedCandidate]) -> [RankedCandidate] {
        candidates.enumerated().sorted { left, right in
            let (a, b) = (left.element.breakdown, right.element.breakdown)
            if a.hasEveryWord != b.hasEveryWord { return a.hasEveryWord }
            if !a.hasEveryWord, a.wordsMatched != b.wordsMatched { return (a.wordsMatched ?? 0) > (b.wordsMatched ?? 0) }
            if a.score != b.score { return a.score < b.score }
            return left.offset < right.offset
        }.map(\.element)
    }

    /// Matched clauses read before grouping: enough for several pages, and the same for every
    /// page so that `next` continues the order the first page started.
    static func pool(for options: SearchOptions) -> Int {
        max(150, (options.offset + options.limit) * 3)
    }

    /// Orders candidates for display: clauses with every word first, each clause once (the
    /// better-ranked of its English and Kiswahili versions), and a clause inside one already
    /// listed moved behind the other clauses of its pass, since showing the larger clause shows it.
    static func arrange(_ candidates: [RankedCandidate]) -> [RankedCandidate] {
        var seen = Set<String>()
        var listed: [String: Set<String>] = [:]
        var arranged: [RankedCandidate] = []
        var deferred: [RankedCandidate] = []
        var pass = candidates.first?.breakdown.hasEveryWord
        let matchedTwice = Set(Dictionary(grouping: candidates, by: \.ref).filter { $0.value.count > 1 }.keys)
        for var candidate in candidates where seen.insert(candidate.ref).inserted {
            candidate.otherLanguageMatched = matchedTwice.contains(candidate.ref)
            if candidate.breakdown.hasEveryWord != pass {
                arranged += deferred
                deferred = []
                pass = candidate.breakdown.hasEveryWord
            }
            let paths = listed[candidate.docID, default: []]
            if enclosingPaths(of: candidate.path).contains(where: paths.contains) {
                deferred.append(candidate)
            } else {
                arranged.append(candidate)
                listed[candidate.docID, default: []].insert(candidate.path)
            }
        }
        return arranged + deferred
    }

    /// The numbered clauses that contain a path, nearest first: `27(b)(i)` → `27(b)`, `27`;
    /// `5.2.3` → `5.2`, `5`. Parts are left out: a Part heading is no answer that shows a section.
    static func enclosingPaths(of path: String) -> [String] {
        var enclosing: [String] = []
        var current = Substring(path)
        while true {
            if current.hasSuffix(")"), let open = current.lastIndex(of: "(") {
                current = current[..<open]
            } else if let dot = current.lastIndex(of: "."), current[current.index(after: dot)...].allSatisfy(\.isNumber),
                      current.first?.isNumber == true {
                current = current[..<dot]
            } else {
                return enclosing
            }
            guard !current.isEmpty else { return enclosing }
            enclosing.append(String(current))
        }
    }
}
