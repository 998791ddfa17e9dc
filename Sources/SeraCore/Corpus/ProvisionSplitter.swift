import Foundation

/// Splits the running text of one clause of an official text into the provisions it holds:
/// `(1) … (2) … (a) …; (b) …`, and, once a schedule has begun, its items `1. … 2. …` and the
/// next schedule's heading.
///
/// A label starts a provision only where a drafter would start one: it must be the label expected
/// next (`(2)` after `(1)`, `(b)` after `(a)`, `(ii)` after `(i)`, or a first `(1)`, `(a)`, `(i)`),
/// and the text before it must end at a boundary (`.` `;` `:` `—`, a blank line, or `; and`). So
/// "established under subsection (1) shall" stays one sentence. Text inside curly quotes (an
/// amendment quoting another Act) is never split.
struct ProvisionSplitter {
    enum Event: Equatable {
        /// Text of the clause open now; `\n` separates paragraphs.
        case text(String)
        case numbered(label: String, text: String, next: String?, line: Int)
        /// A schedule heading; `note` is its "(Made under section …)".
        case schedule(number: Int?, title: String, note: String, line: Int)
        /// A numbered item of a schedule, with the heading run into its text, when one was found.
        case item(SectionNumber, title: String, line: Int)
    }

    private enum Marker {
        case label(String)
        case schedule(number: Int?, title: String, note: String)
        /// `titled`: the words before the item's `(1)` are its heading ("2. Tenure of appointment (1) The…").
        case item(SectionNumber, titled: Bool)
    }

    private struct Cut {
        var start: Int
        var end: Int
        var marker: Marker
    }

    private let characters: [Character]
    /// The source line of each character.
    private let lineOf: [Int]
    private var splitsProvisions: Bool
    private var scheduleOpen: Bool
    private var lastItem: SectionNumber?
    /// After a schedule heading, its first item `1.` may follow the title without punctuation.
    private var awaitingFirstItem = false
    private var subsection: String?
    private var paragraph: String?
    private var subparagraph: String?

    /// - Parameters:
    ///   - lines: the clause's lines; blank lines separate paragraphs.
    ///   - splitsProvisions: false for text that takes no numbered provisions (a long title).
    ///   - scheduleOpen: whether the clause is inside a schedule (items `1.` `2.` run inline there).
    ///   - lastItem: the schedule item open now.
    init(lines: [SourceLine], splitsProvisions: Bool, scheduleOpen: Bool, lastItem: SectionNumber?) {
        var characters: [Character] = []
        var lineOf: [Int] = []
        var pendingBreak = false
        for line in lines {
            if line.isBlank {
                pendingBreak = !characters.isEmpty
                continue
            }
            if !characters.isEmpty {
                characters.append(pendingBreak ? "\n" : " ")
                lineOf.append(line.line)
            }
            pendingBreak = false
            characters += Array(line.text)
            lineOf += Array(repeating: line.line, count: line.text.count)
        }
        self.characters = characters
        self.lineOf = lineOf
        self.splitsProvisions = splitsProvisions
        self.scheduleOpen = scheduleOpen
        self.lastItem = lastItem
    }

    /// The clause's text and provisions, in reading order.
    mutating func events() -> [Event] {
        let cuts = findCuts()
        var events: [Event] = []
        let lead = text(0, cuts.first?.start ?? characters.count)
        if !lead.isEmpty { events.append(.text(lead)) }
        for (index, cut) in cuts.enumerated() {
            let following = index + 1 < cuts.count ? cuts[index + 1] : nil
            let segment = text(cut.end, following?.start ?? characters.count)
            let line = lineOf[cut.start]
            switch cut.marker {
            case let .label(label):
                var next: String?
                if case let .label(nextLabel)? = following?.marker { next = nextLabel }
                events.append(.numbered(label: label, text: segment, next: next, line: line))
            case let .schedule(number, title, note):
                events.append(.schedule(number: number, title: title, note: note, line: line))
                if !segment.isEmpty { events.append(.text(segment)) }
            case let .item(number, titled):
                events.append(.item(number, title: titled ? segment : "", line: line))
                if !titled, !segment.isEmpty { events.append(.text(segment)) }
            }
        }
        return events
    }

    private func text(_ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return String(characters[start..<end])
            .components(separatedBy: "\n")
            .map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    private mutating func findCuts() -> [Cut] {
        var cuts: [Cut] = []
        var quoteDepth = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "“" { quoteDepth += 1 } else if character == "”" { quoteDepth = max(0, quoteDepth - 1) }
            // Provisions start at the start of a word, outside quotations.
            guard quoteDepth == 0, index == 0 || characters[index - 1].isWhitespace else {
                index += 1
                continue
            }
            let boundary = isBoundary(before: index)
            if boundary, character.isUppercase, let (number, title, note, end) = scheduleHeading(at: index) {
                cuts.append(Cut(start: index, end: end, marker: .schedule(number: number, title: title, note: note)))
                scheduleOpen = true
                lastItem = nil
                awaitingFirstItem = true
                splitsProvisions = false
                index = end
                continue
            }
            if scheduleOpen, character.isNumber, let (number, end) = item(at: index),
               boundary || (awaitingFirstItem && number.value == 1) {
                cuts.append(Cut(start: index, end: end, marker: .item(number, titled: false)))
                lastItem = number
                awaitingFirstItem = false
                splitsProvisions = true
                (subsection, paragraph, subparagraph) = (nil, nil, nil)
                index = end
                continue
            }
            if splitsProvisions, let (label, end) = label(at: index) {
                let afterHeading = !boundary && label == "1" && subsection == nil && itemHeadingEnds(at: index, in: cuts)
                if boundary || afterHeading, accept(label, after: end) {
                    if afterHeading, case let .item(number, _) = cuts[cuts.count - 1].marker {
                        cuts[cuts.count - 1].marker = .item(number, titled: true)
                    }
                    cuts.append(Cut(start: index, end: end, marker: .label(label)))
                    index = end
                    continue
                }
            }
            index += 1
        }
        return cuts
    }

    // MARK: Boundaries

    /// Whether the text before `index` ends where a provision may start.
    private func isBoundary(before index: Int) -> Bool {
        var position = index - 1
        while position >= 0, characters[position].isWhitespace {
            if characters[position] == "\n" { return true }
            position -= 1
        }
        guard position >= 0 else { return true }
        // "…; and (d)", "…; or (b)", "…; na (d)", "…; au (b)"; never ", and (d)", which is how
        // "paragraphs (c), and (d)" refers to provisions.
        var wordStart = position
        while wordStart >= 0, characters[wordStart].isLetter { wordStart -= 1 }
        if wordStart < position, ["and", "or", "na", "au"].contains(String(characters[(wordStart + 1)...position]).lowercased()) {
            var before = wordStart
            while before >= 0, characters[before].isWhitespace { before -= 1 }
            return before >= 0 && characters[before] == ";"
        }
        return ".;:—–-]”\"".contains(characters[position])
    }

    // MARK: Labels

    /// `(1)`, `(2A)`, `(a)`, `(iv)`, or `a)` as some texts print paragraphs.
    private func label(at index: Int) -> (String, Int)? {
        var position = index
        let parenthesised = characters[position] == "("
        if parenthesised { position += 1 }
        let start = position
        while position < characters.count, position - start < 5, characters[position].isLetter || characters[position].isNumber {
            position += 1
        }
        guard position < characters.count, characters[position] == ")", position > start else { return nil }
        let label = String(characters[start..<position])
        let end = position + 1
        guard end == characters.count || characters[end].isWhitespace || characters[end] == "“" else { return nil }
        let isNumber = label.first!.isNumber
        if isNumber {
            guard parenthesised, label.count <= 4, label.dropFirst().allSatisfy({ $0.isNumber || $0.isUppercase }),
                  label.prefix(while: \.isNumber).count >= label.count - 1
            else { return nil }
        } else {
            // `a)` without its opening bracket only for plain letters, never roman numerals like `ii)`.
            guard label.count <= 4, label.allSatisfy({ $0.isLowercase && $0.isASCII }),
                  parenthesised || label.count == 1
            else { return nil }
        }
        return (label, end)
    }

    /// Whether `label` is the one expected next; if so, it becomes the open provision.
    private mutating func accept(_ label: String, after end: Int) -> Bool {
        if label.first!.isNumber {
            guard let number = SectionNumber(label) else { return false }
            let expected = subsection.flatMap(SectionNumber.init).map { number.follows($0) } ?? (label == "1")
            guard expected else { return false }
            (subsection, paragraph, subparagraph) = (label, nil, nil)
            return true
        }
        if let paragraph, label == Self.nextLetters(after: paragraph, capital: false) {
            // `(i)` after `(h)` is the ninth paragraph, unless `(ii)` follows it.
            if label == "i", nextLabel(after: end) == "ii" {
                subparagraph = "i"
                return true
            }
            (self.paragraph, subparagraph) = (label, nil)
            return true
        }
        if paragraph != nil, let value = Numbering.romanValue(label) {
            let expected = subparagraph.flatMap(Numbering.romanValue).map { $0 + 1 } ?? 1
            guard value == expected, label == label.lowercased() else { return false }
            subparagraph = label
            return true
        }
        // A list starts with `(a)`; a second `(a)` under the same provision is a reference or a
        // quotation, never a new list (it would repeat a clause number).
        if label == "a", paragraph == nil {
            (paragraph, subparagraph) = ("a", nil)
            return true
        }
        return false
    }

    /// The next label written at a boundary after `index`, accepted or not.
    private func nextLabel(after index: Int) -> String? {
        var position = index
        while position < characters.count {
            if characters[position] == "(", isBoundary(before: position), let (label, _) = label(at: position) { return label }
            position += 1
        }
        return nil
    }

    /// `b` after `a`, `aa` after `z`; with `capital`, `B` after `A` and `A` after nothing.
    static func nextLetters(after letters: String, capital: Bool) -> String? {
        let first: Character = capital ? "A" : "a"
        let last: Character = capital ? "Z" : "z"
        guard !letters.isEmpty else { return String(first) }
        guard let character = letters.last, character.isLetter, let scalar = character.unicodeScalars.first else { return nil }
        if character == last { return String(repeating: String(first), count: letters.count + 1) }
        guard letters.allSatisfy({ $0 == character }), let next = Unicode.Scalar(scalar.value + 1) else { return nil }
        return String(repeating: String(Character(next)), count: letters.count)
    }

    // MARK: Schedules

    nonisolated(unsafe) private static let scheduleHeadingPattern =
        /^(?i:(?:the\s+)?(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?schedule|jedwali\s+la\s+[a-z]+(?:\s+na\s+[a-z]+)?)\b/
    nonisolated(unsafe) private static let scheduleNotePattern = /\((?i:made\s+under|under\s+section|imetengenezwa|limetengenezwa)|\[/

    /// A schedule heading written inline, as text taken from a web page has it: "… [Cap.442]
    /// Schedule (Made under section 7(5)) Proceedings of the Board 1. Election …". It must be
    /// followed by a "(Made under …)" note, an editorial note or a first item, so "Schedule" starting
    /// an ordinary sentence is not one. Returns the number, the title, the notes, and where the
    /// heading ends (at the first item, or after the keyword when no title can be told apart).
    private func scheduleHeading(at index: Int) -> (Int?, String, String, Int)? {
        let window = String(characters[index..<min(characters.count, index + 400)])
        guard let match = window.prefixMatch(of: Self.scheduleHeadingPattern),
              case let .schedule(number, _) = HeadingClassifier.classify(String(match.output))
        else { return nil }
        let afterKeyword = index + match.output.count
        let rest = String(characters[afterKeyword..<min(characters.count, afterKeyword + 300)])
        let firstItem = rest.firstRange(of: /\s1\.\s/).map { rest.distance(from: rest.startIndex, to: $0.lowerBound) }
        guard firstItem != nil || rest.contains(Self.scheduleNotePattern) else { return nil }
        let heading = String(rest.prefix(firstItem ?? rest.count))
        var notes: [String] = []
        var title = heading
        for note in heading.matches(of: /\((?i:made\s+under|under\s+section|imetengenezwa|limetengenezwa)(?:[^()]|\([^()]*\))*\)|\[[^\]]*\]/) {
            notes.append(String(note.output))
            title = title.replacingOccurrences(of: String(note.output), with: " ")
        }
        title = PageLayout.collapse(Substring(title)).trimmingCharacters(in: CharacterSet(charactersIn: " —–-:."))
        guard title.count <= 150, firstItem != nil || !notes.isEmpty else { return (number, "", "", afterKeyword) }
        return (number, title, notes.joined(separator: " "), afterKeyword + heading.count)
    }

    /// A schedule item: `N.` numbered after the last one (one missing number is forgiven), or
    /// `N` without its dot when it is exactly the next and a capital follows, as some texts print it.
    private func item(at index: Int) -> (SectionNumber, Int)? {
        var position = index
        while position < characters.count, characters[position].isNumber, position - index < 3 { position += 1 }
        guard position + 1 < characters.count, let number = SectionNumber(String(characters[index..<position])) else { return nil }
        let dotted = characters[position] == "." && characters[position + 1].isWhitespace
        let textStart = dotted ? position + 2 : position + 1
        guard dotted || characters[position] == " ", textStart < characters.count, characters[textStart].isUppercase else { return nil }
        let expected = lastItem.map { number.follows($0) } ?? (number.value == 1)
        let skippedOne = lastItem.map { number.value == $0.value + 2 && number.suffix.isEmpty } ?? false
        return expected || (dotted && skippedOne) ? (number, textStart) : nil
    }

    /// Whether the text between the last cut (a schedule item) and `index` is a heading run into
    /// the text: a few words, no sentence punctuation, a capital after the label.
    private func itemHeadingEnds(at index: Int, in cuts: [Cut]) -> Bool {
        guard let last = cuts.last, case .item = last.marker else { return false }
        let lead = String(characters[last.end..<index]).trimmingSpaces()
        let after = characters[min(characters.count - 1, index + 4)...].first { !$0.isWhitespace }
        return !lead.isEmpty && lead.split(separator: " ").count <= 10 && !lead.contains(where: { ".;:,—–\n".contains($0) })
            && lead.first?.isUppercase == true && after?.isUppercase == true
    }
}
