import Foundation
import PostgresNIO
import SinmunStore

/// Coding on PostgreSQL (`sinmun code --db postgres://…`), storing codes as SQLite stores them
/// (the same evidence JSON), so `sinmun codes` writes the same records from either backend.
///
/// Several coders may run at once. Each batch's codes are written in one transaction that
/// holds an advisory lock on the codebook, so two coders of one codebook never interleave
/// their rows; a coder that read an article before an import changed its text stores the old
/// text's hash, so the article is coded again by the next run.
extension PostgresCorpus: CodingBackend {
    /// The first key of the advisory lock a coding transaction holds on its codebook.
    static let codingLockSpace: Int32 = 0x534F

    public func articlesNeedingCoding(
        codebook: String, hash: String, batchSize: Int, _ handle: ([ArticleText]) throws -> Void
    ) throws {
        var lastID: Int64 = 0
        while true {
            let rows = try rowsWaiting(
                """
                SELECT a.id, a.uid, a.lang, a.title, a.body, a.content_hash FROM article a
                LEFT JOIN coding_state s ON s.article_id = a.id AND s.codebook = \(codebook)
                WHERE (s.article_id IS NULL OR s.codebook_hash <> \(hash) OR s.content_hash <> a.content_hash)
                  AND a.id > \(lastID)
                ORDER BY a.id LIMIT \(Int64(batchSize))
                """)
            guard !rows.isEmpty else { return }
            let batch = try rows.map { row in
                let (id, uid, lang, title, body, contentHash) = try row.decode(
                    (Int64, String, String, String, String, String).self)
                return ArticleText(
                    rowID: id, id: uid, language: lang, title: title, body: body, contentHash: contentHash)
            }
            try handle(batch)
            lastID = batch.last!.rowID
        }
    }

    public func saveCoding(codebook: String, hash: String, results: [(ArticleText, ArticleCoding)]) throws {
        guard !results.isEmpty else { return }
        let now = CorpusStore.timestamp()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let ids = results.map(\.0.rowID)
        var codes = CodeRows()
        var quoted: (ids: [Int64], quotes: [String]) = ([], [])
        for (article, coding) in results {
            for code in coding.codes {
                codes.articleIDs.append(article.rowID)
                codes.codes.append(code.code)
                codes.levels.append(code.level)
                codes.scores.append(code.score)
                codes.hits.append(Int64(code.hits))
                codes.evidence.append(String(decoding: try encoder.encode(code.evidence), as: UTF8.self))
                codes.links.append(code.link)
            }
            if !coding.quotes.isEmpty {
                quoted.ids.append(article.rowID)
                quoted.quotes.append(String(decoding: try encoder.encode(coding.quotes), as: UTF8.self))
            }
        }
        let hashes = results.map(\.0.contentHash)
        try transactionWaiting {
            try rowsWaiting("SELECT pg_advisory_xact_lock(\(Self.codingLockSpace), hashtext(\(codebook)))")
            try rowsWaiting("DELETE FROM article_code WHERE codebook = \(codebook) AND article_id = ANY(\(ids))")
            try rowsWaiting("DELETE FROM article_quote WHERE codebook = \(codebook) AND article_id = ANY(\(ids))")
            if !codes.articleIDs.isEmpty {
                var statement = SQLStatement()
                let columns = [
                    try statement.bind(codes.articleIDs) + "::bigint[]", try statement.bind(codes.codes) + "::text[]",
                    try statement.bind(codes.levels) + "::text[]", try statement.bind(codes.scores) + "::float8[]",
                    try statement.bind(codes.hits) + "::bigint[]", try statement.bind(codes.evidence) + "::text[]",
                    try statement.bind(PostgresNullableArray(elements: codes.links)) + "::text[]",
                ]
                let book = try statement.bind(codebook)
                statement.append(
                    """
                    INSERT INTO article_code (article_id, code, level, score, hits, evidence, link, codebook)
                    SELECT *, \(book) FROM unnest(\(columns.joined(separator: ", ")))
                    """)
                try rowsWaiting(statement.query)
            }
            if !quoted.ids.isEmpty {
                try rowsWaiting(
                    """
                    INSERT INTO article_quote (article_id, quotes, codebook)
                    SELECT *, \(codebook) FROM unnest(\(quoted.ids)::bigint[], \(quoted.quotes)::text[])
                    """)
            }
            try rowsWaiting(
                """
                INSERT INTO coding_state (article_id, content_hash, codebook, codebook_hash, coded_at)
                SELECT *, \(codebook), \(hash), \(now) FROM unnest(\(ids)::bigint[], \(hashes)::text[])
                ON CONFLICT (codebook, article_id) DO UPDATE
                SET codebook_hash = excluded.codebook_hash, content_hash = excluded.content_hash,
                    coded_at = excluded.coded_at
                """)
        }
    }

    /// A batch's codes, column by column.
    private struct CodeRows {
        var articleIDs: [Int64] = []
        var codes: [String] = []
        var levels: [String] = []
        var scores: [Double] = []
        var hits: [Int64] = []
        var evidence: [String] = []
        var links: [String?] = []
    }

    public func codingCoverage(codebook: String) throws -> (coded: Int, articles: Int, hash: String?) {
        let row = try rowsWaiting(
            """
            SELECT (SELECT count(*) FROM coding_state s JOIN article a ON a.id = s.article_id
                    WHERE s.codebook = \(codebook) AND s.content_hash = a.content_hash),
                   (SELECT count(*) FROM article),
                   (SELECT codebook_hash FROM coding_state WHERE codebook = \(codebook) LIMIT 1)
            """
        ).first
        guard let (coded, articles, hash) = try row?.decode((Int64, Int64, String?).self) else { return (0, 0, nil) }
        return (Int(coded), Int(articles), hash)
    }

    public func codedArticles(
        codebook: String, filter: ArticleFilter, _ handle: (CodedArticle) throws -> Void
    ) throws {
        // The order first (ids only), then the articles a page at a time: no cursor held open
        // across the handler, and SQLite's order (undated first, then by date and id).
        var statement = SQLStatement()
        let conditions = try Self.conditions(filter, &statement)
        statement.append("SELECT a.id FROM article a WHERE true\(conditions) ORDER BY a.date NULLS FIRST, a.id")
        let order = try rowsWaiting(statement.query).map { try $0.decode(Int64.self) }
        let decoder = JSONDecoder()
        var start = 0
        while start < order.count {
            let page = Array(order[start..<min(start + 500, order.count)])
            start += page.count
            var articles: [Int64: PostgresRow] = [:]
            for row in try rowsWaiting(
                """
                SELECT a.id, a.uid, a.outlet, a.lang, a.date, a.title,
                       coalesce((SELECT array_agg(url ORDER BY url) FROM article_url WHERE article_id = a.id),
                                '{}'),
                       coalesce((SELECT array_agg(section ORDER BY section) FROM article_section
                                 WHERE article_id = a.id), '{}')
                FROM article a WHERE a.id = ANY(\(page))
                """)
            {
                articles[try row.decode(Int64.self)] = row
            }
            var codes: [Int64: [String: StoredCode]] = [:]
            for row in try rowsWaiting(
                """
                SELECT article_id, code, level, score, hits, evidence, link FROM article_code
                WHERE codebook = \(codebook) AND article_id = ANY(\(page))
                """)
            {
                let (id, code, level, score, hits, evidence, link) = try row.decode(
                    (Int64, String, String, Double, Int64, String, String?).self)
                codes[id, default: [:]][code] = StoredCode(
                    code: code, level: level, score: score, hits: Int(hits),
                    evidence: try decoder.decode([StoredEvidence].self, from: Data(evidence.utf8)), link: link)
            }
            var quotes: [Int64: [StoredQuote]] = [:]
            for row in try rowsWaiting(
                """
                SELECT article_id, quotes FROM article_quote WHERE codebook = \(codebook) AND article_id = ANY(\(page))
                """
            ) {
                let (id, json) = try row.decode((Int64, String).self)
                quotes[id] = try decoder.decode([StoredQuote].self, from: Data(json.utf8))
            }
            for id in page {
                guard let row = articles[id] else { continue }
                let (_, uid, outlet, lang, date, title, urls, sections) = try row.decode(
                    (Int64, String, String, String, String?, String, [String], [String]).self)
                try handle(
                    CodedArticle(
                        id: uid, outlet: outlet, lang: lang, date: date, title: title, urls: urls, sections: sections,
                        codes: codes[id] ?? [:], quotes: quotes[id] ?? []))
            }
        }
    }
}
