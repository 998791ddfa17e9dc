import Foundation

/// Copies one regular file to a new path: in the kernel with `copy_file_range` where it can,
/// else through a 1 MB buffer.
///
/// Foundation's `copyItem` sends the data 4 KB per system call and looks up the owner's and
/// group's names (reading /etc/passwd and /etc/group): for a reload that changes one document,
/// copying the previous index that way took longer than indexing the change.
enum FileCopy {
    /// - Throws: the `errno` of the call that failed; the destination must not exist.
    static func copy(_ source: String, to destination: String) throws(POSIXError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Self.lastError }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw Self.lastError }
        defer { close(output) }
        if try copyInKernel(from: input, to: output) { return }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer, size)
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.lastError
            }
            if count == 0 { return }
            var written = 0
            while written < count {
                let result = write(output, buffer + written, count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw Self.lastError
                }
                written += result
            }
        }
    }

    private static var lastError: POSIXError { POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

    private typealias CopyFileRange = @convention(c) (
        Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32) -> Int
    /// glibc's `copy_file_range`, which Swift's Glibc module does not declare.
    private static let copyFileRange: CopyFileRange? = dlsym(nil, "copy_file_range").map { unsafeBitCast($0, to: CopyFileRange.self) }

    /// Copies the whole file inside the kernel (no trip through a user buffer); false when the
    /// kernel or file system cannot, before anything was written.
    private static func copyInKernel(from input: Int32, to output: Int32) throws(POSIXError) -> Bool {
        guard let copyFileRange else { return false }
        var copied = 0
        while true {
            let count = copyFileRange(input, nil, output, nil, 1 << 30, 0)
            if count > 0 {
                copied += count
                continue
            }
            if count == 0 { return true }
            if errno == EINTR { continue }
            if copied == 0, [ENOSYS, EXDEV, EINVAL, EOPNOTSUPP, EBADF].contains(errno) { return false }
            throw Self.lastError
        }
    }
}

/// Replaces one file by another in a single step: a reader opens the old file or the new one.
enum FileReplace {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `renameat2`, which Swift's Glibc module does not declare; nil where libc lacks it.
    private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
    private static let exchangeFlag: UInt32 = 1 << 1  // RENAME_EXCHANGE

    /// Puts `replacement` at `path`; afterwards `replacement` no longer exists.
    ///
    /// Where the file system can, the two names are exchanged and the old file then unlinked:
    /// ext4 flushes a file renamed over another one before the rename returns (its
    /// `auto_da_alloc` safeguard), 4 ms for a 4 MB index, more than a one-file reload's
    /// indexing. The index is a cache of the corpus: after a power cut a damaged one is rebuilt.
    /// - Returns: 0, or the `errno` of the failed rename.
    static func replace(_ path: String, with replacement: String) -> Int32 {
        if let renameat2, access(path, F_OK) == 0,
           renameat2(AT_FDCWD, replacement, AT_FDCWD, path, exchangeFlag) == 0 {
            unlink(replacement)
            return 0
        }
        return rename(replacement, path) == 0 ? 0 : errno
    }
}
