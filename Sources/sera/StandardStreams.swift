import Foundation
import SeraCore
import SeraShell

#if canImport(Glibc)
import Glibc
#endif

/// Writes command output to stdout and notices to stderr. A closed pipe (`sera … | head`)
/// ends the run quietly with status 0, as ripgrep and the sqlite3 shell do.
final class StandardStreams: OutputSink {
    /// Prefix of every line on stderr, e.g. `sera: ` or `sera: line 3: `.
    var notePrefix = "sera: "

    func write(_ text: String) {
        // EPIPE: the reader has gone; nothing more to say to anyone.
        if !TerminalOutput.write(text, to: STDOUT_FILENO) { exit(0) }
    }

    func note(_ text: String) {
        TerminalOutput.write(notePrefix + TextStyle.neutralise(text) + "\n", to: STDERR_FILENO)
    }
}

enum Terminal {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Columns of the terminal on stdout (asked only when stdout is one).
    static func width() -> Int { TerminalSize.current().columns }

    /// Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color.
    static func wantsColor(noColorFlag: Bool) -> Bool {
        guard !noColorFlag, isTerminal(STDOUT_FILENO) else { return false }
        if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
        return ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}
