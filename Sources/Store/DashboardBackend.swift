/// What the dashboard's search, article, timeline and coding pages need of a corpus backend.
/// ``CorpusStore`` (SQLite) and the PostgreSQL corpus both conform, so `sinmun serve` runs on
/// either.
public protocol DashboardBackend: ReportBackend, AlertBackend {
    /// Full-text search: the exact count, and a page of hits ranked among the
    /// `rankingWindow` most recently published matches.
    func search(
        _ query: SearchQuery, filter: ArticleFilter, limit: Int, offset: Int, rankingWindow: Int
    ) throws -> SearchResult
    /// The articles passing a filter, newest first (undated last), without a query.
    func listArticles(filter: ArticleFilter, limit: Int, offset: Int) throws -> SearchResult
    /// One article with everything known about it, by its stable id.
    func article(id uid: String) throws -> ArticleDetail?
    /// The stable id of the article at an address (or with this id), nil when unknown.
    func articleID(address: String) throws -> String?
    /// Stores a coder's labels for an article, replacing that coder's earlier ones.
    func saveHumanLabels(articleID uid: String, coder: String, labels: [String: Bool]) throws
    /// A coder's labels for one article.
    func humanLabels(articleID uid: String, coder: String) throws -> [String: Bool]
    /// A coder's labels as the CSV `sinmun validate` reads.
    func humanLabelCSV(coder: String, codes: [String]) throws -> String
    /// Coders who have labelled anything, by name.
    func coders() throws -> [String]
}

/// A number that changes whenever anything is committed to the corpus, by any process: what
/// the dashboard's page cache checks before it trusts an answer it kept.
public protocol CorpusGeneration: Sendable {
    /// Equal to an earlier reading exactly when nothing was committed in between.
    func current() throws -> Int
    /// True when reading it is a round trip to a server (a caller on an event loop or a
    /// cooperative thread should read it on a thread pool); false for a local file.
    var waitsOnNetwork: Bool { get }
    /// The generation when it is at hand without a round trip (heard from the server rather
    /// than asked), or nil: then call ``current()``.
    var known: Int? { get }
}

extension CorpusGeneration {
    /// A local file's reading costs microseconds.
    public var waitsOnNetwork: Bool { false }
    /// Nothing at hand: ask with ``current()``.
    public var known: Int? { nil }
}

extension CorpusStore: DashboardBackend {}
extension CorpusVersion: CorpusGeneration {}
