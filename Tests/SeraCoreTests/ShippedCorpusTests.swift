import Foundation
import Testing
@testable import SeraCore

/// The shipped corpus: it loads cleanly, passes lint, and every clause number in a digest is one
/// the research confirmed (test data in Fixtures/confirmed-numbers/DOC.txt).
@Suite struct ShippedCorpusTests {
    static let corpus = TestPaths.corpus

    static let loaded: Corpus = try! CorpusLoader().load(directory: corpus)

    /// Numbered kinds: anything whose path is an official number rather than our anchor.
    static let numberedKinds: Set<ClauseKind> = [.part, .schedule, .section, .subsection, .paragraph, .subparagraph, .item]

    @Test func everyFileLoadsWithoutProblems() {
        #expect(Self.loaded.problems.map(\.description) == [])
        #expect(Self.loaded.documents.count >= 20)
        #expect(Self.loaded.documents.reduce(0) { $0 + $1.clauses.count } >= 300)
    }

    @Test func lintFindsNothing() throws {
        let problems = try CorpusLinter().lint(directory: Self.corpus)
        #expect(problems.map(\.description) == [])
    }

    @Test func everyNumberInADigestIsConfirmed() throws {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("confirmed-numbers")
        for document in Self.loaded.documents where document.metadata.fidelity == .digest {
            let numbered = document.clauses.filter { Self.numberedKinds.contains($0.kind) }
            guard !numbered.isEmpty else { continue }
            let file = fixtures.appendingPathComponent("\(document.metadata.id).txt")
            let text = try String(contentsOf: file, encoding: .utf8)
            let confirmed = Set(text.split(separator: "\n").compactMap { line -> String? in
                let ref = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                return ref.isEmpty || ref.hasPrefix("#") ? nil : ref
            })
            for clause in numbered {
                #expect(confirmed.contains(clause.path), "\(document.file):\(clause.line): \(clause.ref) is not in confirmed-numbers/\(document.metadata.id).txt")
            }
        }
    }

    @Test func everyDocumentNamesItsSourceAndBothTitles() {
        for document in Self.loaded.documents {
            #expect(!document.metadata.source.isEmpty, "\(document.file) has no source")
            #expect(document.metadata.titleSw != nil, "\(document.file) has no title_sw")
            #expect(!document.metadata.aliases.isEmpty, "\(document.file) has no aliases")
        }
    }

    @Test func eGovernmentActIsComplete() throws {
        let act = try #require(Self.loaded.documents.first { $0.metadata.id == "ega-act-2019" && $0.metadata.language == .en })
        let parts = act.clauses.filter { $0.kind == .part }.map(\.path)
        #expect(parts == (1...11).map { "part-\(Numbering.roman($0))" })
        let sections = act.clauses.filter { $0.kind == .section && !$0.path.hasPrefix("schedule") }.map(\.path)
        #expect(sections == (1...65).map(String.init))
        let schedule = act.clauses.filter { $0.path.hasPrefix("schedule/") && $0.kind == .section }
        #expect(schedule.count == 14)
    }

    @Test func cybercrimesActListsEverySectionUnderItsParts() throws {
        let act = try #require(Self.loaded.documents.first { $0.metadata.id == "cybercrimes-act-2015" })
        let sections = act.clauses.filter { $0.kind == .section }
        #expect(sections.map(\.path) == (1...sections.count).map(String.init))
        #expect(sections.count >= 56)
        #expect(sections.allSatisfy { $0.parentPath?.hasPrefix("part-") == true })
    }

    @Test func requirementsReadAsRequirements() {
        let clauses = Self.loaded.documents.flatMap(\.clauses)
        let binding = clauses.filter { $0.obligation.isBinding }
        #expect(binding.count >= 100)
        let swahiliBinding = binding.filter { $0.language == .sw }
        #expect(swahiliBinding.count >= 10)
    }
}
