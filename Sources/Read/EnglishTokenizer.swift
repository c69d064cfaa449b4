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
        /// Where the word stands in the text tokenized.
        public var range: Range<String.Index>
    }

    /// Words are runs of letters and digits, with an apostrophe or hyphen inside a word kept
    /// (`Kim Jong Un's` → `Kim`, `Jong`, `Un's`; `AI-based` → `AI-based`); a word boundary is
    /// anything else, so `AI` is never found inside `MAIN` or `AIDS`.
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard isWordCharacter(text[index]) else {
                index = text.index(after: index)
                continue
            }
            let start = index
            var end = text.index(after: index)
            while end < text.endIndex {
                let character = text[end]
                if isWordCharacter(character) {
                    end = text.index(after: end)
                } else if character == "'" || character == "’" || character == "-",
                    text.index(after: end) < text.endIndex, isWordCharacter(text[text.index(after: end)])
                {
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
        if w.hasSuffix("s") && !w.hasSuffix("us") && !w.hasSuffix("ss") && !w.hasSuffix("is") && !w.hasSuffix("ws")
            && w.count > 3
        {
            return String(w.dropLast(1))
        }
        return w
    }
}

extension EnglishTokenizer {
    /// English text as word-level tokens (``WordToken``), every character but whitespace
    /// covered: words (`SL`, lemma the lower-cased ``stem(_:)``), numbers (`SN`), and runs of
    /// punctuation (`SF` for sentence ends, `SP` for commas and colons, `SS` for quotes,
    /// brackets and dashes, `SW` for the rest), as NK-HanDic tags Latin text inside Korean.
    public static func wordTokens(_ text: String) -> [WordToken] {
        var tokens: [WordToken] = []
        let utf8 = text.utf8
        func offset(_ index: String.Index) -> Int { utf8.distance(from: utf8.startIndex, to: index) }
        var words = self.tokens(text)[...]
        var index = text.startIndex
        while index < text.endIndex {
            if let word = words.first, word.range.lowerBound == index {
                words = words.dropFirst()
                let isNumber = word.text.allSatisfy { $0.isNumber || $0 == "," || $0 == "." }
                tokens.append(
                    WordToken(
                        surface: String(word.text), lemma: isNumber ? String(word.text) : word.stem,
                        pos: isNumber ? "SN" : "SL", start: offset(word.range.lowerBound),
                        end: offset(word.range.upperBound)))
                index = word.range.upperBound
                continue
            }
            let character = text[index]
            let next = text.index(after: index)
            if character.isWhitespace {
                index = next
                continue
            }
            let tag = symbolTag(character)
            // A run of the same kind of symbol is one token (`...`, `--`).
            if let last = tokens.last, last.pos == tag, last.end == offset(index), tag != "SW" {
                tokens[tokens.count - 1].surface.append(character)
                tokens[tokens.count - 1].lemma.append(character)
                tokens[tokens.count - 1].end = offset(next)
            } else {
                tokens.append(
                    WordToken(
                        surface: String(character), lemma: String(character), pos: tag, start: offset(index),
                        end: offset(next)))
            }
            index = next
        }
        return tokens
    }

    static func symbolTag(_ character: Character) -> String {
        switch character {
        case ".", "?", "!", "。": return "SF"
        case ",", ":", ";", "/", "·": return "SP"
        case "\"", "'", "“", "”", "‘", "’", "(", ")", "[", "]", "{", "}", "《", "》", "〈", "〉", "-", "–", "—", "…":
            return "SS"
        default: return "SW"
        }
    }
}
