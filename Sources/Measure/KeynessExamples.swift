import Foundation
import SinmunRead
import SinmunStore

/// Finds the sentences of a scope that use a term, in any of the forms the index saw it
/// printed in: both spellings (로동, 노동) and every inflection (받아들여, 받아들이며), so the
/// examples are as morphology-aware and folded as the counts.
struct KeynessExamples {
    private let articles: [(id: Int64, date: String?, title: String, body: String)]
    /// Sentences per article, split once and kept for the next term.
    private var sentences: [Int64: [String]] = [:]

    init(store: some TermIndexBackend, articles: Set<Int64>) throws {
        self.articles = try store.articleTexts(articles)
    }

    /// Up to `limit` sentences using one of `forms`, newest article first, one per article.
    mutating func sentences(using forms: [String], lang: String, limit: Int) -> [KeynessRow.Example] {
        let forms = forms.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        guard !forms.isEmpty else { return [] }
        var found: [KeynessRow.Example] = []
        for article in articles where found.count < limit {
            let split = sentences[article.id] ?? SentenceSplitter.sentenceStrings(article.title + "\n" + article.body)
            sentences[article.id] = split
            for sentence in split where !found.contains(where: { $0.sentence == sentence }) {
                guard let range = forms.lazy.compactMap({ Self.find($0, in: sentence, lang) }).first else { continue }
                let match = sentence.utf8.distance(from: sentence.startIndex, to: range.lowerBound)
                let end = sentence.utf8.distance(from: sentence.startIndex, to: range.upperBound)
                found.append(.init(date: article.date, title: article.title, sentence: sentence, match: match..<end))
                break
            }
        }
        return found
    }

    /// Where `sentence` holds `form`: anywhere for Korean (particles follow a word without a
    /// space), as a whole word, ignoring case, for English.
    static func find(_ form: String, in sentence: String, _ lang: String) -> Range<String.Index>? {
        guard lang == "en" else { return sentence.range(of: form) }
        var start = sentence.startIndex
        while let range = sentence.range(of: form, options: [.caseInsensitive], range: start..<sentence.endIndex) {
            let before =
                range.lowerBound == sentence.startIndex ? nil : sentence[sentence.index(before: range.lowerBound)]
            let after = range.upperBound == sentence.endIndex ? nil : sentence[range.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return range }
            start = range.upperBound
        }
        return nil
    }
}
