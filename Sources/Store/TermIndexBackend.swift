/// What `sinmun analyze` and the discovery measures (keyness, emerging terms, collocations,
/// co-occurrence, topics) need of a corpus backend: the term index, written by the analyser and
/// read as tallies, and the article rows a scope selects. ``CorpusStore`` (SQLite) and the
/// PostgreSQL corpus both conform; the analysis run and every measure are written once, over
/// this.
public protocol TermIndexBackend: MeasureBackend {
    /// How many articles ``articlesNeedingAnalysis(signatures:excludedLanguages:batchSize:_:)``
    /// will hand over.
    func countArticlesNeedingAnalysis(signatures: [String], excludedLanguages: [String]) throws -> Int
    /// The articles an analysis run must do, in batches: those whose stored analysis is missing,
    /// is of an older text, or was made by none of `signatures`; articles of
    /// `excludedLanguages` are left alone.
    func articlesNeedingAnalysis(
        signatures: [String], excludedLanguages: [String], batchSize: Int,
        _ handle: ([ArticleForAnalysis]) throws -> Void) throws
    /// Articles of an edition language without an analysis of their current text.
    func unanalysedArticles(language: String) throws -> Int
    /// Stores the analyses of a batch in one transaction: each article's counts replace its
    /// earlier ones, and the corpus and per-period totals move with them.
    func saveTermCounts(_ analyses: [ArticleTermCounts]) throws
    /// How much of the corpus is analysed (in its current version, by any analyser).
    func analysisCoverage() throws -> AnalysisCoverage
    /// The indexed terms whose folded lemma is `fold` (and whose tag is `pos`, if given).
    func terms(fold: String, pos: String?) throws -> [IndexedTerm]
    /// Document frequency of a term key per period, in period order.
    func documentFrequencies(key: String) throws -> [(period: String, docs: Int, tokens: Int)]
    /// Term counts over the analysed articles among `articleIDs` (rows of `article`).
    func termTally(of articleIDs: Set<Int64>) throws -> TermTally
    /// Each analysed article among `articleIDs` with its date, the date's precision and its term
    /// counts (term id, occurrences), in date order then row: for tallies per period.
    func forEachTermCounts(
        of articleIDs: Set<Int64>,
        _ body: (_ row: Int64, _ date: String?, _ precision: String, _ tokens: Int, _ terms: [(Int64, Int)]) throws
            -> Void
    ) throws
    /// Term counts over every analysed article, from the index's running totals.
    func corpusTermTally() throws -> TermTally
    /// Key, lemma, tag, language and printed forms of the terms with these ids.
    func termEntries(_ ids: [Int64]) throws -> [Int64: TermEntry]
    /// The ids of the terms with these keys (keys not in the index are skipped).
    func termIDs(keys: [String]) throws -> Set<Int64>
    /// Date, title and text of articles, newest first (the examples' source).
    func articleTexts(_ articleIDs: Set<Int64>) throws -> [(id: Int64, date: String?, title: String, body: String)]
    /// The stable ids (`article.uid`) of these rows.
    func articleUIDs(_ rows: Set<Int64>) throws -> Set<String>
    /// The rows of the articles passing `filter` (dated or not) and, if given, listed in `section`.
    func articleIDs(filter: ArticleFilter, section: String?) throws -> Set<Int64>
    /// The term counts of the analysed articles among `articleIDs`, in row order; articles not
    /// in the term index are left out.
    func documentTerms(of articleIDs: Set<Int64>) throws -> [DocumentTerms]
}

extension TermIndexBackend {
    /// The indexed terms whose folded lemma is `fold`, of any tag.
    public func terms(fold: String) throws -> [IndexedTerm] { try terms(fold: fold, pos: nil) }

    /// The rows of the articles passing `filter`, in any section.
    public func articleIDs(filter: ArticleFilter) throws -> Set<Int64> { try articleIDs(filter: filter, section: nil) }

    /// ``articlesNeedingAnalysis(signatures:excludedLanguages:batchSize:_:)`` 500 at a time.
    public func articlesNeedingAnalysis(
        signatures: [String], excludedLanguages: [String], _ handle: ([ArticleForAnalysis]) throws -> Void
    ) throws {
        try articlesNeedingAnalysis(
            signatures: signatures, excludedLanguages: excludedLanguages, batchSize: 500, handle)
    }
}

extension CorpusStore: TermIndexBackend {}
