import Foundation
import GRDB

/// The implementations behind `CommandTable`. Each returns an exit status and writes to the sink.
enum Commands {
    static func apply(options: [String: String], to settings: inout SessionSettings) throws {
        if let value = options["format"] {
            guard let format = OutputFormat(name: value) else {
                throw UsageError.invalidValue(option: "--format", value: value, allowed: OutputFormat.allCases.map(\.rawValue).joined(separator: "|"))
            }
            settings.format = format
        }
        if let value = options["limit"] {
            guard let limit = Int(value), (1...1000).contains(limit) else {
                throw UsageError.invalidValue(option: "--limit", value: value, allowed: "a number from 1 to 1000")
            }
            settings.limit = limit
        }
        if let value = options["lang"] {
            switch value.lowercased() {
            case "en", "english", "kiingereza": settings.language = .en
            case "sw", "kiswahili", "swahili": settings.language = .sw
            case "any", "all", "zote": settings.language = nil
            default: throw UsageError.invalidValue(option: "--lang", value: value, allowed: "en|sw|any")
            }
        }
    }

    static func renderer(_ session: Session) -> Renderer {
        Renderer(format: session.settings.format, style: session.settings.style)
    }

    // MARK: search

    static let search: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        var query = try QueryParser.parse(invocation.text)
        if let language = session.settings.language, query.reference == nil, query.filters.languages.isEmpty {
            query.filters.languages = [language]
        }
        let index = try session.index()
        let result = try index.search(query, options: searchOptions(session, offset: 0))
        session.lastSearch = (result.query, result, 0)
        // One line at most: how the query was widened.
        var notes = result.corrections.map {
            "no clause has '\(TextStyle.neutralise($0.typed))'; did you mean: \($0.searched)? (searched for it too)"
        }
        if result.relaxed {
            notes.append(result.allWordsTotal == 0
                ? "no clause has every word; showing clauses with any of them"
                : "\(result.allWordsTotal) clause\(result.allWordsTotal == 1 ? " has" : "s have") every word; then clauses with some of them")
        }
        if !notes.isEmpty, !result.hits.isEmpty { output.note(notes.joined(separator: "; ")) }
        return emit(result, session: session, output: output, reference: query.reference)
    }

    private static func emit(_ result: SearchResult, session: Session, output: OutputSink, reference: ClauseReference?) -> ExitStatus {
        output.write(renderer(session).render(result))
        if result.hits.isEmpty {
            if let reference {
                output.note("no clause \(TextStyle.neutralise(ClauseRef.format(doc: reference.document ?? "*", path: reference.path)))")
            } else if !result.suggestions.isEmpty {
                output.note("no clause matched; did you mean: \(result.suggestions.joined(separator: ", "))?")
            } else {
                output.note("no clause matched")
            }
            return .nothingFound
        }
        let shown = result.hits.last!.rank
        if session.interactive, session.settings.format == .text, result.total > shown {
            output.note("\(shown) of \(result.total) hits; 'next' shows more")
        }
        return .found
    }

    static let next: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, output in
        guard let last = session.lastSearch else { throw UsageError.nothingToShow("no search yet: type some words first") }
        let offset = last.offset + session.settings.limit
        guard offset < last.result.total || !last.result.totalIsExact else { throw UsageError.nothingToShow("no more hits") }
        let result = try session.index().search(last.query, options: searchOptions(session, offset: offset))
        guard !result.hits.isEmpty else { throw UsageError.nothingToShow("no more hits") }
        session.lastSearch = (last.query, result, offset)
        return emit(result, session: session, output: output, reference: nil)
    }

    /// The total is counted in full only where it is shown ("10 of 2,314 hits" on a terminal):
    /// on a large corpus counting costs as much as ranking, and JSON, CSV and scripts never show it.
    private static func searchOptions(_ session: Session, offset: Int) -> SearchOptions {
        SearchOptions(limit: session.settings.limit, offset: offset, language: session.settings.language,
                      exactTotal: session.interactive && session.settings.format == .text)
    }

    // MARK: show and navigation

    static let show: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        let target = invocation.plainText.trimmingSpaces()
        guard !target.isEmpty else { throw UsageError.missingArgument(command: "show", usage: "show REF (e.g. show ega-act-2019:24) or show N after a search") }
        let index = try session.index()
        let clause: Clause
        if let number = Int(target), let last = session.lastSearch {
            guard let hit = last.result.hits.first(where: { $0.rank == number }) else {
                throw UsageError.nothingToShow("the last search has no hit \(number)")
            }
            guard let found = try index.clauses(matching: ClauseReference(document: hit.doc, path: ClauseRef.split(hit.ref).path),
                                                preferredLanguage: hit.language).first(where: { $0.language == hit.language }) else {
                throw QueryError.unknownClause(hit.ref)
            }
            clause = found
        } else {
            clause = try resolveClause(target, in: index, language: session.settings.language)
        }
        return try display(clause, session: session, output: output)
    }

    /// A clause from a reference or a document name.
    static func resolveClause(_ target: String, in index: SeraIndex, language: Language?) throws -> Clause {
        if let reference = ClauseReferenceParser.parse(target) {
            let matches = try index.clauses(matching: reference, preferredLanguage: language)
            guard let first = matches.first else {
                throw QueryError.unknownClause(ClauseRef.format(doc: reference.document ?? "", path: reference.path))
            }
            if reference.document == nil, Set(matches.map(\.docID)).count > 1 {
                let refs = Array(Set(matches.map(\.ref))).sorted().prefix(8).joined(separator: ", ")
                throw UsageError.nothingToShow("\(reference.path) exists in several documents: \(refs); name one, e.g. show \(matches[0].ref)")
            }
            return first
        }
        // A document by id, title or alias: its introduction and table of top-level clauses.
        if let id = try index.documentID(for: target),
           let intro = try index.clauses(matching: ClauseReference(document: id, path: ""), preferredLanguage: language).first {
            return intro
        }
        throw QueryError.unknownClause(target)
    }

    static func display(_ clause: Clause, session: Session, output: OutputSink) throws -> ExitStatus {
        let detail = try session.index().detail(of: clause)
        session.currentClause = clause
        output.write(renderer(session).render(detail))
        return .found
    }

    static let parent: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, output in
        guard let current = session.currentClause else { throw UsageError.nothingToShow("show a clause first") }
        let index = try session.index()
        if let parent = try index.parent(of: current) {
            return try display(parent, session: session, output: output)
        }
        guard let intro = try index.clauses(matching: ClauseReference(document: current.docID, path: "")).first, current.path != "" else {
            throw UsageError.nothingToShow("\(current.ref) is the top of its document")
        }
        return try display(intro, session: session, output: output)
    }

    static let children: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, output in
        guard let current = session.currentClause else { throw UsageError.nothingToShow("show a clause first") }
        let detail = try session.index().detail(of: current)
        let children = detail.descendants.filter { $0.depth == 1 }.map(\.clause)
        guard !children.isEmpty else { throw UsageError.nothingToShow("\(current.ref) has no clauses below it") }
        let metadata = detail.document
        output.write(renderer(session).render(toc: children, document: metadata))
        return .found
    }

    // MARK: documents

    static let docs: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, output in
        let documents = try session.index().documents()
        output.write(renderer(session).render(documents: documents))
        return documents.isEmpty ? .nothingFound : .found
    }

    static let toc: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        let name = invocation.plainText.trimmingSpaces()
        guard !name.isEmpty else { throw UsageError.missingArgument(command: "toc", usage: "toc DOC (sera docs lists the ids)") }
        let index = try session.index()
        guard let id = try index.documentID(for: name), let metadata = try index.document(id) else {
            throw QueryError.unknownDocument(name)
        }
        let clauses = try index.clauses(ofDocument: id, language: session.settings.language)
        output.write(renderer(session).render(toc: clauses.isEmpty ? try index.clauses(ofDocument: id) : clauses, document: metadata))
        return .found
    }

    static let cites: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        let target = invocation.plainText.trimmingSpaces()
        guard !target.isEmpty else { throw UsageError.missingArgument(command: "cites", usage: "cites REF (e.g. cites ega-act-2019:24)") }
        let index = try session.index()
        let clause = try resolveClause(target, in: index, language: session.settings.language)
        let citing = try index.citing(clause.ref)
        let hits = try citing.prefix(session.settings.limit).enumerated().map { try index.hit(for: $1, rank: $0 + 1) }
        let query = Query(text: "cites \(clause.ref)")
        let result = SearchResult(query: query, hits: hits, total: citing.count)
        output.write(renderer(session).render(result))
        if hits.isEmpty {
            output.note("no clause refers to \(clause.ref)")
            return .nothingFound
        }
        return .found
    }

    static let stats: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, output in
        output.write(renderer(session).render(try session.index().statistics()))
        return .found
    }

    // MARK: maintenance

    static let reload: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        guard FileManager.default.fileExists(atPath: session.paths.corpus.path) else {
            throw CorpusError.missingDirectory(session.paths.corpus.path)
        }
        let opener = IndexOpener(paths: session.paths, loader: session.loader, notify: session.notify)
        let report = try opener.builder().build(force: invocation.flags.contains("force"))
        session.closeIndex()
        output.write(renderer(session).render(report))
        return report.failed.isEmpty ? .found : .corpusProblem
    }

    static let changes: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, output in
        let changes = try session.index().lastChanges()
        switch session.settings.format {
        case .json, .jsonl:
            let values = changes.map { JSONValue.object([("ref", .string($0.ref)), ("change", .string($0.change))]) }
            output.write(session.settings.format == .json ? JSONValue.array(values).pretty() + "\n" : values.map { $0.encoded() + "\n" }.joined())
        case .csv:
            output.write(CSV.table(header: ["ref", "change"], rows: changes.map { [$0.ref, $0.change] }))
        default:
            output.write(changes.map { "\($0.change.padded(to: 8)) \($0.ref)\n" }.joined())
        }
        if changes.isEmpty { output.note("the last reload changed no clause") }
        return changes.isEmpty ? .nothingFound : .found
    }

    static let lint: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, output in
        let problems = try CorpusLinter(loader: session.loader).lint(directory: session.paths.corpus)
        output.write(renderer(session).render(problems: problems))
        if problems.isEmpty {
            output.note("corpus \(session.paths.corpus.path): no problems")
            return .found
        }
        output.note("\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
        return .corpusProblem
    }

    // MARK: session

    static let set: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        let words = invocation.arguments.map(LineSplitter.unquote)
        guard words.count == 2 else {
            let settings = session.settings
            output.write("format \(settings.format.rawValue)\nlimit \(settings.limit)\nlang \(settings.language?.rawValue ?? "any")\ncolor \(settings.style.color ? "on" : "off")\n")
            return words.isEmpty ? .found : .badInput
        }
        switch words[0].lowercased() {
        case "format", "limit", "lang":
            try apply(options: [words[0].lowercased(): words[1]], to: &session.settings)
        case "color", "colour", "rangi":
            switch words[1].lowercased() {
            case "on", "yes", "ndiyo": session.settings.style.color = true
            case "off", "no", "hapana": session.settings.style.color = false
            default: throw UsageError.invalidValue(option: "color", value: words[1], allowed: "on|off")
            }
        default:
            throw UsageError.invalidValue(option: "set", value: words[0], allowed: "format|limit|lang|color")
        }
        return .found
    }

    static let help: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        if let name = invocation.arguments.first {
            guard let command = CommandTable.find(LineSplitter.unquote(name)) else { throw UsageError.unknownCommand(name) }
            output.write("\(command.usage)\n  \(command.summary) · \(command.summarySw)\n  names: \(command.names.joined(separator: ", "))\n")
            return .found
        }
        var text = "Type words to search (English or Kiswahili), or a command:\n"
        for command in CommandTable.commands {
            let names = ([command.name] + command.aliases.filter { $0.count > 2 }).joined(separator: "|")
            text += "  " + names.padded(to: 22) + command.summary + "\n"
        }
        text += """

            Queries: "exact phrase" · a OR b · -exclude · prefix* · type:act|regulations|policy|standard|guideline|…
                     doc:ega-act-2019 · lang:en|sw · status:in-force · topic:hosting · must (duties only)
            References: ega-act-2019:24(1) · s.24 of the e-Government Act · kifungu cha 24 · show 3 (third hit)
            Every command takes --format text|json|jsonl|csv|markdown and --limit N.

            """
        output.write(text)
        return .found
    }

    static let quit: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, _, _ in
        session.requestQuit()
        return .found
    }
}

extension SeraIndex {
    /// Clauses whose cross-references point at `ref`.
    public func citing(_ ref: String) throws -> [Clause] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM clauses WHERE EXISTS (SELECT 1 FROM json_each(clauses.cross_refs) WHERE json_each.value = ?)
                ORDER BY doc_id, ordinal
                """, arguments: [ref]).map(Self.clause)
        }
    }
}
