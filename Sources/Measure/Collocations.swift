import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

/// Multi-word expressions of a set of texts, scored by λ and z as quanteda's
/// `textstat_collocations` scores them (``CollocationStatistics``).
///
/// The texts are read as sentences of content words (lemmas, Korean in one spelling; see
/// `LemmaSequences`): an n-gram is n content words in a row within a sentence, so `인공 지능`
/// and `artificial intelligence` are candidates and nothing spans a particle, an ending,
/// punctuation or an English function word. For each size, one pass over the positions counts
/// every n-gram on every subset of its slots; each candidate's 2ⁿ table then follows by
/// inclusion–exclusion. All sizes are ranked together by z.
public enum Collocations {
    /// The collocations of `texts` (date, title, body and edition language; nil decides by
    /// script), `scope` naming them in the table.
    public static func table(
        of texts: [(date: String?, title: String, body: String, language: String?)], analyzer: WordAnalyzer,
        scope: String, options: CollocationOptions = CollocationOptions()
    ) throws(CollocationError) -> CollocationTable {
        let supported = CollocationOptions.supportedSizes
        guard supported.contains(options.sizes.lowerBound), supported.contains(options.sizes.upperBound) else {
            throw .unsupportedSizes(lower: options.sizes.lowerBound, upper: options.sizes.upperBound)
        }
        guard !texts.isEmpty else { throw .noArticles(scope: scope) }
        let newestFirst = texts.enumerated().sorted {
            ($0.element.date ?? "", $1.offset) > ($1.element.date ?? "", $0.offset)
        }
        let sequences: LemmaSequences
        do {
            sequences = try LemmaSequences(texts: newestFirst.map(\.element), analyzer: analyzer)
        } catch {
            throw .analyzerUnavailable(error)
        }
        var scored: [(row: Collocation, gram: NGramCounts.Gram)] = []
        var positions: [Int: Int] = [:]
        for size in options.sizes {
            let counts = NGramCounts(size: size, documents: sequences.documents)
            positions[size] = counts.positions
            scored += rows(counts, sequences: sequences, minCount: options.minCount)
        }
        scored.sort { ranksBefore($0.row, $1.row) }
        var kept = options.limit > 0 ? Array(scored.prefix(options.limit)) : scored
        if options.examples > 0 {
            for index in kept.indices {
                kept[index].row.examples = examples(
                    of: kept[index].gram, size: kept[index].row.size, in: sequences.documents, limit: options.examples)
            }
        }
        return CollocationTable(
            scope: scope, documents: sequences.documents.count, sentences: sequences.sentences,
            words: sequences.words, positions: positions, options: options, scored: scored.count,
            rows: kept.map(\.row))
    }

    /// Higher z first; then more frequent; then by the printed form and the lemmas.
    static func ranksBefore(_ x: Collocation, _ y: Collocation) -> Bool {
        if x.z != y.z { return x.z > y.z }
        if x.count != y.count { return x.count > y.count }
        if x.collocation != y.collocation { return x.collocation < y.collocation }
        return x.lemmas.lexicographicallyPrecedes(y.lemmas)
    }

    /// The scored rows of one size: every n-gram seen at least `minCount` times.
    static func rows(
        _ counts: NGramCounts, sequences: LemmaSequences, minCount: Int
    ) -> [(row: Collocation, gram: NGramCounts.Gram)] {
        let candidates = counts.candidates.filter { $0.value >= minCount }
        let printed = counts.mostPrinted(Set(candidates.keys))
        return candidates.map { gram, count in
            let cells = counts.cells(of: gram)
            let slots = 0..<counts.size
            let forms = printed[gram] ?? gram
            let row = Collocation(
                collocation: slots.map { sequences.forms[Int(forms[$0])] }.joined(separator: " "),
                lemmas: slots.map { sequences.lemmas[Int(gram[$0])] }, size: counts.size, count: count,
                lambda: CollocationStatistics.lambda(cells: cells), z: CollocationStatistics.z(cells: cells))
            return (row, gram)
        }
    }

    /// Up to `limit` sentences holding the n-gram, newest article first, one per article, the
    /// words marked.
    static func examples(
        of gram: NGramCounts.Gram, size: Int, in documents: [LemmaSequences.Document], limit: Int
    ) -> [KeynessRow.Example] {
        var found: [KeynessRow.Example] = []
        for document in documents where found.count < limit {
            for sentence in document.sentences where !found.contains(where: { $0.sentence == sentence.text }) {
                guard let start = firstPosition(of: gram, size: size, in: sentence.words) else { continue }
                let match = sentence.ranges[start].lowerBound..<sentence.ranges[start + size - 1].upperBound
                found.append(
                    KeynessRow.Example(
                        date: document.date, title: document.title, sentence: sentence.text, match: match))
                break
            }
        }
        return found
    }

    /// Where the n-gram starts in `words`, if it is there.
    static func firstPosition(of gram: NGramCounts.Gram, size: Int, in words: [Int32]) -> Int? {
        guard words.count >= size else { return nil }
        return (0...(words.count - size)).first { start in (0..<size).allSatisfy { words[start + $0] == gram[$0] } }
    }
}

extension TermIndexBackend {
    /// The collocations of the articles in `scope`, read with `analyzer` (Korean needs MeCab
    /// and NK-HanDic; English does not). The term index is not needed: the text is read anew.
    public func collocations(
        in scope: Scope, analyzer: WordAnalyzer, options: CollocationOptions = CollocationOptions()
    ) throws -> CollocationTable {
        let ids = try articles(in: scope)
        guard !ids.isEmpty else { throw CollocationError.noArticles(scope: scope.description) }
        let korean = try articleIDs(filter: ArticleFilter(language: "ko")).intersection(ids)
        let english = try articleIDs(filter: ArticleFilter(language: "en")).intersection(ids)
        let texts = try articleTexts(ids).map { article in
            let language = korean.contains(article.id) ? "ko" : english.contains(article.id) ? "en" : nil
            return (date: article.date, title: article.title, body: article.body, language: language)
        }
        return try Collocations.table(of: texts, analyzer: analyzer, scope: scope.description, options: options)
    }
}
