import Foundation
import SeraCore

/// Fuzzes the front-matter reader (Yams underneath): any text either yields metadata with a
/// valid id or a `CorpusError` naming the file and a line inside it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    // As the loader hands it over: CR LF made LF, other control characters blanked (a lone CR
    // is a line break to libyaml but not to the line numbers of our messages).
    let text = CorpusFile.sanitize(FuzzInput.text(bytes, count))
    let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
    _ = FrontMatter.unknownFields(text)
    for (yaml, firstLine) in [(text, 2)] + ((try? FrontMatter.split(text, file: "f.md")).map { [($0.yaml, 2)] } ?? []) {
        do {
            let metadata = try FrontMatter.parse(yaml, file: "f.md", firstLine: firstLine)
            guard FrontMatter.isValidID(metadata.id) else { FuzzInput.fail("invalid id accepted", input: text) }
        } catch CorpusError.invalidFile(let problem) {
            guard problem.file == "f.md", let line = problem.line, line >= 1, line <= lineCount + firstLine + 1 else {
                FuzzInput.fail("problem points outside the file: \(problem)", input: text)
            }
        } catch {
            FuzzInput.fail("unexpected error \(error)", input: text)
        }
    }
    return 0
}
