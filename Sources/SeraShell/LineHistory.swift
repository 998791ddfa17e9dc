import CEditLine
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why the history file could not be read or written. The shell says so in one line and goes
/// on without it: history is a comfort, never a reason to stop.
enum HistoryError: Error, Equatable, Sendable {
    case unreadable(path: String)
    case unwritable(path: String, reason: String)

    /// One line for the user.
    var message: String {
        switch self {
        case let .unreadable(path): "history file \(path) is not in libedit's format; it will be replaced"
        case let .unwritable(path, reason): "cannot save the history to \(path): \(reason)"
        }
    }
}

/// Which lines the shell remembers, and where.
enum HistoryPolicy {
    /// Entries kept in memory and in the file; the oldest go first.
    static let capacity = 2_000

    /// `$XDG_STATE_HOME/sera/history`, else `~/.local/state/sera/history`. A relative
    /// `XDG_STATE_HOME` is ignored, as the XDG specification asks.
    static func location(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let state: URL
        if let value = environment["XDG_STATE_HOME"], value.hasPrefix("/") {
            state = URL(fileURLWithPath: value)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            state = home.appendingPathComponent(".local/state")
        }
        return state.appendingPathComponent("sera/history")
    }

    /// Whether to remember a line: not when blank, not when it starts with a space (the
    /// psql/bash `ignorespace` convention for a line you would rather not keep), and not when it
    /// repeats the entry before it.
    static func shouldRecord(_ line: String, previous: String?) -> Bool {
        guard !line.trimmingSpaces().isEmpty else { return false }
        guard let first = line.first, !first.isWhitespace else { return false }
        return line != previous
    }
}

/// libedit's history list, and its file: `_HiStOrY_V2_` on the first line, then one entry a
/// line with spaces and control characters encoded. libedit writes and reads that format; Sera
/// only caps the list, so a saved file always starts with the header and holds at most
/// `capacity` entries.
final class LineHistory {
    /// The libedit `History *`, for `EL_HIST`.
    let handle: OpaquePointer
    let capacity: Int
    /// The newest entry.
    private(set) var newest: String?

    init(capacity: Int = HistoryPolicy.capacity) {
        handle = history_init()
        self.capacity = capacity
        _ = sera_history_set_size(handle, Int32(capacity))
    }

    deinit {
        history_end(handle)
    }

    /// Adds the entries of a history file (a missing file adds nothing). Beyond `capacity`,
    /// the oldest entries are dropped.
    func load(from url: URL) throws(HistoryError) {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard sera_history_load(handle, url.path) >= 0 else { throw HistoryError.unreadable(path: url.path) }
        newest = entries.last
    }

    /// Remembers a line when `HistoryPolicy` says so.
    /// - Returns: whether the line was added.
    @discardableResult
    func record(_ line: String) -> Bool {
        guard HistoryPolicy.shouldRecord(line, previous: newest) else { return false }
        guard sera_history_enter(handle, line) >= 0 else { return false }
        newest = line
        return true
    }

    /// Writes the history to `url`, readable by its owner only (mode 0600, folder 0700). The
    /// file is written beside and renamed into place, so an interrupted save leaves the old one.
    func save(to url: URL) throws(HistoryError) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw HistoryError.unwritable(path: url.path, reason: "cannot create \(directory.path)")
        }
        let temporary = directory.appendingPathComponent(".history.\(getpid()).tmp")
        // Created 0600 before libedit opens it, so the entries are never readable by others.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw HistoryError.unwritable(path: url.path, reason: String(cString: strerror(errno)))
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
        guard sera_history_save(handle, temporary.path) >= 0 else {
            unlink(temporary.path)
            throw HistoryError.unwritable(path: url.path, reason: "libedit could not write it")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw HistoryError.unwritable(path: url.path, reason: reason)
        }
    }

    /// The entries, oldest first.
    var entries: [String] {
        var entries: [String] = []
        var entry = sera_history_oldest(handle)
        while let current = entry {
            entries.append(String(cString: current))
            entry = sera_history_newer(handle)
        }
        return entries
    }
}
