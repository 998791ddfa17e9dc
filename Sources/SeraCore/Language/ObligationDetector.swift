import Foundation

/// Tells how strongly a clause binds from its wording, in English and Kiswahili
/// (corpus-facts.md §8). The strongest form found wins: a prohibition, then a duty, then a
/// recommendation, then a power.
public enum ObligationDetector {
    // English: word-bounded, case-insensitive. Run by ICU: see ICUPattern.
    static let englishMustNot = ICUPattern(#"(?i)\b(?:shall\s+not|must\s+not|shall\s+neither|may\s+not|no\s+(?:person|public\s+institution|institution|officer|data\s+controller|controller|processor|one)\s+(?:shall|may)|is\s+prohibited|are\s+prohibited|prohibited\s+from|is\s+not\s+(?:allowed|permitted)|are\s+not\s+(?:allowed|permitted))\b"#)
    static let englishMust = ICUPattern(#"(?i)\b(?:shall|must|is\s+required\s+to|are\s+required\s+to|has\s+a\s+duty|have\s+a\s+duty|is\s+obliged\s+to|are\s+obliged\s+to|mandatory)\b"#)
    static let englishShould = ICUPattern(#"(?i)\b(?:should|is\s+encouraged\s+to|are\s+encouraged\s+to|is\s+recommended|are\s+recommended|ought\s+to)\b"#)
    static let englishMay = ICUPattern(#"(?i)\b(?:may|is\s+entitled\s+to|are\s+entitled\s+to)\b"#)

    // Kiswahili: whole words or verb forms (subject prefix + tense + root).
    static let swahiliMustNot = ICUPattern(#"(?i)\b(?:ni\s+marufuku|marufuku|hairuhusiwi|haziruhusiwi|haruhusiwi|hawaruhusiwi|haitaruhusiwa|hazitaruhusiwa|hataruhusiwa|hawataruhusiwa|bila\s+kuridhiwa|ha(?:i|zi|wa)?ta(?:tumia|fichua|kusanya|chakata|hamisha|tumika|weka|toa|uza|sambaza|funga|fanya)\w*)\b"#)
    static let swahiliMust = ICUPattern(#"(?i)\b(?:lazima|ni\s+lazima|wajibu|\w{0,4}hakikisha|\w{1,5}paswa|\w{1,5}takiwa|\w{1,4}elekezwa|\w{1,4}agizwa|\w{1,4}lazimika)\b"#)
    static let swahiliShould = ICUPattern(#"(?i)\b(?:\w{1,4}shauriwa|\w{1,4}himizwa|\w{1,4}pendekezwa|inafaa|zinafaa|ingefaa)\b"#)
    static let swahiliMay = ICUPattern(#"(?i)\b(?:a|i|wa|zi|u|ki|vi|li|ya)(?:na|ta)?weza\b"#)
    /// Negated duties ("is not obliged") are exemptions, not duties.
    static let swahiliExemption = ICUPattern(#"(?i)\bha(?:i|zi|wa)?(?:ta)?lazimika\b"#)

    /// Every pattern above, for the tests that compare ICU with Swift's regex engine.
    static let patterns = [
        englishMustNot, englishMust, englishShould, englishMay,
        swahiliMustNot, swahiliMust, swahiliShould, swahiliMay, swahiliExemption,
    ]

    // Words every match of the pattern above it contains: a text without any skips that regex
    // (see LiteralGate; keep these in step with the patterns).
    private static let englishMustNotGate = LiteralGate(["not"], ["neither"], ["prohibited"], ["\\bno", "shall"], ["\\bno", "may"])
    private static let englishMustGate = LiteralGate(["shall"], ["must"], ["required"], ["duty"], ["obliged"], ["mandatory"])
    private static let englishShouldGate = LiteralGate(["should"], ["encouraged"], ["recommended"], ["ought"])
    private static let englishMayGate = LiteralGate(["may"], ["entitled"])
    private static let swahiliMustNotGate = LiteralGate(
        ["marufuku"], ["ruhusiwi"], ["ruhusiwa"], ["kuridhiwa"], ["tatumia"], ["tafichua"], ["takusanya"], ["tachakata"],
        ["tahamisha"], ["tatumika"], ["taweka"], ["tatoa"], ["tauza"], ["tasambaza"], ["tafunga"], ["tafanya"])
    private static let swahiliMustGate = LiteralGate(
        ["lazima"], ["wajibu"], ["hakikisha"], ["paswa"], ["takiwa"], ["elekezwa"], ["agizwa"], ["lazimika"])
    private static let swahiliShouldGate = LiteralGate(["shauriwa"], ["himizwa"], ["pendekezwa"], ["inafaa"], ["ingefaa"])
    private static let swahiliMayGate = LiteralGate(["weza"])
    private static let swahiliExemptionGate = LiteralGate(["lazimika"])

    nonisolated(unsafe) private static let address = /(?:https?:\/\/|www\.)\S+/

    /// A source address is no wording: "…/taasisi-za-umma-zatakiwa-…" in a URL states no duty.
    static func withoutAddresses(_ text: String) -> String {
        guard text.contains("://") || text.contains("www.") else { return text }
        return text.replacing(address, with: " ")
    }

    /// The obligation level of a text.
    public static func detect(_ text: String) -> Obligation {
        detect(text, gated: true)
    }

    /// - Parameter gated: skip the regexes whose words the text lacks: the same answer, sooner
    ///   (tests compare both ways).
    static func detect(_ text: String, gated: Bool) -> Obligation {
        let text = withoutAddresses(text)
        guard !text.isEmpty else { return .none }
        let folded = FoldedText(text)
        func has(_ pattern: ICUPattern, _ gate: LiteralGate) -> Bool {
            (!gated || gate.admits(folded)) && pattern.matches(text)
        }
        if has(englishMustNot, englishMustNotGate) || has(swahiliMustNot, swahiliMustNotGate) { return .mustNot }
        let exempt = has(swahiliExemption, swahiliExemptionGate)
        if has(englishMust, englishMustGate) || (!exempt && has(swahiliMust, swahiliMustGate)) { return .must }
        if has(englishShould, englishShouldGate) || has(swahiliShould, swahiliShouldGate) { return .should }
        if has(englishMay, englishMayGate) || has(swahiliMay, swahiliMayGate) || exempt { return .may }
        return .none
    }
}
