import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Long output through `$PAGER`, as psql does it: only when the output would not fit on the
/// screen, `less -R` when `PAGER` is unset (so colour survives), never when `PAGER` is empty.
struct Pager: Equatable, Sendable {
    /// The program and its arguments; nil when paging is off.
    var command: [String]?

    init(command: [String]?) {
        self.command = command
    }

    /// From `PAGER`, split on spaces: no shell runs it, so nothing in it is interpreted.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let value = environment["PAGER"] else {
            command = ["less", "-R"]
            return
        }
        let words = value.split(separator: " ").map(String.init)
        command = words.isEmpty ? nil : words
    }

    /// Screen rows `text` takes on a terminal `columns` wide, counting wrapped lines and not
    /// counting colour sequences.
    static func rowsNeeded(_ text: String, columns: Int) -> Int {
        let columns = max(columns, 1)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines.reduce(0) { total, line in
            total + max(1, (visibleWidth(line) + columns - 1) / columns)
        }
    }

    private static func visibleWidth(_ line: Substring) -> Int {
        line.replacing(#/\x{1B}\[[0-9;]*m/#, with: "").count
    }

    /// Whether `text` should go through the pager: paging is on and the text is taller than the
    /// screen less the prompt line.
    func shouldPage(_ text: String, on size: TerminalSize) -> Bool {
        command != nil && Self.rowsNeeded(text, columns: size.columns) > size.rows - 1
    }

    /// Runs the pager with `text` on its standard input and waits until it exits.
    /// - Returns: false when the pager could not be started (the caller prints the text itself).
    func show(_ text: String) -> Bool {
        guard let command, !command.isEmpty else { return false }
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return false }
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)

        // The pager gets default signal handling and an empty mask: Sera ignores SIGPIPE and
        // takes SIGINT for itself, and neither should be passed on.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGWINCH, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        // As git does: without LESS, less keeps the page on the screen after `q` (X), passes
        // colour through (R) and does not wait when the text fits after all (F).
        var environment = ProcessInfo.processInfo.environment
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        // The pager reads the text in the character set the shell edits in (the shell falls back
        // to C.UTF-8 when the environment names no locale).
        if environment["LC_ALL"]?.isEmpty ?? true, let current = setlocale(LC_CTYPE, nil) {
            environment["LC_CTYPE"] = String(cString: current)
        }
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { variables.forEach { free($0) } }
        var child = pid_t()
        let spawned = posix_spawnp(&child, arguments[0]!, &actions, &attributes, arguments, variables)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            return false
        }
        // A pager quit before the end (`q` in less) closes the pipe: EPIPE ends the writing.
        TerminalOutput.write(text, to: writeEnd)
        close(writeEnd)
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        return true
    }
}
