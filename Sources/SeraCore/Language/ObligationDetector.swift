import Foundation

/// Tells how strongly a clause binds from its wording, in English and Kiswahili
/// (corpus-facts.md §8). The strongest form found wins: a prohibition, then a duty, then a
/// recommendation, then a power.
public enum ObligationDetector {
    // English: word-bounded, case-insensitive.
    nonisolated(unsafe) private static let englishMustNot =
        /(?i)\b(?:shall\s+not|must\s+not|shall\s+neither|may\s+not|no\s+(?:person|public\s+institution|institution|officer|data\s+controller|controller|processor|one)\s+(?:shall|may)|is\s+prohibited|are\s+prohibited|prohibited\s+from|is\s+not\s+(?:allowed|permitted)|are\s+not\s+(?:allowed|permitted))\b/
    nonisolated(unsafe) private static let englishMust =
        /(?i)\b(?:shall|must|is\s+required\s+to|are\s+required\s+to|has\s+a\s+duty|have\s+a\s+duty|is\s+obliged\s+to|are\s+obliged\s+to|mandatory)\b/
    nonisolated(unsafe) private static let englishShould =
        /(?i)\b(?:should|is\s+encouraged\s+to|are\s+encouraged\s+to|is\s+recommended|are\s+recommended|ought\s+to)\b/
    nonisolated(unsafe) private static let englishMay = /(?i)\b(?:may|is\s+entitled\s+to|are\s+entitled\s+to)\b/

    // Kiswahili: whole words or verb forms (subject prefix + tense + root).
    nonisolated(unsafe) private static let swahiliMustNot =
        /(?i)\b(?:ni\s+marufuku|marufuku|hairuhusiwi|haziruhusiwi|haruhusiwi|hawaruhusiwi|haitaruhusiwa|hazitaruhusiwa|hataruhusiwa|hawataruhusiwa|bila\s+kuridhiwa|ha(?:i|zi|wa)?ta(?:tumia|fichua|kusanya|chakata|hamisha|tumika|weka|toa|uza|sambaza|funga|fanya)\w*)\b/
    nonisolated(unsafe) private static let swahiliMust =
        /(?i)\b(?:lazima|ni\s+lazima|wajibu|\w{0,4}hakikisha|\w{1,5}paswa|\w{1,5}takiwa|\w{1,4}elekezwa|\w{1,4}agizwa|\w{1,4}lazimika)\b/
    nonisolated(unsafe) private static let swahiliShould =
        /(?i)\b(?:\w{1,4}shauriwa|\w{1,4}himizwa|\w{1,4}pendekezwa|inafaa|zinafaa|ingefaa)\b/
    nonisolated(unsafe) private static let swahiliMay = /(?i)\b(?:a|i|wa|zi|u|ki|vi|li|ya)(?:na|ta)?weza\b/
    /// Negated duties ("is not obliged") are exemptions, not duties.
    nonisolated(unsafe) private static let swahiliExemption = /(?i)\bha(?:i|zi|wa)?(?:ta)?lazimika\b/

    /// The obligation level of a text.
    public static func detect(_ text: String) -> Obligation {
        guard !text.isEmpty else { return .none }
        if text.contains(englishMustNot) || text.contains(swahiliMustNot) { return .mustNot }
        let exempt = text.contains(swahiliExemption)
        if text.contains(englishMust) || (!exempt && text.contains(swahiliMust)) { return .must }
        if text.contains(englishShould) || text.contains(swahiliShould) { return .should }
        if text.contains(englishMay) || text.contains(swahiliMay) || exempt { return .may }
        return .none
    }
}
