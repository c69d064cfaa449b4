/// English words with their places in the text, lower-cased and lightly stemmed.
public enum EnglishTokenizer {
    /// One word of the text.
    public struct Token: Hashable, Sendable {
        /// The word as written.
        public var text: Substring
        /// Lower-cased.
        public var lower: String
        /// ``stem(_:)`` of the lower-cased word.
        public var stem: String
        public var range: Range<String.Index>
    }

    /// Words are runs of letters and digits, with an apostrophe or hyphen inside a word kept
    /// (`Kim Jong Un's` → `Kim`, `Jong`, `Un's`; `AI-based` → `AI-based`); a word boundary is
    /// anything else, so `AI` is never found inside `MAIN` or `AIDS`.
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard isWordCharacter(text[index]) else { index = text.index(after: index); continue }
            let start = index
            var end = text.index(after: index)
            while end < text.endIndex {
                let character = text[end]
                if isWordCharacter(character) {
                    end = text.index(after: end)
                } else if character == "'" || character == "’" || character == "-",
                          text.index(after: end) < text.endIndex, isWordCharacter(text[text.index(after: end)]) {
                    end = text.index(after: end)
                } else {
                    break
                }
            }
            let word = text[start..<end]
            let lower = word.lowercased()
            tokens.append(Token(text: word, lower: lower, stem: stem(lower), range: start..<end))
            index = end
        }
        return tokens
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        (character.isLetter || character.isNumber) && !(character.unicodeScalars.first.map(Hangul.isHangul) ?? false)
    }

    /// A light stemmer for matching, not linguistics: the possessive `'s`, then Harman's
    /// S-stemmer (`-ies` → `-y`, `-es` → `-e`, `-s` → ``). `drones` → `drone`, `policies` →
    /// `policy`; `news`, `glass`, `status` and `AI` are left alone. Verb endings are kept
    /// (`-ing` and `-ed` rules mangle too many words: `morning`, `based`); codebooks list
    /// inflected forms or use globs.
    public static func stem(_ word: String) -> String {
        var w = word
        if w.hasSuffix("'s") || w.hasSuffix("’s") { w = String(w.dropLast(2)) }
        if w.hasSuffix("ies") && !w.hasSuffix("eies") && !w.hasSuffix("aies") && w.count > 4 {
            return String(w.dropLast(3)) + "y"
        }
        if w.hasSuffix("es") && !w.hasSuffix("aes") && !w.hasSuffix("ees") && !w.hasSuffix("oes") && w.count > 4 {
            return String(w.dropLast(1))
        }
        if w.hasSuffix("s") && !w.hasSuffix("us") && !w.hasSuffix("ss") && !w.hasSuffix("is") && !w.hasSuffix("ws") && w.count > 3 {
            return String(w.dropLast(1))
        }
        return w
    }
}
