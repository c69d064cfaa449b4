import Foundation
import SinmunRead
import SinmunStore

/// Finds the sentences of a scope that use a term, in any of the forms the index saw it
/// printed in: both spellings (로동, 노동) and every inflection (받아들여, 받아들이며), so the
/// examples are as morphology-aware and folded as the counts.
///
/// The articles are searched newest first and read in batches as the terms need them: a
/// period of a large corpus holds tens of thousands of articles, and a term's example is most
/// often in the first few. One finder serves every term of a scope, so its articles are read
/// and split into sentences once.
final class KeynessExamples {
    /// The articles to search, newest first.
    private let order: [Int64]
    /// Reads the texts of some of them (newest first).
    private let read: ([Int64]) throws -> [(id: Int64, date: String?, title: String, body: String)]
    /// The texts read so far, in `order`'s order, and how much of `order` they cover.
    private var articles: [(id: Int64, date: String?, title: String, body: String)] = []
    private var covered = 0
    /// Sentences per article, split once and kept for the next term.
    private var sentences: [Int64: [String]] = [:]
    /// Articles read at a time.
    private let batch: Int

    /// A finder over `articles`, ordered by their dates once read: all are read at the start.
    convenience init(store: some TermIndexBackend, articles: Set<Int64>) throws {
        let texts = try store.articleTexts(articles)
        self.init(order: texts.map(\.id), batch: 1) { _ in [] }
        (self.articles, covered) = (texts, texts.count)
    }

    /// A finder over `newestFirst`, read `batch` articles at a time as the search reaches them.
    convenience init(store: some TermIndexBackend, newestFirst: [Int64], batch: Int = 256) {
        self.init(order: newestFirst, batch: batch) { try store.articleTexts(Set($0)) }
    }

    private init(
        order: [Int64], batch: Int,
        read: @escaping ([Int64]) throws -> [(id: Int64, date: String?, title: String, body: String)]
    ) {
        (self.order, self.batch, self.read) = (order, max(batch, 1), read)
    }

    /// The `index`th article in order, reading the next batch when the search gets there; nil
    /// past the last.
    private func article(_ index: Int) throws -> (id: Int64, date: String?, title: String, body: String)? {
        while index >= articles.count && covered < order.count {
            let next = Array(order[covered..<min(covered + batch, order.count)])
            covered += next.count
            // One batch's texts come back newest first, as `order` lists them.
            articles += try read(next)
        }
        return index < articles.count ? articles[index] : nil
    }

    /// Up to `limit` sentences using one of `forms`, newest article first, one per article.
    func sentences(using forms: [String], lang: String, limit: Int) throws -> [KeynessRow.Example] {
        let forms = forms.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        guard !forms.isEmpty else { return [] }
        var found: [KeynessRow.Example] = []
        var index = 0
        while found.count < limit, let article = try article(index) {
            index += 1
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
