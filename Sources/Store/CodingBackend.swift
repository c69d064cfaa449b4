/// What coding needs of a corpus backend: articles to code, a place for their codes, and the
/// coded articles back. ``CorpusStore`` (SQLite) and the PostgreSQL corpus both conform;
/// `code(with:)` is written once, over this.
public protocol CodingBackend: Sendable {
    /// Articles the codebook has not coded in their current version, `batchSize` at a time,
    /// read by id so a handler that stores its batch's codes never makes one be read twice.
    func articlesNeedingCoding(
        codebook: String, hash: String, batchSize: Int, _ handle: ([ArticleText]) throws -> Void) throws
    /// Replaces the codes of these articles for a codebook, in one transaction.
    func saveCoding(codebook: String, hash: String, results: [(ArticleText, ArticleCoding)]) throws
    /// How many articles a codebook has coded in their current version, how many exist, and
    /// the codebook version that coded them.
    func codingCoverage(codebook: String) throws -> (coded: Int, articles: Int, hash: String?)
    /// Every article passing `filter` with its codes for a codebook (articles without codes
    /// included, with none), in date order then id.
    func codedArticles(codebook: String, filter: ArticleFilter, _ handle: (CodedArticle) throws -> Void) throws
}

/// A corpus on either backend, for the commands that run on both: import, crawl, coding,
/// analysis, series, change points, comparisons, the discovery measures, the study report and
/// the watch.
public typealias CorpusBackend = WatchBackend

extension CorpusStore: CodingBackend {}
