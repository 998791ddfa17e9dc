import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The size of the terminal on stdout.
public struct TerminalSize: Equatable, Sendable {
    public var rows: Int
    public var columns: Int

    /// The current size; 24×80 when stdout is not a terminal that says.
    public static func current() -> TerminalSize {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
            return TerminalSize(rows: 24, columns: 80)
        }
        return TerminalSize(rows: Int(size.ws_row), columns: Int(size.ws_col))
    }
}

/// Unbuffered writes to the terminal. libedit writes through stdio and flushes after each
/// redraw, so writing to the descriptor directly never reorders the two.
public enum TerminalOutput {
    /// Writes all of `text`, retrying after a signal; gives up quietly when the descriptor is
    /// closed (EPIPE into a pager that has quit).
    @discardableResult
    public static func write(_ text: String, to descriptor: Int32) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
