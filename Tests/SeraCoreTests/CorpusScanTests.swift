import Foundation
import Testing
@testable import SeraCore

/// The corpus scan that every query runs to notice changed files: `readdir` and `stat` instead of
/// FileManager and URL resource values, with the same answers.
@Suite struct CorpusScanTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sera-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Regular files in subfolders count; hidden entries, symbolic links (to files or folders),
    /// broken links, FIFOs and folders whose names end in `.md` do not, as with FileManager's
    /// enumerator and `isRegularFile`.
    @Test func listsRegularDocumentFilesOnly() throws {
        let root = try Self.temporaryDirectory()
        let manager = FileManager.default
        for folder in ["sub/deeper", ".hidden-folder", "real-folder", "folder.md"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["a.md", "sub/b.MD", "sub/deeper/c.md", ".hidden.md", ".hidden-folder/x.md", "real-folder/r.md",
                     "folder.md/inner.md", "notes.txt"] {
            try Data("x".utf8).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("link.md").path, withDestinationPath: "a.md")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("link-folder").path, withDestinationPath: "real-folder")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("broken.md").path, withDestinationPath: "missing.md")
        #expect(mkfifo(root.appendingPathComponent("fifo.md").path, 0o644) == 0)

        let files = try Corpus.documentFiles(in: root)
        #expect(files == ["a.md", "folder.md/inner.md", "real-folder/r.md", "sub/b.MD", "sub/deeper/c.md"])
    }

    @Test func aMissingFolderIsAnError() throws {
        let missing = try Self.temporaryDirectory().appendingPathComponent("nowhere")
        #expect(throws: CorpusError.self) { try Corpus.documentFiles(in: missing) }
    }

    /// Size and modification time as FileManager reports them.
    @Test func statusMatchesFileManager() throws {
        let file = try Self.temporaryDirectory().appendingPathComponent("a.md")
        try Data(repeating: 65, count: 1234).write(to: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let status = try #require(DirectoryWalk.status(atPath: file.path))
        #expect(status.size == 1234)
        let modified = try #require(attributes[.modificationDate] as? Date)
        #expect(abs(status.mtime - modified.timeIntervalSince1970) < 0.001)
        #expect(DirectoryWalk.status(atPath: file.appendingPathExtension("gone").path) == nil)
    }

    /// Parallel work comes back in the order it went in.
    @Test func concurrentMapKeepsOrder() {
        let numbers = Array(0..<5_000)
        #expect(numbers.concurrentMap { $0 * 3 } == numbers.map { $0 * 3 })
        #expect([Int]().concurrentMap { $0 } == [])
        #expect([7].concurrentMap { $0 + 1 } == [8])
    }

    /// The paths the staleness check stats are the files a document is read from.
    @Test(arguments: ["ega-act-2019.md", "sub/dir.v2/notes.MD", "act.txt", "scans/act.pdf", "law.DOCX", "a.b.docx"])
    func sourcePathsAreTheSourceFiles(name: String) {
        let loader = CorpusLoader(importers: [MarkdownImporter(), PlainTextImporter(), PDFImporter(), DocxImporter()])
        let directory = URL(fileURLWithPath: "/srv/corpus")
        #expect(loader.sourcePaths(of: name, inDirectoryPath: directory.path) == loader.sourceFiles(of: name, in: directory).map(\.path))
    }

    @Test(arguments: ["a.md", "A.MD", "sub/dir.v2/notes", "x.tar.gz", "name.", "dir/.hidden", ".md", "plain", "a/b/c.DocX", "ñandú.md"])
    func fileExtensionsAreFoundationsPathExtension(path: String) {
        #expect(CorpusLoader.fileExtension(of: path) == (path as NSString).pathExtension.lowercased())
    }
}
