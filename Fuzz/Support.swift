import Foundation

/// Shared by every fuzz target: the input as text, as Sera would receive it.
enum FuzzInput {
    /// The bytes as a Swift string; invalid UTF-8 becomes U+FFFD, as `readLine` and
    /// `String(decoding:)` do for piped input.
    static func text(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Stops the run with the input in the message: libFuzzer then saves the crashing input.
    static func fail(_ what: String, input: String) -> Never {
        fatalError("\(what) — input: \(String(reflecting: String(input.prefix(300))))")
    }
}
