import SeraCore

/// The importers this build reads corpus files with, chosen by extension: Markdown digests, and
/// official texts as plain text, PDF (through pdftotext) and DOCX, each with a sidecar NAME.yaml.
enum Importers {
    static let loader = CorpusLoader(importers: [MarkdownImporter(), PlainTextImporter(), PDFImporter(), DocxImporter()])
}
