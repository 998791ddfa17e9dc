import Foundation

/// Reads official legislation or guideline text (`.txt`, UTF-8) with a sidecar `NAME.yaml`.
public struct PlainTextImporter: OfficialTextImporter {
    public init() {}
    public var extensions: [String] { ["txt"] }

    public func lines(of url: URL, name: String) throws -> [SourceLine] {
        PageLayout.lines(of: try CorpusFile.readUTF8(url, name: name, keepingFormFeeds: true))
    }
}
