import Foundation
import SeraCore

/// Fuzzes the structure parser on arbitrary bytes read as UTF-8: as a whole file (front matter
/// and all), and as the body of a document whose front matter is valid, so the clause-tree
/// builder sees every input. Problems are values; only a crash or a hang is a failure.
private let header = """
    ---
    id: fuzz-doc
    title: Fuzz document
    type: act
    source: https://example.org
    ---

    """

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStructure(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = FuzzInput.text(bytes, count)
    _ = try? MarkdownDigestParser.parse(text, file: "fuzz.md")
    // As the loader does: control characters are blanked before parsing.
    let body = CorpusFile.sanitize(text)
    do {
        let (document, _) = try MarkdownDigestParser.parse(header + body, file: "fuzz.md")
        let paths = document.clauses.map(\.path)
        guard Set(paths).count == paths.count else {
            FuzzInput.fail("two clauses share a path", input: text)
        }
        for clause in document.clauses {
            guard let parent = clause.parentPath else { continue }
            guard paths.contains(parent) else { FuzzInput.fail("clause \(clause.path) has no parent \(parent)", input: text) }
        }
    } catch {
        FuzzInput.fail("a valid front matter was refused: \(error)", input: text)
    }
    return 0
}
