import Foundation
import GRDB
import SinmunCollect

/// An import's statements on SQLite, inside the write transaction of `db`. Every statement
/// is cached: an import runs each once or more per article.
struct SQLiteIngestStatements: IngestStatements {
    let db: Database

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
            prepared.uid, id, prepared.article.title, prepared.article.body, prepared.contentHash, now,
        ])
    }

    func insertArticle(_ prepared: PreparedArticle, at now: String) throws -> Int64 {
        let article = prepared.article
        try db.cachedStatement(
            sql: """
                INSERT INTO article (uid, outlet, lang, date, date_precision, page, title, body, byline, content_hash,
                                     minhash, synthetic, first_seen, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            prepared.uid, article.outlet.rawValue, article.language, article.date?.isoString,
            article.date?.precision.rawValue,
            article.page, article.title, article.body, article.byline, prepared.contentHash,
            prepared.signature.map(Fingerprint.encode), article.synthetic, now, now,
        ])
        let id = db.lastInsertedRowID
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
        }
        try db.cachedStatement(
            sql: """
                UPDATE article SET uid = ?, title = ?, body = ?, byline = coalesce(?, byline), content_hash = ?,
                                   minhash = ?, updated_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            prepared.uid, article.title, article.body, article.byline, prepared.contentHash,
            prepared.signature.map(Fingerprint.encode), now, id,
        ])
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)")
            .execute(arguments: [id, prepared.indexTitle, prepared.indexBody, facets])
    }

    func nearDuplicateCandidates(keys: [Int64], excluding id: Int64) throws -> [(id: Int64, minhash: Data?)] {
        guard !keys.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ",")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT a.id, a.minhash FROM article a
                    WHERE a.id IN (SELECT article_id FROM article_lsh WHERE key IN (\(placeholders))) AND a.id != ?
                    """), arguments: StatementArguments(keys + [id])
        ).map { ($0["id"], $0["minhash"]) }
    }

    func linkNearDuplicates(_ a: Int64, _ b: Int64, similarity: Double) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO near_duplicate (a, b, similarity) VALUES (?, ?, ?)")
            .execute(arguments: [a, b, similarity])
        return db.changesCount > 0
    }

    func fileLSHKeys(_ keys: [Int64], of id: Int64) throws {
        for key in keys {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_lsh (key, article_id) VALUES (?, ?)").execute(
                arguments: [key, id])
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
