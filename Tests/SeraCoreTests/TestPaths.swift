import Foundation

/// Where the package and its shipped corpus are, found from this file (works for any
/// `--scratch-path` and working directory).
enum TestPaths {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static var corpus: URL { packageRoot.appendingPathComponent("corpus") }
}
