import Foundation
import SeraCore

/// The interactive shell. (Line editing with libedit arrives with the shell work; until then this
/// reads plain lines with a prompt.)
public struct Shell {
    public let session: Session

    public init(session: Session) {
        self.session = session
    }

    public func run() -> ExitStatus {
        final class Out: OutputSink {
            func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
            func note(_ text: String) { FileHandle.standardError.write(Data(("sera: " + text + "\n").utf8)) }
        }
        let runner = CommandRunner(session: session, output: Out())
        while true {
            FileHandle.standardOutput.write(Data("sera> ".utf8))
            guard let line = readLine() else { return .found }
            _ = runner.run(line: line) { FileHandle.standardError.write(Data(("sera: " + $0 + "\n").utf8)) }
            if session.quitRequested { return .found }
        }
    }
}
