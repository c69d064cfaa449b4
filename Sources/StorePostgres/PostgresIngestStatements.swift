import Foundation
import PostgresNIO
import SinmunCollect
import SinmunStore

/// An import's statements on PostgreSQL, inside the transaction
/// ``PostgresCorpus/ingestTransaction(_:)`` opened. Rows already there are left alone
/// (`ON CONFLICT DO NOTHING`), as SQLite's `INSERT OR IGNORE` leaves them.
///
/// A round trip per statement made an import fifteen times slower than SQLite's, so new rows
/// are kept back and written a batch at a time, each table's rows in one statement of arrays:
/// - a new article takes an id reserved from the table's identity beforehand;
/// - the near-duplicate candidates of a whole batch are looked up at once (``prepare(_:)``),
///   and the articles this transaction filed are answered from memory;
/// - an address or link of an article this transaction added cannot be in the database yet,
///   so whether it is new is answered from memory too.
///
/// Every other read, and every change to a row already stored, first writes what is kept
/// back, so it sees the transaction's own rows as SQLite's statements do. The transaction
/// writes the rest before it commits (``flush()``).
final class PostgresIngestStatements: IngestStatements {
    let corpus: PostgresCorpus
    /// Tokens for the full-text index, as SQLite's index holds them.
    let tokenizer: IndexTokenizer
    /// This transaction's import turn, less the turns this connection took before.
    let mark: Int64

    /// The id the last new article took (nil until the first): ids follow the highest stored.
    private var lastID: Int64?
    /// Articles this transaction added.
    private var added: Set<Int64> = []
    /// The rows kept back, table by table.
    private var articles = ArticleColumns()
    private var index = PostgresCorpus.IndexRows()
    private var lsh: (keys: [Int64], articleIDs: [Int64]) = ([], [])
    private var urls: (urls: [String?], articleIDs: [Int64?]) = ([], [])
    private var sections: (articleIDs: [Int64?], sections: [String?]) = ([], [])
    private var provenance: (sources: [Int64?], locators: [String?], articleIDs: [Int64?], times: [String?]) = (
        [], [], [], []
    )
    private var links: (a: [Int64?], b: [Int64?], similarities: [Double?]) = ([], [], [])
    /// Addresses and links of added articles, kept back or written: answered without a lookup.
    private var addedAddresses: Set<String> = []
    private var addedLinks: Set<[Int64]> = []
    /// Near-duplicate candidates by LSH key: the stored articles filed under each key looked up,
    /// and what this transaction filed, with signatures.
    private var candidates = LSHCandidates()
    /// The encoded signatures of the articles this transaction added or gave new text.
    private var signatures: [Int64: Data] = [:]

    init(corpus: PostgresCorpus, tokenizer: IndexTokenizer, mark: Int64) {
        self.corpus = corpus
        self.tokenizer = tokenizer
        self.mark = mark
    }

    /// Writes what is kept back, then looks up the stored articles filed under the batch's LSH
    /// keys in one statement.
    func prepare(_ batch: [PreparedArticle]) throws {
        try flush()
        try fetchCandidates(batch.flatMap(\.lshKeys))
    }

    func lastArticleID() throws -> Int64 {
        try flush()
        return Int64(try corpus.countWaiting("SELECT coalesce(max(id), 0)::bigint FROM article"))
    }

    /// Equal at two transactions of this connection exactly when no other import took a turn in
    /// between (``PostgresCorpus/ingestTransaction(_:)``).
    func commitMark() throws -> Int64? { mark }

    func hasProvenance(source: Int64, locator: String) throws -> Bool {
        try flush()
        return
            !(try corpus.rowsWaiting(
                "SELECT 1 FROM provenance WHERE source_id = \(source) AND locator = \(locator)")).isEmpty
    }

    func articleID(uid: String) throws -> Int64? {
        try flush()
        // One round trip: the article with this identity, else the article it is a revision of.
        return try corpus.rowsWaiting(
            """
            SELECT coalesce((SELECT id FROM article WHERE uid = \(uid)),
                            (SELECT article_id FROM article_revision WHERE uid = \(uid)))
            """
        ).first?.decode(Int64?.self)
    }

    func articles(atAddress url: String, outlet: String, language: String) throws -> [(id: Int64, hasBody: Bool)] {
        try flush()
        return try corpus.rowsWaiting(
            """
            SELECT a.id, a.body <> '' FROM article_url u JOIN article a ON a.id = u.article_id
            WHERE u.url = \(url) AND a.outlet = \(outlet) AND a.lang = \(language) ORDER BY a.id
            """
        ).map { try $0.decode((Int64, Bool).self) }
    }

    func titleAndSignature(of id: Int64) throws -> (title: String, minhash: Data?)? {
        try flush()
        return try corpus.rowsWaiting("SELECT title, minhash FROM article WHERE id = \(id)").first.map { row in
            let (title, minhash) = try row.decode((String, ByteBuffer?).self)
            return (title, minhash.map { Data($0.readableBytesView) })
        }
    }

    func insertRevision(_ prepared: PreparedArticle, of id: Int64, at now: String) throws {
        try flush()
        let article = prepared.article
        try corpus.rowsWaiting(
            """
            INSERT INTO article_revision (uid, article_id, title, body, content_hash, first_seen)
            VALUES (\(prepared.uid), \(id), \(article.title), \(prepared.body), \(prepared.contentHash), \(now))
            ON CONFLICT DO NOTHING
            """)
    }

    func insertArticle(_ prepared: PreparedArticle, at now: String) throws -> Int64 {
        // Ids follow the highest stored, as SQLite gives them: every writer of articles holds
        // the import lock (a copy refuses a corpus holding other articles), so none can come
        // between; the identity is moved past them at the flush, for anything inserting without.
        let id = try (lastID ?? lastArticleID()) + 1
        lastID = id
        let minhash = prepared.encodedSignature
        articles.append(id: id, prepared, minhash: minhash, at: now)
        added.insert(id)
        signatures[id] = minhash
        try index.append(id: id, title: prepared.article.title, body: prepared.body, tokenizer)
        return id
    }

    func replaceText(of id: Int64, with prepared: PreparedArticle, at now: String) throws {
        try flush()
        let article = prepared.article
        guard let old = try titleAndSignature(of: id) else { return }
        if let data = old.minhash {
            let keys = Fingerprint.lshKeys(Fingerprint.decode(data))
            try corpus.rowsWaiting("DELETE FROM article_lsh WHERE key = ANY(\(keys)) AND article_id = \(id)")
            candidates.forget(id)
        }
        let minhash = prepared.encodedSignature
        signatures[id] = minhash
        try corpus.rowsWaiting(
            """
            UPDATE article SET uid = \(prepared.uid), title = \(article.title), body = \(prepared.body),
                               byline = coalesce(\(article.byline), byline), content_hash = \(prepared.contentHash),
                               minhash = \(minhash.map { ByteBuffer(data: $0) }), updated_at = \(now)
            WHERE id = \(id)
            """)
        try corpus.rowsWaiting("DELETE FROM article_fts WHERE article_id = \(id)")
        let rows = try PostgresCorpus.indexRows(id: id, title: article.title, body: prepared.body, tokenizer)
        try corpus.insertWaiting(rows)
    }

    func nearDuplicateCandidates(keys: [Int64], excluding id: Int64) throws -> [(id: Int64, minhash: Data?)] {
        guard !keys.isEmpty else { return [] }
        try fetchCandidates(keys)
        return candidates.candidates(keys: keys, excluding: id)
    }

    func linkNearDuplicates(_ a: Int64, _ b: Int64, similarity: Double) throws -> Bool {
        guard added.contains(a) || added.contains(b) else {
            try flush()
            return
                !(try corpus.rowsWaiting(
                    """
                    INSERT INTO near_duplicate (a, b, similarity) VALUES (\(a), \(b), \(similarity))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """)).isEmpty
        }
        guard addedLinks.insert([a, b]).inserted else { return false }
        links.a.append(a)
        links.b.append(b)
        links.similarities.append(similarity)
        return true
    }

    func fileLSHKeys(_ keys: [Int64], of id: Int64) throws {
        for key in keys {
            lsh.keys.append(key)
            lsh.articleIDs.append(id)
            candidates.file(key: key, id: id, minhash: signatures[id])
        }
    }

    func addAddress(_ url: String, of id: Int64) throws -> Bool {
        guard added.contains(id) else {
            try flush()
            let inserted = try corpus.rowsWaiting(
                """
                INSERT INTO article_url (url, article_id) VALUES (\(url), \(id))
                ON CONFLICT DO NOTHING RETURNING 1
                """)
            return !inserted.isEmpty
        }
        guard addedAddresses.insert("\(id) \(url)").inserted else { return false }
        urls.urls.append(url)
        urls.articleIDs.append(id)
        return true
    }

    func addSection(_ section: String, of id: Int64) throws {
        sections.articleIDs.append(id)
        sections.sections.append(section)
    }

    func addProvenance(source: Int64, locator: String, of id: Int64, at now: String) throws {
        provenance.sources.append(source)
        provenance.locators.append(locator)
        provenance.articleIDs.append(id)
        provenance.times.append(now)
    }

    /// Writes every row kept back, parents first, each table in one statement.
    func flush() throws {
        if !articles.ids.isEmpty, let lastID {
            try corpus.rowsWaiting(try PostgresCorpus.insertStatement(articles.rows(), onConflict: false))
            try corpus.rowsWaiting(
                """
                SELECT setval(s, greatest(\(lastID), coalesce(pg_sequence_last_value(s), 0)))
                FROM (SELECT pg_get_serial_sequence('article', 'id')::regclass AS s) q
                """)
            articles = ArticleColumns()
        }
        try corpus.insertWaiting(index)
        index = PostgresCorpus.IndexRows()
        if let statement = PostgresCorpus.insertStatement(lsh: lsh) { try corpus.rowsWaiting(statement) }
        lsh = ([], [])
        // The copy's writer: each table's rows one statement of arrays, rows already there left.
        let kept = [
            TableRows(
                table: PostgresCorpus.table("article_url"), columns: [.texts(urls.urls), .integers(urls.articleIDs)]),
            TableRows(
                table: PostgresCorpus.table("article_section"),
                columns: [.integers(sections.articleIDs), .texts(sections.sections)]),
            TableRows(
                table: PostgresCorpus.table("provenance"),
                columns: [
                    .integers(provenance.sources), .texts(provenance.locators), .integers(provenance.articleIDs),
                    .texts(provenance.times),
                ]),
            TableRows(
                table: PostgresCorpus.table("near_duplicate"),
                columns: [.integers(links.a), .integers(links.b), .reals(links.similarities)]),
        ]
        for rows in kept where rows.count > 0 { try corpus.rowsWaiting(try PostgresCorpus.insertStatement(rows)) }
        urls = ([], [])
        sections = ([], [])
        provenance = ([], [], [], [])
        links = ([], [], [])
    }

    /// Looks up the stored articles filed under `keys`, with their signatures, in one statement.
    private func fetchCandidates(_ keys: [Int64]) throws {
        let keys = candidates.unfetched(keys)
        guard !keys.isEmpty else { return }
        candidates.markFetched(keys)
        for row in try corpus.rowsWaiting(
            """
            SELECT l.key, a.id, a.minhash FROM article_lsh l JOIN article a ON a.id = l.article_id
            WHERE l.key = ANY(\(keys))
            """)
        {
            let (key, id, minhash) = try row.decode((Int64, Int64, ByteBuffer?).self)
            // Rows this transaction already wrote are answered from what it filed.
            guard !added.contains(id) else { continue }
            candidates.addStored(key: key, id: id, minhash: minhash.map { Data($0.readableBytesView) })
        }
    }
}

/// New articles' rows, column by column, in the order of the `article` table's columns.
private struct ArticleColumns {
    var ids: [Int64?] = []
    var uids: [String?] = []
    var outlets: [String?] = []
    var languages: [String?] = []
    var dates: [String?] = []
    var precisions: [String?] = []
    var pages: [Int64?] = []
    var titles: [String?] = []
    var bodies: [String?] = []
    var bylines: [String?] = []
    var hashes: [String?] = []
    var minhashes: [Data?] = []
    var synthetic: [Int64?] = []
    var firstSeen: [String?] = []
    var updated: [String?] = []

    mutating func append(id: Int64, _ prepared: PreparedArticle, minhash: Data?, at now: String) {
        let article = prepared.article
        ids.append(id)
        uids.append(prepared.uid)
        outlets.append(article.outlet.rawValue)
        languages.append(article.language)
        dates.append(article.date?.isoString)
        precisions.append(article.date?.precision.rawValue)
        pages.append(article.page.map(Int64.init))
        titles.append(article.title)
        bodies.append(prepared.body)
        bylines.append(article.byline)
        hashes.append(prepared.contentHash)
        minhashes.append(minhash)
        synthetic.append(article.synthetic ? 1 : 0)
        firstSeen.append(now)
        updated.append(now)
    }

    /// The rows as the copy writes them (``PostgresCorpus/insertStatement(_:onConflict:)``).
    func rows() -> TableRows {
        TableRows(
            table: PostgresCorpus.table("article"),
            columns: [
                .integers(ids), .texts(uids), .texts(outlets), .texts(languages), .texts(dates), .texts(precisions),
                .integers(pages), .texts(titles), .texts(bodies), .texts(bylines), .texts(hashes), .blobs(minhashes),
                .integers(synthetic), .texts(firstSeen), .texts(updated),
            ])
    }
}
