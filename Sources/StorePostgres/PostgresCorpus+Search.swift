import PostgresNIO
import SinmunCollect
import SinmunStore

/// Full-text search on PostgreSQL, answering as `CorpusStore`'s search does.
///
/// A query is compiled by the same code as for SQLite (`SearchQuery`,
/// `SearchPhrase`), its phrases tokenized by SQLite's own tokenizer
/// (`IndexTokenizer`), and sent as binary ``TextSearchQuery`` parameters: a
/// clause matches an article when one of its spellings lies whole in one piece of its title or
/// body, and an article matches when every clause does, so counts equal SQLite's.
extension PostgresCorpus {
    /// Full-text search: the exact count, and a page of hits ranked by `ts_rank` (title four
    /// times the body) among the `CorpusStore.rankingWindow` most recently added
    /// matches. A hit's `score` is the rank negated, so lower is better as with SQLite's BM25.
    /// `lemma:` clauses need the term index, which is not on PostgreSQL yet.
    public func search(
        _ query: SearchQuery, filter: ArticleFilter = ArticleFilter(), limit: Int = 20, offset: Int = 0,
        rankingWindow: Int = CorpusStore.rankingWindow
    ) throws -> SearchResult {
        guard !query.isEmpty else { return SearchResult(total: 0, hits: []) }
        guard query.lemmas.isEmpty else { throw StoreError.notOnThisBackend("lemma: search (the term index)") }
        let tokenizer = try IndexTokenizer()
        var clauses: [TextSearchQuery] = []
        for clause in query.clauses {
            // A clause none of whose spellings can match (nothing left after tokenizing) matches nothing.
            guard let compiled = try Self.compile(clause, tokenizer) else { return SearchResult(total: 0, hits: []) }
            clauses.append(compiled)
        }
        var counting = SQLStatement()
        let counted = try Self.matching(clauses, filter, &counting)
        counting.append("SELECT count(*) FROM (\(counted)) m")
        let total = try countWaiting(counting.query)
        guard total > 0, let any = TextSearchQuery.any(clauses) else { return SearchResult(total: total, hits: []) }
        var ranking = SQLStatement()
        let matches = try Self.matching(clauses, filter, &ranking)
        let anyClause = try ranking.bind(any)
        let window = try ranking.bind(Int64(rankingWindow))
        let (pageSize, skip) = (try ranking.bind(Int64(limit)), try ranking.bind(Int64(offset)))
        ranking.append(
            """
            WITH recent AS (\(matches) ORDER BY 1 DESC LIMIT \(window))
            SELECT r.id, sum(ts_rank(f.terms, \(anyClause)) * CASE WHEN f.part = 0 THEN 4 ELSE 1 END)::float8
            FROM recent r JOIN article_fts f ON f.article_id = r.id AND f.terms @@ \(anyClause)
            GROUP BY r.id ORDER BY 2 DESC, r.id DESC
            LIMIT \(pageSize) OFFSET \(skip)
            """)
        var ranked: [(id: Int64, score: Double)] = []
        for row in try rowsWaiting(ranking.query) {
            let (id, score) = try row.decode((Int64, Double).self)
            ranked.append((id, -score))
        }
        let hits = try self.hits(ranked, highlighter: Highlighter(query: query))
        return SearchResult(total: total, hits: hits, rankedAmong: total > rankingWindow ? rankingWindow : nil)
    }

    /// A clause as one query: any of its spellings, each a phrase of the index's tokens. Nil
    /// when no spelling leaves a token.
    static func compile(_ clause: SearchQuery.Clause, _ tokenizer: IndexTokenizer) throws -> TextSearchQuery? {
        var spellings: [TextSearchQuery] = []
        for phrase in clause.phrases {
            let lexemes = try tokenizer.tokens(of: phrase)
            guard lexemes.count <= TextSearchVector.longestPhrase else {
                throw PostgresCorpusError.phraseTooLong(clause.text, tokens: lexemes.count)
            }
            // The index leaves out lexemes PostgreSQL cannot hold; a phrase needing one cannot match.
            guard lexemes.allSatisfy({ $0.utf8.count <= TextSearchVector.maxLexemeBytes }),
                let query = TextSearchQuery.phrase(lexemes, lastIsPrefix: phrase.lastIsPrefix)
            else { continue }
            spellings.append(query)
        }
        return TextSearchQuery.any(spellings)
    }

    /// `SELECT a.id …` of the articles every clause matches that pass the filter; values bound.
    static func matching(
        _ clauses: [TextSearchQuery], _ filter: ArticleFilter, _ statement: inout SQLStatement
    ) throws -> String {
        let perClause = try clauses.map { clause in
            "SELECT article_id FROM article_fts WHERE terms @@ \(try statement.bind(clause))"
        }
        return "SELECT a.id FROM article a WHERE a.id IN (\(perClause.joined(separator: " INTERSECT ")))"
            + (try conditions(filter, &statement))
    }

    /// The filter as conditions on `article a`, each starting " AND "; values bound.
    static func conditions(_ filter: ArticleFilter, _ statement: inout SQLStatement) throws -> String {
        var sql = ""
        if let from = filter.from { sql += " AND a.date >= \(try statement.bind(from.isoString))" }
        if let to = filter.to { sql += " AND a.date <= \(try statement.bind(to.isoString))" }
        if let outlet = filter.outlet { sql += " AND a.outlet = \(try statement.bind(outlet.rawValue))" }
        if let language = filter.language { sql += " AND a.lang = \(try statement.bind(language))" }
        if let codebook = filter.codebook, let code = filter.code {
            sql +=
                " AND EXISTS (SELECT 1 FROM article_code c WHERE c.article_id = a.id"
                + " AND c.codebook = \(try statement.bind(codebook)) AND c.code = \(try statement.bind(code)))"
        }
        return sql
    }

    /// The ranked articles as hits: fields, addresses and sections, marked title and snippet
    /// (without a highlighter, a listing's: the body's start, unmarked).
    func hits(_ ranked: [(id: Int64, score: Double)], highlighter: Highlighter?) throws -> [SearchHit] {
        guard !ranked.isEmpty else { return [] }
        let ids = ranked.map(\.id)
        var articles: [Int64: PostgresRow] = [:]
        for row in try rowsWaiting(
            "SELECT id, uid, outlet, lang, date, title, body FROM article WHERE id = ANY(\(ids))")
        {
            articles[try row.decode(Int64.self)] = row
        }
        var urls: [Int64: [String]] = [:]
        for row in try rowsWaiting(
            "SELECT article_id, url FROM article_url WHERE article_id = ANY(\(ids)) ORDER BY url")
        {
            let (id, url) = try row.decode((Int64, String).self)
            urls[id, default: []].append(url)
        }
        var sections: [Int64: [String]] = [:]
        for row in try rowsWaiting(
            "SELECT article_id, section FROM article_section WHERE article_id = ANY(\(ids)) ORDER BY section")
        {
            let (id, section) = try row.decode((Int64, String).self)
            sections[id, default: []].append(section)
        }
        return try ranked.compactMap { ranked -> SearchHit? in
            guard let row = articles[ranked.id] else { return nil }
            let (_, uid, outlet, lang, date, title, body) = try row.decode(
                (Int64, String, String, String, String?, String, String).self)
            // A listing (no query) shows the start of the body, as SQLite's does.
            let snippet =
                highlighter?.snippet(of: body.isEmpty ? title : body)
                ?? Snippet(text: String(body.prefix(200)) + (body.count > 200 ? "…" : ""), highlights: [])
            return SearchHit(
                id: uid, outlet: outlet, lang: lang, date: date, title: title, urls: urls[ranked.id] ?? [],
                sections: sections[ranked.id] ?? [], score: ranked.score,
                titleHighlights: highlighter?.ranges(in: Array(title)) ?? [], snippet: snippet)
        }
    }
}
