import Foundation
import SeraCore

/// Fuzzes `ClauseReferenceParser`: any text is either a reference or not, quickly, and a path it
/// returns is already canonical (normalising it again changes nothing).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClauseReference(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = FuzzInput.text(bytes, count)
    if let reference = ClauseReferenceParser.parse(text) {
        guard ClauseReferenceParser.normalisePath(reference.path) == reference.path else {
            FuzzInput.fail("path \(String(reflecting: reference.path)) is not canonical", input: text)
        }
    }
    _ = ClauseReferenceParser.normalisePath(text)
    return 0
}
