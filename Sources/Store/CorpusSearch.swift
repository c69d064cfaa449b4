import Foundation
import GRDB
import SinmunCollect

/// Filters that narrow a search or a count.
public struct ArticleFilter: Sendable, Equatable {
    public var from: PublicationDate?
    public var to: PublicationDate?
    public var outlet: Outlet?
    public var language: String?
    /// Only articles a codebook gave this code (both set, or neither).
    public var codebook: String?
    public var code: String?

    public init(
        from: PublicationDate? = nil, to: PublicationDate? = nil, outlet: Outlet? = nil, language: String? = nil,
        codebook: String? = nil, code: String? = nil
    ) {
        self.from = from
        self.to = to
        self.outlet = outlet
        self.language = language
        self.codebook = codebook
        self.code = code
    }

    /// SQL conditions on the `article` table aliased `a`, with their arguments: values are
    /// always bound, never spliced.
    func sql() -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let from {
            conditions.append("a.date >= ?")
            arguments += [from.isoString]
        }
        if let to {
            conditions.append("a.date <= ?")
            arguments += [to.isoString]
        }
        if let outlet {
            conditions.append("a.outlet = ?")
            arguments += [outlet.rawValue]
        }
        if let language {
            conditions.append("a.lang = ?")
            arguments += [language]
        }
        if let codebook, let code {
            conditions.append(
                "EXISTS (SELECT 1 FROM article_code c WHERE c.article_id = a.id AND c.codebook = ? AND c.code = ?)")
            arguments += [codebook, code]
        }
        return (conditions.map { " AND " + $0 }.joined(), arguments)
    }
}

/// One search result.
public struct SearchHit: Sendable, Codable, Equatable {
    public var id: String
    public var outlet: String
    public var lang: String
    public var date: String?
    public var title: String
    public var urls: [String]
    public var sections: [String]
    /// BM25 score (lower is better, as SQLite reports it).
    public var score: Double
    public var titleHighlights: [Range<Int>]
    public var snippet: Snippet
}

/// A page of search results and the total number of matching articles.
public struct SearchResult: Sendable {
    public var total: Int
    public var hits: [SearchHit]
    /// Set when the query matched more than ``CorpusStore/rankingWindow`` articles: the hits
    /// are ranked by relevance among the most recently added this many matches.
    public var rankedAmong: Int?

    public init(total: Int, hits: [SearchHit], rankedAmong: Int? = nil) {
        self.total = total
        self.hits = hits
        self.rankedAmong = rankedAmong
    }
}

extension CorpusStore {
    /// Every address of an article, sorted.
    static func urls(of id: Int64, _ db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT url FROM article_url WHERE article_id = ? ORDER BY url"), arguments: [id])
    }

    /// Every section of an article, sorted.
    static func sections(of id: Int64, _ db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT section FROM article_section WHERE article_id = ? ORDER BY section"),
            arguments: [id])
    }

    /// Articles passing a filter, newest first, without a text query (the dashboard's lists).
    public func listArticles(filter: ArticleFilter, limit: Int = 20, offset: Int = 0) throws -> SearchResult {
        let (conditions, arguments) = filter.sql()
        return try read { db in
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM article a WHERE 1 = 1\(conditions)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.uid, a.outlet, a.lang, a.date, a.title, a.body FROM article a WHERE 1 = 1\(conditions)
                    ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?
                    """, arguments: arguments + [limit, offset])
            let hits = try rows.map { row -> SearchHit in
                let id: Int64 = row["id"]
                let body: String = row["body"]
                return SearchHit(
                    id: row["uid"], outlet: row["outlet"], lang: row["lang"], date: row["date"], title: row["title"],
                    urls: try Self.urls(of: id, db), sections: try Self.sections(of: id, db),
                    score: 0, titleHighlights: [],
                    snippet: Snippet(text: String(body.prefix(200)) + (body.count > 200 ? "…" : ""), highlights: []))
            }
            return SearchResult(total: total, hits: hits)
        }
    }

    /// Full-text search, ranked by BM25 with the title weighted above the body.
    ///
    /// The count is exact. Ranking every match of a broad query is what makes search slow on a
    /// large corpus (BM25 for 300,000 matches takes about a fifth of a second), so a query
    /// matching more than ``rankingWindow`` articles is ranked among its most recently added
    /// ``rankingWindow`` matches, and the result says so (``SearchResult/rankedAmong``).
    ///
    /// `lemma:` clauses (``SearchQuery/lemmas``) are answered by the term index: each is the
    /// term ids of its folded lemma, one posting list each; the hits mark the forms those
    /// terms were printed in. A query of lemma clauses alone lists the most recently added
    /// matches first.
    ///
    /// The query is parsed by ``SearchQuery`` and only ever reaches SQLite as a bound
    /// parameter built from letters and digits, so any input is safe.
    public func search(
        _ query: SearchQuery, filter: ArticleFilter = ArticleFilter(), limit: Int = 20, offset: Int = 0,
        rankingWindow: Int = CorpusStore.rankingWindow
    ) throws -> SearchResult {
        guard !query.isEmpty else { return SearchResult(total: 0, hits: []) }
        let (conditions, filterArguments) = filter.sql()
        return try read { db in
            // `lemma:` clauses read the term index: each stands for the term ids of its lemma,
            // and the forms those terms were printed in are what the hits mark.
            var lemmaMatch: String?
            var formClauses: [SearchQuery.Clause] = []
            for lemma in query.lemmas {
                let ids = try Self.termIDs(fold: lemma.folded, pos: lemma.pos, db)
                guard !ids.isEmpty else { return SearchResult(total: 0, hits: []) }
                let expression = "(" + ids.map { "t\($0)" }.joined(separator: " OR ") + ")"
                lemmaMatch = lemmaMatch.map { $0 + " AND " + expression } ?? expression
                let forms = try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT form FROM term_form WHERE term_id IN (\(ids.map { _ in "?" }.joined(separator: ", "))) LIMIT 64
                        """, arguments: StatementArguments(ids))
                formClauses.append(SearchQuery.Clause(text: lemma.text, alternatives: forms))
            }
            // Lemma clauses alone have no BM25 to rank by (the term index keeps no frequencies).
            let lemmaOnly = query.clauses.isEmpty
            let from: String
            var match: StatementArguments
            if lemmaOnly, let lemmaMatch {
                // Lemma clauses alone: one doclist read per term, most recently added first.
                match = [lemmaMatch]
                from =
                    conditions.isEmpty
                    ? "FROM term_fts WHERE term_fts MATCH ?"
                    : "FROM term_fts JOIN article a INDEXED BY article_filter ON a.id = term_fts.rowid WHERE term_fts MATCH ?\(conditions)"
            } else {
                match = [query.ftsExpression]
                let lemmaCondition =
                    lemmaMatch == nil
                    ? "" : " AND article_fts.rowid IN (SELECT rowid FROM term_fts WHERE term_fts MATCH ?)"
                if let lemmaMatch { match += [lemmaMatch] }
                // Without filters the index alone answers; with them, each match is joined to the
                // compact covering index of the filter columns rather than to the article rows.
                from =
                    conditions.isEmpty
                    ? "FROM article_fts WHERE article_fts MATCH ?\(lemmaCondition)"
                    : "FROM article_fts JOIN article a INDEXED BY article_filter ON a.id = article_fts.rowid WHERE article_fts MATCH ?\(lemmaCondition)\(conditions)"
            }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) \(from)", arguments: match + filterArguments) ?? 0
            let page: [Row]
            var windowed = false
            if lemmaOnly {
                page = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT term_fts.rowid AS id, 0.0 AS score \(from) ORDER BY term_fts.rowid DESC LIMIT ? OFFSET ?",
                    arguments: match + filterArguments + [limit, offset])
            } else {
                windowed = total > rankingWindow
                let ranked =
                    windowed
                    ? """
                    SELECT id, score FROM (SELECT article_fts.rowid AS id, bm25(article_fts, 4.0, 1.0) AS score \(from)
                                           ORDER BY article_fts.rowid DESC LIMIT ?)
                    ORDER BY score, id DESC LIMIT ? OFFSET ?
                    """
                    : "SELECT article_fts.rowid AS id, bm25(article_fts, 4.0, 1.0) AS score \(from) ORDER BY score, article_fts.rowid DESC LIMIT ? OFFSET ?"
                let paging: StatementArguments = windowed ? [rankingWindow, limit, offset] : [limit, offset]
                page = try Row.fetchAll(db, sql: ranked, arguments: match + filterArguments + paging)
            }
            let highlighter = Highlighter(
                query: formClauses.isEmpty ? query : SearchQuery(clauses: query.clauses + formClauses))
            let hits = try page.compactMap { ranked -> SearchHit? in
                let id: Int64 = ranked["id"]
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(
                            sql: "SELECT uid, outlet, lang, date, title, body FROM article WHERE id = ?"),
                        arguments: [id])
                else { return nil }
                let title: String = row["title"]
                let body: String = row["body"]
                return SearchHit(
                    id: row["uid"], outlet: row["outlet"], lang: row["lang"], date: row["date"], title: title,
                    urls: try Self.urls(of: id, db), sections: try Self.sections(of: id, db),
                    score: ranked["score"],
                    titleHighlights: highlighter.ranges(in: Array(title)),
                    snippet: highlighter.snippet(of: body.isEmpty ? title : body))
            }
            return SearchResult(total: total, hits: hits, rankedAmong: windowed ? rankingWindow : nil)
        }
    }

    /// A query matching more articles than this is ranked among its most recently added this
    /// many matches (see ``search(_:filter:limit:offset:rankingWindow:)``).
    public static let rankingWindow = 10_000
}
