import Foundation

/// How results are written.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, jsonl, csv, markdown

    /// Accepts the names and the short forms people type (`md`, `ndjson`).
    public init?(name: String) {
        switch name.lowercased() {
        case "md": self = .markdown
        case "ndjson": self = .jsonl
        default: self.init(rawValue: name.lowercased())
        }
    }
}

/// Text styling: ANSI colour on a terminal, plain text with `[brackets]` for matches elsewhere.
public struct TextStyle: Sendable {
    public var color: Bool
    /// The terminal width used to wrap text; 0 means do not wrap.
    public var width: Int

    public init(color: Bool = false, width: Int = 0) {
        self.color = color
        self.width = width
    }

    public func match(_ text: String) -> String {
        color ? "\u{1B}[1;33m\(text)\u{1B}[0m" : "[\(text)]"
    }

    public func ref(_ text: String) -> String {
        color ? "\u{1B}[1;36m\(text)\u{1B}[0m" : text
    }

    public func heading(_ text: String) -> String {
        color ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    public func dim(_ text: String) -> String {
        color ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    public func warning(_ text: String) -> String {
        color ? "\u{1B}[33m\(text)\u{1B}[0m" : text
    }

    /// Replaces control characters (escape sequences, bidirectional overrides) with a visible
    /// placeholder, so no document or query can drive the terminal.
    public static func neutralise(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: CorpusFile.isForbiddenControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" {
                scalars.append(scalar)
            } else if CorpusFile.isForbiddenControl(scalar) {
                scalars.append("\u{FFFD}")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Wraps corpus text to the width, each line starting with `indent`; control characters are
    /// neutralised first.
    public func wrap(_ text: String, indent: String) -> String {
        wrap(styled: Self.neutralise(text), indent: indent)
    }

    /// Wraps text that is already neutralised and may carry this style's own colour sequences
    /// (a snippet with its matches marked): those must reach the terminal intact.
    public func wrap(styled text: String, indent: String) -> String {
        let paragraphs = text.components(separatedBy: "\n")
        guard width > indent.count + 20 else {
            return paragraphs.map { indent + $0 }.joined(separator: "\n")
        }
        let available = width - indent.count
        var lines: [String] = []
        for paragraph in paragraphs {
            if paragraph.isEmpty {
                lines.append("")
                continue
            }
            var line = ""
            var visible = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let length = Self.visibleLength(String(word))
                if visible > 0, visible + 1 + length > available {
                    lines.append(indent + line)
                    line = ""
                    visible = 0
                }
                if visible > 0 {
                    line += " "
                    visible += 1
                }
                line += word
                visible += length
            }
            if !line.isEmpty { lines.append(indent + line) }
        }
        return lines.joined(separator: "\n")
    }

    /// Length on screen, not counting ANSI colour sequences.
    static func visibleLength(_ text: String) -> Int {
        var count = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }
}
