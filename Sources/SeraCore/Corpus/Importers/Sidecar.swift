import Foundation

/// The sidecar `NAME.yaml` beside an official text (`NAME.txt`, `NAME.pdf`, `NAME.docx`): the
/// same fields as a digest's front matter, since a PDF or a DOCX has nowhere to hold them.
public enum Sidecar {
    /// `acts/tz-act-2019-10.pdf` → `acts/tz-act-2019-10.yaml`.
    public static func url(for document: URL) -> URL {
        document.deletingPathExtension().appendingPathExtension("yaml")
    }

    /// The sidecar's name relative to the corpus, for messages.
    static func sidecarName(for document: String) -> String {
        (document as NSString).deletingPathExtension + ".yaml"
    }

    /// The metadata of an official text. An imported text is the official text, whatever its
    /// sidecar says: `fidelity: digest` there is reported and overruled.
    /// - Throws: `CorpusError.invalidFile` naming the missing or broken sidecar.
    static func metadata(for document: URL, name: String) throws -> (DocumentMetadata, [CorpusProblem]) {
        let sidecarURL = url(for: document)
        let sidecarName = sidecarName(for: name)
        guard FileManager.default.fileExists(atPath: sidecarURL.path) else {
            throw CorpusError.invalidFile(CorpusProblem(
                file: name, message: "no sidecar \(sidecarName): an official text takes its id, title, type and source from it"))
        }
        let yaml = try CorpusFile.readUTF8(sidecarURL, name: sidecarName)
        var metadata = try FrontMatter.parse(yaml, file: sidecarName, firstLine: 1, defaultFidelity: .official)
        var problems: [CorpusProblem] = []
        if metadata.fidelity != .official {
            problems.append(CorpusProblem(
                file: sidecarName, message: "fidelity '\(metadata.fidelity.rawValue)' ignored: \(name) is an official text"))
            metadata.fidelity = .official
        }
        return (metadata, problems)
    }
}

/// An importer of official texts: metadata from the sidecar, lines from the file, structure from
/// `OfficialTextParser`. Each file kind only says how to get its lines.
public protocol OfficialTextImporter: DocumentImporter {
    /// The file's lines: cleaned text for plain text and PDF, paragraphs for DOCX.
    func lines(of url: URL, name: String) throws -> [SourceLine]
}

extension OfficialTextImporter {
    public func importDocument(at url: URL, name: String) throws -> (Document, [CorpusProblem]) {
        // The sidecar first: without it the file cannot be cited, so it is not worth converting.
        let (metadata, sidecarProblems) = try Sidecar.metadata(for: url, name: name)
        let lines = try lines(of: url, name: name)
        guard lines.contains(where: { !$0.isBlank }) else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "no text found"))
        }
        let (document, problems) = OfficialTextParser.parse(lines, metadata: metadata, file: name)
        return (document, sidecarProblems + problems)
    }

    public func companionFiles(of url: URL) -> [URL] { [Sidecar.url(for: url)] }
    public var readsCompanionFiles: Bool { true }
}
