import Foundation

extension Renderer {
    /// `explain`: text for people, JSON (and one-line JSON) for scripts; CSV and Markdown give
    /// the ranked hits with the parts of their scores.
    public func render(_ explanation: Explanation) -> String {
        switch format {
        case .text: return textExplanation(explanation)
        case .json: return Self.json(explanation).pretty() + "\n"
        case .jsonl: return Self.json(explanation).encoded() + "\n"
        case .csv:
            return CSV.table(
                header: ["rank", "ref", "lang", "score", "bm25", "status_factor", "phrase_factor", "heading_factor", "kind_factor", "every_word",
                         "bm25_title", "bm25_heading", "bm25_text", "bm25_terms"],
                rows: explanation.hits.map { hit in
                    [String(hit.rank), hit.ref, hit.language.rawValue, Self.number(hit.breakdown.score), Self.number(hit.breakdown.bm25),
                     Self.number(hit.breakdown.statusFactor), Self.number(hit.breakdown.phraseFactor),
                     Self.number(hit.breakdown.headingFactor), Self.number(hit.breakdown.kindFactor), String(hit.breakdown.hasEveryWord)]
                        + hit.columns.map { Self.number($0.bm25) }
                })
        case .markdown:
            return "```\n" + Renderer(format: .text, style: TextStyle()).textExplanation(explanation) + "```\n"
        }
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }

    private func textExplanation(_ explanation: Explanation) -> String {
        var lines: [String] = []
        func field(_ name: String, _ value: String) {
            lines.append(style.dim(name.padded(to: 11)) + TextStyle.neutralise(value))
        }
        field("query", explanation.text)
        if let reference = explanation.reference {
            let named = ClauseRef.format(doc: reference.document ?? "any document", path: reference.path)
            field("reference", "\(named): answered from the reference table, not by full-text search")
            field("clauses", explanation.referencedClauses.isEmpty ? "none" : explanation.referencedClauses.joined(separator: ", "))
            return lines.joined(separator: "\n") + "\n"
        }
        if !explanation.stopWords.isEmpty {
            field("stop words", explanation.stopWords.joined(separator: ", ") + " (not required)")
        }
        for (index, word) in explanation.words.enumerated() {
            var parts = ["index: " + word.indexed.joined(separator: " ") + (word.prefix ? "*" : "")]
            if let stem = word.swahiliStem { parts.append("Kiswahili stem: \(stem)") }
            if !word.glossary.isEmpty { parts.append("glossary: " + word.glossary.joined(separator: ", ")) }
            if let correction = word.correction { parts.append("no clause has it; also searched: \(correction)") }
            let name = (word.excluded ? "-" : "") + word.typed
            field(index == 0 ? "words" : "", name + "  → " + parts.joined(separator: " · "))
        }
        for correction in explanation.corrections {
            field("typo", "no clause has '\(correction.typed)'; searched '\(correction.searched)' too")
        }
        for phrase in explanation.phrases {
            field("phrase", "\"" + phrase.joined(separator: " ") + "\" (the words must stand together)")
        }
        for match in explanation.glossaryMatches {
            field("term", "\(match.term) ⇄ " + match.equivalents.joined(separator: ", "))
        }
        field("filters", explanation.filters.isEmpty ? "none" : explanation.filters.joined(separator: " "))
        field("match", explanation.match ?? "none (filters alone: clauses listed in document order)")
        if let relaxed = explanation.relaxedMatch {
            field("relaxed", relaxed + (explanation.usedRelaxed
                ? " (used: too few clauses have every word)" : " (not needed)"))
        }
        if let phrase = explanation.phrase {
            field("bonus", "×\(Ranking.phraseFactor) when \(phrase) stands together")
        }
        field("ranking", "bm25 (lower is better) × \(Ranking.exactHeadingFactor) when a heading is exactly the query"
            + " × \(Ranking.notInForceFactor) for documents not in force × \(Ranking.partFactor) for a Part")
        field("matched", "\(explanation.total) clause\(explanation.total == 1 ? "" : "s")")
        for hit in explanation.hits {
            let heading = hit.heading.isEmpty ? "" : "  " + style.heading(TextStyle.neutralise(hit.heading))
            lines.append("")
            lines.append("\(String(hit.rank).leftPadded(to: 3)). \(style.ref(hit.ref))\(heading)  [\(hit.language.rawValue)]")
            let breakdown = hit.breakdown
            lines.append("     score \(Self.number(breakdown.score)) = bm25 \(Self.number(breakdown.bm25))"
                + " × status \(breakdown.statusFactor) × phrase \(breakdown.phraseFactor) × heading \(breakdown.headingFactor)"
                + (breakdown.kindFactor == 1 ? "" : " × Part \(breakdown.kindFactor)")
                + (breakdown.wordsMatched.map { "  (\($0) of the words; ranked by that first)" } ?? ""))
            lines.append(style.dim("     bm25 of each column alone: " + hit.columns.map { "\($0.name)×\($0.weight) \(Self.number($0.bm25))" }
                .joined(separator: " · ")))
            for note in hit.notes { lines.append(style.dim("     " + note)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ explanation: Explanation) -> JSONValue {
        var fields: [(String, JSONValue)] = [("query", .string(explanation.text))]
        if let reference = explanation.reference {
            fields.append(("reference", .object([
                ("document", reference.document.map(JSONValue.string) ?? .null), ("path", .string(reference.path)),
                ("clauses", .array(explanation.referencedClauses.map(JSONValue.string))),
            ])))
            return .object(fields)
        }
        fields += [
            ("stop_words", .array(explanation.stopWords.map(JSONValue.string))),
            ("words", .array(explanation.words.map { word in
                .object([
                    ("typed", .string(word.typed)), ("indexed", .array(word.indexed.map(JSONValue.string))),
                    ("swahili_stem", word.swahiliStem.map(JSONValue.string) ?? .null),
                    ("glossary", .array(word.glossary.map(JSONValue.string))),
                    ("correction", word.correction.map(JSONValue.string) ?? .null),
                    ("excluded", .bool(word.excluded)), ("prefix", .bool(word.prefix)),
                ])
            })),
            ("phrases", .array(explanation.phrases.map { .string($0.joined(separator: " ")) })),
            ("glossary_terms", .array(explanation.glossaryMatches.map {
                .object([("term", .string($0.term)), ("equivalents", .array($0.equivalents.map(JSONValue.string)))])
            })),
            ("corrections", .array(explanation.corrections.map {
                .object([("typed", .string($0.typed)), ("searched", .string($0.searched))])
            })),
            ("filters", .array(explanation.filters.map(JSONValue.string))),
            ("match", explanation.match.map(JSONValue.string) ?? .null),
            ("relaxed_match", explanation.relaxedMatch.map(JSONValue.string) ?? .null),
            ("used_relaxed", .bool(explanation.usedRelaxed)),
            ("phrase", explanation.phrase.map(JSONValue.string) ?? .null),
            ("total", .int(explanation.total)),
            ("hits", .array(explanation.hits.map { hit in
                .object([
                    ("rank", .int(hit.rank)), ("ref", .string(hit.ref)), ("lang", .string(hit.language.rawValue)),
                    ("heading", .string(hit.heading)), ("score", .number(hit.breakdown.score)),
                    ("bm25", .number(hit.breakdown.bm25)), ("status_factor", .number(hit.breakdown.statusFactor)),
                    ("phrase_factor", .number(hit.breakdown.phraseFactor)),
                    ("heading_factor", .number(hit.breakdown.headingFactor)),
                    ("kind_factor", .number(hit.breakdown.kindFactor)),
                    ("every_word", .bool(hit.breakdown.hasEveryWord)),
                    ("words_matched", hit.breakdown.wordsMatched.map(JSONValue.int) ?? .null),
                    ("columns", .object(hit.columns.map { ($0.name, .object([("weight", .number($0.weight)), ("bm25", .number($0.bm25))])) })),
                    ("notes", .array(hit.notes.map(JSONValue.string))),
                ])
            })),
        ]
        return .object(fields)
    }
}
