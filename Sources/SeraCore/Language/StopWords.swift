/// Words that carry no meaning in a query ("how do I host a system", "mfumo wa taasisi"). They
/// are dropped from unquoted queries that keep at least one other word; a quoted phrase keeps them.
public enum StopWords {
    public static let english: Set<String> = [
        "a", "an", "the", "of", "to", "for", "in", "on", "and", "or", "is", "are", "be", "by", "with", "from",
        "at", "as", "it", "its", "this", "that", "these", "my", "our", "how", "what", "which", "who", "do",
        "does", "i", "we", "can", "about", "into", "when", "where", "there", "any", "all", "between",
    ]
    public static let swahili: Set<String> = [
        "ya", "wa", "za", "la", "cha", "vya", "kwa", "katika", "ni", "je", "kwenye", "au", "hii", "hizi",
        "huu", "hiyo", "gani", "vipi", "nini", "kuhusu", "pia", "na", "kati",
    ]

    public static func contains(_ word: String) -> Bool {
        let lower = word.lowercased()
        return english.contains(lower) || swahili.contains(lower)
    }
}
