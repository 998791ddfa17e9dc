import CEditLine
import Foundation
import SeraCore

#if canImport(Glibc)
import Glibc
#endif

/// A libedit editor on the terminal: emacs keys, Ctrl-R history search, Tab completion, Ctrl-C
/// to abandon the line, and the user's `~/.editrc` on top. libedit's callbacks are C functions
/// without context; each finds this object through `EL_CLIENTDATA`.
final class LineEditor {
    /// What one call to `readLine` got.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case end
    }

    private let editor: OpaquePointer
    /// Kept alive while libedit holds its `History *`.
    private let history: LineHistory
    /// The prompt as libedit reads it, kept alive until replaced.
    private var prompt: UnsafeMutablePointer<CChar>
    /// Whether Tab completes (not while answering a question).
    private var completing = true
    private let complete: (String) -> Completion
    private let listingStyle: () -> TextStyle
    /// Set by the Ctrl-C command, read when `el_gets` returns.
    private var abandoned = false

    /// - Parameters:
    ///   - complete: the completion for the line up to the cursor.
    ///   - listingStyle: the style (colour, width) for lists of completions.
    init(program: String, prompt: String, history: LineHistory,
         complete: @escaping (String) -> Completion, listingStyle: @escaping () -> TextStyle) {
        editor = sera_el_init(program)
        self.history = history
        self.prompt = strdup(prompt)
        self.complete = complete
        self.listingStyle = listingStyle
        _ = sera_el_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
        _ = sera_el_set_prompt(editor) { editor in
            LineEditor.owner(of: editor)?.prompt
        }
        _ = sera_el_set_editor(editor, "emacs")
        // While a line is edited, libedit restores the terminal when a signal stops or ends the
        // process, sets it up again on SIGCONT, and follows window size changes.
        _ = sera_el_set_signal_handling(editor, 1)
        _ = sera_el_set_history(editor, history.handle)
        _ = sera_el_add_function(editor, "sera-complete", "Complete the word before the cursor") { editor, _ in
            LineEditor.owner(of: editor)?.completeWord() ?? UInt8(CC_ERROR)
        }
        _ = sera_el_add_function(editor, "sera-abandon-line", "Abandon the line (Ctrl-C)") { editor, _ in
            LineEditor.owner(of: editor)?.abandonLine() ?? UInt8(CC_ERROR)
        }
        _ = sera_el_add_function(editor, "sera-suspend", "Suspend sera (Ctrl-Z)") { _, _ in
            // What the terminal would do with Ctrl-Z, had it not been made a key (below). libedit's
            // handler puts the terminal back before the stop; after `fg` the line is drawn anew
            // where the cursor is, below what the outer shell printed.
            kill(0, SIGTSTP)
            return UInt8(CC_REDISPLAY)
        }
        _ = sera_el_bind(editor, "^I", "sera-complete")
        _ = sera_el_bind(editor, "^R", "em-inc-search-prev")
        // While a line is edited, Ctrl-C is a key rather than SIGINT, so it abandons the line
        // instead of reaching the handler that interrupts queries; Ctrl-Z then needs a binding too.
        _ = sera_el_set_edit_tty(editor, "-isig")
        _ = sera_el_bind(editor, "^C", "sera-abandon-line")
        _ = sera_el_bind(editor, "^Z", "sera-suspend")
        // Last, so the user's bindings win: $EDITRC or ~/.editrc (lines may start with `sera:`).
        _ = el_source(editor, nil)
    }

    deinit {
        el_end(editor)
        free(prompt)
    }

    private static func owner(of editor: OpaquePointer?) -> LineEditor? {
        guard let editor, let data = sera_el_client_data(editor) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Reads one line.
    /// - Parameters:
    ///   - prompt: a prompt for this line only (a question's answer line); else the shell's.
    ///   - completing: whether Tab completes commands and names.
    func readLine(prompt temporaryPrompt: String? = nil, completing: Bool = true) -> Input {
        let shellPrompt = prompt
        if let temporaryPrompt { prompt = strdup(temporaryPrompt) }
        defer {
            if prompt != shellPrompt {
                free(prompt)
                prompt = shellPrompt
            }
        }
        self.completing = completing
        abandoned = false
        var count: Int32 = 0
        guard let bytes = el_gets(editor, &count), count > 0 else {
            // A signal from outside (kill -INT) breaks the read: carry on, as for Ctrl-C.
            guard count < 0, errno == EINTR else { return .end }
            TerminalOutput.write("\n", to: STDOUT_FILENO)
            return .interrupted
        }
        if abandoned { return .interrupted }
        var line = String(cString: bytes)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    // MARK: Key commands

    /// Ctrl-C: shows `^C` after the text, ends the line and marks it abandoned.
    private func abandonLine() -> UInt8 {
        abandoned = true
        if let line = el_wline(editor) {
            _ = el_cursor(editor, Int32(line.pointee.lastchar - line.pointee.cursor))
        }
        _ = el_insertstr(editor, "^C")
        // A pushed newline ends the line through libedit's own ed-newline, which moves the
        // cursor below the text as Enter does.
        el_push(editor, "\n")
        return UInt8(CC_REFRESH)
    }

    /// Tab: completes the word before the cursor, or lists the choices under the line.
    private func completeWord() -> UInt8 {
        guard completing, let info = el_line(editor) else { return UInt8(CC_REFRESH_BEEP) }
        let length = info.pointee.cursor - info.pointee.buffer
        let bytes = UnsafeRawBufferPointer(start: info.pointee.buffer, count: max(length, 0))
        let completion = complete(String(decoding: bytes, as: UTF8.self))
        if let replacement = completion.replacement {
            el_deletestr(editor, Int32(completion.fragment.unicodeScalars.count))
            _ = el_insertstr(editor, replacement)
            return UInt8(CC_REFRESH)
        }
        guard !completion.choices.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let size = TerminalSize.current()
        let listing = CompletionListing.render(completion.choices, width: size.columns,
                                               maxLines: max(size.rows - 2, 4), style: listingStyle())
        TerminalOutput.write("\n" + listing, to: STDOUT_FILENO)
        return UInt8(CC_REDISPLAY)
    }
}
