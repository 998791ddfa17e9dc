import Foundation

/// A problem in one corpus file, always with the file and, where known, the line.
public struct CorpusProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the form compilers and linters use, so editors can jump to it.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Errors of the corpus domain: reading and parsing documents.
public enum CorpusError: Error, Equatable, Sendable {
    /// The corpus directory does not exist or cannot be read.
    case missingDirectory(String)
    /// One file could not be used.
    case invalidFile(CorpusProblem)
    /// Some files failed; the others loaded.
    case someFilesFailed([CorpusProblem])
}
