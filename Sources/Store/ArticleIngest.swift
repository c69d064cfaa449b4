import Foundation
import GRDB
import SinmunCollect

/// What one import did, for the summary line and `--json`.
public struct ImportReport: Codable, Sendable, Equatable {
    /// The file, folder or crawl imported.
    public var source: String
    /// The format it was read as (`kcna-json`, `rodong-jsonl`, `text` ...).
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
    /// The problems met, one line each: `FILE: line N: reason`.
    public var issues: [String] = []

    /// An empty report for one source.
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
    /// The source had no records before: no record can be a re-import, so none is looked up.
    var freshSource = false
    /// The corpus was empty when the import began (a first load): identities and addresses
    /// are looked up in this import's own maps, not in the database.
    var emptyCorpus = false
    /// In an empty-corpus import: article id of every identity (and revision) stored so far.
    var articleByUID: [String: Int64] = [:]
    /// In an empty-corpus import: articles by outlet, edition and address.
    var articlesByAddress: [String: [(id: Int64, hasBody: Bool)]] = [:]

    init(report: ImportReport) { self.report = report }

    static func addressKey(_ article: Article, _ url: String) -> String {
        "\(article.outlet.rawValue)\u{1F}\(article.language)\u{1F}\(url)"
    }
}

/// An article with everything the store derives from it computed ahead (off the writing
/// thread during an import): identity, content hash, MinHash signature and LSH keys, and the
/// full-text index forms.
struct PreparedArticle: Sendable {
    let article: Article
    let uid: String
    let contentHash: String
    let signature: [UInt32]?
    let lshKeys: [Int64]
    let indexTitle: String
    let indexBody: String

    init(_ article: Article) {
        self.article = article
        uid = article.stableID
        contentHash = article.contentHash
        signature = article.hasBody ? Fingerprint.minHash(article.body) : nil
        lshKeys = signature.map(Fingerprint.lshKeys) ?? []
        indexTitle = SearchText.indexForm(article.title)
        indexBody = SearchText.indexForm(article.body)
    }
}

/// Batches of prepared records handed from the reading thread to the writing one; the
/// reader waits when `capacity` batches are queued, so memory stays bounded.
final class PreparedBatchQueue: @unchecked Sendable {
    enum Item: Sendable {
        case article(PreparedArticle)
        case skipped(ImportIssue)
    }
    struct Batch: Sendable {
        var items: [Item]
        var progress: Double
    }

    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Reader side: false when the writer has stopped and reading should end.
    func push(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    func finish(error: Error?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// Writer side: the next batch, nil at the end; rethrows the reader's error.
    func pop() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Writer side: stop the reader (the writer failed).
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }
}

extension CorpusStore {
    /// Records are read and prepared in batches of this many, handed from the reading thread
    /// to the writing one.
    public static let batchSize = 2000

    /// Batches written per transaction: a killed import loses at most this many batches and a
    /// rerun completes them. FTS5 writes a segment per transaction (its pending postings are
    /// kept in memory up to the `hashsize` migration v12 sets), so bigger transactions mean
    /// fewer segments and fewer merges: five batches import ~11% faster than one, with less
    /// peak memory (100,000 synthetic articles).
    public static let batchesPerTransaction = 5

    /// Imports an archive file or folder.
    ///
    /// Reading (parsing, clean-up, hashing, MinHash, index forms) runs on its own thread while
    /// this one writes, so an import uses two cores.
    ///
    /// - Parameters:
    ///   - url: the file or folder to import.
    ///   - format: the format to read it as; nil detects it from the name and first bytes.
    ///   - options: field names, outlet and language for records that do not give them.
    ///   - strict: stop at the first bad record and write nothing from this source.
    ///   - progress: called with the fraction read, 0...1.
    ///   - onIssue: called for each skipped record as it is found (for live reporting).
    public func importArchive(
        _ url: URL, format: ImportFormat? = nil, options: ImportOptions = ImportOptions(),
        strict: Bool = false, progress: (Double) -> Void = { _ in }, onIssue: (ImportIssue) -> Void = { _ in }
    ) throws -> ImportReport {
        let format = try format ?? ImportFormat.detect(url)
        let location = url.standardizedFileURL.path
        var session = IngestSession(report: ImportReport(source: url.path, format: format.rawValue))
        let reader = ArchiveReader(options: options)
        let sourceID = try write { db in try sourceRowID(db, location: location, format: format.rawValue) }
        try read { db in try prepareSession(&session, sourceID: sourceID, db: db) }
        if strict {
            // Read everything first: the first issue aborts before anything is written.
            var all: [PreparedArticle] = []
            do {
                try reader.read(url, format: format, progress: progress) { item in
                    session.report.recordsRead += 1
                    switch item {
                    case .article(let article): all.append(PreparedArticle(article))
                    case .skipped(let issue): throw issue
                    }
                }
            } catch let issue as ImportIssue {
                // Nothing of this source may remain, not even its source row.
                _ = try? write { db in
                    try db.cachedStatement(
                        sql: """
                            DELETE FROM source
                            WHERE id = ? AND NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = ?)
                            """
                    ).execute(arguments: [sourceID, sourceID])
                }
                throw issue
            }
            try write { db in
                for prepared in all { try ingest(prepared, sourceID: sourceID, db: db, session: &session) }
            }
        } else {
            // Room for a whole transaction's batches and one more, so the reader keeps reading
            // while the writer writes.
            let queue = PreparedBatchQueue(capacity: Self.batchesPerTransaction + 1)
            let thread = Thread {
                var items: [PreparedBatchQueue.Item] = []
                var fraction = 0.0
                do {
                    try reader.read(url, format: format, progress: { fraction = $0 }) { item in
                        switch item {
                        case .article(let article): items.append(.article(PreparedArticle(article)))
                        case .skipped(let issue): items.append(.skipped(issue))
                        }
                        if items.count >= Self.batchSize {
                            guard queue.push(.init(items: items, progress: fraction)) else { throw CancellationError() }
                            items.removeAll(keepingCapacity: true)
                        }
                    }
                    _ = queue.push(.init(items: items, progress: 1))
                    queue.finish(error: nil)
                } catch {
                    queue.finish(error: error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
            do {
                var batches: [PreparedBatchQueue.Batch] = []
                var readerFailure: Error?
                repeat {
                    // Gathered before the transaction opens: the write lock is never held while
                    // the reader works, so other writers (a crawl, a coder) only wait for writing.
                    batches.removeAll(keepingCapacity: true)
                    do {
                        while batches.count < Self.batchesPerTransaction, let batch = try queue.pop() {
                            batches.append(batch)
                        }
                    } catch {
                        // What was read before the failure is still written, then the failure told.
                        readerFailure = error
                    }
                    guard !batches.isEmpty else { break }
                    try write { db in
                        for batch in batches {
                            for item in batch.items {
                                session.report.recordsRead += 1
                                switch item {
                                case .article(let prepared):
                                    try ingest(prepared, sourceID: sourceID, db: db, session: &session)
                                case .skipped(let issue):
                                    session.report.skipped += 1
                                    session.report.issues.append(issue.description)
                                }
                            }
                        }
                    }
                    // Reported once committed.
                    for batch in batches {
                        for case .skipped(let issue) in batch.items { onIssue(issue) }
                        progress(batch.progress)
                    }
                } while batches.count == Self.batchesPerTransaction && readerFailure == nil
                if let readerFailure { throw readerFailure }
            } catch {
                queue.cancel()
                throw error
            }
        }
        session.report.headlineOnly = session.headlineOnlyInserted.count
        // Give back the pages FTS5's merges left free (databases created with incremental
        // vacuum; a no-op for older ones).
        try writeWithoutTransaction { db in try db.execute(sql: "PRAGMA incremental_vacuum") }
        return session.report
    }

    /// Notes what the lookups can skip: a source never imported before has no record to find
    /// again, and a corpus empty at the start has nothing but this import's own articles.
    private func prepareSession(_ session: inout IngestSession, sourceID: Int64, db: Database) throws {
        session.freshSource =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = ?)"),
                arguments: [sourceID]) ?? false
        session.emptyCorpus = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM article)") ?? false
    }

    /// Adds articles that did not come from a file (a crawl): `location` names the source (the
    /// site and edition), each article's provenance locator its place in it. Idempotent as an
    /// import is: an article already contributed under the same locator changes nothing.
    public func importArticles(
        _ articles: [Article], kind: String, location: String, format: String
    ) throws -> ImportReport {
        var session = IngestSession(report: ImportReport(source: location, format: format))
        let prepared = articles.map(PreparedArticle.init)
        try write { db in
            let sourceID = try sourceRowID(db, location: location, format: format, kind: kind)
            for article in prepared {
                session.report.recordsRead += 1
                try ingest(article, sourceID: sourceID, db: db, session: &session)
            }
        }
        session.report.headlineOnly = session.headlineOnlyInserted.count
        return session.report
    }

    private func sourceRowID(_ db: Database, location: String, format: String, kind: String = "file") throws -> Int64 {
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM source WHERE location = ? AND format = ?"),
            arguments: [location, format])
        {
            return id
        }
        try db.cachedStatement(
            sql: "INSERT INTO source (kind, location, format, first_imported_at) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [kind, location, format, Self.timestamp()])
        return db.lastInsertedRowID
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601)
    }

    /// Adds one article, merging it with the copy already stored if there is one.
    func ingest(_ prepared: PreparedArticle, sourceID: Int64, db: Database, session: inout IngestSession) throws {
        let article = prepared.article
        let now = session.now
        if !session.freshSource,
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM provenance WHERE source_id = ? AND locator = ?"),
                arguments: [sourceID, article.provenance.locator]) == true
        {
            session.report.unchanged += 1
            return
        }
        let uid = prepared.uid
        var articleID = try knownArticle(uid: uid, db: db, session: session)
        if articleID != nil {
            session.report.merged += 1
        } else {
            articleID = try mergeAtSameAddress(prepared, db: db, session: &session)
        }
        if articleID == nil {
            articleID = try insert(prepared, db: db, now: now)
            session.report.inserted += 1
            if !article.hasBody { session.headlineOnlyInserted.insert(articleID!) }
            session.report.nearDuplicateLinks += try linkNearDuplicates(of: articleID!, prepared: prepared, db: db)
            if session.emptyCorpus { session.articleByUID[uid] = articleID! }
        }
        try recordListing(of: articleID!, prepared: prepared, sourceID: sourceID, db: db, session: &session)
    }

    /// The article already holding this text (its uid), as an article or as one of its revisions.
    private func knownArticle(uid: String, db: Database, session: IngestSession) throws -> Int64? {
        if session.emptyCorpus { return session.articleByUID[uid] }
        let article = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM article WHERE uid = ?"), arguments: [uid])
        if let article { return article }
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT article_id FROM article_revision WHERE uid = ?"), arguments: [uid])
    }

    /// Merges a new text into the article seen at the same address, when it is a headline-only
    /// copy of a known text, the text of a headline-only item, or a revised text (the site
    /// edited the article); returns that article. A different text that is neither similar nor
    /// under the same title stays a separate article (nil).
    private func mergeAtSameAddress(
        _ prepared: PreparedArticle, db: Database, session: inout IngestSession
    ) throws -> Int64? {
        let article = prepared.article
        let uid = prepared.uid
        guard let sameAddress = try sameAddressArticle(article, db: db, session: session) else { return nil }
        if !article.hasBody {
            session.report.merged += 1
            return sameAddress.id
        }
        if !sameAddress.hasBody {
            try replaceText(of: sameAddress.id, with: prepared, db: db, now: session.now)
            session.report.merged += 1
            session.report.completed += 1
            session.headlineOnlyInserted.remove(sameAddress.id)
            if session.emptyCorpus {
                session.articleByUID[uid] = sameAddress.id
                for url in article.urls where !url.isEmpty {
                    let key = IngestSession.addressKey(article, url)
                    session.articlesByAddress[key] = session.articlesByAddress[key]?.map {
                        $0.id == sameAddress.id ? ($0.id, true) : $0
                    }
                }
            }
            return sameAddress.id
        }
        guard try isRevision(prepared, of: sameAddress.id, db: db) else { return nil }
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO article_revision (uid, article_id, title, body, content_hash, first_seen)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [uid, sameAddress.id, article.title, article.body, prepared.contentHash, session.now])
        session.report.merged += 1
        session.report.revisions += 1
        if session.emptyCorpus { session.articleByUID[uid] = sameAddress.id }
        return sameAddress.id
    }

    /// Records where the article was listed (its addresses and sections) and which record of
    /// the source it came from.
    private func recordListing(
        of id: Int64, prepared: PreparedArticle, sourceID: Int64, db: Database, session: inout IngestSession
    ) throws {
        let article = prepared.article
        for url in article.urls where !url.isEmpty {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_url (url, article_id) VALUES (?, ?)").execute(
                arguments: [url, id])
            if session.emptyCorpus, db.changesCount > 0 {
                // A headline-only record can join an article with text: the article's state counts.
                session.articlesByAddress[IngestSession.addressKey(article, url), default: []].append(
                    (id, !session.headlineOnlyInserted.contains(id)))
            }
        }
        for section in article.sections where !section.isEmpty {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_section (article_id, section) VALUES (?, ?)")
                .execute(arguments: [id, section])
        }
        try db.cachedStatement(
            sql: "INSERT INTO provenance (source_id, locator, article_id, imported_at) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [sourceID, article.provenance.locator, id, session.now])
    }

    /// A text at an address already holding another text is a revision when the titles agree
    /// or the texts are at least half alike (MinHash estimate).
    private func isRevision(_ prepared: PreparedArticle, of id: Int64, db: Database) throws -> Bool {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT title, minhash FROM article WHERE id = ?"), arguments: [id])
        else { return false }
        let title: String = row["title"]
        if Fingerprint.whitespaceFolded(title).lowercased()
            == Fingerprint.whitespaceFolded(prepared.article.title).lowercased()
        {
            return true
        }
        guard let data: Data = row["minhash"], let signature = prepared.signature else { return false }
        return Fingerprint.estimatedSimilarity(Fingerprint.decode(data), signature) >= 0.5
    }

    private func sameAddressArticle(
        _ article: Article, db: Database, session: IngestSession
    ) throws -> (id: Int64, hasBody: Bool)? {
        for url in article.urls where !url.isEmpty {
            if session.emptyCorpus {
                let rows = session.articlesByAddress[IngestSession.addressKey(article, url)] ?? []
                if let row = rows.first(where: \.hasBody) ?? rows.first { return row }
                continue
            }
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
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

    private func insert(_ prepared: PreparedArticle, db: Database, now: String) throws -> Int64 {
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

    /// Gives a headline-only article the text that arrived for the same address.
    private func replaceText(of id: Int64, with prepared: PreparedArticle, db: Database, now: String) throws {
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
        _ = try linkNearDuplicates(of: id, prepared: prepared, db: db)
    }

    /// Links an article to every stored text whose estimated similarity reaches
    /// ``Fingerprint/nearDuplicateSimilarity``, then files its own LSH keys. Candidates are
    /// found by the keys computed here, so the LSH table needs no index by article.
    /// Returns the number of links made.
    func linkNearDuplicates(of id: Int64, prepared: PreparedArticle, db: Database) throws -> Int {
        guard let signature = prepared.signature else { return 0 }
        let keys = prepared.lshKeys
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ",")
        let candidates = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT a.id, a.minhash FROM article a
                    WHERE a.id IN (SELECT article_id FROM article_lsh WHERE key IN (\(placeholders))) AND a.id != ?
                    """), arguments: StatementArguments(keys + [id]))
        var links = 0
        for candidate in candidates {
            let other: Int64 = candidate["id"]
            guard let otherData: Data = candidate["minhash"] else { continue }
            let similarity = Fingerprint.estimatedSimilarity(signature, Fingerprint.decode(otherData))
            guard similarity >= Fingerprint.nearDuplicateSimilarity else { continue }
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO near_duplicate (a, b, similarity) VALUES (?, ?, ?)")
                .execute(arguments: [min(id, other), max(id, other), similarity])
            links += db.changesCount
        }
        for key in keys {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_lsh (key, article_id) VALUES (?, ?)").execute(
                arguments: [key, id])
        }
        return links
    }
}
