import SeraCore

/// The importers this build reads corpus files with.
enum Importers {
    static let loader = CorpusLoader(importers: CorpusLoader.defaultImporters)
}
