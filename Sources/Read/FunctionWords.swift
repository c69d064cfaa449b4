/// English function words: articles, pronouns, prepositions, conjunctions, auxiliaries and a
/// few adverbs that carry grammar, not content.
///
/// The term index keeps them (a count is a count), and discovery leaves them out by default:
/// "the" and "of" are key in any English scope compared with a Korean one, and say nothing
/// about discourse. Korean needs no list: only content tags are indexed
/// (``TermExtraction/contentTags``).
public enum FunctionWords {
    /// Stems (as the index keys them: lower case, Harman's S-stemmer applied) of English function words.
    public static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "doe",
        "does", "doing", "down", "during", "each", "either", "every", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself",
        "neither", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
        "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "thu", "thus",
        "to", "too", "under", "until", "up", "upon", "very", "wa", "was", "we", "were", "what", "when", "where",
        "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would",
        "yet", "you", "your", "yours", "yourself", "yourselves", "s", "t",
    ]

    /// Whether a term key of the index (`en:the`) is an English function word.
    public static func isFunctionWord(key: String) -> Bool {
        key.hasPrefix("en:") && english.contains(String(key.dropFirst(3)))
    }
}
