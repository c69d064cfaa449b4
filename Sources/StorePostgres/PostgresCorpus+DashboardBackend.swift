import Foundation
import PostgresNIO
import SinmunStore

/// The dashboard's reads and a coder's labels on PostgreSQL (`sinmun serve --db postgres://…`),
/// answering as `CorpusStore` does.
extension PostgresCorpus: DashboardBackend {
    public func listArticles(filter: ArticleFilter, limit: Int, offset: Int) throws -> SearchResult {
        var counting = SQLStatement()
        let counted = try Self.conditions(filter, &counting)
        counting.append("SELECT count(*) FROM article a WHERE true\(counted)")
        let total = try countWaiting(counting.query)
        var listing = SQLStatement()
        let conditions = try Self.conditions(filter, &listing)
        let (pageSize, skip) = (try listing.bind(Int64(limit)), try listing.bind(Int64(offset)))
        // SQLite's order: newest first, undated last.
        listing.append(
            """
            SELECT a.id FROM article a WHERE true\(conditions)
            ORDER BY a.date DESC NULLS LAST, a.id DESC LIMIT \(pageSize) OFFSET \(skip)
            """)
        let ids = try rowsWaiting(listing.query).map { (id: try $0.decode(Int64.self), score: 0.0) }
        return SearchResult(total: total, hits: try hits(ids, highlighter: nil))
    }

    public func articleID(address: String) throws -> String? {
        try rowsWaiting(
            """
            SELECT uid FROM article WHERE uid = \(address)
            UNION ALL SELECT a.uid FROM article_url u JOIN article a ON a.id = u.article_id WHERE u.url = \(address)
            LIMIT 1
            """
        ).first?.decode(String.self)
    }

    public func article(id uid: String) throws -> ArticleDetail? {
        guard
            let row = try rowsWaiting(
                "SELECT id, outlet, lang, date, page, title, body, byline FROM article WHERE uid = \(uid)"
            ).first
        else { return nil }
        let (id, outlet, lang, date, page, title, body, byline) = try row.decode(
            (Int64, String, String, String?, Int64?, String, String, String?).self)
        let neighbours = try rowsWaiting(
            """
            SELECT a.uid, a.date, a.outlet, a.title, n.similarity FROM near_duplicate n
            JOIN article a ON a.id = CASE WHEN n.a = \(id) THEN n.b ELSE n.a END
            WHERE n.a = \(id) OR n.b = \(id) ORDER BY n.similarity DESC, a.uid
            """
        ).map { row in
            let (uid, date, outlet, title, similarity) = try row.decode((String, String?, String, String, Double).self)
            return ArticleDetail.Neighbour(id: uid, date: date, outlet: outlet, title: title, similarity: similarity)
        }
        let decoder = JSONDecoder()
        var codes: [String: [StoredCode]] = [:]
        for row in try rowsWaiting(
            """
            SELECT codebook, code, level, score, hits, evidence, link FROM article_code
            WHERE article_id = \(id) ORDER BY codebook COLLATE "C", code COLLATE "C"
            """)
        {
            let (codebook, code, level, score, hits, evidence, link) = try row.decode(
                (String, String, String, Double, Int64, String, String?).self)
            codes[codebook, default: []].append(
                StoredCode(
                    code: code, level: level, score: score, hits: Int(hits),
                    evidence: try decoder.decode([StoredEvidence].self, from: Data(evidence.utf8)), link: link))
        }
        var quotes: [String: [StoredQuote]] = [:]
        for row in try rowsWaiting("SELECT codebook, quotes FROM article_quote WHERE article_id = \(id)") {
            let (codebook, json) = try row.decode((String, String).self)
            quotes[codebook] = try decoder.decode([StoredQuote].self, from: Data(json.utf8))
        }
        let urls = try rowsWaiting("SELECT url FROM article_url WHERE article_id = \(id) ORDER BY url")
            .map { try $0.decode(String.self) }
        let sections = try rowsWaiting(
            "SELECT section FROM article_section WHERE article_id = \(id) ORDER BY section"
        ).map { try $0.decode(String.self) }
        let revisions = try countWaiting("SELECT count(*) FROM article_revision WHERE article_id = \(id)")
        return ArticleDetail(
            id: uid, outlet: outlet, lang: lang, date: date, page: page.map(Int.init), title: title, body: body,
            byline: byline, urls: urls, sections: sections, nearDuplicates: neighbours, revisions: revisions,
            codes: codes, quotes: quotes)
    }

    public func saveHumanLabels(articleID uid: String, coder: String, labels: [String: Bool]) throws {
        let now = CorpusStore.timestamp()
        let (codes, values) = (Array(labels.keys), labels.keys.map { Int64(labels[$0]! ? 1 : 0) })
        try transactionWaiting {
            guard let id = try rowsWaiting("SELECT id FROM article WHERE uid = \(uid)").first?.decode(Int64.self) else {
                throw StoreError.noArticle(uid)
            }
            try rowsWaiting("DELETE FROM human_label WHERE coder = \(coder) AND article_id = \(id)")
            try rowsWaiting(
                """
                INSERT INTO human_label (code, value, article_id, coder, updated_at)
                SELECT *, \(id), \(coder), \(now) FROM unnest(\(codes)::text[], \(values)::bigint[])
                """)
        }
    }

    public func humanLabels(articleID uid: String, coder: String) throws -> [String: Bool] {
        var labels: [String: Bool] = [:]
        for row in try rowsWaiting(
            """
            SELECT h.code, h.value FROM human_label h JOIN article a ON a.id = h.article_id
            WHERE a.uid = \(uid) AND h.coder = \(coder)
            """)
        {
            let (code, value) = try row.decode((String, Int64).self)
            labels[code] = value == 1
        }
        return labels
    }

    public func humanLabelCSV(coder: String, codes: [String]) throws -> String {
        let labels = try rowsWaiting(
            """
            SELECT coalesce((SELECT min(url) FROM article_url u WHERE u.article_id = a.id), a.uid), h.code, h.value
            FROM human_label h JOIN article a ON a.id = h.article_id WHERE h.coder = \(coder) ORDER BY a.id
            """
        ).map { row in
            let (key, code, value) = try row.decode((String, String, Int64).self)
            return (key: key, code: code, value: value == 1)
        }
        return HumanLabelCSV.text(labels, codes: codes)
    }

    public func coders() throws -> [String] {
        try rowsWaiting("SELECT DISTINCT coder FROM human_label ORDER BY coder").map { try $0.decode(String.self) }
    }
}

extension PostgresCorpus: CorpusGeneration {
    /// The count of committed transactions that changed what a page shows (migration 6's
    /// trigger): one indexed read of one row.
    public func current() throws -> Int {
        try countWaiting("SELECT n FROM corpus_generation")
    }

    /// A round trip to the server.
    public var waitsOnNetwork: Bool { true }
}
