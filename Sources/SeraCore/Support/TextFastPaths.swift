import Foundation

extension StringProtocol {
    /// `trimmingSpaces()` without Foundation: that one bridges through
    /// NSString and UTF-16 and was a third of a reload's time in the glossary's line parser alone.
    /// The same set: tab and the space separators (Unicode category Zs).
    public func trimmingSpaces() -> String {
        Substring(self).trimmingScalars { scalar in
            scalar.value < 0x80 ? scalar == " " || scalar == "\t" : scalar.properties.generalCategory == .spaceSeparator
        }
    }

    /// `trimmingSpacesAndNewlines()` without Foundation: spaces, tab, line and
    /// paragraph separators, and U+000A–U+000D and U+0085.
    public func trimmingSpacesAndNewlines() -> String {
        Substring(self).trimmingScalars { scalar in
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0x85: true
            case 0..<0x80: false
            default: [.spaceSeparator, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
            }
        }
    }
}

extension String {
    /// Lower case with diacritics folded ("Café" → "cafe"), as the index compares names and
    /// words. ASCII text (nearly all of the corpus) is only lower-cased: that is the same answer,
    /// and Foundation's folding costs microseconds a call.
    public var foldedForComparison: String {
        utf8.allSatisfy({ $0 < 0x80 })
            ? lowercased()
            : folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    }
}

extension Substring {
    fileprivate func trimmingScalars(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
