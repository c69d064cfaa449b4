import Foundation
import GRDB
import GRDBSQLite
import SinmunCollect

/// An import's statements on SQLite, inside the write transaction of `db`. Every statement
/// is cached: an import runs each once or more per article.
///
/// LSH keys are the exception to writing as it goes. A transaction's keys are kept back and
/// written at its end in key order (``flush()``), and each article's near-duplicate candidates
/// are answered from memory: the stored articles under a batch's keys are looked up at once
/// (``prepare(_:)``), and the articles this transaction filed are known. Filed one by one, the
/// keys landed at random places in the LSH table's B-tree. That filing and the per-article
/// lookups cost a fifth of the writing thread.
final class SQLiteIngestStatements: IngestStatements {
    let db: Database
    private var candidates = LSHCandidates()
    /// LSH keys filed in this transaction and not yet written: key, article.
    private var pendingKeys: [(key: Int64, id: Int64)] = []
    /// The articles with keys in ``pendingKeys``, so that replacing any other article's text
    /// does not scan them all.
    private var pendingIDs: Set<Int64> = []
    /// The encoded signatures this transaction knows: of the articles it added or gave new
    /// text, and of the stored candidates it read.
    private var signatures: [Int64: Data?] = [:]

    /// Keys looked up per statement, so that no list outgrows SQLite's limits.
    private static let keysPerLookup = 20000

    init(db: Database) { self.db = db }

    /// Looks up, in key order, the stored articles filed under the batch's LSH keys.
    func prepare(_ batch: [PreparedArticle]) throws {
        try fetchCandidates(batch.flatMap(\.lshKeys))
    }

    /// Writes the LSH keys kept back, in key order. Called before the transaction commits.
    func flush() throws {
        guard !pendingKeys.isEmpty else { return }
        pendingKeys.sort { ($0.key, $0.id) < ($1.key, $1.id) }
        // Two integers a row, bound through SQLite's own interface: GRDB's arguments cost more
        // than the insert (80,000 rows a transaction). An uncached statement, so that GRDB's
        // cache never holds one this loop used.
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO article_lsh (key, article_id) VALUES (?, ?)")
        let handle = insert.sqliteStatement
        for row in pendingKeys {
            sqlite3_bind_int64(handle, 1, row.key)
            sqlite3_bind_int64(handle, 2, row.id)
            let code = sqlite3_step(handle)
            let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            if let message {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: "\(message) (LSH key \(row.key) of article \(row.id))", sql: insert.sql)
            }
        }
        pendingKeys = []
        pendingIDs = []
    }

    /// Looks up the stored articles filed under the keys not looked up yet, with their
    /// signatures: each article's row read once a transaction, in id order, all at once (read
    /// one by one as articles met them, the same rows took 8% longer at a million articles).
    private func fetchCandidates(_ keys: [Int64]) throws {
        let keys = candidates.unfetched(keys)
        guard !keys.isEmpty else { return }
        candidates.markFetched(keys)
        let lookup = try db.cachedStatement(
            sql: "SELECT key, article_id FROM article_lsh WHERE key IN (SELECT value FROM json_each(?))")
        var pairs: [(key: Int64, id: Int64)] = []
        for start in stride(from: 0, to: keys.count, by: Self.keysPerLookup) {
            let chunk = keys[start..<min(start + Self.keysPerLookup, keys.count)]
            let list = "[" + chunk.map(String.init).joined(separator: ",") + "]"
            pairs += try Row.fetchAll(lookup, arguments: [list]).map { ($0["key"], $0["article_id"]) }
        }
        let signature = try db.cachedStatement(sql: "SELECT minhash FROM article WHERE id = ?")
        for id in Set(pairs.map(\.id)).filter({ signatures[$0] == nil }).sorted() {
            signatures.updateValue(try Data.fetchOne(signature, arguments: [id]), forKey: id)
        }
        for pair in pairs {
            candidates.addStored(key: pair.key, id: pair.id, minhash: signatures[pair.id] ?? nil)
        }
    }

    func lastArticleID() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM article")) ?? 0
    }

    /// `PRAGMA data_version` of the writer connection: it changes exactly when another
    /// connection (another process) has committed, never for this connection's own commits.
    func commitMark() throws -> Int64? {
        try Int64.fetchOne(db, sql: "PRAGMA data_version")
    }

    func hasProvenance(source: Int64, locator: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM provenance WHERE source_id = ? AND locator = ?"),
            arguments: [source, locator]) == true
    }

    func articleID(uid: String) throws -> Int64? {
        if let article = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM article WHERE uid = ?"), arguments: [uid])
        {
            return article
        }
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT article_id FROM article_revision WHERE uid = ?"), arguments: [uid])
    }

    func articles(atAddress url: String, outlet: String, language: String) throws -> [(id: Int64, hasBody: Bool)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT a.id, a.body != '' AS has_body FROM article_url u JOIN article a ON a.id = u.article_id
                    WHERE u.url = ? AND a.outlet = ? AND a.lang = ? ORDER BY a.id
                    """), arguments: [url, outlet, language]
        ).map { ($0["id"], $0["has_body"]) }
    }

    func titleAndSignature(of id: Int64) throws -> (title: String, minhash: Data?)? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT title, minhash FROM article WHERE id = ?"), arguments: [id]
        ).map { ($0["title"], $0["minhash"]) }
    }

    func insertRevision(_ prepared: PreparedArticle, of id: Int64, at now: String) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO article_revision (uid, article_id, title, body, content_hash, first_seen)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            prepared.uid, id, prepared.article.title, prepared.body, prepared.contentHash, now,
        ])
    }

    func insertArticle(_ prepared: PreparedArticle, at now: String) throws -> Int64 {
        let article = prepared.article
        let minhash = prepared.encodedSignature
        try db.cachedStatement(
            sql: """
                INSERT INTO article (uid, outlet, lang, date, date_precision, page, title, body, byline, content_hash,
                                     minhash, synthetic, first_seen, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            prepared.uid, article.outlet.rawValue, article.language, article.date?.isoString,
            article.date?.precision.rawValue,
            article.page, article.title, prepared.body, article.byline, prepared.contentHash,
            minhash, article.synthetic, now, now,
        ])
        let id = db.lastInsertedRowID
        signatures.updateValue(minhash, forKey: id)
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)")
            .execute(arguments: [
                id, prepared.indexTitle, prepared.indexBody,
                SearchFacets.tokens(
                    date: article.date?.isoString, outlet: article.outlet.rawValue, language: article.language),
            ])
        return id
    }

    func replaceText(of id: Int64, with prepared: PreparedArticle, at now: String) throws {
        let article = prepared.article
        guard
            let old = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT title, body, minhash, date, outlet, lang FROM article WHERE id = ?"),
                arguments: [id])
        else { return }
        // The date, outlet and edition stay; so do the facets.
        let facets = SearchFacets.tokens(date: old["date"], outlet: old["outlet"], language: old["lang"])
        // Contentless FTS5 deletes by re-supplying the indexed values.
        try db.cachedStatement(
            sql: "INSERT INTO article_fts (article_fts, rowid, title, body, facets) VALUES ('delete', ?, ?, ?, ?)"
        ).execute(arguments: [id, SearchText.indexForm(old["title"]), SearchText.indexForm(old["body"]), facets])
        if let data: Data = old["minhash"] {
            for key in Fingerprint.lshKeys(Fingerprint.decode(data)) {
                try db.cachedStatement(sql: "DELETE FROM article_lsh WHERE key = ? AND article_id = ?").execute(
                    arguments: [key, id])
            }
            // An article with a signature may have keys kept back or met as a candidate.
            if pendingIDs.remove(id) != nil { pendingKeys.removeAll { $0.id == id } }
            candidates.forget(id)
        }
        let minhash = prepared.encodedSignature
        signatures.updateValue(minhash, forKey: id)
        try db.cachedStatement(
            sql: """
                UPDATE article SET uid = ?, title = ?, body = ?, byline = coalesce(?, byline), content_hash = ?,
                                   minhash = ?, updated_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            prepared.uid, article.title, prepared.body, article.byline, prepared.contentHash, minhash, now, id,
        ])
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)")
            .execute(arguments: [id, prepared.indexTitle, prepared.indexBody, facets])
    }

    func nearDuplicateCandidates(keys: [Int64], excluding id: Int64) throws -> [(id: Int64, minhash: Data?)] {
        guard !keys.isEmpty else { return [] }
        try fetchCandidates(keys)
        return candidates.candidates(keys: keys, excluding: id)
    }

    func linkNearDuplicates(_ a: Int64, _ b: Int64, similarity: Double) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO near_duplicate (a, b, similarity) VALUES (?, ?, ?)")
            .execute(arguments: [a, b, similarity])
        return db.changesCount > 0
    }

    func fileLSHKeys(_ keys: [Int64], of id: Int64) throws {
        let minhash = try signatures[id] ?? titleAndSignature(of: id)?.minhash
        if !keys.isEmpty { pendingIDs.insert(id) }
        for key in keys {
            pendingKeys.append((key, id))
            candidates.file(key: key, id: id, minhash: minhash)
        }
    }

    func addAddress(_ url: String, of id: Int64) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_url (url, article_id) VALUES (?, ?)").execute(
            arguments: [url, id])
        return db.changesCount > 0
    }

    func addSection(_ section: String, of id: Int64) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_section (article_id, section) VALUES (?, ?)")
            .execute(arguments: [id, section])
    }

    func addProvenance(source: Int64, locator: String, of id: Int64, at now: String) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO provenance (source_id, locator, article_id, imported_at) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [source, locator, id, now])
    }
}
