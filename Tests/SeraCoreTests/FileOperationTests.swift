import Foundation
import Testing
@testable import SeraCore

/// The file operations a reload relies on: a copy that is byte for byte, and a swap in one step.
@Suite struct FileOperationTests {
    let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sera-files-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func file(_ name: String, bytes count: Int, seed: UInt8) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed }).write(to: url)
        return url
    }

    @Test(arguments: [0, 1, 4_096, 3_000_001])
    func aCopyIsByteForByte(size: Int) throws {
        let source = try file("source-\(size)", bytes: size, seed: 7)
        let copy = directory.appendingPathComponent("copy-\(size)")
        try FileCopy.copy(source.path, to: copy.path)
        #expect(try Data(contentsOf: copy) == Data(contentsOf: source))
    }

    @Test func aCopyNeverOverwrites() throws {
        let source = try file("a", bytes: 10, seed: 1), existing = try file("b", bytes: 10, seed: 2)
        #expect(throws: POSIXError.self) { try FileCopy.copy(source.path, to: existing.path) }
        #expect(try Data(contentsOf: existing) != Data(contentsOf: source))
        #expect(throws: POSIXError.self) { try FileCopy.copy(directory.appendingPathComponent("missing").path, to: directory.appendingPathComponent("c").path) }
    }

    @Test func replacingPutsTheNewFileInPlaceAndLeavesNoOther() throws {
        let target = try file("index", bytes: 100, seed: 3), replacement = try file("index.tmp", bytes: 200, seed: 4)
        let expected = try Data(contentsOf: replacement)
        #expect(FileReplace.replace(target.path, with: replacement.path) == 0)
        #expect(try Data(contentsOf: target) == expected)
        #expect(!FileManager.default.fileExists(atPath: replacement.path))
        // With nothing to replace, the file is moved.
        let fresh = try file("fresh.tmp", bytes: 5, seed: 5), absent = directory.appendingPathComponent("absent")
        #expect(FileReplace.replace(absent.path, with: fresh.path) == 0)
        #expect(FileManager.default.fileExists(atPath: absent.path) && !FileManager.default.fileExists(atPath: fresh.path))
        #expect(FileReplace.replace(absent.path, with: fresh.path) == ENOENT)
    }
}
