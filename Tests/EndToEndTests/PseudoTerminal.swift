import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `sera` on a pseudo-terminal of its own, typed at as a person would: it is the
/// session leader with the terminal as its controlling tty, so libedit, Ctrl-C and window size
/// changes behave as in a real terminal. Every wait has a deadline.
final class PseudoTerminal {
    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var transcript: String
        var description: String { "timed out waiting for \(waitingFor.debugDescription); screen so far:\n\(transcript.suffix(3_000))" }
    }

    private let master: Int32
    let pid: pid_t
    private var bytes: [UInt8] = []
    /// Where the next `expect` starts looking.
    private var mark = 0
    private var exitStatus: Int32?

    /// Everything the program has written so far.
    var transcript: String { String(decoding: bytes, as: UTF8.self) }

    /// glibc's `POSIX_SPAWN_SETSID`, which Swift's Glibc module does not export.
    private static let spawnSetSessionID: Int32 = 0x80

    /// Starts sera with HOME and the XDG folders in `home`, TERM=xterm, no pager unless
    /// `environment` sets one, on a screen of `rows` × `columns`.
    init(_ arguments: [String] = [], home: URL, environment extra: [String: String] = [:],
         rows: Int = 40, columns: Int = 100) throws {
        var (masterDescriptor, slave): (Int32, Int32) = (-1, -1)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&masterDescriptor, &slave, nil, nil, &size) == 0, let name = ttyname(slave) else {
            throw POSIXError(.ENODEV)
        }
        master = masterDescriptor
        let slavePath = String(cString: name)
        // The child opens the terminal by name (so it becomes its controlling terminal); the
        // descriptors of this process must not leak into it.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        defer { close(slave) }
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)

        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache").path
        environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        environment["TERM"] = "xterm"
        environment["PAGER"] = ""
        for key in ["SERA_INDEX", "SERA_CORPUS", "NO_COLOR", "COLUMNS", "LINES", "EDITRC"] { environment.removeValue(forKey: key) }
        for (key, value) in extra { environment[key] = value }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid(), the terminal becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(Self.spawnSetSessionID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([SeraProcess.binary.path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, argv[0]!, &actions, &attributes, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (use `\r` for Enter, `\u{3}` for Ctrl-C, `\u{4}` for Ctrl-D, `\t` for Tab).
    func send(_ text: String) {
        let data = Array(text.utf8)
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { write(master, $0.baseAddress! + offset, data.count - offset) }
            if written < 0 { if errno == EINTR { continue } else { return } }
            offset += written
        }
    }

    /// Reads whatever arrives within `timeout` seconds; false once the program has closed the terminal.
    @discardableResult
    private func read(timeout: TimeInterval) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(timeout, 0) * 1000))
        guard ready > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress!, $0.count) }
        guard count > 0 else { return false }
        bytes.append(contentsOf: buffer[0..<count])
        return true
    }

    /// Waits until `needle` appears after the previous match and returns what came up to and
    /// including it; the next `expect` starts after it.
    @discardableResult
    func expect(_ needle: String, timeout: TimeInterval = 30) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let pattern = Array(needle.utf8)
        while true {
            if let range = Self.find(pattern, in: bytes, from: mark) {
                let chunk = String(decoding: bytes[mark..<range.upperBound], as: UTF8.self)
                mark = range.upperBound
                return chunk
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, read(timeout: min(remaining, 0.2)) || Self.find(pattern, in: bytes, from: mark) != nil else {
                throw Timeout(waitingFor: needle, transcript: transcript)
            }
        }
    }

    /// Waits for the program to exit, reading its last output; nil when it is still running.
    func waitForExit(timeout: TimeInterval = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                while hasInput(), read(timeout: 0) {}
                // Exited normally: the status byte; killed: 128 + signal, as a shell reports it.
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
            read(timeout: 0.1)
        }
        return nil
    }

    private func hasInput() -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Waits until the program has put the terminal in non-canonical mode, as libedit does just
    /// before it reads the first key of a line, after printing the prompt. Keys sent earlier are
    /// taken by the kernel's line discipline (a Ctrl-D there turns into a NUL byte once libedit
    /// switches modes), so tests wait for this after each prompt.
    func waitForLineEditing(timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var settings = termios()
        while deadline.timeIntervalSinceNow > 0 {
            // On Linux a pseudo-terminal's master reports the settings of its terminal side.
            if tcgetattr(master, &settings) == 0, settings.c_lflag & tcflag_t(ICANON) == 0 { return }
            read(timeout: 0.02)
        }
        throw Timeout(waitingFor: "line editing (non-canonical mode)", transcript: transcript)
    }

    /// Resizes the terminal: the kernel sends SIGWINCH to the program.
    func resize(rows: Int, columns: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard !pattern.isEmpty, bytes.count - start >= pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0], Array(bytes[index..<index + pattern.count]) == pattern {
                return index..<index + pattern.count
            }
            index += 1
        }
        return nil
    }
}
