import Foundation
import GRDB
import SinmunCollect

/// What one import did, for the summary line and `--json`.
public struct ImportReport: Codable, Sendable, Equatable {
    public var source: String
    public var format: String
    /// Records read from the source (articles and skipped ones).
    public var recordsRead = 0
    /// New articles added to the corpus.
    public var inserted = 0
    /// Records folded into an article already in the corpus: the same text listed under
    /// another section or address, an exact repeat, or a headline-only copy of a full text.
    public var merged = 0
    /// Records this source had already contributed (a re-import): nothing changed.
    public var unchanged = 0
    /// Articles this import stored without body text (photo and video items): kept for
    /// counts, not coded. Items whose text arrived later in the same import are not counted.
    public var headlineOnly = 0
    /// Headline-only articles whose full text arrived in this import.
    public var completed = 0
    /// Records that are a revised text of an article at the same address (kept as revisions).
    public var revisions = 0
    /// Near-duplicate links made between new articles and similar ones.
    public var nearDuplicateLinks = 0
    /// Records skipped for a problem, each reported in ``issues``.
    public var skipped = 0
    public var issues: [String] = []

    public init(source: String, format: String) {
        self.source = source
        self.format = format
    }
}

/// The running state of one import.
struct IngestSession {
    var report: ImportReport
    /// The import's timestamp, recorded on every row it writes.
    let now = CorpusStore.timestamp()
    /// Headline-only articles inserted by this import and not yet given their text.
    var headlineOnlyInserted: Set<Int64> = []
}

extension CorpusStore {
    /// Records are written in transactions of this many, so a killed import loses at most
    /// one batch and a rerun completes it.
    public static let batchSize = 500

    /// Imports an archive file or folder.
    ///
    /// - Parameters:
    ///   - strict: stop at the first bad record and write nothing from this source.
    ///   - onIssue: called for each skipped record as it is found (for live reporting).
    public func importArchive(
        _ url: URL, format: ImportFormat? = nil, options: ImportOptions = ImportOptions(),
        strict: Bool = false, progress: (Double) -> Void = { _ in }, onIssue: (ImportIssue) -> Void = { _ in }
    ) throws -> ImportReport {
        let format = try format ?? ImportFormat.detect(url)
        let location = url.standardizedFileURL.path
        var session = IngestSession(report: ImportReport(source: url.path, format: format.rawValue))
        var batch: [Article] = []
        let reader = ArchiveReader(options: options)
        let sourceID = try write { db in try sourceRowID(db, location: location, format: format.rawValue) }
        func flush() throws {
            guard !batch.isEmpty else { return }
            let articles = batch
            batch.removeAll(keepingCapacity: true)
            try write { db in
                for article in articles { try ingest(article, sourceID: sourceID, db: db, session: &session) }
            }
        }
        do {
            if strict {
                // Read everything first: the first issue aborts before anything is written.
                var all: [Article] = []
                try reader.read(url, format: format, progress: progress) { item in
                    session.report.recordsRead += 1
                    switch item {
                    case .article(let article): all.append(article)
                    case .skipped(let issue): throw issue
                    }
                }
                try write { db in
                    for article in all { try ingest(article, sourceID: sourceID, db: db, session: &session) }
                }
            } else {
                try reader.read(url, format: format, progress: progress) { item in
                    session.report.recordsRead += 1
                    switch item {
                    case .article(let article):
                        batch.append(article)
                        if batch.count >= Self.batchSize { try flush() }
                    case .skipped(let issue):
                        session.report.skipped += 1
                        session.report.issues.append(issue.description)
                        onIssue(issue)
                    }
                }
                try flush()
            }
        } catch let issue as ImportIssue {
            if strict {
                // Nothing of this source may remain, not even its source row.
                _ = try? write { db in
                    try db.cachedStatement(sql: "DELETE FROM source WHERE id = ? AND NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = ?)").execute(arguments: [sourceID, sourceID])
                }
            }
            throw issue
        }
        session.report.headlineOnly = session.headlineOnlyInserted.count
        return session.report
    }

    /// Adds articles that did not come from a file (a crawl): `location` names the source (the
    /// site and edition), each article's provenance locator its place in it. Idempotent as an
    /// import is: an article already contributed under the same locator changes nothing.
    public func importArticles(_ articles: [Article], kind: String, location: String, format: String) throws -> ImportReport {
        var session = IngestSession(report: ImportReport(source: location, format: format))
        try write { db in
            let sourceID = try sourceRowID(db, location: location, format: format, kind: kind)
            for article in articles {
                session.report.recordsRead += 1
                try ingest(article, sourceID: sourceID, db: db, session: &session)
            }
        }
        session.report.headlineOnly = session.headlineOnlyInserted.count
        return session.report
    }

    private func sourceRowID(_ db: Database, location: String, format: String, kind: String = "file") throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM source WHERE location = ? AND format = ?"), arguments: [location, format]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO source (kind, location, format, first_imported_at) VALUES (?, ?, ?, ?)").execute(arguments: [kind, location, format, Self.timestamp()])
        return db.lastInsertedRowID
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601)
    }

    /// Adds one article, merging it with the copy already stored if there is one.
    func ingest(_ article: Article, sourceID: Int64, db: Database, session: inout IngestSession) throws {
        let now = session.now
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM provenance WHERE source_id = ? AND locator = ?"), arguments: [sourceID, article.provenance.locator]) == true {
            session.report.unchanged += 1
            return
        }
        let uid = article.stableID
        var articleID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM article WHERE uid = ?"), arguments: [uid])
        if articleID == nil {
            articleID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT article_id FROM article_revision WHERE uid = ?"), arguments: [uid])
        }
        if articleID != nil {
            session.report.merged += 1
        } else if let sameAddress = try sameAddressArticle(article, db: db) {
            // The same address seen before: a headline-only copy of a known text, the text of a
            // headline-only item, or a revised text (the site edited the article). A different
            // text that is neither similar nor under the same title stays a separate article.
            if !article.hasBody {
                articleID = sameAddress.id
                session.report.merged += 1
            } else if !sameAddress.hasBody {
                try replaceText(of: sameAddress.id, with: article, db: db, now: now)
                articleID = sameAddress.id
                session.report.merged += 1
                session.report.completed += 1
                session.headlineOnlyInserted.remove(sameAddress.id)
            } else if try isRevision(article, of: sameAddress.id, db: db) {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO article_revision (uid, article_id, title, body, content_hash, first_seen)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [uid, sameAddress.id, article.title, article.body, article.contentHash, now])
                articleID = sameAddress.id
                session.report.merged += 1
                session.report.revisions += 1
            }
        }
        if articleID == nil {
            articleID = try insert(article, uid: uid, db: db, now: now)
            session.report.inserted += 1
            if !article.hasBody { session.headlineOnlyInserted.insert(articleID!) }
            session.report.nearDuplicateLinks += try linkNearDuplicates(of: articleID!, db: db)
        }
        let id = articleID!
        for url in article.urls where !url.isEmpty {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_url (url, article_id) VALUES (?, ?)").execute(arguments: [url, id])
        }
        for section in article.sections where !section.isEmpty {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_section (article_id, section) VALUES (?, ?)").execute(arguments: [id, section])
        }
        try db.cachedStatement(sql: "INSERT INTO provenance (source_id, locator, article_id, imported_at) VALUES (?, ?, ?, ?)").execute(arguments: [sourceID, article.provenance.locator, id, now])
    }

    /// A text at an address already holding another text is a revision when the titles agree
    /// or the texts are at least half alike (MinHash estimate).
    private func isRevision(_ article: Article, of id: Int64, db: Database) throws -> Bool {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT title, minhash FROM article WHERE id = ?"), arguments: [id]) else { return false }
        let title: String = row["title"]
        if Fingerprint.whitespaceFolded(title).lowercased() == Fingerprint.whitespaceFolded(article.title).lowercased() { return true }
        guard let data: Data = row["minhash"], let signature = Fingerprint.minHash(article.body) else { return false }
        return Fingerprint.estimatedSimilarity(Fingerprint.decode(data), signature) >= 0.5
    }

    private func sameAddressArticle(_ article: Article, db: Database) throws -> (id: Int64, hasBody: Bool)? {
        for url in article.urls where !url.isEmpty {
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT a.id, a.body != '' AS has_body FROM article_url u JOIN article a ON a.id = u.article_id
                WHERE u.url = ? AND a.outlet = ? AND a.lang = ? ORDER BY a.id
                """), arguments: [url, article.outlet.rawValue, article.language])
            // Prefer the copy that has text.
            if let row = rows.first(where: { $0["has_body"] as Bool }) ?? rows.first {
                return (row["id"], row["has_body"])
            }
        }
        return nil
    }

    private func insert(_ article: Article, uid: String, db: Database, now: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO article (uid, outlet, lang, date, date_precision, page, title, body, byline, content_hash,
                                 synthetic, first_seen, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                uid, article.outlet.rawValue, article.language, article.date?.isoString, article.date?.precision.rawValue,
                article.page, article.title, article.body, article.byline, article.contentHash, article.synthetic, now, now,
            ])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)").execute(arguments: [id, SearchText.indexForm(article.title), SearchText.indexForm(article.body)])
        try storeSignature(of: article, id: id, db: db)
        return id
    }

    /// Stores the article's MinHash signature and its LSH band keys.
    private func storeSignature(of article: Article, id: Int64, db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM article_lsh WHERE article_id = ?").execute(arguments: [id])
        guard article.hasBody, let signature = Fingerprint.minHash(article.body) else {
            try db.cachedStatement(sql: "UPDATE article SET minhash = NULL WHERE id = ?").execute(arguments: [id])
            return
        }
        try db.cachedStatement(sql: "UPDATE article SET minhash = ? WHERE id = ?").execute(arguments: [Fingerprint.encode(signature), id])
        for key in Fingerprint.lshKeys(signature) {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_lsh (key, article_id) VALUES (?, ?)").execute(arguments: [key, id])
        }
    }

    /// Gives a headline-only article the text that arrived for the same address.
    private func replaceText(of id: Int64, with article: Article, db: Database, now: String) throws {
        guard let old = try Row.fetchOne(db.cachedStatement(sql: "SELECT title, body FROM article WHERE id = ?"), arguments: [id]) else { return }
        // Contentless FTS5 deletes by re-supplying the indexed values.
        try db.cachedStatement(sql: "INSERT INTO article_fts (article_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)").execute(arguments: [id, SearchText.indexForm(old["title"]), SearchText.indexForm(old["body"])])
        try db.cachedStatement(sql: """
            UPDATE article SET uid = ?, title = ?, body = ?, byline = coalesce(?, byline), content_hash = ?, updated_at = ?
            WHERE id = ?
            """).execute(arguments: [article.stableID, article.title, article.body, article.byline, article.contentHash, now, id])
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)").execute(arguments: [id, SearchText.indexForm(article.title), SearchText.indexForm(article.body)])
        try storeSignature(of: article, id: id, db: db)
        _ = try linkNearDuplicates(of: id, db: db)
    }

    /// Links an article to every stored text whose estimated similarity reaches
    /// ``Fingerprint/nearDuplicateSimilarity``. Returns the number of links made.
    func linkNearDuplicates(of id: Int64, db: Database) throws -> Int {
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT minhash FROM article WHERE id = ?"), arguments: [id]) else { return 0 }
        let signature = Fingerprint.decode(data)
        let candidates = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, a.minhash FROM article a
            WHERE a.id != ? AND a.id IN (
                SELECT other.article_id FROM article_lsh mine JOIN article_lsh other ON other.key = mine.key
                WHERE mine.article_id = ?)
            """), arguments: [id, id])
        var links = 0
        for candidate in candidates {
            let other: Int64 = candidate["id"]
            guard let otherData: Data = candidate["minhash"] else { continue }
            let similarity = Fingerprint.estimatedSimilarity(signature, Fingerprint.decode(otherData))
            guard similarity >= Fingerprint.nearDuplicateSimilarity else { continue }
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO near_duplicate (a, b, similarity) VALUES (?, ?, ?)").execute(arguments: [min(id, other), max(id, other), similarity])
            links += db.changesCount
        }
        return links
    }
}
