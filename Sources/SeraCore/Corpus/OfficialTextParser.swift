import Foundation

/// Reads the structure of an official Act, regulations or guideline laid out as printed: Part
/// headings (`PART II` with its title on the next line, `SEHEMU YA KUMI NA MBILI`), a marginal note
/// above each `N. text` section, subsections and paragraphs running inline (`4. (1) … (2) … (a) …;
/// (b) …`, split by `ProvisionSplitter`), schedules, and dotted numbering (`5.2.3`). It feeds the
/// same `ClauseTreeBuilder` as the Markdown digests, so a ref means the same whichever file a
/// document came from.
///
/// Sections only move forward, and by little: `12A.` met after section 64 (an amendment quoting
/// another Act) is text of section 64, not a section of this Act.
public struct OfficialTextParser {
    /// Parses the lines of one official text.
    /// - Parameters:
    ///   - lines: the text, cleaned of page furniture (see `PageLayout`), or a DOCX's paragraphs.
    ///   - metadata: from the sidecar.
    ///   - file: the file name relative to the corpus, for messages.
    /// - Returns: the document and the structural problems found (a clause number used twice).
    public static func parse(_ lines: [SourceLine], metadata: DocumentMetadata, file: String) -> (Document, [CorpusProblem]) {
        let language: Language = metadata.language == .sw ? .sw : .en
        var parser = OfficialTextParser(
            lines: withoutArrangementOfSections(lines),
            builder: ClauseTreeBuilder(docID: metadata.id, language: language, file: file))
        parser.run()
        let clauses = ClauseAnalysis.annotate(parser.builder.finish(), documentTopics: metadata.topics)
        return (Document(metadata: metadata, clauses: clauses, file: file), parser.builder.problems)
    }

    // MARK: State

    private let lines: [SourceLine]
    private var builder: ClauseTreeBuilder
    /// Lines of the clause open now, not yet handed to the builder.
    private var body: [SourceLine] = []
    /// Curly quotes open in `body`: inside a quotation only the section expected next is one.
    private var quoteDepth = 0
    /// The last section (or schedule item) opened.
    private var lastSection: SectionNumber?
    private var inSchedule = false
    /// Whether the open clause takes numbered provisions (a section, an item, a named heading);
    /// the long title and a Part's own text do not.
    private var takesProvisions = false
    /// Whether the previous line ended a block (a blank line, a heading, the start).
    private var atBlockStart = true

    private init(lines: [SourceLine], builder: ClauseTreeBuilder) {
        self.lines = lines
        self.builder = builder
    }

    nonisolated(unsafe) static let sectionPattern = /^(\d{1,3}[A-Z]{0,2})\.(?:\s*[—–-]+\s*|\s+)(\S.*)$/
    nonisolated(unsafe) static let bareSectionPattern = /^(\d{1,3}[A-Z]{0,2})\.$/
    nonisolated(unsafe) static let dottedPattern = /^(\d{1,2}(?:\.\d{1,3}){1,4})\.?\s+(\S.*)$/
    nonisolated(unsafe) static let divisionPattern = /^(?i:part|sehemu\s+ya|chapter|sura\s+ya)\s+\S/
    nonisolated(unsafe) static let scheduleLinePattern =
        /^(?i:(?:the\s+)?(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?schedule|jedwali\s+la\s+[a-z]+(?:\s+na\s+[a-z]+)?)\b.{0,80}$/
    nonisolated(unsafe) static let madeUnderPattern = /^\((?i:made\s+under|under\s+section|imetengenezwa|limetengenezwa)/
    nonisolated(unsafe) static let arrangementPattern =
        /^(?i:arrangement\s+of\s+(?:sections|regulations|rules)|mpangilio\s+wa\s+(?:vifungu|kanuni))$/

    /// `N. text` (or a bare `N.`) as number and text.
    static func sectionLine(_ text: String) -> (label: String, rest: String)? {
        if let match = text.wholeMatch(of: sectionPattern) { return (String(match.1), String(match.2)) }
        if let match = text.wholeMatch(of: bareSectionPattern) { return (String(match.1), "") }
        return nil
    }

    // MARK: Lines

    private mutating func run() {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.isBlank || line.role == .title {
                body.append(line)
                atBlockStart = line.isBlank
            } else if quoteDepth == 0, atBlockStart || line.isHeading, let kind = division(line) {
                index = openDivision(kind, at: index)
            } else if let section = acceptedSection(at: index) {
                openSection(section, at: index)
            } else if quoteDepth == 0, let item = acceptedItem(at: index) {
                openItem(item, at: index)
            } else if case let .heading(level) = line.role, !isMarginalNote(at: index) {
                flushBody()
                builder.heading(HeadingClassifier.classify(line.text), depth: level, line: line.line)
                takesProvisions = true
                atBlockStart = true
            } else {
                body.append(line)
                quoteDepth = Self.quoteDepth(after: line.text, from: quoteDepth)
                atBlockStart = false
            }
            index += 1
        }
        flushBody()
    }

    /// A Part, chapter or schedule heading line. "Part III of the principal Act" wrapped onto a
    /// line of its own is text: a title on the heading's line must be in capitals or follow a dash.
    private func division(_ line: SourceLine) -> HeadingKind? {
        guard line.text.count <= 120 else { return nil }
        if line.text.prefixMatch(of: Self.divisionPattern) != nil {
            let kind = HeadingClassifier.classify(line.text)
            guard kind.isPart else { return nil }
            let title = kind.title
            let setOff = line.text.contains(where: { "—–:-".contains($0) }) || !title.contains(where: \.isLowercase)
            return title.isEmpty || setOff || line.isHeading ? kind : nil
        }
        if line.text.wholeMatch(of: Self.scheduleLinePattern) != nil,
           case let .schedule(number, title) = HeadingClassifier.classify(line.text),
           line.isHeading || !title.lowercased().hasPrefix("to ") {
            return .schedule(number: number, title: title)
        }
        return nil
    }

    /// Opens a Part, chapter or schedule; its title may follow on the next lines (the official
    /// layout prints `PART II`, then `ESTABLISHMENT OF THE AUTHORITY`), and a schedule's
    /// "(Made under section 7(5))" becomes its text.
    private mutating func openDivision(_ kind: HeadingKind, at index: Int) -> Int {
        flushBody()
        var titleLines: [String] = []
        var note: [SourceLine] = []
        var last = index
        while last + 1 < lines.count, titleLines.count < 3 {
            var next = last + 1
            // A printed page sets the title in capitals a little below the heading.
            if lines[next].isBlank, titleLines.isEmpty, next + 1 < lines.count,
               !lines[next + 1].text.contains(where: \.isLowercase), isTitleLine(at: next + 1, first: true) {
                next += 1
            }
            let candidate = lines[next]
            if case .schedule = kind, candidate.text.prefixMatch(of: Self.madeUnderPattern) != nil {
                note.append(candidate)
            } else if isTitleLine(at: next, first: titleLines.isEmpty) {
                titleLines.append(candidate.text)
            } else {
                break
            }
            last = next
        }
        let printed = kind.title
        let title = printed.isEmpty ? titleLines.joined(separator: " ") : printed
        let line = lines[index].line
        switch kind {
        case let .part(number, _):
            builder.heading(.part(number: number, title: title), depth: 1, line: line)
            inSchedule = false
        case let .chapter(number, _):
            builder.heading(.chapter(number: number, title: title), depth: 1, line: line)
            inSchedule = false
        case let .schedule(number, _):
            openSchedule(number: number, title: title, line: line)
        default:
            break
        }
        takesProvisions = false
        // The note is a block of its own: the next line may be the first item's marginal note.
        body = note.isEmpty ? [] : note + [SourceLine(text: "", line: note[note.count - 1].line)]
        atBlockStart = true
        return last
    }

    private mutating func openSchedule(number: Int?, title: String, line: Int) {
        builder.heading(.schedule(number: number, title: title), depth: 1, line: line)
        inSchedule = true
        lastSection = nil
        takesProvisions = false
    }

    /// A line after a Part or schedule heading that belongs to its title: not a provision, not the
    /// marginal note of the next section, and in capitals or a heading style (or, in plain text,
    /// the one line right under the heading).
    private func isTitleLine(at index: Int, first: Bool) -> Bool {
        let line = lines[index]
        guard !line.isBlank, line.role != .title, line.text.count <= 160, division(line) == nil,
              Self.sectionLine(line.text) == nil, line.text.wholeMatch(of: Self.dottedPattern) == nil,
              !line.text.hasPrefix("("), !isMarginalNote(at: index)
        else { return false }
        if line.isHeading || !line.text.contains(where: \.isLowercase) { return true }
        return first && Self.isHeadingLike(line.text)
    }

    // MARK: Sections and items

    /// Line `index` as a section (or a schedule item), when it is one: `N. text` numbered after the
    /// last section, at the start of a block or under its marginal note (or right after a sentence
    /// when it is the number expected next). Inside a quotation only the number expected next
    /// counts, so a stray quote mark cannot swallow the rest of the Act.
    private func acceptedSection(at index: Int) -> (number: SectionNumber, rest: String)? {
        guard let (label, rest) = Self.sectionLine(lines[index].text), let number = SectionNumber(label) else { return nil }
        let expected = lastSection.map { number.follows($0) } ?? (number.value == 1)
        if quoteDepth > 0 { return expected ? (number, rest) : nil }
        if let lastSection, !number.isPlausible(after: lastSection) { return nil }
        if atBlockStart || isMarginalNote(at: index - 1) { return (number, rest) }
        let previous = body.last(where: { !$0.isBlank })?.text ?? ""
        return expected && Self.endsAtBoundary(previous) ? (number, rest) : nil
    }

    private mutating func openSection(_ section: (number: SectionNumber, rest: String), at index: Int) {
        let note = takeMarginalNote()
        flushBody()
        var title = note ?? ""
        var rest = section.rest
        // `1. INTRODUCTION` in a guideline is a heading, not the text of section 1.
        let nextIsBlank = index + 1 >= lines.count || lines[index + 1].isBlank
        if note == nil, Self.isHeadingLike(rest), !rest.contains(where: \.isLowercase) || nextIsBlank {
            title = rest
            rest = ""
        }
        builder.heading(.section(number: section.number.label, title: title), depth: 2, line: lines[index].line)
        lastSection = section.number
        takesProvisions = true
        atBlockStart = false
        if !rest.isEmpty {
            body = [SourceLine(text: rest, line: lines[index].line)]
            quoteDepth = Self.quoteDepth(after: rest, from: 0)
        }
    }

    /// Dotted numbering (`5.2.3 Title` or `5.2.3 Text…`) at the start of a block or after a sentence.
    private func acceptedItem(at index: Int) -> (number: String, rest: String)? {
        guard let match = lines[index].text.wholeMatch(of: Self.dottedPattern) else { return nil }
        let previous = body.last(where: { !$0.isBlank })?.text ?? ""
        guard atBlockStart || lines[index].isHeading || Self.endsAtBoundary(previous) else { return nil }
        return (String(match.1), String(match.2))
    }

    private mutating func openItem(_ item: (number: String, rest: String), at index: Int) {
        flushBody()
        let isTitle = Self.isHeadingLike(item.rest)
        builder.heading(.item(number: item.number, title: isTitle ? item.rest : ""), depth: 2, line: lines[index].line)
        takesProvisions = true
        atBlockStart = false
        if !isTitle { body = [SourceLine(text: item.rest, line: lines[index].line)] }
    }

    // MARK: Marginal notes

    /// Whether line `index` ends the marginal note of a section printed on the next line.
    private func isMarginalNote(at index: Int) -> Bool {
        guard index >= 0, index + 1 < lines.count, Self.sectionLine(lines[index + 1].text) != nil else { return false }
        return Self.marginalNoteLength(endingAt: index, in: lines) != nil
    }

    /// Removes the marginal note from the end of the pending text and returns it.
    private mutating func takeMarginalNote() -> String? {
        guard let length = Self.marginalNoteLength(endingAt: body.count - 1, in: body) else { return nil }
        let note = body.suffix(length).map { Self.withoutLeadingNumber($0.text) }.joined(separator: " ")
        body.removeLast(length)
        return note
    }

    /// How many lines (one to three) ending at `index` form a marginal note: short lines that are
    /// not sentences, after a blank line, a heading or a finished sentence (a note is set apart
    /// from the section above it), or in a heading style.
    static func marginalNoteLength(endingAt index: Int, in lines: [SourceLine]) -> Int? {
        guard index >= 0, index < lines.count else { return nil }
        if lines[index].isHeading, isHeadingLike(lines[index].text) { return 1 }
        for length in 1...3 {
            let first = index - length + 1
            guard first >= 0, isHeadingLike(withoutLeadingNumber(lines[first].text)) else { return nil }
            guard first > 0 else { return length }
            let before = lines[first - 1]
            if before.isBlank || before.isHeading || endsAtBoundary(before.text) { return length }
        }
        return nil
    }

    /// Some texts repeat the section number in its marginal note: "121 Rufaa au malalamiko…".
    static func withoutLeadingNumber(_ text: String) -> String {
        guard let match = text.prefixMatch(of: /\d{1,3}[A-Z]?\s+/) else { return text }
        return String(text[match.range.upperBound...])
    }

    /// Short, not a sentence, not a numbered provision: a heading or a marginal note.
    static func isHeadingLike(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter, text.count <= 120, let last = text.last else { return false }
        if ";,:—–-".contains(last) { return false }
        let words = text.split(separator: " ").count
        if last == "." { return words <= 6 && text.filter({ $0 == "." }).count == 1 }
        return words <= 18
    }

    /// Whether text ends where a new provision may start: `.` `;` `:` `—` `]` or a closing quote.
    static func endsAtBoundary(_ text: String) -> Bool {
        guard let last = text.last else { return true }
        return ".;:—–-]”\"".contains(last)
    }

    static func quoteDepth(after text: String, from depth: Int) -> Int {
        var depth = depth
        for character in text {
            if character == "“" { depth += 1 } else if character == "”" { depth = max(0, depth - 1) }
        }
        return depth
    }

    // MARK: Running text of one clause

    /// Hands the pending lines to the builder, split into the provisions they hold.
    private mutating func flushBody() {
        defer {
            body.removeAll()
            quoteDepth = 0
        }
        guard body.contains(where: { !$0.isBlank }) else { return }
        var splitter = ProvisionSplitter(lines: body, splitsProvisions: takesProvisions, scheduleOpen: inSchedule,
                                         lastItem: inSchedule ? lastSection : nil)
        for event in splitter.events() {
            switch event {
            case let .text(text):
                for (offset, paragraph) in text.components(separatedBy: "\n").enumerated() {
                    if offset > 0 { builder.paragraphBreak() }
                    builder.text(paragraph)
                }
            case let .numbered(label, text, next, line):
                builder.numbered(label: label, text: text.replacingOccurrences(of: "\n", with: " "), nextLabel: next, line: line)
            case let .schedule(number, title, note, line):
                openSchedule(number: number, title: title, line: line)
                if !note.isEmpty { builder.text(note) }
            case let .item(number, title, line):
                builder.heading(.section(number: number.label, title: title), depth: 2, line: line)
                lastSection = number
                takesProvisions = true
            }
        }
    }

    // MARK: Tables of contents

    /// Drops an "ARRANGEMENT OF SECTIONS" (the list of headings printed before an Act): its lines
    /// look like sections, and the Act's own sections would then seem to go backwards.
    static func withoutArrangementOfSections(_ lines: [SourceLine]) -> [SourceLine] {
        guard let start = lines.firstIndex(where: { $0.text.wholeMatch(of: arrangementPattern) != nil }) else { return lines }
        var previous: SectionNumber?
        for index in (start + 1)..<lines.count {
            guard let (label, _) = sectionLine(lines[index].text), let number = SectionNumber(label) else { continue }
            if let previous, !(previous < number) {
                // The numbering starts again: the Act itself begins, at the Part heading above its
                // first section or, without Parts, at that section's marginal note.
                let part = (start..<index).last { candidate in
                    lines[candidate].text.prefixMatch(of: divisionPattern) != nil && HeadingClassifier.classify(lines[candidate].text).isPart
                }
                let begin = part ?? (index - (marginalNoteLength(endingAt: index - 1, in: lines) ?? 0))
                return Array(lines[..<start]) + Array(lines[begin...])
            }
            previous = number
        }
        return lines
    }
}

/// A section number as printed: `12`, `12A`.
struct SectionNumber: Comparable, Equatable, Sendable {
    var value: Int
    var suffix: String
    var label: String { "\(value)\(suffix)" }

    init?(_ label: String) {
        let digits = label.prefix(while: \.isNumber)
        guard let value = Int(digits), digits.count <= 4 else { return nil }
        self.value = value
        suffix = String(label.dropFirst(digits.count))
    }

    /// The number printed right after `previous`: `13` after `12` or `12A`, `12A` after `12`, `12B` after `12A`.
    func follows(_ previous: SectionNumber) -> Bool {
        if value == previous.value + 1 { return suffix.isEmpty }
        return value == previous.value && suffix == ProvisionSplitter.nextLetters(after: previous.suffix, capital: true)
    }

    /// Whether this number can come after `previous` in one Act: the next number, a few later
    /// (sections repealed and left out), or a lettered section inserted right after its base
    /// (`12A` after `12`). Anything else is a quotation of another Act's numbering.
    func isPlausible(after previous: SectionNumber) -> Bool {
        if follows(previous) { return true }
        return suffix.isEmpty && value > previous.value && value - previous.value <= 5
    }

    static func < (lhs: SectionNumber, rhs: SectionNumber) -> Bool {
        if lhs.value != rhs.value { return lhs.value < rhs.value }
        if lhs.suffix.count != rhs.suffix.count { return lhs.suffix.count < rhs.suffix.count }
        return lhs.suffix < rhs.suffix
    }
}

extension SourceLine {
    var isHeading: Bool {
        if case .heading = role { return true }
        return false
    }
}

extension HeadingKind {
    var isPart: Bool {
        switch self {
        case .part, .chapter: true
        default: false
        }
    }

    /// The title printed with the heading.
    var title: String {
        switch self {
        case let .part(_, title), let .chapter(_, title), let .schedule(_, title), let .section(_, title),
             let .item(_, title), let .plain(title, _):
            title
        }
    }
}
