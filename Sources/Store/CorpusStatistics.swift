import Foundation
import GRDB

/// A summary of what the corpus holds.
public struct CorpusStatistics: Codable, Sendable, Equatable {
    /// Distinct articles (cross-listed copies merged).
    public var articles: Int
    /// Records read from all sources; `records - articles` were merged into others.
    public var records: Int
    /// Records merged into an article already held (cross-listings, repeats).
    public var mergedRecords: Int
    /// Distinct source addresses.
    public var urls: Int
    /// Revised texts kept for articles (same address, edited text).
    public var revisions: Int
    /// Articles with no body text (photo and video items).
    public var emptyBodies: Int
    /// Articles without a publication date.
    public var undated: Int
    /// Generated benchmark articles (`sinmun bench scale`), not state media.
    public var synthetic: Int
    /// Pairs of articles linked as near-duplicates.
    public var nearDuplicatePairs: Int
    /// Articles in at least one near-duplicate pair.
    public var articlesWithNearDuplicates: Int
    /// The earliest publication date, `YYYY-MM-DD`.
    public var firstDate: String?
    /// The latest publication date, `YYYY-MM-DD`.
    public var lastDate: String?
    /// Articles per outlet identifier.
    public var byOutlet: [String: Int]
    /// Articles per edition language.
    public var byLanguage: [String: Int]
    /// Articles per `YYYY-MM` (dated articles only).
    public var byMonth: [String: Int]
    /// Articles per source file or folder.
    public var bySource: [String: Int]
    /// Total characters of titles and bodies.
    public var textCharacters: Int
    /// Articles in the term index in their current version (`sinmun analyze`).
    public var analysed: Int
    /// Distinct terms in the term index.
    public var terms: Int

    /// Counts from their parts (``mergedRecords`` is `records - articles`).
    public init(
        articles: Int, records: Int, urls: Int, revisions: Int, emptyBodies: Int, undated: Int, synthetic: Int,
        nearDuplicatePairs: Int, articlesWithNearDuplicates: Int, firstDate: String?, lastDate: String?,
        byOutlet: [String: Int], byLanguage: [String: Int], byMonth: [String: Int], bySource: [String: Int],
        textCharacters: Int, analysed: Int, terms: Int
    ) {
        self.articles = articles
        self.records = records
        self.mergedRecords = records - articles
        self.urls = urls
        self.revisions = revisions
        self.emptyBodies = emptyBodies
        self.undated = undated
        self.synthetic = synthetic
        self.nearDuplicatePairs = nearDuplicatePairs
        self.articlesWithNearDuplicates = articlesWithNearDuplicates
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.byOutlet = byOutlet
        self.byLanguage = byLanguage
        self.byMonth = byMonth
        self.bySource = bySource
        self.textCharacters = textCharacters
        self.analysed = analysed
        self.terms = terms
    }
}

extension CorpusStore {
    /// Counts over the whole corpus.
    public func statistics() throws -> CorpusStatistics {
        try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            func grouped(_ sql: String) throws -> [String: Int] {
                var out: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: sql) { out[row[0] ?? "unknown"] = row[1] }
                return out
            }
            let articles = try count("SELECT count(*) FROM article")
            let records = try count("SELECT count(*) FROM provenance")
            return CorpusStatistics(
                articles: articles,
                records: records,
                urls: try count("SELECT count(DISTINCT url) FROM article_url"),
                revisions: try count("SELECT count(*) FROM article_revision"),
                emptyBodies: try count("SELECT count(*) FROM article WHERE body = ''"),
                undated: try count("SELECT count(*) FROM article WHERE date IS NULL"),
                synthetic: try count("SELECT count(*) FROM article WHERE synthetic = 1"),
                nearDuplicatePairs: try count("SELECT count(*) FROM near_duplicate"),
                articlesWithNearDuplicates: try count(
                    "SELECT count(*) FROM (SELECT a FROM near_duplicate UNION SELECT b FROM near_duplicate)"),
                firstDate: try String.fetchOne(db, sql: "SELECT min(date) FROM article"),
                lastDate: try String.fetchOne(db, sql: "SELECT max(date) FROM article"),
                byOutlet: try grouped("SELECT outlet, count(*) FROM article GROUP BY outlet"),
                byLanguage: try grouped("SELECT lang, count(*) FROM article GROUP BY lang"),
                byMonth: try grouped(
                    "SELECT substr(date, 1, 7), count(*) FROM article WHERE date IS NOT NULL GROUP BY 1"),
                bySource: try grouped(
                    """
                    SELECT s.location, count(DISTINCT p.article_id)
                    FROM provenance p JOIN source s ON s.id = p.source_id GROUP BY s.id
                    """),
                textCharacters: try count("SELECT coalesce(sum(length(title) + length(body)), 0) FROM article"),
                analysed: try Self.analysedArticles(db),
                terms: try count("SELECT count(*) FROM term WHERE docs > 0"))
        }
    }
}
