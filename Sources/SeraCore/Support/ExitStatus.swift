/// The process exit codes of DESIGN.md. In batch mode the worst code of all lines wins.
public enum ExitStatus: Int32, Comparable, Sendable {
    /// Ran and found something.
    case found = 0
    /// Ran fine but found nothing (or, for `check --status`, nothing is wrong but items are open: see there).
    case nothingFound = 1
    /// Bad input or usage.
    case badInput = 2
    /// Corpus or index problem.
    case corpusProblem = 3

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}
