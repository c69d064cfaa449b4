/// The terms a text contributes to the term index, from its word-level tokens.
///
/// A term is a content word under a key that both spellings and every inflection share:
/// - Korean: the lemma and its Sejong tag, the lemma folded to South Korean spelling so that
///   `로동` and `노동` are one term (`ko:노동/NNG`), while the printed form is kept beside it;
///   nouns, proper nouns, verbs, adjectives, adverbs, roots, foreign words and Hanja.
/// - Compounds printed as one word: a run of nouns (with noun suffixes such as `적`)
///   without a space is also counted whole and by its runs of two to four parts —
///   `인공지능기술` gives `인공`, `지능`, `기술`, `인공지능`, `지능기술` and `인공지능기술`;
///   `국가적관리` gives `국가적관리`.
/// - Verbs and adjectives derived with `하다`, `되다`, `시키다` (`강조` + `하였다`) are also
///   counted as the derived word (`강조하다`, VV), so `lemma:강조하다` finds `강조하였다`.
/// - English: the lower-cased stem (`en:drone`); numbers and symbols are not terms.
public enum TermExtraction {
    /// One occurrence of a term.
    public struct Occurrence: Sendable, Hashable {
        /// The folded key (`ko:노동/NNG`, `en:drone`).
        public var key: String
        /// The lemma as the text spells it (`로동`).
        public var lemma: String
        /// The lemma in the one spelling keys use (``foldedLemma(_:)``: `노동`).
        public var fold: String
        /// The Sejong tag (`SL` for English).
        public var pos: String
        /// The words as printed (`로동을` has the form `로동`; `받아들여` is its own form).
        public var form: String
        /// UTF-8 byte range of the tokens it was read from.
        public var range: Range<Int>
    }

    /// Tags counted as terms.
    public static let contentTags: Set<String> = ["NNG", "NNP", "VV", "VA", "MAG", "XR", "SL", "SH"]

    /// The key of a lemma: the language, the lemma folded to one spelling, and (for Korean)
    /// the tag. Latin words (`SL`, the only content tag English text has) are English terms
    /// wherever they stand, so `AI` in a Korean article counts with `AI` in an English one.
    public static func key(lemma: String, pos: String) -> String { key(fold: foldedLemma(lemma), pos: pos) }

    /// The key of a lemma already folded.
    static func key(fold: String, pos: String) -> String { pos == "SL" ? "en:" + fold : "ko:" + fold + "/" + pos }

    /// A Korean lemma in the one spelling keys use (South Korean, as
    /// ``OrthographyFolding/southernForm(_:)`` gives it); other text lower-cased.
    public static func foldedLemma(_ lemma: String) -> String {
        guard lemma.unicodeScalars.contains(where: Hangul.isSyllable) else { return lemma.lowercased() }
        return folds.value(for: lemma) { OrthographyFolding.southernForm(lemma) }
    }

    /// Folded lemmas already computed, shared by all threads: a corpus has some 10⁵ distinct
    /// lemmas and folding each anew was a fifth of `analyze`'s time.
    static let folds = SharedCache<String, String>(limit: 500_000)

    /// Every term occurrence of an analysed text, in text order (compounds after their parts).
    public static func occurrences(_ tokens: [WordToken], text: String) -> [Occurrence] {
        var result: [Occurrence] = []
        func add(_ lemma: String, _ pos: String, form: String, range: Range<Int>) {
            let fold = foldedLemma(lemma)
            result.append(
                Occurrence(key: key(fold: fold, pos: pos), lemma: lemma, fold: fold, pos: pos, form: form, range: range)
            )
        }
        func printed(_ start: Int, _ end: Int) -> String { text.utf8Slice(start..<end) }
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if contentTags.contains(token.pos), token.lemma.contains(where: { $0.isLetter }) {
                add(
                    token.lemma, token.pos, form: token.pos.hasPrefix("V") ? token.surface : token.lemma,
                    range: token.start..<token.end)
            }
            guard token.isNoun || token.pos == "XR" else {
                index += 1
                continue
            }
            // The word this token starts: following tokens with no space between.
            var run = [token]
            var next = index + 1
            while token.isNoun, next < tokens.count, tokens[next].start <= run.last!.end,
                tokens[next].isNoun || tokens[next].pos == "XSN"
            {
                run.append(tokens[next])
                next += 1
            }
            if token.isNoun, run.count >= 2 { addCompounds(run, add: add, printed: printed) }
            // A derived verb or adjective: the noun or root just before 하다/되다/시키다.
            if next < tokens.count, tokens[next].start <= run.last!.end,
                tokens[next].pos == "XSV" || tokens[next].pos == "XSA",
                let last = run.last, last.isNoun || last.pos == "XR"
            {
                add(
                    last.lemma + tokens[next].lemma, tokens[next].pos == "XSV" ? "VV" : "VA",
                    form: printed(last.start, tokens[next].end),
                    range: last.start..<tokens[next].end)
            }
            for part in run.dropFirst() where contentTags.contains(part.pos) {
                add(part.lemma, part.pos, form: part.lemma, range: part.start..<part.end)
            }
            index = next
        }
        return result
    }

    /// Runs of two to four parts starting with a noun, and the whole run.
    static func addCompounds(
        _ run: [WordToken], add: (String, String, String, Range<Int>) -> Void, printed: (Int, Int) -> String
    ) {
        var seen = Set<Range<Int>>()
        func emit(_ range: Range<Int>) {
            guard range.count >= 2, seen.insert(range).inserted, run[range.lowerBound].isNoun else { return }
            let parts = run[range]
            let head = parts.last(where: \.isNoun)?.pos ?? "NNG"
            add(
                parts.map(\.lemma).joined(), parts.last!.isNoun ? head : "NNG",
                printed(parts.first!.start, parts.last!.end),
                parts.first!.start..<parts.last!.end)
        }
        for length in 2...min(4, run.count) {
            for start in 0...(run.count - length) { emit(start..<(start + length)) }
        }
        if run.count > 4 { emit(0..<min(run.count, 12)) }
    }
}
