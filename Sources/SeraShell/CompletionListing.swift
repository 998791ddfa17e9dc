import Foundation
import SeraCore

/// Lays out the choices of an ambiguous completion under the line being typed, as shells do:
/// one per line with its heading when every choice has one (`24  ICT projects`), else in columns.
enum CompletionListing {
    /// - Parameters:
    ///   - width: terminal columns.
    ///   - maxLines: the most lines to use; the rest is summarised as `… N more`.
    static func render(_ choices: [Completion.Choice], width: Int, maxLines: Int, style: TextStyle) -> String {
        guard !choices.isEmpty else { return "" }
        let width = max(width, 20)
        let labels = choices.map { TextStyle.neutralise($0.label) }
        var lines: [String]
        var perLine = 1
        if choices.allSatisfy({ $0.note != nil }) {
            let labelWidth = min(labels.map(\.count).max() ?? 0, width / 3)
            lines = zip(labels, choices).map { label, choice in
                let room = width - labelWidth - 3
                let note = TextStyle.neutralise(choice.note ?? "")
                let shown = note.count > room ? String(note.prefix(max(room - 1, 0))) + "…" : note
                return pad(label, to: labelWidth) + "  " + style.dim(shown)
            }
        } else {
            let columnWidth = (labels.map(\.count).max() ?? 0) + 2
            let columns = max(1, width / columnWidth)
            perLine = columns
            lines = stride(from: 0, to: labels.count, by: columns).map { start in
                let row = labels[start..<min(start + columns, labels.count)]
                return row.enumerated().map { offset, label in
                    offset == row.count - 1 ? label : pad(label, to: columnWidth)
                }.joined()
            }
        }
        if lines.count > maxLines, maxLines > 1 {
            let shownLines = maxLines - 1
            let hidden = choices.count - shownLines * perLine
            lines = Array(lines.prefix(shownLines)) + [style.dim("… \(hidden) more; type more letters")]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
