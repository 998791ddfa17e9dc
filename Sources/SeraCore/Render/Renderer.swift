import Foundation

/// Turns the values that searches and look-ups return into text in one of the output formats.
/// The JSON field names are a contract with scripts (DESIGN.md): change them only with a version bump.
public struct Renderer: Sendable {
    public var format: OutputFormat
    public var style: TextStyle

    public init(format: OutputFormat = .text, style: TextStyle = TextStyle()) {
        self.format = format
        self.style = style
    }

    // MARK: Search hits

    public func render(_ result: SearchResult, notice: String? = nil) -> String {
        switch format {
        case .text: return textHits(result)
        case .json: return JSONValue.array(result.hits.map(Self.json)).pretty() + "\n"
        case .jsonl: return result.hits.map { Self.json($0).encoded() + "\n" }.joined()
        case .csv:
            let header = ["rank", "ref", "doc", "doc_title", "type", "status", "heading", "breadcrumb", "snippet",
                          "obligation", "score", "source", "fidelity", "lang"]
            return CSV.table(header: header, rows: result.hits.map { hit in
                [String(hit.rank), hit.ref, hit.doc, hit.docTitle, hit.type.rawValue, hit.status.rawValue, hit.heading,
                 hit.breadcrumb.joined(separator: " › "), hit.snippetText, hit.obligation.rawValue,
                 String(format: "%.4f", hit.score), hit.source, hit.fidelity.rawValue, hit.language.rawValue]
            })
        case .markdown:
            var lines = result.hits.map { hit in
                "\(hit.rank). **\(Markdown.escape(hit.ref))** — \(Markdown.escape(hit.heading)) (\(hit.type.rawValue), \(hit.status.rawValue), \(hit.obligation.rawValue))  \n"
                    + "   " + hit.snippet.map { $0.matched ? "**\(Markdown.escape($0.text))**" : Markdown.escape($0.text) }.joined()
            }
            if lines.isEmpty { lines = ["_No clause matched._"] }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    static func json(_ hit: Hit) -> JSONValue {
        .object([
            ("rank", .int(hit.rank)),
            ("ref", .string(hit.ref)),
            ("doc", .string(hit.doc)),
            ("doc_title", .string(hit.docTitle)),
            ("type", .string(hit.type.rawValue)),
            ("status", .string(hit.status.rawValue)),
            ("heading", .string(hit.heading)),
            ("breadcrumb", .string(hit.breadcrumb.joined(separator: " › "))),
            ("snippet", .string(hit.snippetText)),
            ("obligation", .string(hit.obligation.rawValue)),
            ("score", .number(hit.score)),
            ("source", .string(hit.source)),
            ("fidelity", .string(hit.fidelity.rawValue)),
            ("lang", .string(hit.language.rawValue)),
        ])
    }

    private func textHits(_ result: SearchResult) -> String {
        var output = ""
        for hit in result.hits {
            let rank = String(hit.rank).leftPadded(to: 3)
            let heading = hit.heading.isEmpty ? "" : "  " + style.heading(TextStyle.neutralise(hit.heading))
            output += "\(rank). \(style.ref(hit.ref))\(heading)\n"
            var facts = [hit.type.rawValue, hit.status.rawValue]
            if hit.obligation != .none { facts.append(hit.obligation.rawValue) }
            if hit.fidelity == .official { facts.append("official text") }
            let trail = hit.breadcrumb.dropLast().joined(separator: " › ")
            output += "     " + style.dim(TextStyle.neutralise(facts.joined(separator: " · ") + " · " + hit.docTitle + (trail.isEmpty ? "" : " › " + trail))) + "\n"
            let snippet = hit.snippet.map { segment in
                let text = TextStyle.neutralise(segment.text)
                return segment.matched ? style.match(text) : text
            }.joined()
            if !snippet.trimmingSpaces().isEmpty {
                output += style.wrap(styled: snippet, indent: "     ") + "\n"
            }
        }
        return output
    }

    // MARK: One clause

    public func render(_ detail: ClauseDetail) -> String {
        switch format {
        case .text:
            guard let twin = detail.twin else { return textClause(detail) }
            // The twin goes beside the clause on a wide terminal, under it otherwise.
            let body = style.width >= Self.sideBySideWidth
                ? "\n" + sideBySide(detail, twin)
                : clauseBody(detail) + "\n" + style.dim("── \(Self.languageLabel(twin, beside: detail)) ──") + "\n" + clauseBody(twin)
            return clauseHeader(detail) + body + clauseFooter(detail)
        case .json: return Self.json(detail).pretty() + "\n"
        case .jsonl: return Self.json(detail).encoded() + "\n"
        case .csv:
            return CSV.table(
                header: ["ref", "doc", "doc_title", "heading", "breadcrumb", "obligation", "text", "children", "cross_refs", "source", "fidelity", "lang"],
                rows: [[detail.ref, detail.document.id, detail.document.title, detail.clause.heading,
                        detail.clause.breadcrumb.joined(separator: " › "), detail.clause.obligation.rawValue, fullText(detail),
                        detail.children.joined(separator: " "), detail.clause.crossRefs.joined(separator: " "),
                        detail.document.source, detail.document.fidelity.rawValue, detail.clause.language.rawValue]])
        case .markdown:
            var output = "### \(Markdown.escape(detail.ref)) — \(Markdown.escape(detail.clause.heading))\n\n"
            output += "_\(Markdown.escape(([detail.document.title] + detail.clause.breadcrumb).joined(separator: " › ")))_\n\n"
            if !detail.clause.text.isEmpty { output += Markdown.escape(detail.clause.text) + "\n\n" }
            for (clause, depth) in detail.descendants {
                let indent = String(repeating: "  ", count: depth - 1)
                let head = [clause.label, clause.kind == .subsection || clause.kind == .paragraph || clause.kind == .subparagraph ? "" : clause.heading]
                    .filter { !$0.isEmpty }.joined(separator: " ")
                output += "\(indent)- **\(Markdown.escape(head))** \(Markdown.escape(clause.text))\n"
            }
            output += "\nSource: \(TextStyle.neutralise(detail.document.source)) (\(detail.document.fidelity.rawValue))\n"
            return output
        }
    }

    private func fullText(_ detail: ClauseDetail) -> String {
        ([detail.clause.text] + detail.descendants.map { "\($0.clause.label) \($0.clause.text)" })
            .filter { !$0.trimmingSpaces().isEmpty }.joined(separator: "\n")
    }

    static func json(_ detail: ClauseDetail) -> JSONValue {
        let clause = detail.clause
        var fields: [(String, JSONValue)] = [
            ("ref", .string(clause.ref)),
            ("doc", .string(clause.docID)),
            ("doc_title", .string(detail.document.title)),
            ("type", .string(detail.document.type.rawValue)),
            ("status", .string(detail.document.status.rawValue)),
            ("heading", .string(clause.heading)),
            ("breadcrumb", .string(clause.breadcrumb.joined(separator: " › "))),
            ("kind", .string(clause.kind.rawValue)),
            ("obligation", .string(clause.obligation.rawValue)),
            ("text", .string(clause.text)),
            ("children", .array(detail.children.map(JSONValue.string))),
            ("descendants", .array(detail.descendants.map { item in
                .object([
                    ("ref", .string(item.clause.ref)), ("depth", .int(item.depth)), ("label", .string(item.clause.label)),
                    ("heading", .string(item.clause.heading)), ("obligation", .string(item.clause.obligation.rawValue)),
                    ("text", .string(item.clause.text)),
                ])
            })),
            ("cross_refs", .array(clause.crossRefs.map(JSONValue.string))),
            ("topics", .array(clause.topics.map(JSONValue.string))),
            ("source", .string(detail.document.source)),
            ("fidelity", .string(detail.document.fidelity.rawValue)),
            ("lang", .string(clause.language.rawValue)),
        ]
        if let twin = detail.twin {
            fields.append(("translation", json(twin)))
        }
        return .object(fields)
    }

    private func textClause(_ detail: ClauseDetail) -> String {
        clauseHeader(detail) + clauseBody(detail) + clauseFooter(detail)
    }

    /// Ref, heading, breadcrumb and facts of a clause.
    func clauseHeader(_ detail: ClauseDetail) -> String {
        let clause = detail.clause
        var output = ""
        let title = clause.heading.isEmpty ? detail.document.title : clause.heading
        output += style.ref(clause.ref) + "  " + style.heading(TextStyle.neutralise(title)) + "\n"
        output += style.dim(TextStyle.neutralise(([detail.document.title] + clause.breadcrumb).joined(separator: " › "))) + "\n"
        var facts = [detail.document.type.rawValue, detail.document.status.rawValue]
        if clause.obligation != .none { facts.append(clause.obligation.rawValue) }
        facts.append(detail.document.fidelity == .digest
            ? "digest: a summary in our own words under the official numbering" : "official text")
        output += style.dim(facts.joined(separator: " · ")) + "\n"
        return output
    }

    /// The text of a clause and of the clauses below it, wrapped to the style's width.
    func clauseBody(_ detail: ClauseDetail) -> String {
        let clause = detail.clause
        var output = ""
        if clause.kind == .document {
            output += "\n" + style.wrap(documentFacts(detail.document), indent: "") + "\n"
        }
        if !clause.text.isEmpty {
            output += "\n" + style.wrap(clause.text, indent: "") + "\n"
        }
        if !detail.descendants.isEmpty { output += "\n" }
        for (child, depth) in detail.descendants {
            let indent = String(repeating: "    ", count: depth - 1)
            let numbered = [.subsection, .paragraph, .subparagraph].contains(child.kind)
            if numbered {
                let body = child.label + " " + child.text
                output += style.wrap(body, indent: indent) + "\n"
            } else {
                let head = [child.label, child.heading].filter { !$0.isEmpty }.joined(separator: child.kind == .section ? ". " : " ")
                output += indent + style.ref(child.ref) + "  " + style.heading(TextStyle.neutralise(head)) + "\n"
                if !child.text.isEmpty, clause.kind != .document {
                    output += style.wrap(child.text, indent: indent + "    ") + "\n"
                }
            }
        }
        return output
    }

    /// Cross-references and source.
    func clauseFooter(_ detail: ClauseDetail) -> String {
        var output = ""
        if !detail.clause.crossRefs.isEmpty {
            output += "\n" + style.dim("See also: ") + detail.clause.crossRefs.map(style.ref).joined(separator: ", ") + "\n"
        }
        output += style.dim("Source: \(TextStyle.neutralise(detail.document.source))") + "\n"
        return output
    }

    private func documentFacts(_ metadata: DocumentMetadata) -> String {
        var facts: [String] = []
        if let titleSw = metadata.titleSw { facts.append("Kiswahili: \(titleSw)") }
        if let number = metadata.number { facts.append("Number: \(number)") }
        if let issuer = metadata.issuer { facts.append("Issuer: \(issuer)") }
        if let effective = metadata.effective { facts.append("In force from: \(effective)") }
        if !metadata.aliases.isEmpty { facts.append("Also called: \(metadata.aliases.joined(separator: ", "))") }
        return facts.joined(separator: "\n")
    }

    // MARK: Documents, contents, statistics

    public func render(documents: [DocumentSummary]) -> String {
        switch format {
        case .text:
            let width = min(max(documents.map(\.metadata.id.count).max() ?? 0, 4), 36)
            return documents.map { summary in
                let metadata = summary.metadata
                let facts = "\(metadata.type.rawValue), \(metadata.status.rawValue), \(summary.languages.map(\.rawValue).joined(separator: "+")), \(summary.clauses) clauses"
                return style.ref(metadata.id.padded(to: width)) + "  " + TextStyle.neutralise(metadata.title) + "  " + style.dim("(\(facts))")
            }.joined(separator: "\n") + "\n"
        case .json: return JSONValue.array(documents.map(Self.json)).pretty() + "\n"
        case .jsonl: return documents.map { Self.json($0).encoded() + "\n" }.joined()
        case .csv:
            return CSV.table(header: ["id", "title", "title_sw", "type", "status", "language", "number", "clauses", "source", "fidelity"],
                             rows: documents.map { summary in
                                 let metadata = summary.metadata
                                 return [metadata.id, metadata.title, metadata.titleSw ?? "", metadata.type.rawValue, metadata.status.rawValue,
                                         metadata.language.rawValue, metadata.number ?? "", String(summary.clauses), metadata.source,
                                         metadata.fidelity.rawValue]
                             })
        case .markdown:
            return "| id | title | type | status | clauses |\n| --- | --- | --- | --- | --- |\n" + documents.map { summary in
                let metadata = summary.metadata
                return "| \(metadata.id) | \(Markdown.escapeCell(metadata.title)) | \(metadata.type.rawValue) | \(metadata.status.rawValue) | \(summary.clauses) |"
            }.joined(separator: "\n") + "\n"
        }
    }

    static func json(_ summary: DocumentSummary) -> JSONValue {
        let metadata = summary.metadata
        return .object([
            ("id", .string(metadata.id)), ("title", .string(metadata.title)),
            ("title_sw", metadata.titleSw.map(JSONValue.string) ?? .null),
            ("aliases", .array(metadata.aliases.map(JSONValue.string))), ("type", .string(metadata.type.rawValue)),
            ("number", metadata.number.map(JSONValue.string) ?? .null), ("issuer", metadata.issuer.map(JSONValue.string) ?? .null),
            ("language", .string(metadata.language.rawValue)), ("status", .string(metadata.status.rawValue)),
            ("effective", metadata.effective.map(JSONValue.string) ?? .null), ("source", .string(metadata.source)),
            ("fidelity", .string(metadata.fidelity.rawValue)), ("clauses", .int(summary.clauses)),
            ("languages", .array(summary.languages.map { .string($0.rawValue) })),
        ])
    }

    public func render(toc clauses: [Clause], document: DocumentMetadata) -> String {
        let entries = clauses.filter { $0.kind != .document }
        switch format {
        case .text:
            var output = style.heading(TextStyle.neutralise(document.title)) + "  " + style.dim("(\(document.id))") + "\n"
            for clause in entries {
                let depth = max(clause.breadcrumb.count - 1, 0)
                let indent = String(repeating: "  ", count: depth)
                let numbered = [.subsection, .paragraph, .subparagraph].contains(clause.kind)
                let title = numbered ? String(clause.text.prefix(60)) + (clause.text.count > 60 ? "…" : "") : clause.heading
                let label = clause.kind == .topic ? "" : clause.label + (clause.kind == .section ? "." : "") + " "
                output += indent + label + TextStyle.neutralise(title) + "  " + style.dim(clause.ref) + "\n"
            }
            return output
        case .json: return JSONValue.array(entries.map(Self.tocJSON)).pretty() + "\n"
        case .jsonl: return entries.map { Self.tocJSON($0).encoded() + "\n" }.joined()
        case .csv:
            return CSV.table(header: ["ref", "kind", "label", "heading", "parent", "depth", "obligation"], rows: entries.map {
                [$0.ref, $0.kind.rawValue, $0.label, $0.heading, $0.parentPath.map { ClauseRef.format(doc: document.id, path: $0) } ?? "",
                 String($0.breadcrumb.count), $0.obligation.rawValue]
            })
        case .markdown:
            return "# \(Markdown.escape(document.title))\n\n" + entries.map { clause in
                String(repeating: "  ", count: max(clause.breadcrumb.count - 1, 0)) + "- `\(clause.ref)` \(Markdown.escape(clause.heading))"
            }.joined(separator: "\n") + "\n"
        }
    }

    static func tocJSON(_ clause: Clause) -> JSONValue {
        .object([
            ("ref", .string(clause.ref)), ("kind", .string(clause.kind.rawValue)), ("label", .string(clause.label)),
            ("heading", .string(clause.heading)),
            ("parent", clause.parentPath.map { .string(ClauseRef.format(doc: clause.docID, path: $0)) } ?? .null),
            ("depth", .int(clause.breadcrumb.count)), ("obligation", .string(clause.obligation.rawValue)),
            ("lang", .string(clause.language.rawValue)),
        ])
    }

    public func render(_ statistics: IndexStatistics) -> String {
        let pairs = { (items: [(String, Int)]) -> JSONValue in .object(items.map { ($0.0, .int($0.1)) }) }
        let json = JSONValue.object([
            ("documents", .int(statistics.documents)), ("clauses", .int(statistics.clauses)),
            ("documents_by_type", pairs(statistics.byType)), ("documents_by_language", pairs(statistics.byLanguage)),
            ("clauses_by_language", pairs(statistics.clausesByLanguage)), ("clauses_by_obligation", pairs(statistics.byObligation)),
            ("problems", .array(statistics.problems.map { .string($0.description) })),
            ("built_at", statistics.builtAt.map(JSONValue.string) ?? .null), ("corpus", statistics.corpus.map(JSONValue.string) ?? .null),
            ("index", .string(statistics.indexPath)), ("index_bytes", .int(statistics.indexBytes)),
        ])
        switch format {
        case .json: return json.pretty() + "\n"
        case .jsonl: return json.encoded() + "\n"
        case .csv:
            var rows = [["documents", "", String(statistics.documents)], ["clauses", "", String(statistics.clauses)]]
            rows += statistics.byType.map { ["documents_by_type", $0.0, String($0.1)] }
            rows += statistics.byLanguage.map { ["documents_by_language", $0.0, String($0.1)] }
            rows += statistics.clausesByLanguage.map { ["clauses_by_language", $0.0, String($0.1)] }
            rows += statistics.byObligation.map { ["clauses_by_obligation", $0.0, String($0.1)] }
            return CSV.table(header: ["measure", "key", "value"], rows: rows)
        case .text, .markdown:
            let list = { (items: [(String, Int)]) in items.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
            var lines = [
                "documents  \(statistics.documents) (\(list(statistics.byType)))",
                "languages  \(list(statistics.byLanguage)) documents; \(list(statistics.clausesByLanguage)) clauses",
                "clauses    \(statistics.clauses) (\(list(statistics.byObligation)))",
                "index      \(statistics.indexPath) (\(statistics.indexBytes / 1024) KiB, built \(statistics.builtAt ?? "?"))",
                "corpus     \(statistics.corpus ?? "?")",
            ]
            if !statistics.problems.isEmpty {
                lines.append("problems   \(statistics.problems.count) (files that failed are not served):")
                lines += statistics.problems.map { "  " + TextStyle.neutralise($0.description) }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    // MARK: Reload and lint reports

    public func render(_ report: ReloadReport) -> String {
        let json = JSONValue.object([
            ("added", .array(report.added.map(JSONValue.string))), ("changed", .array(report.changed.map(JSONValue.string))),
            ("unchanged", .int(report.unchanged.count)), ("removed", .array(report.removed.map(JSONValue.string))),
            ("failed", .array(report.failed.map { .string($0.description) })), ("notes", .array(report.notes.map(JSONValue.string))),
            ("refs_added", .array(report.refsAdded.map(JSONValue.string))), ("refs_removed", .array(report.refsRemoved.map(JSONValue.string))),
            ("refs_reworded", .array(report.refsReworded.map(JSONValue.string))),
            ("documents", .int(report.documents)), ("clauses", .int(report.clauses)), ("full", .bool(report.full)), ("files_read", .int(report.filesRead)),
        ])
        switch format {
        case .json: return json.pretty() + "\n"
        case .jsonl: return json.encoded() + "\n"
        default:
            var lines: [String] = []
            lines.append("\(report.full ? "rebuilt" : "reloaded"): \(report.documents) documents, \(report.clauses) clauses")
            lines.append("files: \(report.added.count) added, \(report.changed.count) changed, \(report.unchanged.count) unchanged, \(report.removed.count) removed, \(Set(report.failed.map(\.file)).count) failed")
            // A full rebuild adds every file; listing them all would hide what matters (failures).
            if !report.full {
                for (label, files) in [("added", report.added), ("changed", report.changed), ("removed", report.removed)] {
                    lines += files.map { "  \(label)  \($0)" }
                }
            }
            lines += report.failed.map { "  failed \(TextStyle.neutralise($0.description))" }
            lines += report.notes.map { "  note   \($0)" }
            if !report.full {
                lines.append("clauses: \(report.refsAdded.count) added, \(report.refsRemoved.count) removed, \(report.refsReworded.count) reworded (sera changes lists them)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    public func render(problems: [CorpusProblem]) -> String {
        switch format {
        case .json: return JSONValue.array(problems.map(Self.json)).pretty() + "\n"
        case .jsonl: return problems.map { Self.json($0).encoded() + "\n" }.joined()
        case .csv: return CSV.table(header: ["file", "line", "message"], rows: problems.map { [$0.file, $0.line.map(String.init) ?? "", $0.message] })
        default: return problems.map { TextStyle.neutralise($0.description) + "\n" }.joined()
        }
    }

    static func json(_ problem: CorpusProblem) -> JSONValue {
        .object([("file", .string(problem.file)), ("line", problem.line.map(JSONValue.int) ?? .null), ("message", .string(problem.message))])
    }
}

/// RFC 4180 CSV.
enum CSV {
    static func table(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String) -> String {
        let clean = TextStyle.neutralise(value)
        // A leading = + - @ makes spreadsheets run formulas; a quote mark keeps it text.
        let safe = clean.first.map { "=+-@".contains($0) } == true ? "'" + clean : clean
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

enum Markdown {
    static func escape(_ text: String) -> String {
        var output = ""
        for character in TextStyle.neutralise(text) {
            if "\\`*_[]<>#|".contains(character) { output.append("\\") }
            output.append(character)
        }
        return output
    }

    static func escapeCell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: " ")
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
