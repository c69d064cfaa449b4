/// What the study report needs of a corpus backend besides the term index and coding: what
/// the corpus holds, and a hash of the articles a report read. ``CorpusStore`` (SQLite) and the
/// PostgreSQL corpus both conform, so `sinmun report` and `sinmun study` run on either.
public protocol ReportBackend: TermIndexBackend {
    /// Counts over the whole corpus.
    func statistics() throws -> CorpusStatistics
    /// A hash of exactly which articles (and which texts) a filter selects: the SHA-256 of
    /// every selected article's `uid:content_hash`, one a line, in byte order of the uid. Two
    /// reports with the same hash were computed from the same articles, on either backend.
    func snapshotHash(filter: ArticleFilter) throws -> String
}

extension CorpusStore: ReportBackend {}
