/// What series, change points and comparisons need of a corpus backend: dated articles, the
/// articles a code or a search selects, and the corpus's span. ``CorpusStore`` (SQLite) and the
/// PostgreSQL corpus both conform; `series` and `compare` are written once, over this.
public protocol MeasureBackend: CodingBackend {
    /// Every dated article passing the filter, in date order then id (undated ones cannot be
    /// placed in time and are left out).
    func datedArticles(filter: ArticleFilter, withSections: Bool) throws -> [DatedArticle]
    /// The articles a codebook gave a code: row id → (level, sentence hits).
    func articlesWithCode(_ code: String, codebook: String) throws -> [Int64: (level: String, hits: Int)]
    /// Row ids of every article matching a search (no ranking, no limit).
    func articlesMatching(_ query: SearchQuery) throws -> Set<Int64>
    /// The first and last dates on which each code of a codebook appears, and in how many
    /// articles.
    func codeSpans(codebook: String) throws -> [String: (first: String, last: String, articles: Int)]
    /// The first and last publication date in the corpus, or nil when no article is dated.
    func dateRange() throws -> ClosedRange<String>?
}

extension CorpusStore: MeasureBackend {}
