import Foundation
import SeraCore

/// In-process benchmarks of Sera's query path, and the query sets `scripts/bench` feeds to both
/// `sera` and the sqlite3 shell.
///
///     sera-bench latency --index FILE --corpus DIR [--queries 1000] [--warmup 200] [--seed 8] [--json]
///     sera-bench queries --index FILE --corpus DIR --count N --text OUT.txt --sql OUT.sql [--plain-sql OUT.sql] [--seed 8]
///     sera-bench sql --index FILE --corpus DIR [--plain] QUERY…
@main
enum SeraBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let mode = arguments.first else { fail(BenchError.usage(usage)) }
        arguments.removeFirst()
        do {
            let options = try Options(arguments)
            switch mode {
            case "latency": try latency(options)
            case "queries": try queries(options)
            case "sql": try sql(options)
            default: throw BenchError.usage(usage)
            }
        } catch {
            fail(error)
        }
    }

    static let usage = """
        usage: sera-bench latency --index FILE --corpus DIR [--queries 1000] [--warmup 200] [--seed 8] [--json]
               sera-bench queries --index FILE --corpus DIR --count N --text OUT.txt --sql OUT.sql [--plain-sql OUT.sql] [--seed 8]
               sera-bench sql --index FILE --corpus DIR [--plain] QUERY...
        """

    static func fail(_ error: Error) -> Never {
        FileHandle.standardError.write(Data("sera-bench: \(error)\n".utf8))
        exit(2)
    }

    // MARK: latency

    /// Runs mixed queries through the same command runner as batch mode (parse, search, render
    /// as jsonl), after a warm-up, and prints percentiles of the wall time of each.
    static func latency(_ options: Options) throws {
        let paths = try options.paths()
        let session = Session(paths: paths, loader: CorpusLoader())
        try session.apply(options: ["format": "jsonl"])
        let sink = DiscardingOutput()
        let runner = CommandRunner(session: session, output: sink)
        var set = try QuerySet(index: try session.index(), seed: options.seed)
        let warmup = set.make(options.integer("warmup", default: 200))
        let measured = set.make(options.integer("queries", default: 1_000))
        for query in warmup { _ = runner.run(line: query.text) { _ in } }

        let clock = ContinuousClock()
        var samples: [(QueryKind, Double)] = []
        samples.reserveCapacity(measured.count)
        for query in measured {
            let start = clock.now
            _ = runner.run(line: query.text) { _ in }
            samples.append((query.kind, milliseconds(clock.now - start)))
        }
        let all = Percentiles(samples.map(\.1))
        if options.flag("json") {
            var fields = all.json
            for kind in QueryKind.allCases {
                let some = Percentiles(samples.filter { $0.0 == kind }.map(\.1))
                fields += ", \"\(kind.rawValue)\": {\(some.json)}"
            }
            print("{\"queries\": \(measured.count), \"warmup\": \(warmup.count), \(fields), \"bytes\": \(sink.bytes)}")
        } else {
            print("\(measured.count) queries after \(warmup.count) warm-up, milliseconds")
            print("kind        count     p50     p90     p99    mean     max")
            print(all.row("all"))
            for kind in QueryKind.allCases {
                print(Percentiles(samples.filter { $0.0 == kind }.map(\.1)).row(kind.rawValue))
            }
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }

    // MARK: query sets for the sqlite3 comparison

    /// Writes `count` full-text queries as typed (for `sera < FILE`) and as the SELECTs the
    /// sqlite3 shell runs for them, line for line.
    static func queries(_ options: Options) throws {
        let paths = try options.paths()
        let index = try SeraIndex(url: paths.index, expander: IndexOpener.expander(for: paths.corpus))
        var set = try QuerySet(index: index, seed: options.seed)
        let count = options.integer("count", default: 10_000)
        var typed: [String] = []
        var selects: [String] = []
        var plainSelects: [String] = []
        for query in set.make(count, kinds: QueryKind.fullText) {
            let match = try matchExpression(query.text, index: index)
            typed.append(query.text)
            selects.append(ReferenceSQL.select(match: match, limit: options.limit, plain: false))
            plainSelects.append(ReferenceSQL.select(match: match, limit: options.limit, plain: true))
        }
        try write(typed, to: options.required("text"))
        try write(selects, to: options.required("sql"))
        if let plain = options.values["plain-sql"] { try write(plainSelects, to: plain) }
    }

    /// Prints the SELECT the sqlite3 shell runs for one query.
    static func sql(_ options: Options) throws {
        let paths = try options.paths()
        let index = try SeraIndex(url: paths.index, expander: IndexOpener.expander(for: paths.corpus))
        let text = options.rest.joined(separator: " ")
        print(ReferenceSQL.select(match: try matchExpression(text, index: index), limit: options.limit, plain: options.flag("plain")))
    }

    static func matchExpression(_ text: String, index: SeraIndex) throws -> String {
        let query = try QueryParser.parse(text)
        guard query.reference == nil, query.filters.isEmpty, let match = index.matchExpression(for: query) else {
            throw BenchError.notFullText(text)
        }
        return match
    }

    static func write(_ lines: [String], to path: String) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// Nearest-rank percentiles of a sample, in milliseconds.
struct Percentiles {
    var count: Int
    var p50 = 0.0, p90 = 0.0, p99 = 0.0, mean = 0.0, max = 0.0

    init(_ samples: [Double]) {
        count = samples.count
        guard !samples.isEmpty else { return }
        let sorted = samples.sorted()
        func rank(_ p: Double) -> Double { sorted[Swift.max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        p50 = rank(0.50)
        p90 = rank(0.90)
        p99 = rank(0.99)
        mean = sorted.reduce(0, +) / Double(sorted.count)
        max = sorted.last!
    }

    var json: String {
        String(format: "\"count\": %d, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, \"mean_ms\": %.3f, \"max_ms\": %.3f",
               count, p50, p90, p99, mean, max)
    }

    func row(_ name: String) -> String {
        String(format: "%@ %5d %7.3f %7.3f %7.3f %7.3f %7.3f",
               name.padding(toLength: 10, withPad: " ", startingAt: 0), count, p50, p90, p99, mean, max)
    }
}

/// Output that is counted and thrown away: the harness measures producing it, not a terminal.
final class DiscardingOutput: OutputSink {
    private(set) var bytes = 0
    func write(_ text: String) { bytes += text.utf8.count }
    func note(_ text: String) {}
}

/// `--name value` pairs, `--flag`s and the remaining words.
struct Options {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var rest: [String] = []
    static let flagNames: Set<String> = ["json", "plain"]

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else {
                rest.append(argument)
                continue
            }
            let name = String(argument.dropFirst(2))
            if Self.flagNames.contains(name) {
                flags.insert(name)
            } else if let value = iterator.next() {
                values[name] = value
            } else {
                throw BenchError.usage("--\(name) needs a value")
            }
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw BenchError.usage("--\(name) is required\n\(SeraBench.usage)") }
        return value
    }

    func integer(_ name: String, default fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    var seed: UInt64 { values["seed"].flatMap(UInt64.init) ?? 8 }
    var limit: Int { integer("limit", default: 10) }

    func paths() throws -> SeraPaths {
        SeraPaths(corpus: URL(fileURLWithPath: try required("corpus")).standardizedFileURL,
                  index: URL(fileURLWithPath: try required("index")).standardizedFileURL)
    }
}
