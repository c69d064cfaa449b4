import Foundation
import SinmunCode
import SinmunStore

/// What was new in each period of a scope: the terms that surge against every earlier period,
/// and the terms printed for the first time.
public struct EmergingTerms: Codable, Sendable {
    /// One period's surging and new terms.
    public struct PeriodTerms: Codable, Sendable {
        /// The period key (`2024-Q4`, `2024-10`, `2019`).
        public var period: String
        /// Analysed articles of the scope in the period.
        public var documents: Int
        /// Analysed articles of the scope before it (the reference).
        public var earlierDocuments: Int
        /// Terms more frequent than in all earlier periods together: keyness rows with the
        /// period as target and the earlier periods as reference, positive G² only.
        public var surging: [KeynessRow]
        /// Terms never seen in the scope before this period, most frequent first (their
        /// `referenceCount` is 0).
        public var new: [KeynessRow]
    }

    /// The scope, as written.
    public var scope: String
    /// The period unit.
    public var period: Period
    /// Articles that cannot be placed in a period of this unit (dated only by year for months
    /// and quarters, or undated).
    public var unplaced: Int
    /// The periods in order; the first has nothing earlier and serves as the baseline.
    public var periods: [PeriodTerms]
}

extension TermIndexBackend {
    /// Surging and new terms per period of a scope, from the term index.
    public func emergingTerms(
        in scope: Scope, by period: Period, options: KeynessOptions = KeynessOptions(limit: 10)
    ) throws -> EmergingTerms {
        try emergingTerms(in: scope, by: period, options: options, lastOnly: false)
    }

    /// The last period's surging and new terms, against every earlier period of the scope; nil
    /// when the scope's articles all fall in one period. Only that period's lists are computed
    /// (the report's "what changed" shows no other).
    public func latestEmergingTerms(
        in scope: Scope, by period: Period, options: KeynessOptions = KeynessOptions(limit: 10)
    ) throws -> EmergingTerms.PeriodTerms? {
        let all = try emergingTerms(in: scope, by: period, options: options, lastOnly: true)
        return all.periods.last.flatMap { $0.earlierDocuments > 0 ? $0 : nil }
    }

    /// Surging and new terms of every period, or of the last only (`lastOnly`: the others keep
    /// their counts and empty lists).
    private func emergingTerms(
        in scope: Scope, by period: Period, options: KeynessOptions, lastOnly: Bool
    ) throws -> EmergingTerms {
        let rows = try articles(in: scope)
        // Each period's articles in date order, as the counts come.
        var byPeriod: [(key: String, tally: TermTally, articles: [Int64])] = []
        var unplaced = 0
        try forEachTermCounts(of: rows) { row, date, precision, tokens, terms in
            guard let date, period.accepts(precision: precision) else {
                unplaced += 1
                return
            }
            let key = period.key(for: date)
            if byPeriod.last?.key != key { byPeriod.append((key, TermTally(), [])) }
            byPeriod[byPeriod.count - 1].tally.add(tokens: tokens, terms: terms)
            byPeriod[byPeriod.count - 1].articles.append(row)
        }
        guard !byPeriod.isEmpty else {
            throw KeynessError.noAnalysedArticles(scope: scope.description, articles: rows.count)
        }
        // Looked up once, not twice per period.
        let excluded = options.functionWords ? [] : try functionWordIDs()
        var earlier = TermTally()
        var periods: [EmergingTerms.PeriodTerms] = []
        for (index, (key, tally, articles)) in byPeriod.enumerated() {
            var surging: [KeynessRow] = []
            var new: [KeynessRow] = []
            if earlier.documents > 0 && (!lastOnly || index == byPeriod.count - 1) {
                // One finder for both lists: the period's newest articles are read once.
                let examples =
                    options.examples > 0 ? KeynessExamples(store: self, newestFirst: articles.reversed()) : nil
                surging = try keynessRows(
                    target: tally, reference: earlier, examples: examples, options: options, excluded: excluded
                )
                .rows.filter { $0.g2 > 0 }
                new = try newTerms(in: tally, after: earlier, examples: examples, options: options, excluded: excluded)
            }
            periods.append(
                .init(
                    period: key, documents: tally.documents, earlierDocuments: earlier.documents, surging: surging,
                    new: new))
            earlier.add(tally)
        }
        return EmergingTerms(scope: scope.description, period: period, unplaced: unplaced, periods: periods)
    }

    /// Terms of `tally` absent from `earlier` and `excluded`, seen at least `minCount` times, most
    /// frequent first.
    func newTerms(
        in tally: TermTally, after earlier: TermTally, examples: KeynessExamples?, options: KeynessOptions,
        excluded: Set<Int64>
    ) throws -> [KeynessRow] {
        let fresh = tally.terms.filter { id, count in
            earlier.terms[id] == nil && count.tokens >= options.minCount && !excluded.contains(id)
        }
        .sorted { ($0.value.docs, $0.value.tokens, $1.key) > ($1.value.docs, $1.value.tokens, $0.key) }
        let kept = options.limit > 0 ? Array(fresh.prefix(options.limit)) : fresh
        var scored = kept.map { id, count in
            (
                id: id,
                row: KeynessRow.unnamed(
                    count, TermTally.Count(tokens: 0, docs: 0), targetTokens: tally.tokens,
                    referenceTokens: earlier.tokens, options: options)
            )
        }
        // q over the new terms themselves (they were not part of a keyness test).
        let q = KeynessStatistics.benjaminiHochberg(scored.map(\.row.p))
        for index in scored.indices { scored[index].row.q = q[index] }
        return try named(scored, examples: examples, options: options)
    }
}
