import Foundation

/// Builds a document's clause tree from structural events (a heading, a numbered line, text).
///
/// Both front ends — Markdown digests and imported official text — feed the same builder, so a
/// `24(1)(a)` means the same thing whichever file it came from. Nesting uses a stack of open
/// clauses with numeric levels: headings take levels 1–6, numbered provisions 10–13, so a `(1)`
/// always nests under the nearest heading and a new heading closes every open provision.
struct ClauseTreeBuilder {
    let docID: String
    let language: Language
    private(set) var clauses: [Clause] = []
    private(set) var problems: [CorpusProblem] = []
    private var stack: [(level: Int, index: Int)] = []
    private var pendingText: [String] = []
    private var usedPaths: Set<String> = []
    let file: String

    private enum Level {
        static let part = 1
        static let section = 2
        static let subsection = 10
        static let paragraph = 11
        static let subparagraph = 12
        static let clause = 13
    }

    init(docID: String, language: Language, file: String) {
        self.docID = docID
        self.language = language
        self.file = file
        clauses.append(Clause(docID: docID, path: "", kind: .document, label: "", language: language, line: 1))
        stack = [(0, 0)]
    }

    // MARK: Events

    /// A heading line (Markdown `#`s or an official text's Part/section line).
    /// - Parameter depth: the Markdown heading depth, used to nest unnumbered headings.
    mutating func heading(_ kind: HeadingKind, depth: Int, line: Int) {
        switch kind {
        case let .part(number, title):
            // A Kiswahili document names its Parts as its readers do: "Sehemu ya Tano".
            let label = language == .sw
                ? "Sehemu ya \(Numbering.swahiliOrdinalName(Numbering.romanValue(number) ?? 0))" : "Part \(number)"
            open(level: Level.part, kind: .part, path: "part-\(number)", label: label,
                 heading: title, crumb: title.isEmpty ? label : "\(label) — \(title)", line: line)
        case let .chapter(number, title):
            open(level: Level.part, kind: .part, path: "chapter-\(number)", label: "Chapter \(number)",
                 heading: title, crumb: title.isEmpty ? "Chapter \(number)" : "Chapter \(number) — \(title)", line: line)
        case let .schedule(number, title):
            let path = number.map { "schedule-\($0)" } ?? "schedule"
            let word = language == .sw ? "Jedwali" : "Schedule"
            let label = number.map { "\(word) \($0)" } ?? word
            open(level: Level.part, kind: .schedule, path: path, label: label,
                 heading: title, crumb: title.isEmpty ? label : "\(label) — \(title)", line: line)
        case let .section(number, title):
            // Numbered items inside a schedule are the schedule's paragraphs: `schedule/3`.
            let schedule = openClause(ofKinds: [.schedule], below: Level.section)
            let path = schedule.map { "\(clauses[$0].path)/\(number)" } ?? number
            open(level: Level.section, kind: .section, path: path, label: number,
                 heading: title, crumb: title.isEmpty ? number : "\(number). \(title)", line: line)
        case let .item(number, title):
            let components = number.split(separator: ".").count
            open(level: min(Level.section + components - 1, 9), kind: .item, path: number, label: number,
                 heading: title, crumb: title.isEmpty ? number : "\(number) \(title)", line: line)
        case let .plain(title, anchor):
            var path = anchor ?? HeadingClassifier.slug(title)
            if usedPaths.contains(path), anchor == nil {
                var counter = 2
                while usedPaths.contains("\(path)-\(counter)") { counter += 1 }
                path = "\(path)-\(counter)"
            }
            open(level: max(1, min(depth, 6)), kind: .topic, path: path, label: "",
                 heading: title, crumb: title, line: line)
        }
    }

    /// A numbered provision: `(1)`, `(a)`, `(i)`, `(A)`.
    /// - Parameter nextLabel: the label of the next numbered provision, to tell the letter `(i)`
    ///   after `(h)` from the first sub-paragraph `(i)` followed by `(ii)`.
    mutating func numbered(label: String, text: String, nextLabel: String?, line: Int) {
        let level = numberedLevel(label, nextLabel: nextLabel)
        let kind: ClauseKind = switch level {
        case Level.subsection: .subsection
        case Level.paragraph: .paragraph
        default: .subparagraph
        }
        // The parent is whatever stays open above this level; its path prefixes ours. Text read so
        // far belongs to the clause open now, before the stack changes.
        flushText()
        closeAbove(level)
        let parentPath = clauses[stack.last!.index].path
        open(level: level, kind: kind, path: "\(parentPath)(\(label))", label: "(\(label))",
             heading: "", crumb: "(\(label))", line: line)
        if !text.isEmpty { pendingText.append(text) }
    }

    /// A line of running text for the clause that is open.
    mutating func text(_ line: String) {
        pendingText.append(line)
    }

    /// A blank line: a new paragraph inside the same clause.
    mutating func paragraphBreak() {
        if let last = pendingText.last, !last.isEmpty { pendingText.append("") }
    }

    /// Topic tags for the clause that is open (the heading just read).
    mutating func topics(_ topics: [String]) {
        let index = stack.last!.index
        for topic in topics where !clauses[index].topics.contains(topic) {
            clauses[index].topics.append(topic)
        }
    }

    /// Closes the tree and returns its clauses in reading order.
    mutating func finish() -> [Clause] {
        flushText()
        return clauses
    }

    // MARK: Nesting

    private mutating func open(
        level: Int, kind: ClauseKind, path: String, label: String, heading: String, crumb: String, line: Int
    ) {
        flushText()
        closeAbove(level)
        let parent = clauses[stack.last!.index]
        var finalPath = path
        if usedPaths.contains(path) {
            problems.append(CorpusProblem(file: file, line: line, message: "duplicate clause number: \(ClauseRef.format(doc: docID, path: path)) already exists"))
            var counter = 2
            while usedPaths.contains("\(path)~\(counter)") { counter += 1 }
            finalPath = "\(path)~\(counter)"
        }
        usedPaths.insert(finalPath)
        // A numbered provision shows its section's heading; headings show their own.
        let displayHeading = heading.isEmpty ? parent.heading : heading
        let inheritedTopics = parent.kind == .document ? [] : parent.topics
        clauses.append(Clause(
            docID: docID, path: finalPath, kind: kind, label: label, heading: displayHeading,
            parentPath: parent.kind == .document ? nil : parent.path,
            breadcrumb: parent.breadcrumb + [crumb], topics: inheritedTopics, language: language, line: line))
        stack.append((level, clauses.count - 1))
    }

    private mutating func closeAbove(_ level: Int) {
        while let top = stack.last, top.level >= level, stack.count > 1 { stack.removeLast() }
    }

    private func openClause(ofKinds kinds: Set<ClauseKind>, below level: Int) -> Int? {
        stack.reversed().first { $0.level < level && kinds.contains(clauses[$0.index].kind) }?.index
    }

    private func openLabel(atLevel level: Int) -> String? {
        guard let entry = stack.last(where: { $0.level == level }) else { return nil }
        return String(clauses[entry.index].label.dropFirst().dropLast())
    }

    private mutating func flushText() {
        while pendingText.last == "" { pendingText.removeLast() }
        guard !pendingText.isEmpty else { return }
        let index = stack.last!.index
        let joined = Self.joinLines(pendingText)
        clauses[index].text = clauses[index].text.isEmpty ? joined : clauses[index].text + "\n\n" + joined
        pendingText.removeAll()
    }

    /// Joins wrapped lines with spaces and keeps blank-line paragraph breaks.
    static func joinLines(_ lines: [String]) -> String {
        var paragraphs: [String] = []
        var current: [String] = []
        for line in lines {
            if line.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current.removeAll()
            } else {
                current.append(line.trimmingSpaces())
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        return paragraphs.joined(separator: "\n\n")
    }

    // MARK: Which level a label belongs to

    private func numberedLevel(_ label: String, nextLabel: String?) -> Int {
        if label.first?.isNumber == true { return Level.subsection }
        if label.count == 1, label.first?.isUppercase == true { return Level.clause }
        let openParagraph = openLabel(atLevel: Level.paragraph)
        if let openSub = openLabel(atLevel: Level.subparagraph),
           let value = Numbering.romanValue(openSub), Numbering.romanValue(label) == value + 1 {
            return Level.subparagraph
        }
        if label.count == 1 {
            if let openParagraph, label == Self.nextLetter(after: openParagraph) {
                // `(i)` after `(h)` is the ninth paragraph unless `(ii)` follows it.
                return label == "i" && nextLabel == "ii" ? Level.subparagraph : Level.paragraph
            }
            if openParagraph != nil, Numbering.romanValue(label) != nil { return Level.subparagraph }
            return Level.paragraph
        }
        if Numbering.romanValue(label) != nil { return Level.subparagraph }
        return Level.paragraph
    }

    private static func nextLetter(after label: String) -> String? {
        guard label.count == 1, let scalar = label.unicodeScalars.first, let next = Unicode.Scalar(scalar.value + 1)
        else { return nil }
        return String(Character(next))
    }
}
