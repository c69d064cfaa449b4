import Foundation
import SinmunCode
import SinmunRead

/// The texts of a scope as sentences of content words, each word an interned lemma: the
/// sequences collocations are counted in.
///
/// Every title and body is split into sentences (``SentenceSplitter``) and each sentence is
/// read by the word analyser. Content words (``TermExtraction/contentTags``) are kept, Korean
/// lemmas folded to one spelling (`로동`, `노동` → `노동`), English stems lower-cased; anything
/// else (a particle, an ending, a bound noun, punctuation, a number, an English function
/// word) is a break that no n-gram spans; only the apostrophe of a plural possessive
/// (`Workers' Party`) is passed over.
struct LemmaSequences {
    /// A break in a sentence's word ids.
    static let gap: Int32 = -1

    /// One sentence: its text and its words in order, breaks included.
    struct Sentence {
        /// The sentence as printed.
        var text: String
        /// Lemma ids (``LemmaSequences/lemmas``), ``LemmaSequences/gap`` at a break.
        var words: [Int32]
        /// Printed-form ids (``LemmaSequences/forms``), parallel to `words`.
        var forms: [Int32]
        /// Each word's UTF-8 range in `text` (empty at a break).
        var ranges: [Range<Int>]
    }

    /// One article: where it is from and its sentences.
    struct Document {
        /// The article's date; nil when undated.
        var date: String?
        /// The headline.
        var title: String
        /// Title and body, sentence by sentence.
        var sentences: [Sentence]
    }

    /// A word as the analyser read it, before interning.
    private struct Word: Sendable {
        var lemma: String
        var form: String
        var range: Range<Int>
    }

    /// The articles, newest first.
    private(set) var documents: [Document] = []
    /// Lemmas by id: the keys words are counted under.
    private(set) var lemmas: [String] = []
    /// Printed forms by id: what a collocation is shown as.
    private(set) var forms: [String] = []
    /// Content words in all sentences.
    private(set) var words = 0
    /// Sentences in all articles.
    private(set) var sentences = 0

    private var lemmaIDs: [String: Int32] = [:]
    private var formIDs: [String: Int32] = [:]

    /// Reads `texts` (newest first is kept; `language` as the edition gives it, nil decides by
    /// script) on all cores.
    init(
        texts: [(date: String?, title: String, body: String, language: String?)], analyzer: WordAnalyzer
    ) throws(AnalyzerError) {
        let read = Self.readConcurrently(texts, analyzer: analyzer)
        for (text, result) in zip(texts, read) {
            let split: [(String, [Word?])]
            switch result {
            case .success(let value): split = value
            case .failure(let error): throw error
            }
            var document = Document(date: text.date, title: text.title, sentences: [])
            for (sentence, words) in split {
                document.sentences.append(intern(sentence, words))
            }
            sentences += document.sentences.count
            documents.append(document)
        }
    }

    /// Each text's sentences and words, in the texts' order.
    private static func readConcurrently(
        _ texts: [(date: String?, title: String, body: String, language: String?)], analyzer: WordAnalyzer
    ) -> [Result<[(String, [Word?])], AnalyzerError>] {
        ResultSlots.map(count: texts.count, workers: ProcessInfo.processInfo.activeProcessorCount) { index in
            let text = texts[index]
            return Result { () throws(AnalyzerError) in
                try read(text.title + "\n" + text.body, language: text.language, analyzer: analyzer)
            }
        }
    }

    /// The sentences of one article's text, each with its words (nil: a break).
    private static func read(
        _ text: String, language: String?, analyzer: WordAnalyzer
    ) throws(AnalyzerError) -> [(String, [Word?])] {
        var result: [(String, [Word?])] = []
        for sentence in SentenceSplitter.sentenceStrings(text) {
            let tokens = try analyzer.tokens(in: sentence, language: language)
            var words: [Word?] = []
            let first = tokens.firstIndex { $0.pos == "SL" || $0.pos == "SN" || !$0.pos.hasPrefix("S") }
            for index in tokens.indices where !isPluralPossessive(tokens, at: index) {
                var word = word(tokens[index], opensSentence: index == first)
                if index + 1 < tokens.count, isPluralPossessive(tokens, at: index + 1) {
                    word?.form += tokens[index + 1].surface
                    word?.range = tokens[index].start..<tokens[index + 1].end
                }
                words.append(word)
            }
            result.append((sentence, words))
        }
        return result
    }

    /// Whether the token at `index` is the apostrophe of an English plural possessive
    /// (`Workers' Party`), which joins its words rather than breaking them as a quote would.
    static func isPluralPossessive(_ tokens: [WordToken], at index: Int) -> Bool {
        let token = tokens[index]
        guard index > 0, token.surface == "'" || token.surface == "’" else { return false }
        let previous = tokens[index - 1]
        return previous.pos == "SL" && previous.end == token.start && previous.surface.last?.lowercased() == "s"
    }

    /// A token as a word of a sequence, or nil when it breaks one.
    ///
    /// An English word opening a sentence is shown lower-cased (`Ballistic missiles are …`
    /// counts as `ballistic missiles`) unless it is all capitals (`DPRK`).
    private static func word(_ token: WordToken, opensSentence: Bool) -> Word? {
        guard TermExtraction.contentTags.contains(token.pos), token.lemma.contains(where: \.isLetter) else {
            return nil
        }
        let isKorean = token.lemma.unicodeScalars.contains(where: Hangul.isSyllable)
        if isKorean {
            return Word(
                lemma: TermExtraction.foldedLemma(token.lemma), form: token.lemma, range: token.start..<token.end)
        }
        let lemma = token.lemma.lowercased()
        guard !FunctionWords.english.contains(lemma) else { return nil }
        let form =
            opensSentence && token.surface != token.surface.uppercased() ? token.surface.lowercased() : token.surface
        return Word(lemma: lemma, form: form, range: token.start..<token.end)
    }

    /// A sentence with its words given ids.
    private mutating func intern(_ text: String, _ read: [Word?]) -> Sentence {
        var sentence = Sentence(text: text, words: [], forms: [], ranges: [])
        sentence.words.reserveCapacity(read.count)
        for word in read {
            guard let word else {
                if sentence.words.last != Self.gap {
                    sentence.words.append(Self.gap)
                    sentence.forms.append(Self.gap)
                    sentence.ranges.append(0..<0)
                }
                continue
            }
            sentence.words.append(Self.id(of: word.lemma, in: &lemmas, &lemmaIDs))
            sentence.forms.append(Self.id(of: word.form, in: &forms, &formIDs))
            sentence.ranges.append(word.range)
            words += 1
        }
        return sentence
    }

    private static func id(of text: String, in names: inout [String], _ ids: inout [String: Int32]) -> Int32 {
        if let id = ids[text] { return id }
        let id = Int32(names.count)
        names.append(text)
        ids[text] = id
        return id
    }
}
