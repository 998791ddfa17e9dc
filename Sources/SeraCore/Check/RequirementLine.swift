import Foundation

/// The one-line requirement a checklist shows for a clause.
enum RequirementLine {
    /// Longer lines are cut at a word with "…": `sera show REF` prints the whole clause.
    static let maximumLength = 320

    /// The first sentence that states the clause's duty (usually the first sentence; in a
    /// directive it follows a line of context). A lead-in that ends in ":" is followed by its
    /// points: "…shall: (a) give e-GA the project details…; (b) form a competent project team".
    /// A paragraph that continues its parent's lead-in ("the categories of data that may not be
    /// sent…") starts with that lead-in, so the line reads on its own.
    static func summary(of clause: Clause, children: [Clause], parent: Clause? = nil) -> String {
        // Addresses are not wording: a Kiswahili verb inside a URL must not pick the sentence.
        let sentences = Sentences.split(clause.text).map { $0.replacing(/\s*(?:Source:\s*)?https?:\/\/\S+/, with: "") }.filter { !$0.isEmpty }
        var line = sentences.first { ObligationDetector.detect($0) == clause.obligation } ?? sentences.first ?? clause.heading
        if line.first?.isLowercase == true, let parent, let leadIn = Sentences.split(parent.text).last, leadIn.hasSuffix(":") {
            line = leadIn + " " + clause.label + " " + line
        }
        if line.hasSuffix(":") {
            let points = children.filter { !$0.text.isEmpty }.map { child -> String in
                let first = Sentences.split(child.text).first ?? ""
                let point = first.trimmingCharacters(in: CharacterSet(charactersIn: ";.,").union(.whitespaces))
                // A point that is itself a lead-in keeps its colon; its own points stay behind "…".
                return child.label + " " + point + (point.hasSuffix(":") ? " …" : "")
            }
            if !points.isEmpty { line += " " + points.joined(separator: "; ") }
        }
        return shorten(line)
    }

    static func shorten(_ text: String) -> String {
        guard text.count > maximumLength else { return text }
        let cut = text.prefix(maximumLength - 1)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord.trimmingCharacters(in: CharacterSet(charactersIn: ";,:").union(.whitespaces)) + " …"
    }
}

/// Splits running text into sentences without breaking at "No.", "Cap.", "s.", "e.g." or a
/// decimal number.
enum Sentences {
    /// Words that end in a full stop without ending a sentence (compared lower-case, without the stop).
    static let abbreviations: Set<String> = [
        "no", "na", "nos", "cap", "s", "ss", "sec", "reg", "regs", "art", "para", "paras", "e.g", "i.e", "etc", "cf", "vs",
        "mr", "mrs", "ms", "dr", "eng", "prof", "hon", "mhe", "st", "gn", "r.e", "p", "pp", "vol",
    ]

    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        for paragraph in text.components(separatedBy: "\n") {
            let characters = Array(paragraph)
            var start = 0
            var index = 0
            while index < characters.count {
                let character = characters[index]
                if ".!?".contains(character), endsSentence(characters, at: index) {
                    sentences.append(String(characters[start...index]))
                    start = index + 1
                }
                index += 1
            }
            if start < characters.count { sentences.append(String(characters[start...])) }
        }
        return sentences.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// Whether the stop at `index` ends a sentence: a space follows, then a capital, a digit or
    /// an opening bracket or quote, and the word before it is no abbreviation.
    private static func endsSentence(_ characters: [Character], at index: Int) -> Bool {
        guard index + 2 < characters.count, characters[index + 1] == " " else { return false }
        let next = characters[index + 2]
        guard next.isUppercase || next.isNumber || "(\"'“‘".contains(next) else { return false }
        guard characters[index] == "." else { return true }
        var wordStart = index
        while wordStart > 0, !characters[wordStart - 1].isWhitespace, characters[wordStart - 1] != "(" { wordStart -= 1 }
        let word = String(characters[wordStart..<index]).lowercased()
        return !abbreviations.contains(word)
    }
}
