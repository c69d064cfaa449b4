import Foundation
import SinmunCode
import SinmunCollect
import SinmunStore

extension TermIndexBackend {
    /// A topic model of the analysed articles of `scope`: NMF on tf-idf of the term index (see
    /// ``DocumentTermMatrix`` and ``NonnegativeMatrixFactorization``), its stability across
    /// random starts, every document's topic and the topics' shares over time.
    public func topics(in scope: Scope, options: TopicOptions = TopicOptions()) throws -> TopicModelResult {
        let rows = try articles(in: scope)
        let documents = try documentTerms(of: rows)
        guard !documents.isEmpty else {
            throw TopicError.noAnalysedArticles(scope: scope.description, articles: rows.count)
        }
        let excluded = options.functionWords ? [] : try functionWordIDs()
        let matrix = DocumentTermMatrix.build(
            documents, excluded: excluded, minDocuments: options.minDocuments,
            maxDocumentShare: options.maxDocumentShare, vocabulary: options.vocabulary)
        let ranks = try TopicModel.ranks(
            options, scope: scope.description, documents: documents.count, terms: matrix.terms.count)
        let seeds = TopicModel.seeds(options.seed, further: options.stabilityRuns)
        let fits = TopicModel.fits(matrix.matrix, ranks: ranks, seeds: seeds, maxIterations: options.maxIterations)
        let stabilities = fits.map(TopicModel.stability)
        let chosen = TopicModel.choose(ranks.indices.map { (ranks[$0], stabilities[$0].mean) })
        let fit = fits[chosen][0]
        let assigned = TopicModel.assignments(fit)
        let order = TopicModel.order(assigned, rank: fit.rank)
        let periods = TopicModel.periods(documents, unit: options.period)
        var topicList = order.enumerated().map { id, topic in
            TopicModel.topic(
                id: id + 1, index: topic, fit: fit, assigned: assigned, periods: periods,
                stability: stabilities[chosen].perTopic[topic])
        }
        try nameTopics(&topicList, order: order, fit: fit, matrix: matrix, documents: documents, options: options)
        let ids = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset + 1) })
        return TopicModelResult(
            scope: scope.description, documents: documents.count, vocabulary: matrix.terms.count, topics: fit.rank,
            seed: options.seed, stability: stabilities[chosen].mean, refits: seeds.count - 1,
            chosenBy: options.topics == nil ? "stability" : "topics",
            candidates: ranks.indices.map { .init(topics: ranks[$0], stability: stabilities[$0].mean) },
            period: periods.unit, periods: periods.keys, undated: periods.undated,
            reconstructionError: fit.relativeError, topicList: topicList,
            assignments: options.assignments
                ? zip(documents, assigned).map { .init(article: $0.uid, topic: ids[$1.topic]!, weight: $1.weight) }
                : nil)
    }

    /// Gives each topic its top terms, its label and its example sentences.
    func nameTopics(
        _ topics: inout [TopicModelResult.Topic], order: [Int], fit: NonnegativeMatrixFactorization,
        matrix: DocumentTermMatrix, documents: [DocumentTerms], options: TopicOptions
    ) throws {
        let top = order.map { TopicModel.topTerms(fit, topic: $0, limit: max(options.terms, 3)) }
        let entries = try termEntries(Array(Set(top.flatMap { $0.map { matrix.terms[$0.column] } })).sorted())
        var examples =
            options.examples > 0 ? try TopicExamples(store: self, articles: Set(documents.map(\.rowID))) : nil
        for (index, topic) in order.enumerated() {
            let terms = top[index].compactMap { column, weight -> (TopicModelResult.Term, TermEntry)? in
                guard let entry = entries[matrix.terms[column]] else { return nil }
                return (.init(term: entry.key, lemma: entry.lemma, pos: entry.pos, weight: weight), entry)
            }
            topics[index].terms = Array(terms.prefix(options.terms).map(\.0))
            topics[index].label = TopicModel.label(terms.map { ($0.1.lemma, $0.1.lang, $0.0.weight) })
            guard examples != nil else { continue }
            let heaviest = (0..<fit.rows).sorted {
                (fit.w[$0 * fit.rank + topic], $1) > (fit.w[$1 * fit.rank + topic], $0)
            }
            topics[index].examples = examples!.sentences(
                in: heaviest.prefix(20).map { documents[$0].rowID },
                terms: terms.map { .init(forms: $0.1.forms, lang: $0.1.lang, weight: $0.0.weight) },
                limit: options.examples)
        }
    }
}

/// The steps of `topics(in:options:)`: fitting on both cores,
/// stability, assignment, order and shares over time.
enum TopicModel {
    /// The numbers of topics to fit, checked against the data.
    static func ranks(_ options: TopicOptions, scope: String, documents: Int, terms: Int) throws -> [Int] {
        let wanted = options.topics.map { [$0] } ?? options.candidates
        for rank in wanted where !(2...50).contains(rank) { throw TopicError.badTopicCount(rank) }
        let possible = wanted.filter { $0 < documents && $0 <= terms }
        guard !possible.isEmpty else {
            throw TopicError.tooFewDocuments(
                scope: scope, documents: documents, terms: terms, topics: wanted.min() ?? 0)
        }
        return options.topics == nil ? Array(Set(possible)).sorted() : wanted
    }

    /// `seed`, then `further` seeds drawn from it.
    static func seeds(_ seed: UInt64, further: Int) -> [UInt64] {
        var generator = SplitMix64(seed: seed)
        return [seed] + (0..<max(0, further)).map { _ in generator.next() }
    }

    /// One fit per rank and seed (`result[rank index][seed index]`), spread over the cores; each
    /// fit is computed alone, so the numbers do not depend on the scheduling.
    static func fits(
        _ x: SparseMatrix, ranks: [Int], seeds: [UInt64], maxIterations: Int
    ) -> [[NonnegativeMatrixFactorization]] {
        let jobs = ranks.flatMap { rank in seeds.map { (rank, $0) } }
        let slots = ResultSlots<NonnegativeMatrixFactorization>(count: jobs.count)
        // The largest ranks first, so that the two cores finish together.
        let schedule = jobs.indices.sorted { (jobs[$0].0, $1) > (jobs[$1].0, $0) }
        DispatchQueue.concurrentPerform(iterations: jobs.count) { turn in
            let job = schedule[turn]
            let fit = NonnegativeMatrixFactorization.fit(
                x, rank: jobs[job].0, seed: jobs[job].1, maxIterations: maxIterations)
            slots.set(job, fit)
        }
        let all = slots.values
        return ranks.indices.map { index in Array(all[(index * seeds.count)..<((index + 1) * seeds.count)]) }
    }

    /// The mean matched cosine similarity of the first fit's topics with each further fit's,
    /// overall and per topic of the first fit (1 when there is no further fit).
    static func stability(_ fits: [NonnegativeMatrixFactorization]) -> (mean: Double, perTopic: [Double]) {
        guard let first = fits.first else { return (1, []) }
        let reference = (0..<first.rank).map(first.factor)
        var perTopic = [Double](repeating: 0, count: first.rank)
        for other in fits.dropFirst() {
            let matched = TopicAlignment.match(reference, (0..<other.rank).map(other.factor))
            for topic in perTopic.indices { perTopic[topic] += matched[topic].cosine }
        }
        guard fits.count > 1 else { return (1, perTopic.map { _ in 1 }) }
        perTopic = perTopic.map { $0 / Double(fits.count - 1) }
        return (perTopic.reduce(0, +) / Double(max(1, perTopic.count)), perTopic)
    }

    /// The index of the most stable candidate; ties (to three decimals) go to the larger number.
    static func choose(_ candidates: [(rank: Int, stability: Double)]) -> Int {
        candidates.indices.max { a, b in
            let (x, y) = ((candidates[a].stability * 1000).rounded(), (candidates[b].stability * 1000).rounded())
            return (x, candidates[a].rank) < (y, candidates[b].rank)
        } ?? 0
    }

    /// Each document's topic (the largest entry of its row of W, the lower index on a tie) and
    /// that entry's share of the row; a row of zeros (no kept term) goes to topic 0 with 1 / rank.
    static func assignments(_ fit: NonnegativeMatrixFactorization) -> [(topic: Int, weight: Double)] {
        (0..<fit.rows).map { row in
            let weights = fit.weights(row: row)
            let total = weights.reduce(0, +)
            var best = 0
            for topic in 0..<fit.rank where weights[weights.startIndex + topic] > weights[weights.startIndex + best] {
                best = topic
            }
            return total > 0 ? (best, weights[weights.startIndex + best] / total) : (0, 1 / Double(fit.rank))
        }
    }

    /// The fit's topics in report order: most documents first, then by index.
    static func order(_ assigned: [(topic: Int, weight: Double)], rank: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: rank)
        for assignment in assigned { counts[assignment.topic] += 1 }
        return (0..<rank).sorted { (counts[$0], $1) > (counts[$1], $0) }
    }

    /// Three top lemmas joined by ` / `, heaviest first, each lemma once. For Korean, where the
    /// index counts a compound and its parts (`김정일동지`, `김정일`, `정일동지`), a lemma inside one
    /// already taken is passed over, and one holding a taken lemma takes its place when it weighs
    /// at least half as much.
    static func label(_ terms: [(lemma: String, lang: String, weight: Double)], count: Int = 3) -> String {
        var taken: [(lemma: String, lang: String, weight: Double)] = []
        for term in terms {
            func nested(_ a: String, in b: String) -> Bool { a == b || (term.lang == "ko" && b.contains(a)) }
            if let index = taken.firstIndex(where: { $0.lang == term.lang && nested($0.lemma, in: term.lemma) }) {
                let part = taken[index]
                if part.lemma != term.lemma, term.weight >= part.weight / 2,
                    !taken.contains(where: {
                        $0.lemma == term.lemma
                    })
                {
                    taken[index] = term
                    taken.removeAll {
                        $0.lemma != term.lemma && $0.lang == term.lang && nested($0.lemma, in: term.lemma)
                    }
                }
            } else if !taken.contains(where: { $0.lang == term.lang && nested(term.lemma, in: $0.lemma) }) {
                if taken.count == count { break }
                taken.append(term)
            }
        }
        return taken.map(\.lemma).joined(separator: " / ")
    }

    /// The `limit` heaviest columns of a topic and their shares of its weight.
    static func topTerms(
        _ fit: NonnegativeMatrixFactorization, topic: Int, limit: Int
    ) -> [(column: Int, weight: Double)] {
        let weights = fit.factor(topic)
        let total = weights.reduce(0, +)
        let top = weights.indices.sorted { (weights[$0], $1) > (weights[$1], $0) }.prefix(limit)
        return top.map { ($0, total > 0 ? weights[$0] / total : 0) }
    }
}
