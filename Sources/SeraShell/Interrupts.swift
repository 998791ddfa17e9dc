import CEditLine
import Foundation
import SeraCore

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during a command: interrupts the statement running on the index (`sqlite3_interrupt`
/// through GRDB), and remembers that it happened, so the shell drops what the command printed.
final class QueryInterrupter: @unchecked Sendable {
    private let lock = NSLock()
    private var armed = false
    private var fired = false
    private var target: SeraIndex?

    /// A command is about to run on `index`.
    func arm(_ index: SeraIndex?) {
        lock.withLock {
            armed = true
            fired = false
            target = index
        }
    }

    /// Ctrl-C (on the signal queue).
    func fire() {
        lock.withLock {
            guard armed else { return }
            fired = true
            target?.interrupt()
        }
    }

    /// The command has ended.
    /// - Returns: whether Ctrl-C came while it ran.
    func disarm() -> Bool {
        lock.withLock {
            defer {
                armed = false
                fired = false
                target = nil
            }
            return fired
        }
    }
}

/// SIGINT while a command runs: the C handler writes a byte to a pipe, and a queue that reads it
/// interrupts the command's query, so Ctrl-C stops the command, not the process. (While a line
/// is edited, Ctrl-C is a key bound in `LineEditor`.) Not a `DispatchSource` signal source: on
/// Linux it installs its handler asynchronously, and libedit, which saves and restores the
/// handlers around each line, could save the old one and later restore it over libdispatch's.
final class InterruptSignal {
    private let interrupter = QueryInterrupter()
    private let source: DispatchSourceRead?
    private let descriptors: [Int32]

    init() {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            descriptors = []
            source = nil
            return
        }
        descriptors = pipeEnds
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            // Never block: not the handler on a full pipe, not the reader on an empty one.
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        let readEnd = pipeEnds[0]
        source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: DispatchQueue(label: "sera.shell.interrupt"))
        source?.setEventHandler { [interrupter] in
            var bytes = [UInt8](repeating: 0, count: 64)
            guard read(readEnd, &bytes, bytes.count) > 0 else { return }
            interrupter.fire()
        }
        source?.resume()
        _ = sera_install_interrupt_handler(pipeEnds[1])
    }

    deinit {
        sera_arm_interrupt_handler(0)
        source?.cancel()
        descriptors.forEach { close($0) }
    }

    /// Runs a command with Ctrl-C armed against `index`.
    /// - Returns: whether Ctrl-C came while it ran.
    func armed(on index: SeraIndex?, _ command: () -> Void) -> Bool {
        interrupter.arm(index)
        sera_arm_interrupt_handler(1)
        command()
        sera_arm_interrupt_handler(0)
        return interrupter.disarm()
    }
}
