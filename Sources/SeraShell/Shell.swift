import Foundation
import SeraCore

#if canImport(Glibc)
import Glibc
#endif

/// The interactive shell: a banner, the `sera> ` prompt, libedit line editing with history and
/// Tab completion, and every command of `CommandTable` (bare text searches). Output taller than
/// the screen goes through `$PAGER`. Ctrl-C abandons the line being typed or interrupts the
/// running query; Ctrl-D on an empty line, `quit` or `toka` leave with status 0.
public final class Shell {
    public let session: Session
    private let console: Console
    private let history = LineHistory()
    private let historyURL: URL
    private let interruptSignal = InterruptSignal()
    /// The completer of the index it was read from; rebuilt when the session reopens the index.
    private var completion: (index: SeraIndex, completer: Completer)?
    private var historyProblemReported = false

    /// - Parameter environment: where `PAGER`, `HOME` and `XDG_STATE_HOME` are read.
    public init(session: Session, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.session = session
        console = Console(pager: Pager(environment: environment)) { [unowned session] in session.settings.style }
        historyURL = HistoryPolicy.location(environment: environment)
    }

    /// Runs until `quit` or Ctrl-D.
    public func run() -> ExitStatus {
        Self.enableCharacterEditing()
        session.interactive = true
        session.notify = { [console] in console.note($0) }
        refreshWidth()
        showBanner()
        loadHistory()
        let editor = LineEditor(
            program: "sera", prompt: "sera> ", history: history,
            complete: { [unowned self] in completer().complete($0) },
            listingStyle: { [unowned session] in session.settings.style })
        session.ask = { [unowned self, unowned editor] question in ask(question, editor: editor) }
        defer { session.ask = nil }
        while true {
            switch editor.readLine() {
            case .end:
                console.write("\n")
                return .found
            case .interrupted:
                continue
            case let .line(line):
                remember(line)
                execute(line)
                if session.quitRequested { return .found }
            }
        }
    }

    /// libedit edits by character only under a multibyte locale. Without one (LANG unset, as in
    /// many containers and SSH sessions) Backspace would remove one byte of `é` and leave the
    /// other, so the shell falls back to C.UTF-8.
    static func enableCharacterEditing() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if chosen == "C" || chosen == "POSIX" { _ = setlocale(LC_CTYPE, "C.UTF-8") }
    }

    // MARK: One line

    private func execute(_ line: String) {
        // The width for the renderers, read now rather than on SIGWINCH: the signal arrives
        // asynchronously and can trail a command typed right after a resize, while one ioctl per
        // command is exact and costs nothing. (libedit re-reads the size for each line it edits,
        // and on SIGWINCH while it edits.)
        refreshWidth()
        let output = BufferedOutput()
        var errors: [String] = []
        let interrupted = interruptSignal.armed(on: session.currentIndex) {
            _ = CommandRunner(session: session, output: output).run(line: line) { errors.append($0) }
        }
        if interrupted {
            // At the start of the line the terminal echoed `^C` on.
            console.write("\r")
            console.note("interrupted")
            return
        }
        console.show(output.text)
        output.notes.forEach(console.note)
        errors.forEach(console.warn)
    }

    /// A command's question (`check` asks what the system does): its lines, then the answer
    /// typed on its last line. Answers are not history; Ctrl-C or Ctrl-D abandon the questions.
    private func ask(_ question: String, editor: LineEditor) -> String? {
        var lines = question.components(separatedBy: "\n")
        let answerLine = lines.removeLast()
        if !lines.isEmpty { console.write(lines.map(TextStyle.neutralise).joined(separator: "\n") + "\n") }
        guard case let .line(answer) = editor.readLine(prompt: TextStyle.neutralise(answerLine), completing: false) else { return nil }
        return answer
    }

    private func showBanner() {
        let style = session.settings.style
        var banner = style.heading("Sera") + " · Tanzania's e-Government laws and guidelines, in English and Kiswahili\n"
        let corpus = TextStyle.neutralise(session.paths.corpus.path)
        do {
            let statistics = try session.index().statistics()
            banner += style.dim("corpus \(corpus) · \(Self.grouped(statistics.documents)) documents, \(Self.grouped(statistics.clauses)) clauses") + "\n"
        } catch {
            banner += style.dim("corpus \(corpus)") + "\n"
            console.warn(ErrorReport.describe(error).message)
        }
        banner += "Type words to search · help (msaada) lists the commands · Tab completes · Ctrl-D quits\n"
        console.write(banner)
    }

    /// `1056` → `1,056`.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return digits.enumerated().map { offset, digit in
            offset > 0 && (digits.count - offset) % 3 == 0 ? ",\(digit)" : String(digit)
        }.joined()
    }

    private func refreshWidth() {
        session.settings.style.width = TerminalSize.current().columns
    }

    // MARK: History and completion

    private func loadHistory() {
        do {
            try history.load(from: historyURL)
        } catch {
            console.note(error.message)
        }
    }

    /// Records the line and saves the file at once, so a shell that is killed loses nothing.
    private func remember(_ line: String) {
        guard history.record(line) else { return }
        do {
            try history.save(to: historyURL)
        } catch {
            guard !historyProblemReported else { return }
            historyProblemReported = true
            console.note(error.message)
        }
    }

    private func completer() -> Completer {
        guard let index = session.currentIndex else { return Completer(vocabulary: CompletionVocabulary()) }
        if let completion, completion.index === index { return completion.completer }
        let completer = Completer(vocabulary: (try? index.completionVocabulary()) ?? CompletionVocabulary())
        completion = (index, completer)
        return completer
    }
}
