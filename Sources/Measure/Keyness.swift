import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

/// How a keyness table is computed and how much of it is kept.
public struct KeynessOptions: Sendable {
    /// The statistic the table is sorted by (and whose p-value is `p`).
    public var measure: KeynessMeasure
    /// A continuity correction of G² and χ²; none by default.
    public var correction: KeynessCorrection
    /// Terms with fewer occurrences in target and reference together are not tested.
    public var minCount: Int
    /// How many rows to keep, most key first; 0 keeps every tested term.
    public var limit: Int
    /// Example sentences per kept term, from the target.
    public var examples: Int
    /// Whether English function words (`the`, `of`) are tested too; they are left out by default.
    public var functionWords: Bool

    /// Options with the defaults `sinmun keyness` uses.
    public init(
        measure: KeynessMeasure = .g2, correction: KeynessCorrection = .none, minCount: Int = 5, limit: Int = 30,
        examples: Int = 3, functionWords: Bool = false
    ) {
        self.measure = measure
        self.correction = correction
        self.minCount = minCount
        self.limit = limit
        self.examples = examples
        self.functionWords = functionWords
    }
}

/// One term of a keyness table: the counts anyone can recompute the statistics from, the
/// statistics, and sentences of the target that use it. The JSON keys are a contract.
public struct KeynessRow: Codable, Sendable, Equatable {
    /// A sentence of the target holding the term.
    public struct Example: Codable, Sendable, Equatable {
        /// The article's date; nil when undated.
        public var date: String?
        /// The article's headline.
        public var title: String
        /// The sentence, as printed.
        public var sentence: String
        /// Where the term is in the sentence (UTF-8 offsets), for marking it; not part of the JSON.
        public var match: Range<Int>?

        enum CodingKeys: String, CodingKey {
            case date, title, sentence
        }
    }

    /// The term index's key (`ko:인공지능/NNG`, `en:drone`).
    public var term: String
    /// The lemma as first printed.
    public var lemma: String
    /// The Sejong tag (`SL` for English).
    public var pos: String
    /// `ko` or `en`.
    public var lang: String
    /// Occurrences in the target.
    public var targetCount: Int
    /// Occurrences in the reference.
    public var referenceCount: Int
    /// All term occurrences in the target (the same on every row).
    public var targetTokens: Int
    /// All term occurrences in the reference (the same on every row).
    public var referenceTokens: Int
    /// Target articles holding the term.
    public var targetDocs: Int
    /// Reference articles holding the term.
    public var referenceDocs: Int
    /// Signed G²: negative when the term is rarer in the target than expected.
    public var g2: Double
    /// Signed Pearson χ².
    public var chi2: Double
    /// The p-value of χ² (with `--measure chi2`) or else of G², one degree of freedom.
    public var p: Double
    /// Benjamini–Hochberg q over every tested term.
    public var q: Double
    /// Log ratio (base 2) of the relative frequencies, target over reference: the effect size.
    public var logRatio: Double
    /// Up to three sentences of the target that use the term, newest first.
    public var examples: [Example]

    /// `over` when the term is more frequent in the target than in the reference, else `under`.
    public var direction: String { logRatio >= 0 ? "over" : "under" }
}

/// A keyness table and what it was computed on.
public struct KeynessTable: Sendable {
    /// The target scope, as written.
    public var target: String
    /// The reference scope, as written, or `rest`.
    public var reference: String
    /// Analysed articles in the target and in the reference.
    public var targetDocuments: Int
    /// Analysed articles in the reference.
    public var referenceDocuments: Int
    /// The options used (measure, correction, thresholds).
    public var options: KeynessOptions
    /// Terms tested (before `limit`).
    public var tested: Int
    /// The kept rows, most key first.
    public var rows: [KeynessRow]
}

/// Why a keyness table could not be made.
public enum KeynessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No article of the scope is in the term index.
    case noAnalysedArticles(scope: String, articles: Int)
    /// Target and reference share articles.
    case overlappingScopes(shared: Int)

    /// The message the command line prints.
    public var description: String {
        switch self {
        case .noAnalysedArticles(let scope, 0): "no article is in the scope \(scope)"
        case .noAnalysedArticles(let scope, let articles):
            "none of the \(articles) article(s) in the scope \(scope) is in the term index: run `sinmun analyze` first"
        case .overlappingScopes(let shared):
            "target and reference share \(shared) article(s); a reference must lie outside the target (or be `rest`)"
        }
    }
}

extension TermIndexBackend {
    /// Which terms are distinctive of `target` against `reference` (nil: every analysed article
    /// outside the target), from the term index.
    public func keyness(
        target: Scope, reference: Scope?, options: KeynessOptions = KeynessOptions()
    ) throws -> KeynessTable {
        let targetRows = try articles(in: target)
        let targetTally = try termTally(of: targetRows)
        guard targetTally.documents > 0 else {
            throw KeynessError.noAnalysedArticles(scope: target.description, articles: targetRows.count)
        }
        let referenceTally: TermTally
        if let reference {
            let referenceRows = try articles(in: reference)
            let shared = referenceRows.intersection(targetRows).count
            guard shared == 0 else { throw KeynessError.overlappingScopes(shared: shared) }
            referenceTally = try termTally(of: referenceRows)
            guard referenceTally.documents > 0 else {
                throw KeynessError.noAnalysedArticles(scope: reference.description, articles: referenceRows.count)
            }
        } else {
            referenceTally = try corpusTermTally().subtracting(targetTally)
            guard referenceTally.documents > 0 else {
                throw KeynessError.noAnalysedArticles(scope: "rest (outside \(target.description))", articles: 0)
            }
        }
        let examples = options.examples > 0 ? try KeynessExamples(store: self, articles: targetRows) : nil
        let (rows, tested) = try keynessRows(
            target: targetTally, reference: referenceTally, examples: examples, options: options)
        return KeynessTable(
            target: target.description, reference: reference?.description ?? "rest",
            targetDocuments: targetTally.documents, referenceDocuments: referenceTally.documents, options: options,
            tested: tested, rows: rows)
    }

    /// The named, exemplified rows of a keyness table of two tallies (the examples found by
    /// `examples`, none without it), and how many terms were tested. `excluded` are the
    /// function words' ids when the caller has them already (looked up here otherwise).
    func keynessRows(
        target: TermTally, reference: TermTally, examples: KeynessExamples?, options: KeynessOptions,
        excluded: Set<Int64>? = nil
    ) throws -> (rows: [KeynessRow], tested: Int) {
        var (targetCounts, referenceCounts) = (target, reference)
        if !options.functionWords {
            let left = try excluded ?? functionWordIDs()
            targetCounts.terms = targetCounts.terms.filter { !left.contains($0.key) }
            referenceCounts.terms = referenceCounts.terms.filter { !left.contains($0.key) }
        }
        let (scored, tested) = Self.keynessRows(target: targetCounts, reference: referenceCounts, options: options)
        return (try named(scored, examples: examples, options: options), tested)
    }

    /// Rows with their term's key, lemma, tag and language, and example sentences.
    func named(
        _ scored: [(id: Int64, row: KeynessRow)], examples: KeynessExamples?, options: KeynessOptions
    ) throws -> [KeynessRow] {
        let entries = try termEntries(scored.map(\.id))
        return try scored.compactMap { id, row -> KeynessRow? in
            guard let entry = entries[id] else { return nil }
            var row = row
            (row.term, row.lemma, row.pos, row.lang) = (entry.key, entry.lemma, entry.pos, entry.lang)
            if row.targetCount > 0, options.examples > 0, let examples {
                row.examples = try examples.sentences(using: entry.forms, lang: entry.lang, limit: options.examples)
            }
            return row
        }
    }

    /// Ids of the English function words in the index.
    func functionWordIDs() throws -> Set<Int64> {
        try termIDs(keys: FunctionWords.english.map { "en:" + $0 })
    }

    /// Every term's statistics, sorted by the chosen measure and cut to the limit; terms are
    /// still unnamed (ids only).
    static func keynessRows(
        target: TermTally, reference: TermTally, options: KeynessOptions
    ) -> (rows: [(id: Int64, row: KeynessRow)], tested: Int) {
        let ids = Set(target.terms.keys).union(reference.terms.keys).filter { id in
            (target.terms[id]?.tokens ?? 0) + (reference.terms[id]?.tokens ?? 0) >= options.minCount
        }
        var rows: [(id: Int64, row: KeynessRow, score: Double)] = ids.sorted().map { id in
            let a = target.terms[id] ?? TermTally.Count(tokens: 0, docs: 0)
            let b = reference.terms[id] ?? TermTally.Count(tokens: 0, docs: 0)
            let (t, r) = (target.tokens, reference.tokens)
            let row = KeynessRow.unnamed(a, b, targetTokens: t, referenceTokens: r, options: options)
            let (g2, chi2, logRatio) = (row.g2, row.chi2, row.logRatio)
            let score: Double
            switch options.measure {
            case .g2: score = g2
            case .chi2: score = chi2
            case .logratio: score = logRatio
            case .pmi: score = KeynessStatistics.pmi(a: a.tokens, b: b.tokens, targetTokens: t, referenceTokens: r)
            }
            return (id, row, score)
        }
        let q = KeynessStatistics.benjaminiHochberg(rows.map(\.row.p))
        for index in rows.indices { rows[index].row.q = q[index] }
        rows.sort { ($0.score, $1.id) > ($1.score, $0.id) }
        let kept = options.limit > 0 ? Array(rows.prefix(options.limit)) : rows
        return (kept.map { ($0.id, $0.row) }, rows.count)
    }
}

extension KeynessRow {
    /// A row's counts and statistics for one term (not yet named, q still 1): the one place a
    /// keyness row is computed, for keyness tables and for new terms alike.
    static func unnamed(
        _ a: TermTally.Count, _ b: TermTally.Count, targetTokens t: Int, referenceTokens r: Int,
        options: KeynessOptions
    ) -> KeynessRow {
        let g2 = KeynessStatistics.g2(
            a: a.tokens, b: b.tokens, targetTokens: t, referenceTokens: r, correction: options.correction)
        let chi2 = KeynessStatistics.chi2(
            a: a.tokens, b: b.tokens, targetTokens: t, referenceTokens: r, correction: options.correction)
        return KeynessRow(
            term: "", lemma: "", pos: "", lang: "", targetCount: a.tokens, referenceCount: b.tokens,
            targetTokens: t, referenceTokens: r, targetDocs: a.docs, referenceDocs: b.docs, g2: g2, chi2: chi2,
            p: KeynessStatistics.pValue(chiSquare: options.measure == .chi2 ? chi2 : g2), q: 1,
            logRatio: KeynessStatistics.logRatio(a: a.tokens, b: b.tokens, targetTokens: t, referenceTokens: r),
            examples: [])
    }
}
