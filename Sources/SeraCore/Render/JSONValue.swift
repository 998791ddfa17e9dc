import Foundation

/// A JSON value with ordered object keys, so machine output is byte-for-byte stable.
public enum JSONValue: Equatable, Sendable {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.encoded() == rhs.encoded()
    }

    /// Compact JSON text on one line.
    public func encoded() -> String {
        var output = ""
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// Indented JSON text.
    public func pretty() -> String {
        var output = ""
        write(to: &output, indent: "  ", level: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, level: Int) {
        switch self {
        case let .string(text): Self.writeString(text, to: &output)
        case let .number(value):
            output += value.isFinite ? String(format: "%.4f", value) : "null"
        case let .int(value): output += String(value)
        case let .bool(value): output += value ? "true" : "false"
        case .null: output += "null"
        case let .array(items):
            writeContainer("[", "]", items.count, to: &output, indent: indent, level: level) { index, output in
                items[index].write(to: &output, indent: indent, level: level + 1)
            }
        case let .object(fields):
            writeContainer("{", "}", fields.count, to: &output, indent: indent, level: level) { index, output in
                Self.writeString(fields[index].0, to: &output)
                output += indent == nil ? ":" : ": "
                fields[index].1.write(to: &output, indent: indent, level: level + 1)
            }
        }
    }

    private func writeContainer(
        _ open: String, _ close: String, _ count: Int, to output: inout String, indent: String?, level: Int,
        element: (Int, inout String) -> Void
    ) {
        output += open
        guard count > 0 else { return output += close }
        for index in 0..<count {
            if index > 0 { output += "," }
            if let indent { output += "\n" + String(repeating: indent, count: level + 1) }
            element(index, &output)
        }
        if let indent { output += "\n" + String(repeating: indent, count: level) }
        output += close
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        // Most strings need no escape at all, and are appended whole.
        if !needsEscape(text) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            // Control characters and bidirectional overrides are escaped, so JSON printed on a
            // terminal (`sera … | jq`) cannot drive it either.
            case let scalar where CorpusFile.isForbiddenControl(scalar) || (0x2028...0x2029).contains(scalar.value):
                output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Whether `writeString` escapes anything in `text`: read as UTF-8 bytes, the quote, the
    /// backslash, C0 controls and DEL, C1 controls (C2 80–9F), U+2028–202E (E2 80 A8–AE) and
    /// U+2066–2069 (E2 81 A6–A9).
    static func needsEscape(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices {
                switch bytes[index] {
                case 0..<0x20, 0x22, 0x5C, 0x7F:
                    return true
                case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                    return true
                case 0xE2 where index + 2 < bytes.count:
                    let (second, third) = (bytes[index + 1], bytes[index + 2])
                    if (second == 0x80 && (0xA8...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third)) {
                        return true
                    }
                default:
                    break
                }
            }
            return false
        }
    }
}
