import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads official DOCX files (ZIPFoundation + FoundationXML) with a sidecar `NAME.yaml`.
///
/// Each paragraph becomes a line for `OfficialTextParser`: `Heading N` and `Title` styles say what
/// a paragraph is (a heading such as `PART II` or `24. ICT projects` is then classified like any
/// other), and list numbering, which Word keeps outside the text, is written back in front of it
/// (`(a) …`, `3. …`) so numbered provisions are recognised as in plain text. Line numbers in
/// messages count paragraphs. Running headers and footers live in other parts of the file and
/// never reach the text.
public struct DocxImporter: OfficialTextImporter {
    public init() {}
    public var extensions: [String] { ["docx"] }

    public func lines(of url: URL, name: String) throws -> [SourceLine] {
        let package = try DocxPackage(url: url, name: name)
        let styles = try package.part("word/styles.xml").map { try DocxStyles(xml: $0, name: name) } ?? DocxStyles()
        var numbering = try package.part("word/numbering.xml").map { try DocxNumbering(xml: $0, name: name) } ?? DocxNumbering()
        guard let documentXML = try package.part("word/document.xml") else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "not a DOCX file: it has no word/document.xml"))
        }
        let paragraphs = try DocxParagraphReader.paragraphs(of: documentXML, part: "word/document.xml", name: name)
        var lines: [SourceLine] = []
        for (index, paragraph) in paragraphs.enumerated() {
            let style = paragraph.style.map { styles.resolve($0) }
            let list = paragraph.list ?? style?.list
            let label = list.flatMap { numbering.nextLabel(numID: $0.numID, level: $0.level) }
            let text = PageLayout.collapse(Substring([label, paragraph.text].compactMap { $0 }.joined(separator: " ")))
            let role: SourceLine.Role
            if let level = paragraph.outlineLevel.map({ $0 + 1 }) ?? style?.headingLevel {
                role = .heading(level: level)
            } else if style?.isTitle == true {
                role = .title
            } else {
                role = .body
            }
            lines.append(SourceLine(text: text, line: index + 1, role: role))
            // A paragraph ends a block, as a blank line does in plain text; a heading stays against
            // what it heads (a marginal note against its section).
            if !text.isEmpty, role == .body || role == .title { lines.append(SourceLine(text: "", line: index + 1)) }
        }
        return lines
    }
}

/// The zip container of a DOCX.
struct DocxPackage {
    let archive: Archive
    let name: String

    init(url: URL, name: String) throws {
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "not a DOCX file: not a zip archive"))
        }
        self.name = name
    }

    /// The bytes of one part, nil when the package has none.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(CorpusFile.maximumSize) else {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "\(path) is larger than \(CorpusFile.maximumSize / 1_048_576) MB"))
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw CorpusError.invalidFile(CorpusProblem(file: name, message: "damaged DOCX: cannot unpack \(path) (\(error))"))
        }
        return data
    }
}

/// One `w:p` of a document part.
struct DocxParagraph {
    var style: String?
    var list: DocxListReference?
    var outlineLevel: Int?
    var text = ""
}

/// A paragraph's place in a list: `w:numPr`.
struct DocxListReference {
    var numID: String
    var level: Int
}

/// Reads the attribute `local` whatever namespace prefix the writer chose (`w:val`, `val`).
private func attribute(_ attributes: [String: String], _ local: String) -> String? {
    attributes[local] ?? attributes.first { $0.key.hasSuffix(":" + local) }?.value
}

/// Parses an XML part with a delegate; a malformed part is reported with the file and part.
private func parseXML(_ data: Data, delegate: XMLParserDelegate, part: String, name: String) throws {
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = true
    parser.delegate = delegate
    guard parser.parse() else {
        let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
        throw CorpusError.invalidFile(CorpusProblem(
            file: name, message: "damaged DOCX: \(part) line \(parser.lineNumber): \(reason)"))
    }
}

/// The paragraphs of `word/document.xml`, in order, with their text, style and list numbering.
final class DocxParagraphReader: NSObject, XMLParserDelegate {
    private var open: [DocxParagraph] = []
    private var finished: [DocxParagraph] = []
    private var inText = false
    private var inProperties = 0
    /// Inside content that Word shows once but stores twice (a text box's fallback drawing) or
    /// that is no longer there (moved-away text).
    private var skipped = 0

    static func paragraphs(of data: Data, part: String, name: String) throws -> [DocxParagraph] {
        let reader = DocxParagraphReader()
        try parseXML(data, delegate: reader, part: part, name: name)
        return reader.finished
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if element == "Fallback" || element == "moveFrom" { skipped += 1 }
        guard skipped == 0 else { return }
        switch element {
        case "p": open.append(DocxParagraph())
        case "pPr": inProperties += 1
        case "pStyle" where inProperties > 0: modify { $0.style = attribute(attributes, "val") }
        case "numId" where inProperties > 0:
            modify { $0.list = DocxListReference(numID: attribute(attributes, "val") ?? "0", level: $0.list?.level ?? 0) }
        case "ilvl" where inProperties > 0:
            let level = Int(attribute(attributes, "val") ?? "") ?? 0
            modify { $0.list = DocxListReference(numID: $0.list?.numID ?? "0", level: level) }
        case "outlineLvl" where inProperties > 0:
            modify { $0.outlineLevel = Int(attribute(attributes, "val") ?? "").flatMap { $0 < 9 ? $0 : nil } }
        case "t": inText = true
        case "tab", "br", "cr": modify { $0.text += " " }
        case "noBreakHyphen": modify { $0.text += "-" }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "Fallback" || element == "moveFrom" {
            skipped -= 1
            return
        }
        guard skipped == 0 else { return }
        switch element {
        case "t": inText = false
        case "pPr": inProperties -= 1
        case "p":
            guard var paragraph = open.popLast() else { return }
            // `numId 0` switches numbering off for a paragraph whose style would number it.
            if paragraph.list?.numID == "0" { paragraph.list = DocxListReference(numID: "0", level: 0) }
            finished.append(paragraph)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText, skipped == 0 else { return }
        modify { $0.text += string }
    }

    private func modify(_ change: (inout DocxParagraph) -> Void) {
        guard !open.isEmpty else { return }
        change(&open[open.count - 1])
    }
}

/// What `word/styles.xml` says about paragraph styles: which are headings, which number their paragraphs.
struct DocxStyles {
    struct Style {
        var name = ""
        var basedOn: String?
        var outlineLevel: Int?
        var list: DocxListReference?
    }

    /// A style with its inheritance resolved.
    struct Resolved {
        var headingLevel: Int?
        var isTitle = false
        var list: DocxListReference?
    }

    var styles: [String: Style] = [:]

    init() {}

    init(xml: Data, name: String) throws {
        let reader = Reader()
        try parseXML(xml, delegate: reader, part: "word/styles.xml", name: name)
        styles = reader.styles
    }

    /// `Heading 2` (whatever its id in a translated Word), an outline level, or a style based on one.
    func resolve(_ id: String) -> Resolved {
        var resolved = Resolved()
        var current: String? = id
        var depth = 0
        while let key = current, let style = styles[key], depth < 8 {
            let lower = style.name.lowercased()
            if resolved.headingLevel == nil {
                if lower.hasPrefix("heading "), let level = Int(lower.dropFirst(8)) {
                    resolved.headingLevel = level
                } else if let outline = style.outlineLevel {
                    resolved.headingLevel = outline + 1
                }
            }
            if lower == "title" { resolved.isTitle = true }
            if resolved.list == nil { resolved.list = style.list }
            current = style.basedOn
            depth += 1
        }
        if styles[id] == nil {
            // No styles part: Word's own ids still say it.
            let lower = id.lowercased()
            if lower.hasPrefix("heading"), let level = Int(lower.dropFirst(7)) { resolved.headingLevel = level }
            resolved.isTitle = lower == "title"
        }
        return resolved
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var styles: [String: Style] = [:]
        private var currentID: String?
        private var current = Style()

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            switch element {
            case "style":
                currentID = attribute(attributes, "type") == "paragraph" ? attribute(attributes, "styleId") : nil
                current = Style()
            case "name": current.name = attribute(attributes, "val") ?? ""
            case "basedOn": current.basedOn = attribute(attributes, "val")
            case "outlineLvl": current.outlineLevel = Int(attribute(attributes, "val") ?? "").flatMap { $0 < 9 ? $0 : nil }
            case "numId": current.list = DocxListReference(numID: attribute(attributes, "val") ?? "0", level: current.list?.level ?? 0)
            case "ilvl": current.list = DocxListReference(numID: current.list?.numID ?? "0", level: Int(attribute(attributes, "val") ?? "") ?? 0)
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "style", let currentID { styles[currentID] = current }
        }
    }
}

/// List numbering from `word/numbering.xml`: each list's level formats, and the counters that
/// turn a numbered paragraph into its label (`(a)`, `3.`, `2.1`).
struct DocxNumbering {
    struct Level {
        var start = 1
        var format = "decimal"
        var text = "%1."
    }

    private var abstractLevels: [String: [Int: Level]] = [:]
    private var abstractOfList: [String: String] = [:]
    private var counters: [String: [Int]] = [:]

    init() {}

    init(xml: Data, name: String) throws {
        let reader = Reader()
        try parseXML(xml, delegate: reader, part: "word/numbering.xml", name: name)
        abstractLevels = reader.abstractLevels
        abstractOfList = reader.abstractOfList
    }

    /// Counts one more paragraph of list `numID` at `level` and returns its label; nil for
    /// bullets and for paragraphs whose numbering is switched off.
    mutating func nextLabel(numID: String, level: Int) -> String? {
        guard numID != "0", let abstract = abstractOfList[numID], let levels = abstractLevels[abstract],
              let format = levels[level], level < 9
        else { return nil }
        var values = counters[numID] ?? Array(repeating: 0, count: 9)
        values[level] = values[level] == 0 ? format.start : values[level] + 1
        for deeper in (level + 1)..<9 { values[deeper] = 0 }
        counters[numID] = values
        guard format.format != "bullet", format.format != "none" else { return nil }
        var label = format.text
        for shown in (0...level).reversed() {
            let levelFormat = levels[shown] ?? Level()
            let value = values[shown] == 0 ? levelFormat.start : values[shown]
            label = label.replacingOccurrences(of: "%\(shown + 1)", with: Self.format(value, as: levelFormat.format))
        }
        return label.isEmpty ? nil : label
    }

    static func format(_ value: Int, as format: String) -> String {
        switch format {
        case "lowerLetter", "upperLetter":
            let letter = Character(Unicode.Scalar(UInt8(97 + (value - 1) % 26)))
            let letters = String(repeating: String(letter), count: (value - 1) / 26 + 1)
            return format == "upperLetter" ? letters.uppercased() : letters
        case "lowerRoman": return Numbering.roman(value).lowercased()
        case "upperRoman": return Numbering.roman(value)
        case "decimalZero": return value < 10 ? "0\(value)" : String(value)
        default: return String(value)
        }
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var abstractLevels: [String: [Int: Level]] = [:]
        var abstractOfList: [String: String] = [:]
        private var abstractID: String?
        private var listID: String?
        private var levelIndex: Int?
        private var level = Level()

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            switch element {
            case "abstractNum": abstractID = attribute(attributes, "abstractNumId")
            case "lvl" where abstractID != nil:
                levelIndex = Int(attribute(attributes, "ilvl") ?? "")
                level = Level()
            case "start" where levelIndex != nil: level.start = Int(attribute(attributes, "val") ?? "") ?? 1
            case "numFmt" where levelIndex != nil: level.format = attribute(attributes, "val") ?? "decimal"
            case "lvlText" where levelIndex != nil: level.text = attribute(attributes, "val") ?? ""
            case "num": listID = attribute(attributes, "numId")
            case "abstractNumId" where listID != nil:
                if let listID, let value = attribute(attributes, "val") { abstractOfList[listID] = value }
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            switch element {
            case "lvl":
                if let abstractID, let levelIndex { abstractLevels[abstractID, default: [:]][levelIndex] = level }
                levelIndex = nil
            case "abstractNum": abstractID = nil
            case "num": listID = nil
            default: break
            }
        }
    }
}
