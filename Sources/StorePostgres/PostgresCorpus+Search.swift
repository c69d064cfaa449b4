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
    /// times the body) among the `CorpusStore.rankingWindow` most recently published
    /// matches, the window as on SQLite (every match published on or after the day of the
    /// window's last; the most recently added when too few are dated). A hit's `score` is the
    /// rank negated, so lower is better as with SQLite's BM25. `lemma:` clauses are answered by
    /// the term index (`sinmun analyze`), as on SQLite: each is any term of its folded lemma,
    /// and the hits mark the forms those terms were printed in; a query of lemma clauses alone
    /// lists the most recently published matches first (undated ones last).
    public func search(
        _ query: SearchQuery, filter: ArticleFilter = ArticleFilter(), limit: Int = 20, offset: Int = 0,
        rankingWindow: Int = CorpusStore.rankingWindow
    ) throws -> SearchResult {
        guard !query.isEmpty, let compiled = try compile(query) else { return SearchResult(total: 0, hits: []) }
        let highlighter = Highlighter(
            query: compiled.forms.isEmpty ? query : SearchQuery(clauses: query.clauses + compiled.forms))
        guard let any = TextSearchQuery.any(compiled.clauses) else {
            // Lemma clauses alone have nothing to rank by (the index keeps no positions).
            var counting = SQLStatement()
            let counted = try Self.matching(compiled.clauses, lemmas: compiled.lemmas, filter, &counting)
            counting.append("SELECT count(*) FROM (\(counted)) m")
            let total = try countWaiting(counting.query)
            guard total > 0 else { return SearchResult(total: total, hits: []) }
            var listing = SQLStatement()
            let matches = try Self.matching(compiled.clauses, lemmas: compiled.lemmas, filter, &listing)
            let (pageSize, skip) = (try listing.bind(Int64(limit)), try listing.bind(Int64(offset)))
            listing.append(
                "\(matches) ORDER BY a.date DESC NULLS LAST, 1 DESC LIMIT \(pageSize) OFFSET \(skip)")
            let ranked = try rowsWaiting(listing.query).map { (id: try $0.decode(Int64.self), score: 0.0) }
            return SearchResult(total: total, hits: try hits(ranked, highlighter: highlighter))
        }
        let (total, window) = try matchesAndWindow(compiled, filter, size: rankingWindow)
        guard total > 0 else { return SearchResult(total: total, hits: []) }
        // The window's pieces that match. Words: found through the full-text index, kept by
        // id (no vector read but to rank). A phrase: the window's pieces looked up by id, then
        // checked; through the index, every match in the corpus was read and checked again
        // (660 against 150 ms for a broad phrase at 1M), as PostgreSQL guesses a phrase rare.
        var ranking = SQLStatement()
        let anyClause = try ranking.bind(any)
        let ids = try ranking.bind(window)
        let (pageSize, skip) = (try ranking.bind(Int64(limit)), try ranking.bind(Int64(offset)))
        let pieces =
            any.needsPositions
            ? "(SELECT * FROM article_fts WHERE article_id = ANY(\(ids)) OFFSET 0) f WHERE f.terms @@ \(anyClause)"
            : "article_fts f WHERE f.terms @@ \(anyClause) AND f.article_id = ANY(\(ids))"
        ranking.append(
            """
            SELECT f.article_id, sum(ts_rank(f.terms, \(anyClause)) * CASE WHEN f.part = 0 THEN 4 ELSE 1 END)::float8
            FROM \(pieces)
            GROUP BY f.article_id ORDER BY 2 DESC, 1 DESC
            LIMIT \(pageSize) OFFSET \(skip)
            """)
        let page = try rowsWaiting(ranking.query).map { row in
            let (id, score) = try row.decode((Int64, Double).self)
            return (id: id, score: -score)
        }
        let hits = try self.hits(page, highlighter: highlighter)
        // A window of none or fewer says what was asked, as SQLite's search does.
        let among = rankingWindow > 0 ? window.count : rankingWindow
        return SearchResult(total: total, hits: hits, rankedAmong: total > rankingWindow ? among : nil)
    }

    /// One pass over a query's matches: how many there are, and the ids of those to rank. A
    /// broad query (more than `size` matches) is ranked among its most recently published:
    /// every match published on or after the day of the `size`th newest, or the `size` most
    /// recently added when fewer than that are dated; a narrow one among all its matches.
    /// The matches are read once, their dates from the same rows as their words
    /// (`article_lexemes`), or for a query of phrases alone from the covering index
    /// `article_filter`.
    func matchesAndWindow(
        _ compiled: (clauses: [TextSearchQuery], lemmas: [[Int64]], forms: [SearchQuery.Clause]),
        _ filter: ArticleFilter, size: Int
    ) throws -> (total: Int, ids: [Int64]) {
        var windowing = SQLStatement()
        let matches = try Self.matching(
            compiled.clauses, lemmas: compiled.lemmas, filter, &windowing, select: "a.id, a.date")
        let window = try windowing.bind(Int64(max(size, 0)))
        let last = try windowing.bind(Int64(max(size, 1) - 1))
        windowing.append(
            """
            WITH m AS MATERIALIZED (\(matches)),
            counted AS (SELECT count(*) AS n FROM m),
            since AS (SELECT date AS day FROM m WHERE date IS NOT NULL ORDER BY date DESC OFFSET \(last) LIMIT 1)
            SELECT n, CASE
                WHEN n <= \(window) THEN (SELECT array_agg(id) FROM m)
                WHEN \(window) > 0 AND (SELECT day FROM since) IS NOT NULL
                    THEN (SELECT array_agg(id) FROM m WHERE date >= (SELECT day FROM since))
                ELSE (SELECT array_agg(id) FROM (SELECT id FROM m ORDER BY id DESC LIMIT \(window)) newest)
            END
            FROM counted
            """)
        guard let row = try rowsWaiting(windowing.query).first else { return (0, []) }
        let (total, ids) = try row.decode((Int64, [Int64]?).self)
        return (Int(total), ids ?? [])
    }

    /// A query as this backend runs it: each word clause as one text-search query, each lemma
    /// clause as the ids of its terms, and the forms those terms were printed in (as clauses the
    /// highlighter marks). Nil when a clause can match nothing: no token left after
    /// tokenizing, or a lemma the index does not hold.
    func compile(
        _ query: SearchQuery
    ) throws -> (clauses: [TextSearchQuery], lemmas: [[Int64]], forms: [SearchQuery.Clause])? {
        let tokenizer = try IndexTokenizer()
        var clauses: [TextSearchQuery] = []
        for clause in query.clauses {
            guard let compiled = try Self.compile(clause, tokenizer) else { return nil }
            clauses.append(compiled)
        }
        var lemmas: [[Int64]] = []
        var forms: [SearchQuery.Clause] = []
        for lemma in query.lemmas {
            let ids = try termIDs(fold: lemma.folded, pos: lemma.pos)
            guard !ids.isEmpty else { return nil }
            lemmas.append(ids)
            let printed = try rowsWaiting(
                "SELECT DISTINCT form FROM term_form WHERE term_id = ANY(\(ids)) ORDER BY form LIMIT 64"
            ).map { try $0.decode(String.self) }
            forms.append(SearchQuery.Clause(text: lemma.text, alternatives: printed))
        }
        return (clauses, lemmas, forms)
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

    /// `SELECT a.id …` (or the `select` given, of `id` and `date`) of the articles every clause
    /// and every lemma clause matches that pass the filter; values bound. A lemma clause
    /// matches an article holding any of its terms.
    ///
    /// Word clauses are answered from `article_lexemes`, one row per article with its date and
    /// filter columns. Clauses of single words (and their spellings and prefixes) are found in
    /// one GIN lookup of its lexemes, with each phrase of the query relaxed to its words as a
    /// further narrowing; a clause with a phrase is confirmed against the article's pieces in
    /// `article_fts`, which keep positions. An article whose row has no lexemes (more than one
    /// vector holds, or written by a `sinmun` built before the table) is checked clause by
    /// clause against its pieces alone.
    static func matching(
        _ clauses: [TextSearchQuery], lemmas: [[Int64]] = [], _ filter: ArticleFilter, _ statement: inout SQLStatement,
        select: String = "a.id"
    ) throws -> String {
        var rest = ""
        if !lemmas.isEmpty {
            let overlaps = try lemmas.map { "term_ids && \(try statement.bind($0))::bigint[]" }
            rest += " AND a.id IN (SELECT article_id FROM article_terms WHERE \(overlaps.joined(separator: " AND ")))"
        }
        rest += try conditions(filter, &statement)
        guard !clauses.isEmpty else { return "SELECT \(select) FROM article a WHERE true" + rest }
        let bound = try clauses.map { (query: $0, parameter: try statement.bind($0)) }
        let confirmed = { (clauses: [(query: TextSearchQuery, parameter: String)]) in
            clauses.map {
                " AND EXISTS (SELECT 1 FROM article_fts f WHERE f.article_id = a.id AND f.terms @@ \($0.parameter))"
            }.joined()
        }
        let phrases = confirmed(bound.filter(\.query.needsPositions))
        // Only phrases: their pieces find every match, with or without lexemes, and the dates
        // come from the covering index `article_filter` (a probe of the lexemes' rows, wider,
        // took four times as long).
        guard clauses.contains(where: { !$0.needsPositions }), let all = TextSearchQuery.all(clauses.map(\.unordered))
        else { return "SELECT \(select) FROM article a WHERE true\(phrases)\(rest)" }
        // The fence (OFFSET 0) keeps the lexemes an index condition: joined first, they were
        // read row by row as a filter, each vector decompressed (1.5 s for a broad phrase at 1M).
        return """
            SELECT \(select) FROM (
                SELECT id, date, outlet, lang FROM article_lexemes WHERE lexemes @@ \(try statement.bind(all)) OFFSET 0
            ) a WHERE true\(phrases)\(rest)
            UNION ALL
            SELECT \(select) FROM article_lexemes a WHERE a.lexemes IS NULL\(confirmed(bound))\(rest)
            """
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
