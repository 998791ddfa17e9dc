import Foundation
import SeraCore

#if canImport(Glibc)
import Glibc
#endif

/// Writes command output to stdout and notices to stderr. A closed pipe (`sera … | head`)
/// ends the run quietly with status 0, as ripgrep and the sqlite3 shell do.
final class StandardStreams: OutputSink {
    /// Prefix of every line on stderr, e.g. `sera: ` or `sera: line 3: `.
    var notePrefix = "sera: "

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                // EPIPE: the reader has gone; nothing more to say to anyone.
                exit(0)
            }
            offset += written
        }
        bytes.removeAll()
    }

    func note(_ text: String) {
        let line = notePrefix + TextStyle.neutralise(text) + "\n"
        _ = line.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
    }
}

enum Terminal {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Columns of the terminal on stdout, or `COLUMNS`, or 0 (no wrapping) when not a terminal.
    static func width() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 0
    }

    /// Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color.
    static func wantsColor(noColorFlag: Bool) -> Bool {
        guard !noColorFlag, isTerminal(STDOUT_FILENO) else { return false }
        if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
        return ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}
