import Foundation
import GRDB
import SinmunCollect

/// One article with everything the article page shows.
public struct ArticleDetail: Codable, Sendable {
    /// A near-duplicate of the article: another text so alike that it is likely a reprint.
    public struct Neighbour: Codable, Sendable {
        /// The other article's stable id.
        public var id: String
        /// Its date, `YYYY-MM-DD`.
        public var date: String?
        /// Its outlet identifier.
        public var outlet: String
        /// Its headline.
        public var title: String
        /// How alike the two texts are, 0 to 1: the shingles' Jaccard similarity, MinHash-estimated.
        public var similarity: Double

        /// Makes one from its parts.
        public init(id: String, date: String?, outlet: String, title: String, similarity: Double) {
            self.id = id
            self.date = date
            self.outlet = outlet
            self.title = title
            self.similarity = similarity
        }
    }

    /// The stable 16-hex-digit id.
    public var id: String
    /// The outlet identifier (`rodong`, `kcna` ...).
    public var outlet: String
    /// The edition's language code.
    public var lang: String
    /// `YYYY-MM-DD`; nil when the source gave no date.
    public var date: String?
    /// The newspaper page, where known.
    public var page: Int?
    /// The headline.
    public var title: String
    /// The body text, paragraphs separated by newlines.
    public var body: String
    /// The author or reporter line, where given.
    public var byline: String?
    /// Every address the article was seen at.
    public var urls: [String]
    /// Every section it was listed under.
    public var sections: [String]
    /// Similar articles, most alike first.
    public var nearDuplicates: [Neighbour]
    /// How many earlier texts of the article are kept (a page edited after publication).
    public var revisions: Int
    /// Codes per codebook name.
    public var codes: [String: [StoredCode]]
    /// Its reported speech by codebook: who speaks, and what they are reported to say.
    public var quotes: [String: [StoredQuote]] = [:]

    /// Makes one from its parts.
    public init(
        id: String, outlet: String, lang: String, date: String?, page: Int?, title: String, body: String,
        byline: String?, urls: [String], sections: [String], nearDuplicates: [Neighbour], revisions: Int,
        codes: [String: [StoredCode]], quotes: [String: [StoredQuote]] = [:]
    ) {
        self.id = id
        self.outlet = outlet
        self.lang = lang
        self.date = date
        self.page = page
        self.title = title
        self.body = body
        self.byline = byline
        self.urls = urls
        self.sections = sections
        self.nearDuplicates = nearDuplicates
        self.revisions = revisions
        self.codes = codes
        self.quotes = quotes
    }
}

extension CorpusStore {
    /// The stable id of the article at an address (or with this id), nil when unknown.
    public func articleID(address: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT uid FROM article WHERE uid = ?1
                    UNION ALL SELECT a.uid FROM article_url u JOIN article a ON a.id = u.article_id WHERE u.url = ?1
                    LIMIT 1
                    """, arguments: [address])
        }
    }

    /// One article with everything known about it, by its stable id.
    public func article(id uid: String) throws -> ArticleDetail? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE uid = ?", arguments: [uid]) else {
                return nil
            }
            let id: Int64 = row["id"]
            let neighbours = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.uid, a.date, a.outlet, a.title, n.similarity FROM near_duplicate n
                    JOIN article a ON a.id = CASE WHEN n.a = ? THEN n.b ELSE n.a END
                    WHERE n.a = ? OR n.b = ? ORDER BY n.similarity DESC, a.uid
                    """, arguments: [id, id, id]
            ).map {
                ArticleDetail.Neighbour(
                    id: $0["uid"], date: $0["date"], outlet: $0["outlet"], title: $0["title"],
                    similarity: $0["similarity"])
            }
            var codes: [String: [StoredCode]] = [:]
            let decoder = JSONDecoder()
            for codeRow in try Row.fetchAll(
                db,
                sql: """
                    SELECT codebook, code, level, score, hits, evidence, link FROM article_code
                    WHERE article_id = ? ORDER BY codebook, code
                    """,
                arguments: [id])
            {
                let evidence: String = codeRow["evidence"]
                codes[codeRow["codebook"], default: []].append(
                    StoredCode(
                        code: codeRow["code"], level: codeRow["level"], score: codeRow["score"], hits: codeRow["hits"],
                        evidence: try decoder.decode([StoredEvidence].self, from: Data(evidence.utf8)),
                        link: codeRow["link"]))
            }
            var quotes: [String: [StoredQuote]] = [:]
            for quoteRow in try Row.fetchAll(
                db, sql: "SELECT codebook, quotes FROM article_quote WHERE article_id = ?", arguments: [id])
            {
                let json: String = quoteRow["quotes"]
                quotes[quoteRow["codebook"]] = try decoder.decode([StoredQuote].self, from: Data(json.utf8))
            }
            return ArticleDetail(
                id: uid, outlet: row["outlet"], lang: row["lang"], date: row["date"], page: row["page"],
                title: row["title"],
                body: row["body"], byline: row["byline"],
                urls: try Self.urls(of: id, db), sections: try Self.sections(of: id, db),
                nearDuplicates: neighbours,
                revisions: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM article_revision WHERE article_id = ?", arguments: [id]) ?? 0,
                codes: codes, quotes: quotes)
        }
    }

    /// Stores a coder's labels for an article (replacing that coder's earlier ones).
    public func saveHumanLabels(articleID uid: String, coder: String, labels: [String: Bool]) throws {
        try write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM article WHERE uid = ?", arguments: [uid]) else {
                throw StoreError.noArticle(uid)
            }
            try db.execute(sql: "DELETE FROM human_label WHERE coder = ? AND article_id = ?", arguments: [coder, id])
            for (code, value) in labels {
                try db.execute(
                    sql: "INSERT INTO human_label (article_id, coder, code, value, updated_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id, coder, code, value ? 1 : 0, Self.timestamp()])
            }
        }
    }

    /// A coder's labels for one article.
    public func humanLabels(articleID uid: String, coder: String) throws -> [String: Bool] {
        try read { db in
            var out: [String: Bool] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT h.code, h.value FROM human_label h JOIN article a ON a.id = h.article_id
                    WHERE a.uid = ? AND h.coder = ?
                    """, arguments: [uid, coder])
            { out[row["code"]] = (row["value"] as Int) == 1 }
            return out
        }
    }

    /// A coder's labels as the CSV `sinmun validate` reads (``HumanLabelCSV``).
    public func humanLabelCSV(coder: String, codes: [String]) throws -> String {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.uid, (SELECT min(url) FROM article_url u WHERE u.article_id = a.id) AS url, h.code, h.value
                    FROM human_label h JOIN article a ON a.id = h.article_id WHERE h.coder = ? ORDER BY a.id
                    """, arguments: [coder])
            return HumanLabelCSV.text(
                rows.map { ((($0["url"] as String?) ?? $0["uid"]), $0["code"], ($0["value"] as Int) == 1) },
                codes: codes)
        }
    }

    /// Coders who have labelled anything.
    public func coders() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT coder FROM human_label ORDER BY coder") }
    }
}
