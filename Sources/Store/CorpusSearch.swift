import Foundation
import GRDB
import SinmunCollect

/// Filters that narrow a search or a count.
public struct ArticleFilter: Sendable, Equatable {
    /// Only articles dated on or after this day.
    public var from: PublicationDate?
    /// Only articles dated on or before this day.
    public var to: PublicationDate?
    /// Only this outlet's articles.
    public var outlet: Outlet?
    /// Only this edition (`ko`, `en` ...).
    public var language: String?
    /// Only articles a codebook gave this code (both set, or neither).
    public var codebook: String?
    /// The code to require, with ``codebook``.
    public var code: String?

    /// A filter; every part left nil lets everything through.
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
    /// always bound, never spliced. `facets: true` leaves out what the full-text index's facets
    /// answer (``facetMatch(span:)``): dates, outlet and edition.
    func sql(facets: Bool = false) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if !facets, let from {
            conditions.append("a.date >= ?")
            arguments += [from.isoString]
        }
        if !facets, let to {
            conditions.append("a.date <= ?")
            arguments += [to.isoString]
        }
        if !facets, let outlet {
            conditions.append("a.outlet = ?")
            arguments += [outlet.rawValue]
        }
        if !facets, let language {
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

    /// This filter, further narrowed to articles published on or after `isoDate`
    /// (`YYYY-MM-DD`): given the day of a broad search's ranking window's last match, the
    /// filter that counts or lists the window's matches. Unchanged when `isoDate` is not a date.
    public func publishedOnOrAfter(_ isoDate: String) -> ArticleFilter {
        guard let day = DateParsing.parse(isoDate) else { return self }
        var narrowed = self
        narrowed.from = from.map { max($0, day) } ?? day
        return narrowed
    }

    /// The dates, outlet and edition as a MATCH expression on the index's `facets` column
    /// (``SearchFacets``), to AND with the query's: `""` without such filters, nil when they
    /// can match nothing. `span` is the first and last publication date in the corpus (nil
    /// when nothing is dated): a range open at one end is closed there, so it is a few
    /// tokens, not every year since year 1. Tokens are built from the filter's values alone
    /// and hold letters and digits only.
    func facetMatch(span: (first: String, last: String)?) -> String? {
        var clauses: [String] = []
        if from != nil || to != nil {
            // Undated articles have no date tokens: any date filter leaves them out, as SQL's does.
            guard let span, let first = SearchFacets.Day(span.first), let last = SearchFacets.Day(span.last)
            else { return nil }
            let lower = from.map { SearchFacets.Day(year: $0.year, month: $0.month, day: $0.day) }.map {
                max($0, first)
            }
            let upper = to.map { SearchFacets.Day(year: $0.year, month: $0.month, day: $0.day) }.map { min($0, last) }
            let tokens = SearchFacets.range(from: lower ?? first, to: upper ?? last)
            guard !tokens.isEmpty else { return nil }
            clauses.append("facets : (" + tokens.joined(separator: " OR ") + ")")
        }
        if let outlet { clauses.append("facets : " + SearchFacets.outletToken(outlet.rawValue)) }
        if let language { clauses.append("facets : " + SearchFacets.languageToken(language)) }
        return clauses.joined(separator: " AND ")
    }
}

/// One search result.
public struct SearchHit: Sendable, Codable, Equatable {
    /// The article's stable id.
    public var id: String
    /// The outlet identifier.
    public var outlet: String
    /// The edition's language code.
    public var lang: String
    /// `YYYY-MM-DD`; nil when undated.
    public var date: String?
    /// The headline.
    public var title: String
    /// Every address the article was seen at, to cite it.
    public var urls: [String]
    /// The sections it was listed under.
    public var sections: [String]
    /// BM25 score (lower is better, as SQLite reports it).
    public var score: Double
    /// Where the query matched in the title, as Character offsets into it.
    public var titleHighlights: [Range<Int>]
    /// A passage of the body around the best match, with its matches marked.
    public var snippet: Snippet

    /// A hit of these fields (another backend's search builds its own).
    public init(
        id: String, outlet: String, lang: String, date: String?, title: String, urls: [String], sections: [String],
        score: Double, titleHighlights: [Range<Int>], snippet: Snippet
    ) {
        self.id = id
        self.outlet = outlet
        self.lang = lang
        self.date = date
        self.title = title
        self.urls = urls
        self.sections = sections
        self.score = score
        self.titleHighlights = titleHighlights
        self.snippet = snippet
    }
}

/// A page of search results and the total number of matching articles.
public struct SearchResult: Sendable {
    /// How many articles match in all, not only on this page.
    public var total: Int
    /// This page of hits, best first.
    public var hits: [SearchHit]
    /// Set when the query matched more than ``CorpusStore/rankingWindow`` articles: the hits
    /// are ranked by relevance among this many most recently published matches (every match
    /// published on or after the day of the window's last, so a few more when that day has
    /// several). When fewer matches than the window are dated, the window is the most
    /// recently added matches instead.
    public var rankedAmong: Int?

    /// A page of results.
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
                    SELECT a.id, a.uid, a.outlet, a.lang, a.date, a.title, a.body
                    FROM article a WHERE 1 = 1\(conditions)
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
    /// matching more than ``rankingWindow`` articles is ranked among its ``rankingWindow`` most
    /// recently published matches, and the result says so (``SearchResult/rankedAmong``).
    /// The window is chosen by an in-memory calendar of every article's publication day, read
    /// once and then only for articles added since.
    ///
    /// `lemma:` clauses (``SearchQuery/lemmas``) are answered by the term index: each is the
    /// term ids of its folded lemma, one posting list each; the hits mark the forms those
    /// terms were printed in. A query of lemma clauses alone lists the most recently published
    /// matches first (undated ones last).
    ///
    /// The query is parsed by ``SearchQuery`` and only ever reaches SQLite as a bound
    /// parameter built from letters and digits, so any input is safe.
    public func search(
        _ query: SearchQuery, filter: ArticleFilter = ArticleFilter(), limit: Int = 20, offset: Int = 0,
        rankingWindow: Int = CorpusStore.rankingWindow
    ) throws -> SearchResult {
        guard !query.isEmpty else { return SearchResult(total: 0, hits: []) }
        return try read { db in
            guard let lemmas = try Self.lemmaClauses(of: query, db) else { return SearchResult(total: 0, hits: []) }
            // Lemma clauses alone have no BM25 to rank by (the term index keeps no frequencies).
            let lemmaOnly = query.clauses.isEmpty
            guard
                let (from, arguments) = try Self.matchingArticles(
                    query, lemmaMatch: lemmas.match, lemmaOnly: lemmaOnly, filter: filter, db)
            else { return SearchResult(total: 0, hits: []) }
            let total: Int
            let page: [Row]
            var rankedAmong: Int?
            if lemmaOnly {
                total = try Int.fetchOne(db, sql: "SELECT count(*) \(from)", arguments: arguments) ?? 0
                // Newest first by publication date (the compact covering index has it); SQLite
                // sorts undated articles last in descending order.
                page = try Row.fetchAll(
                    db,
                    sql: "SELECT term_fts.rowid AS id, 0.0 AS score \(from) ORDER BY "
                        + "(SELECT date FROM article INDEXED BY article_filter WHERE id = term_fts.rowid) DESC, "
                        + "term_fts.rowid DESC LIMIT ? OFFSET ?",
                    arguments: arguments + [limit, offset])
            } else {
                // The matches' ids: their number is the count, and a broad query's window is
                // chosen among them.
                let ids = try Int64.fetchAll(db, sql: "SELECT article_fts.rowid \(from)", arguments: arguments)
                total = ids.count
                // The facets column weighs nothing.
                let ranked = { (from: String) in
                    "SELECT article_fts.rowid AS id, bm25(article_fts, 4.0, 1.0, 0.0) AS score \(from) "
                        + "ORDER BY score, article_fts.rowid DESC LIMIT ? OFFSET ?"
                }
                if total > rankingWindow {
                    let calendar = try self.calendar.withLock { calendar in
                        try calendar.update(db)
                        return calendar
                    }
                    let window = calendar.window(of: ids, size: rankingWindow)
                    if let window {
                        rankedAmong = window.count
                        // The MATCH runs again from the window's lowest id (a bound FTS5 reads
                        // natively: short for an archive imported in date order), keeping the
                        // window's rows (an array lookup each), so BM25 is computed for those alone.
                        let kept =
                            " AND article_fts.rowid >= ? AND \(PublicationDayFunction.sinceName)(article_fts.rowid)"
                        page = try PublicationDayFunction.filtering(calendar, since: window.since, db) {
                            try Row.fetchAll(
                                db, sql: ranked(from + kept), arguments: arguments + [window.lowestID, limit, offset])
                        }
                    } else {
                        // Too few dated matches: the most recently added, a bound FTS5 reads natively.
                        rankedAmong = rankingWindow
                        // (A window of none keeps no row.)
                        let lowestID = rankingWindow > 0 ? ids.sorted(by: >)[rankingWindow - 1] : Int64.max
                        page = try Row.fetchAll(
                            db, sql: ranked(from + " AND article_fts.rowid >= ?"),
                            arguments: arguments + [lowestID, limit, offset])
                    }
                } else {
                    page = try Row.fetchAll(db, sql: ranked(from), arguments: arguments + [limit, offset])
                }
            }
            let highlighter = Highlighter(
                query: lemmas.forms.isEmpty ? query : SearchQuery(clauses: query.clauses + lemmas.forms))
            let hits = try page.compactMap { ranked in
                try Self.hit(id: ranked["id"], score: ranked["score"], highlighter: highlighter, db)
            }
            return SearchResult(total: total, hits: hits, rankedAmong: rankedAmong)
        }
    }

    /// A query's `lemma:` clauses as the term index reads them: `match`, an FTS expression of
    /// term ids (each clause any term of its lemma, every clause required; nil without lemma
    /// clauses), and per clause the forms its terms were printed in, which the hits mark. Nil
    /// when a lemma is not in the index, so nothing can match.
    static func lemmaClauses(
        of query: SearchQuery, _ db: Database
    ) throws -> (match: String?, forms: [SearchQuery.Clause])? {
        var lemmaMatch: String?
        var formClauses: [SearchQuery.Clause] = []
        for lemma in query.lemmas {
            let ids = try termIDs(fold: lemma.folded, pos: lemma.pos, db)
            guard !ids.isEmpty else { return nil }
            let expression = "(" + ids.map { "t\($0)" }.joined(separator: " OR ") + ")"
            lemmaMatch = lemmaMatch.map { $0 + " AND " + expression } ?? expression
            let placeholders = ids.map { _ in "?" }.joined(separator: ", ")
            let forms = try String.fetchAll(
                db,
                sql: "SELECT DISTINCT form FROM term_form WHERE term_id IN (\(placeholders)) ORDER BY form LIMIT 64",
                arguments: StatementArguments(ids))
            formClauses.append(SearchQuery.Clause(text: lemma.text, alternatives: forms))
        }
        return (lemmaMatch, formClauses)
    }

    /// The `FROM … WHERE` of a search and its arguments; nil when the filter can match nothing.
    /// Lemma clauses alone read the term index alone (one doclist per term), each match joined
    /// to the compact covering index of the filter columns when there are filters. Otherwise
    /// the full-text index answers, the lemma clauses a condition on it, and the dates, outlet
    /// and edition are facet clauses of its MATCH (``SearchFacets``); only a code filter joins.
    static func matchingArticles(
        _ query: SearchQuery, lemmaMatch: String?, lemmaOnly: Bool, filter: ArticleFilter, _ db: Database
    ) throws -> (from: String, arguments: StatementArguments)? {
        let filterJoin = "JOIN article a INDEXED BY article_filter ON a.id = "
        if lemmaOnly, let lemmaMatch {
            let (conditions, arguments) = filter.sql()
            let from =
                conditions.isEmpty
                ? "FROM term_fts WHERE term_fts MATCH ?"
                : "FROM term_fts \(filterJoin)term_fts.rowid WHERE term_fts MATCH ?\(conditions)"
            return (from, [lemmaMatch] + arguments)
        }
        // The corpus's date span only matters to a date filter: no lookups for other searches.
        let span = filter.from == nil && filter.to == nil ? nil : try dateSpan(db)
        guard let facets = filter.facetMatch(span: span) else { return nil }
        let (conditions, arguments) = filter.sql(facets: true)
        var match: StatementArguments = [query.textMatch + (facets.isEmpty ? "" : " AND " + facets)]
        let lemmaCondition =
            lemmaMatch == nil ? "" : " AND article_fts.rowid IN (SELECT rowid FROM term_fts WHERE term_fts MATCH ?)"
        if let lemmaMatch { match += [lemmaMatch] }
        let from =
            conditions.isEmpty
            ? "FROM article_fts WHERE article_fts MATCH ?\(lemmaCondition)"
            : "FROM article_fts \(filterJoin)article_fts.rowid WHERE article_fts MATCH ?\(lemmaCondition)\(conditions)"
        return (from, match + arguments)
    }

    /// The first and last publication dates in the corpus (two index lookups); nil when no
    /// article is dated.
    static func dateSpan(_ db: Database) throws -> (first: String, last: String)? {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT (SELECT min(date) FROM article) AS first,
                           (SELECT max(date) FROM article) AS last
                    """))
        guard let first: String = row?["first"], let last: String = row?["last"] else { return nil }
        return (first, last)
    }

    /// An article as a search hit: its fields, addresses and sections, the title's marked
    /// ranges and a snippet of the body (of the title when the body is empty).
    static func hit(id: Int64, score: Double, highlighter: Highlighter, _ db: Database) throws -> SearchHit? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT uid, outlet, lang, date, title, body FROM article WHERE id = ?"),
                arguments: [id])
        else { return nil }
        let title: String = row["title"]
        let body: String = row["body"]
        return SearchHit(
            id: row["uid"], outlet: row["outlet"], lang: row["lang"], date: row["date"], title: title,
            urls: try urls(of: id, db), sections: try sections(of: id, db), score: score,
            titleHighlights: highlighter.ranges(in: Array(title)),
            snippet: highlighter.snippet(of: body.isEmpty ? title : body))
    }

    /// A query matching more articles than this is ranked among its most recently published
    /// this many matches (see ``search(_:filter:limit:offset:rankingWindow:)``).
    public static let rankingWindow = 10_000
}
