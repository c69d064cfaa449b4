import Foundation
import SinmunRead
import SinmunStore

/// Finds a topic's most typical sentences: in the documents that weigh most on the topic, the
/// sentence holding the most of the topic's top terms (each counted by its weight in the topic,
/// in any form the index saw it printed in), one sentence per document.
struct TopicExamples {
    /// A top term of a topic as the sentences are searched for it.
    struct Term {
        /// The forms it was printed in.
        var forms: [String]
        /// `ko` or `en`.
        var lang: String
        /// Its weight in the topic.
        var weight: Double
    }

    private let texts: [Int64: (date: String?, title: String, body: String)]
    /// Sentences per article, split once and kept for the next topic.
    private var sentences: [Int64: [String]] = [:]

    init(store: some TermIndexBackend, articles: Set<Int64>) throws {
        var texts: [Int64: (date: String?, title: String, body: String)] = [:]
        for article in try store.articleTexts(articles) {
            texts[article.id] = (article.date, article.title, article.body)
        }
        self.texts = texts
    }

    /// Up to `limit` sentences from `documents` (heaviest on the topic first), the best-scoring
    /// sentence of each; sentences holding fewer than two top terms are taken only when too few
    /// hold two.
    mutating func sentences(in documents: [Int64], terms: [Term], limit: Int) -> [KeynessRow.Example] {
        let terms = terms.map { term in
            Term(
                forms: term.forms.filter { !$0.isEmpty }.sorted { $0.count > $1.count }, lang: term.lang,
                weight: term.weight)
        }
        var found: [(example: KeynessRow.Example, hits: Int)] = []
        for id in documents where found.filter({ $0.hits >= 2 }).count < limit {
            guard let text = texts[id] else { continue }
            let split = sentences[id] ?? SentenceSplitter.sentenceStrings(text.title + "\n" + text.body)
            sentences[id] = split
            var best: (score: Double, hits: Int, sentence: String, match: Range<Int>?)?
            for sentence in split where !found.contains(where: { $0.example.sentence == sentence }) {
                let (score, hits, match) = Self.score(sentence, terms)
                if hits > 0, score > best?.score ?? 0 { best = (score, hits, sentence, match) }
            }
            guard let best else { continue }
            let example = KeynessRow.Example(
                date: text.date, title: text.title, sentence: best.sentence, match: best.match)
            found.append((example, best.hits))
        }
        let strong = found.filter { $0.hits >= 2 }
        let weak = found.filter { $0.hits < 2 }
        return (strong + weak).prefix(limit).map(\.example)
    }

    /// The summed weight and number of the top terms `sentence` holds, and where the heaviest is.
    static func score(_ sentence: String, _ terms: [Term]) -> (score: Double, hits: Int, match: Range<Int>?) {
        var (score, hits, match): (Double, Int, Range<Int>?) = (0, 0, nil)
        for term in terms {
            guard let range = term.forms.lazy.compactMap({ KeynessExamples.find($0, in: sentence, term.lang) }).first
            else { continue }
            score += term.weight
            hits += 1
            if match == nil {
                let start = sentence.utf8.distance(from: sentence.startIndex, to: range.lowerBound)
                match = start..<sentence.utf8.distance(from: sentence.startIndex, to: range.upperBound)
            }
        }
        return (score, hits, match)
    }
}
