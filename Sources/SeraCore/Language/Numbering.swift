import Foundation

/// Roman numerals, English and Kiswahili ordinals: the ways legislation numbers Parts and schedules.
public enum Numbering {
    private static let romanValues: [(String, Int)] = [
        ("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90),
        ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1),
    ]

    /// `12` → `XII`. Roman numerals stop at 3999; a larger number (`part 99999999999`, typed or
    /// in a corpus file) stays in digits, since spelling it in M's would take forever.
    public static func roman(_ value: Int) -> String {
        guard (1...3999).contains(value) else { return String(value) }
        var remaining = value
        var result = ""
        for (symbol, amount) in romanValues {
            while remaining >= amount {
                result += symbol
                remaining -= amount
            }
        }
        return result
    }

    /// `xii` or `XII` → 12; nil when the text is not a well-formed numeral.
    public static func romanValue(_ text: String) -> Int? {
        let upper = text.uppercased()
        guard !upper.isEmpty, upper.allSatisfy({ "IVXLCDM".contains($0) }) else { return nil }
        var total = 0
        var rest = Substring(upper)
        for (symbol, amount) in romanValues {
            while rest.hasPrefix(symbol) {
                total += amount
                rest = rest.dropFirst(symbol.count)
            }
        }
        guard rest.isEmpty, roman(total) == upper else { return nil }
        return total
    }

    private static let englishOrdinals = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    ]

    /// `Third` → 3.
    public static func englishOrdinal(_ word: String) -> Int? {
        englishOrdinals.firstIndex(of: word.lowercased()).map { $0 + 1 }
    }

    private static let swahiliUnits = [
        "kwanza": 1, "pili": 2, "tatu": 3, "nne": 4, "tano": 5, "sita": 6, "saba": 7, "nane": 8, "tisa": 9,
    ]

    /// Kiswahili ordinals as legislation writes them: `Kwanza` 1, `Tano` 5, `Kumi na Mbili` 12,
    /// `Ishirini na Moja` 21. Returns nil for anything else.
    public static func swahiliOrdinal(_ phrase: String) -> Int? {
        let words = phrase.lowercased().split(separator: " ").map(String.init).filter { $0 != "ya" && $0 != "la" }
        guard !words.isEmpty else { return nil }
        let tens = ["kumi": 10, "ishirini": 20, "thelathini": 30, "arobaini": 40, "hamsini": 50]
        let cardinals = swahiliUnits.merging(["moja": 1, "mbili": 2]) { first, _ in first }
        if words.count == 1 {
            return swahiliUnits[words[0]] ?? tens[words[0]]
        }
        if words.count == 3, let ten = tens[words[0]], words[1] == "na", let unit = cardinals[words[2]] {
            return ten + unit
        }
        return nil
    }

    /// 5 → `Tano`, 12 → `Kumi na Mbili`: how Kiswahili legislation names Parts and schedules.
    public static func swahiliOrdinalName(_ value: Int) -> String {
        let units = ["", "Kwanza", "Pili", "Tatu", "Nne", "Tano", "Sita", "Saba", "Nane", "Tisa"]
        let cardinals = ["", "Moja", "Mbili", "Tatu", "Nne", "Tano", "Sita", "Saba", "Nane", "Tisa"]
        let tens = ["", "Kumi", "Ishirini", "Thelathini", "Arobaini", "Hamsini"]
        guard value > 0, value < 60 else { return String(value) }
        if value < 10 { return units[value] }
        let ten = tens[value / 10]
        return value % 10 == 0 ? ten : "\(ten) na \(cardinals[value % 10])"
    }

    /// The numeral words a Kiswahili ordinal phrase may contain (for recognising where it ends).
    static let swahiliOrdinalWords: Set<String> = [
        "kwanza", "pili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa", "kumi", "ishirini",
        "thelathini", "arobaini", "hamsini", "na", "moja", "mbili",
    ]
}
