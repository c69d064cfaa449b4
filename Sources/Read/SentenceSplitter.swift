/// Splits Korean and English text into sentences, keeping exact ranges of the original
/// string so evidence can be quoted and highlighted where it stands.
///
/// A sentence ends at `.`, `!`, `?` (and their full-width forms, `。`), optionally followed by
/// closing quotes or brackets (`》 ” ’ " ' ) 」`), when what follows is whitespace or the end
/// of the text; runs without letters (KCNA's end mark `-0-`) are dropped. So
/// `《…였다.》고 말하였다.` is one sentence (the particle 고 follows the
/// quote without a space), and `1.5` or `제９차.` inside a number is not an end. In English,
/// abbreviations (`C.C.`, `WPK`-style acronyms with dots, `Oct.`, `No.`, `Mr.`, single initials)
/// do not end a sentence; `U.S.` does only when a typical sentence opener follows.
public enum SentenceSplitter {
    /// Abbreviations after which a full stop never ends a sentence (lower-cased, without the
    /// final dot).
    public static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "st",
        "mt",
        "no", "nos", "vol", "art", "para", "fig", "p", "pp", "vs", "etc", "approx", "dept", "univ", "assn", "co",
        "corp", "inc", "ltd",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "c.c", "e.g", "i.e", "a.m", "p.m", "d.p.r.k", "u.n", "w.p.k", "k.p.a",
    ]

    /// Dotted abbreviations that may also end a sentence; they do when one of
    /// ``sentenceOpeners`` follows.
    public static let ambiguousAbbreviations: Set<String> = ["u.s", "u.k", "d.c", "u.s.a", "u.s.s.r", "r.o.k"]

    /// Words that commonly begin an English sentence: after an ambiguous abbreviation, one of
    /// them means the sentence ended there (`... the U.S. The ...`).
    public static let sentenceOpeners: Set<String> = [
        "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "In", "On", "At", "As",
        "But", "And", "Such", "There", "Their", "His", "Her", "A", "An", "If", "When", "While", "Meanwhile", "Now",
    ]

    static let closers: Set<Character> = ["》", "”", "’", "\"", "'", ")", "」", "』", "〉", "]", "）"]
    static let terminators: Set<Character> = [".", "!", "?", "。", "！", "？"]

    /// The sentences of `text`, as ranges of it, trimmed of surrounding whitespace; empty for
    /// empty or blank text. Paragraph breaks always end a sentence.
    public static func sentences(in text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        let characters = Array(text.indices)
        var sentenceStart: Int? = nil
        var i = 0
        func close(at endExclusive: Int) {
            guard let start = sentenceStart else { return }
            var end = endExclusive
            while end > start, text[characters[end - 1]].isWhitespace { end -= 1 }
            if end > start {
                let upper = end < characters.count ? characters[end] : text.endIndex
                // A run without letters (KCNA's end mark "-0-", a stray "…") is not a sentence.
                if text[characters[start]..<upper].contains(where: \.isLetter) {
                    result.append(characters[start]..<upper)
                }
            }
            sentenceStart = nil
        }
        while i < characters.count {
            let character = text[characters[i]]
            if sentenceStart == nil {
                if !character.isWhitespace { sentenceStart = i }
                i += 1
                continue
            }
            if character.isNewline {
                close(at: i)
                i += 1
                continue
            }
            if terminators.contains(character) {
                var j = i + 1
                while j < characters.count, terminators.contains(text[characters[j]]) { j += 1 }
                while j < characters.count, closers.contains(text[characters[j]]) { j += 1 }
                let atEnd = j >= characters.count
                // `…상기시키였다.그러면서 …`: a Korean full stop with the next sentence glued on (a
                // typesetting slip in the papers) still ends the sentence.
                let glued =
                    !atEnd && character == "." && j == i + 1 && i > 0
                    && Hangul.decompose(text[characters[i - 1]]) != nil && Hangul.decompose(text[characters[j]]) != nil
                if atEnd || glued || text[characters[j]].isWhitespace {
                    if character != "." || endsSentence(text, characters: characters, dot: i, next: j) {
                        close(at: j)
                        i = j
                        continue
                    }
                }
                i = j
                continue
            }
            i += 1
        }
        close(at: characters.count)
        return result
    }

    /// The sentences as strings (convenience for tests and display).
    public static func sentenceStrings(_ text: String) -> [String] {
        sentences(in: text).map { String(text[$0]) }
    }

    /// Whether the full stop at `dot` (followed by whitespace at `next`) ends a sentence.
    static func endsSentence(_ text: String, characters: [String.Index], dot: Int, next: Int) -> Bool {
        // The word before the dot, dots inside it kept ("U.S", "C.C", "Oct").
        var start = dot
        while start > 0 {
            let previous = text[characters[start - 1]]
            if previous.isLetter || previous.isNumber || previous == "." { start -= 1 } else { break }
        }
        let word = String(text[characters[start]..<characters[dot]])
        guard !word.isEmpty else { return true }
        // Korean sentences end in a syllable (다, 까, 요 ...): always an end.
        if let last = word.last, Hangul.decompose(last) != nil { return true }
        // A number before the dot ("2024.1.2.", "No. 3"): an end only at the text's end.
        if word.last?.isNumber == true {
            if next >= characters.count { return true }
            return !word.contains(".") && nextWordStartsUpper(text, characters: characters, from: next)
        }
        let lower = word.lowercased()
        if abbreviations.contains(lower) { return false }
        // A single letter is an initial ("J. Smith").
        if word.count == 1, word.first?.isUppercase == true { return false }
        if ambiguousAbbreviations.contains(lower) {
            return next >= characters.count
                || sentenceOpeners.contains(nextWord(text, characters: characters, from: next))
        }
        // Other dotted acronyms ("E.U", "A.I") behave like U.S.
        if lower.contains(".") && word.allSatisfy({ $0.isUppercase || $0 == "." }) {
            return next >= characters.count
                || sentenceOpeners.contains(nextWord(text, characters: characters, from: next))
        }
        return true
    }

    static func nextWord(_ text: String, characters: [String.Index], from: Int) -> String {
        var i = from
        while i < characters.count, text[characters[i]].isWhitespace { i += 1 }
        var word = ""
        while i < characters.count, text[characters[i]].isLetter {
            word.append(text[characters[i]])
            i += 1
        }
        return word
    }

    static func nextWordStartsUpper(_ text: String, characters: [String.Index], from: Int) -> Bool {
        nextWord(text, characters: characters, from: from).first?.isUppercase == true
    }
}
