import Foundation

extension Commands {
    /// `explain QUERY`: the query read as `search` reads it, then the parse and the ranking.
    static let explain: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        guard !invocation.text.trimmingSpaces().isEmpty else {
            throw UsageError.missingArgument(command: "explain", usage: "explain QUERY (e.g. explain mifumo ya TEHAMA kusajili)")
        }
        var query = try QueryParser.parse(invocation.text)
        if let language = session.settings.language, query.reference == nil, query.filters.languages.isEmpty {
            query.filters.languages = [language]
        }
        let explanation = try session.index().explain(query, options: SearchOptions(limit: session.settings.limit, language: session.settings.language))
        output.write(renderer(session).render(explanation))
        return explanation.hits.isEmpty && explanation.referencedClauses.isEmpty ? .nothingFound : .found
    }
}
