import Foundation
import SeraCore

#if canImport(Glibc)
import Glibc
#endif

/// The terminal as the shell writes to it: command output on stdout, through the pager when it
/// is taller than the screen; notes and errors on stderr, one line each.
final class Console {
    private let pager: Pager
    private let outputStyle: () -> TextStyle
    /// stderr may be redirected (`sera 2>log`) while stdout is the terminal.
    private let notesOnTerminal = isatty(STDERR_FILENO) == 1
    private var pagerProblemReported = false

    init(pager: Pager, style: @escaping () -> TextStyle) {
        self.pager = pager
        outputStyle = style
    }

    private var noteStyle: TextStyle { notesOnTerminal ? outputStyle() : TextStyle() }

    func write(_ text: String) {
        TerminalOutput.write(text, to: STDOUT_FILENO)
    }

    /// Command output: paged when long, else written.
    func show(_ text: String) {
        guard !text.isEmpty else { return }
        if pager.shouldPage(text, on: TerminalSize.current()) {
            if pager.show(text) { return }
            if !pagerProblemReported, let command = pager.command {
                pagerProblemReported = true
                note("cannot run the pager '\(command.joined(separator: " "))'; set PAGER to another program, or PAGER= for none")
            }
        }
        write(text)
    }

    /// A notice (index reopened, more hits): one dim line.
    func note(_ message: String) {
        TerminalOutput.write(noteStyle.dim(Self.oneLine(message)) + "\n", to: STDERR_FILENO)
    }

    /// An error: one line in the warning colour.
    func warn(_ message: String) {
        TerminalOutput.write(noteStyle.warning(Self.oneLine(message)) + "\n", to: STDERR_FILENO)
    }

    static func oneLine(_ message: String) -> String {
        TextStyle.neutralise(message).replacingOccurrences(of: "\n", with: " ")
    }
}
