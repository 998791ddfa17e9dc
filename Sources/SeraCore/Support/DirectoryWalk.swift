import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The regular files under a directory, found with `readdir`: what FileManager's enumerator with
/// `.skipsHiddenFiles` and an `isRegularFile` check returns (hidden entries skipped, symbolic
/// links neither listed nor followed), without the dozen system calls per file that URL resource
/// values cost. Every query checks the corpus for changes, so at thousands of files this is most of
/// a one-query run.
enum DirectoryWalk {
    /// Paths relative to `directory`, in no particular order.
    static func regularFiles(in directory: String) -> [String] {
        var found: [String] = []
        walk(directory, prefix: "", into: &found)
        return found
    }

    private static func walk(_ path: String, prefix: String, into found: inout [String]) {
        guard let stream = opendir(path) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }  // hidden, and `.` and `..`
            let full = path + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                // Some file systems do not fill d_type: ask lstat, which does not follow links.
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFREG: type = UInt8(DT_REG)
                default: continue
                }
            }
            if type == UInt8(DT_DIR) {
                walk(full, prefix: prefix + name + "/", into: &found)
            } else if type == UInt8(DT_REG) {
                found.append(prefix + name)
            }
        }
    }

    /// Size and modification time of a file from one `stat` call, nil when it cannot be read.
    static func status(atPath path: String) -> (size: Int, mtime: Double)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_size), Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }
}
