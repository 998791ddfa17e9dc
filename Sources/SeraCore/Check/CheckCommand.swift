import Foundation

/// `check` (`hakiki`): the requirements checklist for a planned system.
extension Commands {
    static let checkUsage = "check [--personal-data] [--public-facing] [--payments] [--mobile] [--hosting gov-dc|own|external|undecided] "
        + "[--integrates] [--procurement] [--records] [--email] [--website] [--cloud] [--save FILE] · check --status FILE"

    static let check: @Sendable (Session, CommandInvocation, OutputSink) throws -> ExitStatus = { session, invocation, output in
        let catalog = try TopicCatalog.load(corpus: session.paths.corpus)
        let builder = ChecklistBuilder(catalog: catalog, language: session.settings.language)
        if let file = invocation.options["status"] {
            guard invocation.flags.isDisjoint(with: SystemProfile.switchNames), invocation.options["hosting"] == nil,
                  invocation.options["save"] == nil else {
                throw UsageError.message("check --status FILE reads the system profile from FILE; give it no system flags and no --save")
            }
            return try reviewPlan(file, builder: builder, session: session, output: output)
        }
        var profile = try SystemProfile(invocation, catalog: catalog)
        if profile.isEmpty, session.interactive, let ask = session.ask {
            guard let answered = interview(catalog, language: session.settings.language, ask: ask) else {
                output.note("no checklist: the questions were left unanswered")
                return .nothingFound
            }
            profile = answered
            output.note("the same from the command line: sera check \(profile.arguments.joined(separator: " "))")
        }
        let checklist = try builder.build(for: profile, from: session.index())
        output.write(renderer(session).render(checklist))
        if let file = invocation.options["save"] {
            let plan = ChecklistPlan(checklist: checklist, saved: ChecklistPlan.day(Date()), corpus: session.paths.corpus.path)
            try plan.write(to: URL(fileURLWithPath: file))
            output.note("saved \(plan.items.count) items to \(file): set each item's status there, then run sera check --status \(file)")
        }
        if checklist.items.isEmpty {
            output.note("no clause with a duty applies to this profile")
            return .nothingFound
        }
        return .found
    }

    /// Asks the questions of `topics.yaml` through the shell; nil when the officer quits.
    private static func interview(_ catalog: TopicCatalog, language: Language?, ask: (String) -> String?) -> SystemProfile? {
        var interview = ChecklistInterview(catalog: catalog, language: language)
        while true {
            switch interview.step {
            case let .ask(question):
                guard let line = ask(question.prompt) else { return nil }
                interview.answer(line)
            case let .done(profile): return profile
            case .abandoned: return nil
            }
        }
    }

    private static func reviewPlan(_ file: String, builder: ChecklistBuilder, session: Session, output: OutputSink) throws -> ExitStatus {
        let plan = try ChecklistPlan.load(URL(fileURLWithPath: file))
        if let hosting = plan.profile.hosting, !builder.catalog.hostingChoices.contains(where: { $0.id == hosting }) {
            throw ChecklistError.invalidPlan(CorpusProblem(
                file: file, message: "profile hosting '\(hosting)' is not one of \(builder.catalog.hostingChoices.map(\.id).joined(separator: ", "))"))
        }
        let review = try builder.review(plan, file: file, index: session.index())
        output.write(renderer(session).render(review, catalog: builder.catalog))
        if !plan.corpus.isEmpty, plan.corpus != session.paths.corpus.path {
            output.note("the file was saved from the corpus at \(plan.corpus); checked against \(session.paths.corpus.path)")
        }
        return review.exitStatus
    }
}

extension ErrorReport {
    static func describe(_ error: ChecklistError) -> String {
        switch error {
        case let .unreadable(path, reason): "cannot read checklist \(path): \(reason)"
        case let .invalidPlan(problem): "checklist \(problem.description)"
        case let .cannotWrite(path, reason): "cannot write checklist \(path): \(reason)"
        }
    }
}
