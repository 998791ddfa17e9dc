import Foundation
import Testing
@testable import SeraCore

/// What a build does, counted: the glossary is loaded once for a build that writes documents, and
/// not at all for a reload that finds nothing changed.
@Suite struct IndexBuilderTests {
    final class Loads: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func expander() -> TermExpander {
            lock.withLock { count += 1 }
            return TermExpander()
        }
    }

    @Test func theGlossaryIsLoadedOnlyWhenSomethingIsWritten() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sera-builder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let file = corpus.appendingPathComponent("a.md")
        try "---\nid: a\ntitle: A\ntype: act\nsource: s\n---\n## 1. One\nThe institution shall keep records.\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let index = directory.appendingPathComponent("index.sqlite")
        let loads = Loads()
        func build(force: Bool = false) throws -> ReloadReport {
            try IndexBuilder(corpusDirectory: corpus, indexURL: index, expander: loads.expander()).build(force: force)
        }
        #expect(try build().full)
        #expect(loads.value == 1)
        #expect(try build().unchanged == ["a.md"])
        #expect(loads.value == 1, "a reload with nothing changed loaded the glossary")
        try "---\nid: a\ntitle: A\ntype: act\nsource: s\n---\n## 1. One\nThe institution must keep records.\n"
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try build().changed == ["a.md"])
        #expect(loads.value == 2)
        _ = try build(force: true)
        #expect(loads.value == 3)
    }
}
