import Foundation
import GRDB
import SinmunCollect

/// The dated facts of one article that series are built from.
public struct DatedArticle: Sendable, Hashable {
    /// The article's row in the database (not its stable id).
    public var rowID: Int64
    /// `YYYY-MM-DD`.
    public var date: String
    /// How much of the date the source gave: `day`, `month` or `year`.
    public var precision: String
    /// The outlet identifier.
    public var outlet: String
    /// The edition's language code.
    public var language: String
    /// The sections it was listed under.
    public var sections: [String]

    /// Makes one from its parts.
    public init(rowID: Int64, date: String, precision: String, outlet: String, language: String, sections: [String]) {
        self.rowID = rowID
        self.date = date
        self.precision = precision
        self.outlet = outlet
        self.language = language
        self.sections = sections
    }
}

extension CorpusStore {
    /// Every dated article passing the filter, in date order (undated ones cannot be placed
    /// in time and are left out; `sinmun stats` counts them).
    public func datedArticles(
        filter: ArticleFilter = ArticleFilter(), withSections: Bool = false
    ) throws -> [DatedArticle] {
        let (conditions, arguments) = filter.sql()
        return try read { db in
            let sections =
                withSections
                ? ", (SELECT group_concat(section, char(31)) FROM article_section s "
                    + "WHERE s.article_id = a.id) AS sections"
                : ""
            // A cursor, not fetchAll: a million rows would otherwise be held twice.
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.id, a.date, coalesce(a.date_precision, 'day') AS precision, a.outlet, a.lang\(sections)
                    FROM article a WHERE a.date IS NOT NULL\(conditions) ORDER BY a.date, a.id
                    """, arguments: arguments)
            var articles: [DatedArticle] = []
            while let row = try cursor.next() {
                articles.append(
                    DatedArticle(
                        rowID: row["id"], date: row["date"], precision: row["precision"], outlet: row["outlet"],
                        language: row["lang"],
                        sections: withSections
                            ? ((row["sections"] as String?)?.split(separator: "\u{1F}").map(String.init) ?? []) : []))
            }
            return articles
        }
    }

    /// The articles a codebook gave a code: row id → (level, sentence hits).
    public func articlesWithCode(_ code: String, codebook: String) throws -> [Int64: (level: String, hits: Int)] {
        try read { db in
            var out: [Int64: (level: String, hits: Int)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT article_id, level, hits FROM article_code WHERE codebook = ? AND code = ?",
                arguments: [codebook, code])
            {
                out[row["article_id"]] = (row["level"], row["hits"])
            }
            return out
        }
    }

    /// Row ids of every article matching a search (no ranking, no limit).
    public func articlesMatching(_ query: SearchQuery) throws -> Set<Int64> {
        guard !query.isEmpty else { return [] }
        return try read { db in
            Set(
                try Int64.fetchAll(
                    db, sql: "SELECT rowid FROM article_fts WHERE article_fts MATCH ?", arguments: [query.textMatch]
                ))
        }
    }

    /// The first and last dates on which each code of a codebook appears.
    public func codeSpans(codebook: String) throws -> [String: (first: String, last: String, articles: Int)] {
        try read { db in
            var out: [String: (String, String, Int)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.code, min(a.date) AS first, max(a.date) AS last, count(*) AS n
                    FROM article_code c JOIN article a ON a.id = c.article_id
                    WHERE c.codebook = ? AND a.date IS NOT NULL GROUP BY c.code
                    """, arguments: [codebook])
            {
                out[row["code"]] = (row["first"], row["last"], row["n"])
            }
            return out
        }
    }
}

extension CorpusStore {
    /// ``snapshotHash(filter:)`` of the whole corpus.
    public func snapshotHash() throws -> String { try snapshotHash(filter: ArticleFilter()) }

    /// A hash of exactly which articles (and which texts) a filter selects: two reports with
    /// the same snapshot hash were computed from the same corpus.
    public func snapshotHash(filter: ArticleFilter) throws -> String {
        let (conditions, arguments) = filter.sql()
        // Streamed into the hash: the same digest as hashing the lines joined by newlines,
        // without holding a million of them.
        var hasher = Fingerprint.StreamingSHA256()
        try read { db in
            let cursor = try String.fetchCursor(
                db, sql: "SELECT a.uid || ':' || a.content_hash FROM article a WHERE 1 = 1\(conditions) ORDER BY a.uid",
                arguments: arguments)
            var first = true
            while let line = try cursor.next() {
                if !first { hasher.update("\n") }
                hasher.update(line)
                first = false
            }
        }
        return hasher.hexDigest()
    }
}
