import Foundation

/// A light Kiswahili stemmer (corpus-facts.md §7.1): it strips noun-class prefixes (m-/mi-,
/// ki-/vi-, ji-/ma-, u-), verb subject, tense and negation prefixes, the infinitive ku-, passive
/// and applicative endings, and the locative -ni, so `mfumo`, `mifumo` and `mifumoni` meet at one
/// stem, as do `kusajili`, `usajili`, `imesajiliwa` and `atasajili`.
///
/// Light on purpose: it only has to make inflected forms meet, not find linguistic roots, and it
/// leaves alone any word that does not end in a vowel (Kiswahili words do; English words mostly
/// do not, and acronyms such as GovESB never do).
public enum SwahiliStemmer {
    /// A word's letters as bytes: the stemmer only takes lower-case ASCII words, and byte
    /// comparisons cost a fraction of Character ones for every word of the corpus.
    private typealias Letters = ArraySlice<UInt8>

    private static func isVowel(_ letter: UInt8) -> Bool {
        letter == UInt8(ascii: "a") || letter == UInt8(ascii: "e") || letter == UInt8(ascii: "i")
            || letter == UInt8(ascii: "o") || letter == UInt8(ascii: "u")
    }

    public static func stem(_ word: String) -> String {
        let letters = Array(word.utf8)[...]
        guard letters.count >= 5, letters.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }),
              let last = letters.last, isVowel(last)
        else { return word }
        var stem = letters
        // Locative: serikalini → serikali, mtandaoni → mtandao.
        if stem.count > 7, stem.hasSuffix("ni") { stem = stem.dropLast(2) }
        stem = stripPrefix(stem)
        stem = stripSuffix(stem)
        return stem.count >= 3 ? String(decoding: stem, as: UTF8.self) : word
    }

    /// Verb prefixes (negation, subject, tense, infinitive) and noun-class prefixes.
    private static func stripPrefix(_ word: Letters) -> Letters {
        var stem = word
        // Negation: hai-, hazi-, hawa-, hatu-, ha- followed by a tense marker.
        for negation in ["hazi", "hawa", "hatu", "hai", "ha"] where stem.hasPrefix(negation) {
            let rest = stem.dropFirst(negation.utf8.count)
            if rest.hasPrefix("ta") || rest.hasPrefix("ku") || negation.utf8.count > 2, rest.count >= 5 {
                stem = rest.hasPrefix("ta") ? rest.dropFirst(2) : rest
                return stem
            }
        }
        // Subject + tense: atahakikisha, zitatumika, imesajiliwa, wanatumia, kimeandaliwa.
        for subject in ["wa", "zi", "ki", "vi", "li", "ya", "tu", "a", "i", "u"] where stem.hasPrefix(subject) {
            let rest = stem.dropFirst(subject.utf8.count)
            for tense in ["ta", "na", "me", "li", "ki"] where rest.hasPrefix(tense) && rest.count - 2 >= 4 {
                return rest.dropFirst(2)
            }
        }
        // Infinitive: kusajili, kuhifadhi.
        if stem.hasPrefix("ku"), stem.count >= 6 { return stem.dropFirst(2) }
        // Noun classes.
        if stem.hasPrefix("mi"), stem.count >= 6 { return stem.dropFirst(2) }
        if stem.hasPrefix("mw"), stem.count >= 6 { return stem.dropFirst(2) }
        if stem.hasPrefix("m"), let second = stem.dropFirst().first, !isVowel(second), stem.count >= 5 {
            return stem.dropFirst()
        }
        for prefix in ["ki", "vi", "ma", "ji"] where stem.hasPrefix(prefix) && stem.count >= 6 {
            return stem.dropFirst(2)
        }
        if stem.hasPrefix("u"), let second = stem.dropFirst().first, !isVowel(second), stem.count >= 6 {
            return stem.dropFirst()
        }
        return stem
    }

    /// Passive and applicative endings: sajiliwa → sajili, tumika → tum, chakatwa → chakat.
    private static func stripSuffix(_ word: Letters) -> Letters {
        for suffix in ["ishwa", "eshwa", "iwa", "ewa", "wa", "ika", "eka"] where word.hasSuffix(suffix) && word.count - suffix.utf8.count >= 4 {
            var stem = word.dropLast(suffix.utf8.count)
            // Keep the root's final vowel where the ending replaced it: sajiliwa → sajili.
            if suffix == "wa", let last = stem.last, isVowel(last) { return stem }
            if suffix == "iwa" || suffix == "ewa" { stem.append(UInt8(ascii: "i")) }
            return stem
        }
        return word
    }
}

private extension ArraySlice<UInt8> {
    func hasPrefix(_ prefix: String) -> Bool { starts(with: prefix.utf8) }
    func hasSuffix(_ ending: String) -> Bool { count >= ending.utf8.count && suffix(ending.utf8.count).elementsEqual(ending.utf8) }
}
