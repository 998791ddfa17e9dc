import Foundation

extension Renderer {
    /// From this terminal width on, `show` puts a clause and its twin in two columns.
    public static let sideBySideWidth = 120

    static func languageName(_ language: Language) -> String {
        language == .sw ? "Kiswahili" : "English"
    }

    /// A clause's language, saying "digest" when it is our summary shown beside an official text
    /// (a Kiswahili digest stays as the twin of an imported official English text).
    static func languageLabel(_ detail: ClauseDetail, beside other: ClauseDetail) -> String {
        let digestBesideOfficial = detail.document.fidelity == .digest && other.document.fidelity == .official
        return languageName(detail.clause.language) + (digestBesideOfficial ? " (digest: a summary in our own words)" : "")
    }

    /// A clause's text beside its twin's, each column headed by its language and heading, each
    /// wrapped to half the width.
    func sideBySide(_ detail: ClauseDetail, _ twin: ClauseDetail) -> String {
        let columnWidth = (style.width - Self.columnGap.count) / 2
        let column = Renderer(format: format, style: TextStyle(color: style.color, width: columnWidth))
        func block(_ detail: ClauseDetail, beside other: ClauseDetail) -> [String] {
            let title = Self.languageLabel(detail, beside: other)
                + (detail.clause.heading.isEmpty ? "" : ": " + TextStyle.neutralise(detail.clause.heading))
            let text = column.style.wrap(title, indent: "") + "\n" + column.clauseBody(detail)
            return text.components(separatedBy: "\n").flatMap { line in
                // Lines the body does not wrap (a child's ref and heading) still fit the column.
                TextStyle.visibleLength(line) > columnWidth ? column.style.wrap(styled: line, indent: "").components(separatedBy: "\n") : [line]
            }
        }
        var left = block(detail, beside: twin), right = block(twin, beside: detail)
        left[0] = style.heading(left[0])
        right[0] = style.heading(right[0])
        while left.last?.isEmpty == true && right.last?.isEmpty == true {
            left.removeLast()
            right.removeLast()
        }
        var output = ""
        for row in 0..<max(left.count, right.count) {
            let leftLine = row < left.count ? left[row] : ""
            let rightLine = row < right.count ? right[row] : ""
            let padding = String(repeating: " ", count: max(0, columnWidth - TextStyle.visibleLength(leftLine)))
            output += (leftLine + padding + style.dim(Self.columnGap) + rightLine).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return output
    }

    static let columnGap = " │ "
}
