import Foundation

/// A quick test that a case-insensitive regex cannot match a text, run before the regex itself.
///
/// The regexes that read every clause at index time (obligation words, cross-references) are
/// slow in the Swift regex engine: each tries every position of the text, with Unicode word
/// boundaries and case folding. Every match of such a pattern contains one of a few literal words
/// (`shall`, `marufuku`, `section`…), so a text that holds none of them is skipped after a plain
/// byte search. The answer is never a guess: a gate only says "cannot match" when no match is
/// possible, and says "may match" for any text it cannot fold exactly.
struct LiteralGate {
    /// Alternatives; the gate admits a text holding every word of at least one of them.
    private let alternatives: [[Word]]
    /// Whether a match also needs a decimal digit (`\d`).
    private let needsDigit: Bool

    /// - Parameters:
    ///   - alternatives: lower-case ASCII words; each array is one alternative, all of whose words
    ///     any match of that branch of the pattern contains. A word written `\bno` must start a
    ///     word (the pattern has `\b` before it): no ASCII letter, digit or `_` just before it.
    ///   - needsDigit: every match contains a digit.
    init(_ alternatives: [String]..., needsDigit: Bool = false) {
        self.alternatives = alternatives.map { $0.map(Word.init) }
        self.needsDigit = needsDigit
    }

    private struct Word {
        var bytes: [UInt8]
        var startsWord: Bool

        init(_ text: String) {
            startsWord = text.hasPrefix("\\b")
            bytes = Array((startsWord ? text.dropFirst(2) : Substring(text)).utf8)
        }
    }

    /// False only when the pattern certainly cannot match the folded text.
    func admits(_ text: FoldedText) -> Bool {
        guard let bytes = text.bytes else { return true }
        if needsDigit && !text.hasDigit { return false }
        return alternatives.contains { words in words.allSatisfy { Self.contains(bytes, $0) } }
    }

    private static func contains(_ bytes: [UInt8], _ word: Word) -> Bool {
        let needle = word.bytes
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var start = 0
        let last = bytes.count - needle.count
        while start <= last {
            if bytes[start] == first, !word.startsWord || start == 0 || !isWordByte(bytes[start - 1]) {
                var offset = 1
                while offset < needle.count && bytes[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// An ASCII byte after which no word can start (letters, digits and `_` join a word).
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_")
    }
}

/// A text prepared for `LiteralGate`s: its UTF-8 bytes with ASCII letters in lower case.
struct FoldedText {
    /// Nil when the text holds a character that case-insensitive matching could equate with an
    /// ASCII letter (`ſ` with `s`, the Kelvin sign with `k`, `İ` with `i`) or a non-ASCII digit:
    /// a byte search could then miss a match, so every gate admits the text.
    let bytes: [UInt8]?
    let hasDigit: Bool

    init(_ text: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var hasDigit = false
        var exact = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                hasDigit = true
                bytes.append(byte)
            case 0x80...:
                exact = false
                bytes.append(byte)
            default: bytes.append(byte)
            }
        }
        if !exact {
            // Dashes, quotes and lower-case accented letters are harmless; anything else makes
            // every gate admit the text.
            exact = !text.unicodeScalars.contains { !$0.isASCII && Self.mayMatchASCII($0) }
        }
        self.bytes = exact ? bytes : nil
        self.hasDigit = hasDigit
    }

    /// Whether a non-ASCII scalar could match an ASCII letter or digit in a case-insensitive,
    /// canonically equivalent comparison: a decimal digit other than 0-9, a character whose
    /// case forms reach ASCII (`ı`, `ſ`, `ß`, `ﬀ`, the Kelvin sign), one that case folding changes
    /// (folding is not exposed, so any such character counts), or one equivalent to ASCII text.
    static func mayMatchASCII(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.generalCategory == .decimalNumber || properties.changesWhenCaseFolded { return true }
        let forms = [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping]
        if forms.contains(where: { $0.unicodeScalars.contains(where: \.isASCII) }) { return true }
        return String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.allSatisfy(\.isASCII)
    }
}
