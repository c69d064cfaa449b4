import Foundation
import PostgresNIO
import SinmunCollect
import SinmunStore

/// An import's statements on PostgreSQL, inside the transaction
/// ``PostgresCorpus/ingestTransaction(_:)`` opened. Rows already there are left alone
/// (`ON CONFLICT DO NOTHING`), as SQLite's `INSERT OR IGNORE` leaves them.
struct PostgresIngestStatements: IngestStatements {
    let corpus: PostgresCorpus
    /// Tokens for the full-text index, as SQLite's index holds them.
    let tokenizer: IndexTokenizer

    func lastArticleID() throws -> Int64 {
        Int64(try corpus.countWaiting("SELECT coalesce(max(id), 0)::bigint FROM article"))
    }

    /// PostgreSQL has no cheap count of other sessions' commits; the import keeps its own maps
    /// for its first transaction only, when the lock it holds proves the corpus empty.
    func commitMark() throws -> Int64? { nil }

    func hasProvenance(source: Int64, locator: String) throws -> Bool {
        !(try corpus.rowsWaiting("SELECT 1 FROM provenance WHERE source_id = \(source) AND locator = \(locator)"))
            .isEmpty
    }

    func articleID(uid: String) throws -> Int64? {
        // One round trip: the article with this identity, else the article it is a revision of.
        try corpus.rowsWaiting(
            """
            SELECT coalesce((SELECT id FROM article WHERE uid = \(uid)),
                            (SELECT article_id FROM article_revision WHERE uid = \(uid)))
            """
        ).first?.decode(Int64?.self)
    }

    func articles(atAddress url: String, outlet: String, language: String) throws -> [(id: Int64, hasBody: Bool)] {
        try corpus.rowsWaiting(
            """
            SELECT a.id, a.body <> '' FROM article_url u JOIN article a ON a.id = u.article_id
            WHERE u.url = \(url) AND a.outlet = \(outlet) AND a.lang = \(language) ORDER BY a.id
            """
        ).map { try $0.decode((Int64, Bool).self) }
    }

    func titleAndSignature(of id: Int64) throws -> (title: String, minhash: Data?)? {
        try corpus.rowsWaiting("SELECT title, minhash FROM article WHERE id = \(id)").first.map { row in
            let (title, minhash) = try row.decode((String, ByteBuffer?).self)
            return (title, minhash.map { Data($0.readableBytesView) })
        }
    }

    func insertRevision(_ prepared: PreparedArticle, of id: Int64, at now: String) throws {
        let article = prepared.article
        try corpus.rowsWaiting(
            """
            INSERT INTO article_revision (uid, article_id, title, body, content_hash, first_seen)
            VALUES (\(prepared.uid), \(id), \(article.title), \(article.body), \(prepared.contentHash), \(now))
            ON CONFLICT DO NOTHING
            """)
    }

    func insertArticle(_ prepared: PreparedArticle, at now: String) throws -> Int64 {
        let article = prepared.article
        let minhash = prepared.signature.map { ByteBuffer(data: Fingerprint.encode($0)) }
        let rows = try corpus.rowsWaiting(
            """
            INSERT INTO article (uid, outlet, lang, date, date_precision, page, title, body, byline, content_hash,
                                 minhash, synthetic, first_seen, updated_at)
            VALUES (\(prepared.uid), \(article.outlet.rawValue), \(article.language), \(article.date?.isoString),
                    \(article.date?.precision.rawValue), \(article.page.map(Int64.init)), \(article.title),
                    \(article.body), \(article.byline), \(prepared.contentHash), \(minhash),
                    \(Int64(article.synthetic ? 1 : 0)), \(now), \(now))
            RETURNING id
            """)
        guard let id = try rows.first?.decode(Int64.self) else {
            throw PostgresCorpusError.queryFailed(corpus.location.redacted, reason: "the article insert returned no id")
        }
        try index(id, title: article.title, body: article.body)
        return id
    }

    func replaceText(of id: Int64, with prepared: PreparedArticle, at now: String) throws {
        let article = prepared.article
        guard let old = try titleAndSignature(of: id) else { return }
        if let data = old.minhash {
            let keys = Fingerprint.lshKeys(Fingerprint.decode(data))
            try corpus.rowsWaiting("DELETE FROM article_lsh WHERE key = ANY(\(keys)) AND article_id = \(id)")
        }
        let minhash = prepared.signature.map { ByteBuffer(data: Fingerprint.encode($0)) }
        try corpus.rowsWaiting(
            """
            UPDATE article SET uid = \(prepared.uid), title = \(article.title), body = \(article.body),
                               byline = coalesce(\(article.byline), byline), content_hash = \(prepared.contentHash),
                               minhash = \(minhash), updated_at = \(now)
            WHERE id = \(id)
            """)
        try corpus.rowsWaiting("DELETE FROM article_fts WHERE article_id = \(id)")
        try index(id, title: article.title, body: article.body)
    }

    func nearDuplicateCandidates(keys: [Int64], excluding id: Int64) throws -> [(id: Int64, minhash: Data?)] {
        guard !keys.isEmpty else { return [] }
        return try corpus.rowsWaiting(
            """
            SELECT a.id, a.minhash FROM article a
            WHERE a.id IN (SELECT article_id FROM article_lsh WHERE key = ANY(\(keys))) AND a.id <> \(id)
            """
        ).map { row in
            let (id, minhash) = try row.decode((Int64, ByteBuffer?).self)
            return (id, minhash.map { Data($0.readableBytesView) })
        }
    }

    func linkNearDuplicates(_ a: Int64, _ b: Int64, similarity: Double) throws -> Bool {
        !(try corpus.rowsWaiting(
            """
            INSERT INTO near_duplicate (a, b, similarity) VALUES (\(a), \(b), \(similarity))
            ON CONFLICT DO NOTHING RETURNING 1
            """)).isEmpty
    }

    func fileLSHKeys(_ keys: [Int64], of id: Int64) throws {
        guard !keys.isEmpty else { return }
        try corpus.rowsWaiting(
            """
            INSERT INTO article_lsh (key, article_id) SELECT unnest(\(keys)::bigint[]), \(id)
            ON CONFLICT DO NOTHING
            """)
    }

    func addAddress(_ url: String, of id: Int64) throws -> Bool {
        !(try corpus.rowsWaiting(
            "INSERT INTO article_url (url, article_id) VALUES (\(url), \(id)) ON CONFLICT DO NOTHING RETURNING 1"))
            .isEmpty
    }

    func addSection(_ section: String, of id: Int64) throws {
        try corpus.rowsWaiting(
            "INSERT INTO article_section (article_id, section) VALUES (\(id), \(section)) ON CONFLICT DO NOTHING")
    }

    func addProvenance(source: Int64, locator: String, of id: Int64, at now: String) throws {
        try corpus.rowsWaiting(
            """
            INSERT INTO provenance (source_id, locator, article_id, imported_at)
            VALUES (\(source), \(locator), \(id), \(now)) ON CONFLICT DO NOTHING
            """)
    }

    /// Writes an article's full-text index rows: its title and body as SQLite indexes them.
    private func index(_ id: Int64, title: String, body: String) throws {
        let rows = try PostgresCorpus.indexRows(id: id, title: title, body: body, tokenizer)
        guard !rows.articleIDs.isEmpty else { return }
        try corpus.rowsWaiting(
            """
            INSERT INTO article_fts (article_id, part, chunk, terms)
            SELECT * FROM unnest(\(rows.articleIDs)::bigint[], \(rows.parts)::smallint[],
                                 \(rows.chunks)::integer[], \(rows.terms)::tsvector[])
            """)
    }
}
