import Foundation
import GRDB
import SinmunCollect

/// One address in a crawl's ledger.
public struct CrawlPage: Sendable, Equatable, Codable {
    /// What the page is: a site's front page, a listing of articles, or an article.
    public enum Kind: String, Sendable, Codable { case home, listing, article }
    /// Where the page stands: waiting to be fetched, fetched and read, or given up on.
    public enum State: String, Sendable, Codable { case pending, done, failed }

    /// The page's address.
    public var url: String
    /// Site and edition: `rodong/ko`, `kcna/en`.
    public var crawl: String
    /// Front page, listing or article.
    public var kind: Kind
    /// Pending, done or failed.
    public var state: State
    /// What the listing that linked it said (title, date, page, section).
    public var listed: ListingEntry?
    /// How many times it has been fetched (retries included).
    public var attempts: Int
    /// The last HTTP status received, if any reply came.
    public var httpStatus: Int?
    /// Why it failed; for a page that succeeded, a note such as an overruled charset.
    public var reason: String?
    /// When it was last fetched (an ISO 8601 timestamp).
    public var fetchedAt: String?

    /// Makes one from its parts.
    public init(
        url: String, crawl: String, kind: Kind, state: State, listed: ListingEntry?, attempts: Int, httpStatus: Int?,
        reason: String?, fetchedAt: String?
    ) {
        self.url = url
        self.crawl = crawl
        self.kind = kind
        self.state = state
        self.listed = listed
        self.attempts = attempts
        self.httpStatus = httpStatus
        self.reason = reason
        self.fetchedAt = fetchedAt
    }
}

/// A page fetched, as kept: the raw bytes and how they came.
public struct PageSnapshot: Sendable {
    /// The page's address.
    public var url: String
    /// When this content was fetched (an ISO 8601 timestamp).
    public var fetchedAt: String
    /// The HTTP status it came with.
    public var httpStatus: Int
    /// The `Content-Type` header, whose charset the parser weighs.
    public var contentType: String?
    /// The page's bytes, uncompressed, exactly as the server sent them.
    public var body: Data

    /// Makes one from its parts.
    public init(url: String, fetchedAt: String, httpStatus: Int, contentType: String?, body: Data) {
        self.url = url
        self.fetchedAt = fetchedAt
        self.httpStatus = httpStatus
        self.contentType = contentType
        self.body = body
    }
}

/// How many addresses of a crawl are in each state.
public struct CrawlCounts: Sendable, Equatable, Codable {
    /// Queued and not yet fetched.
    public var pending = 0
    /// Fetched and read.
    public var done = 0
    /// Given up on; `sinmun crawl --failures` lists them.
    public var failed = 0
    /// All counts zero.
    public init() {}
}

/// The crawl ledger: which addresses a crawl has queued, fetched and failed, and the raw pages.
///
/// Every state change is its own transaction, so a crawl killed at any moment leaves a ledger
/// that says exactly what remains: the next run fetches the pending addresses and nothing else.
extension CorpusStore {
    /// Queues addresses not yet known to the ledger (known ones keep their state). Returns
    /// how many were new.
    @discardableResult
    public func enqueue(crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry]) throws -> Int {
        try enqueue(crawl: crawl, kind: kind, entries: entries, relisting: nil)
    }

    /// Queues addresses like ``enqueue(crawl:kind:entries:)`` and, for a home page or a
    /// listing, puts one already fetched (done or failed) before `mark` back in the queue: a
    /// rerun reads the listings it reaches again, once, to find what was published since.
    /// Articles keep their state whatever `mark` says. Returns how many were new.
    ///
    /// `mark` comes from ``crawlRunMark(crawl:)`` at the start of the run: every page fetched
    /// during the run is fetched after it, so a listing reached twice in one run is read once.
    @discardableResult
    public func enqueue(
        crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry], relistingFetchedBefore mark: String
    ) throws -> Int {
        try enqueue(crawl: crawl, kind: kind, entries: entries, relisting: kind == .article ? nil : mark)
    }

    private func enqueue(
        crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry], relisting mark: String?
    ) throws
        -> Int
    {
        let now = Self.ledgerTimestamp()
        let encoder = JSONEncoder()
        return try write { db in
            var added = 0
            for entry in entries {
                let listed = String(decoding: try encoder.encode(entry), as: UTF8.self)
                try db.cachedStatement(
                    sql: """
                        INSERT OR IGNORE INTO crawl_page (url, crawl, kind, state, listed, queued_at)
                        VALUES (?, ?, ?, 'pending', ?, ?)
                        """
                ).execute(arguments: [entry.url, crawl, kind.rawValue, listed, now])
                if db.changesCount > 0 {
                    added += 1
                    continue
                }
                guard let mark else { continue }
                // julianday() compares timestamps with and without fractional seconds alike.
                try db.cachedStatement(
                    sql: """
                        UPDATE crawl_page SET state = 'pending'
                        WHERE url = ? AND crawl = ? AND kind IN ('home', 'listing') AND state != 'pending'
                          AND (fetched_at IS NULL OR julianday(fetched_at) < julianday(?))
                        """
                ).execute(arguments: [entry.url, crawl, mark])
            }
            return added
        }
    }

    /// A timestamp for the start of a run that relists: the next millisecond after now and
    /// after the crawl's latest recorded fetch (two runs within a millisecond, a clock set
    /// back). It returns once that millisecond has come, so every fetch recorded before the
    /// call is earlier than the mark and every fetch after it is not.
    public func crawlRunMark(crawl: String) throws -> String {
        let latest = try read { db in
            try Double.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(julianday(fetched_at)) FROM crawl_page WHERE crawl = ?"),
                arguments: [crawl])
        }
        // Julian day 2440587.5 is 1970-01-01T00:00:00Z.
        return Self.runMark(afterMilliseconds: latest.map { ((($0 - 2_440_587.5) * 86_400_000).rounded()) })
    }

    /// A timestamp a millisecond after both now and the latest fetch recorded (milliseconds
    /// since 1970), waiting until the clock has passed it: what `crawlRunMark` returns on
    /// either backend.
    public static func runMark(afterMilliseconds latest: Double?) -> String {
        var milliseconds = (Date().timeIntervalSince1970 * 1000).rounded(.down)
        if let latest { milliseconds = max(milliseconds, latest) }
        milliseconds += 1
        while Date().timeIntervalSince1970 * 1000 < milliseconds { usleep(100) }
        // Half a millisecond in, so that formatting, whether it rounds or truncates, names it.
        return Self.ledgerTimestamp(Date(timeIntervalSince1970: (milliseconds + 0.5) / 1000))
    }

    /// Ledger times to the millisecond, so a run's mark falls between the fetches of two
    /// runs that follow each other within a second.
    public static func ledgerTimestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Pending addresses of a crawl, of one kind, in the order they were queued.
    public func pendingPages(crawl: String, kind: CrawlPage.Kind, limit: Int = 1000) throws -> [CrawlPage] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM crawl_page
                        WHERE crawl = ? AND kind = ? AND state = 'pending' ORDER BY rowid LIMIT ?
                        """), arguments: [crawl, kind.rawValue, limit]
            ).map(Self.crawlPage)
        }
    }

    /// The ledger entry of an address, if queued.
    public func crawlPage(url: String) throws -> CrawlPage? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM crawl_page WHERE url = ?"), arguments: [url]).map(
                Self.crawlPage)
        }
    }

    /// Keeps a fetched page (compressed). An identical earlier copy of the address is kept
    /// instead; a different one is kept beside it (the site edited the page). Returns the
    /// snapshot's number (`page_snapshot.id`), which a report can point to.
    @discardableResult
    public func keepSnapshot(url: String, httpStatus: Int, contentType: String?, body: Data) throws -> Int64 {
        let compressed = Deflate.compress(body)
        let hash = Fingerprint.sha256Hex(body)
        return try write { db in
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO page_snapshot (url, fetched_at, http_status, content_type, size, sha256, html)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [url, Self.timestamp(), httpStatus, contentType, body.count, hash, compressed])
            return try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM page_snapshot WHERE url = ? AND sha256 = ?"),
                arguments: [url, hash]) ?? 0
        }
    }

    /// The most recent raw copy of an address, decompressed.
    public func latestSnapshot(url: String) throws -> PageSnapshot? {
        let row = try read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM page_snapshot WHERE url = ? ORDER BY id DESC LIMIT 1"),
                arguments: [url])
        }
        guard let row else { return nil }
        let body = try Deflate.decompress(row["html"], size: row["size"])
        return PageSnapshot(
            url: row["url"], fetchedAt: row["fetched_at"], httpStatus: row["http_status"],
            contentType: row["content_type"], body: body)
    }

    /// A kept raw page by its number (`page_snapshot.id`, as a probe reports it), decompressed.
    public func snapshot(id: Int64) throws -> PageSnapshot? {
        let row = try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM page_snapshot WHERE id = ?"), arguments: [id])
        }
        guard let row else { return nil }
        let body = try Deflate.decompress(row["html"], size: row["size"])
        return PageSnapshot(
            url: row["url"], fetchedAt: row["fetched_at"], httpStatus: row["http_status"],
            contentType: row["content_type"], body: body)
    }

    /// Total raw and stored (compressed) bytes of the kept pages.
    public func snapshotSizes() throws -> (raw: Int, stored: Int, pages: Int) {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(size),0) AS raw, COALESCE(SUM(length(html)),0) AS stored, COUNT(*) AS n
                    FROM page_snapshot
                    """)!
            return (row["raw"], row["stored"], row["n"])
        }
    }

    /// Marks an address fetched and handled; `note` records anything worth knowing.
    public func markDone(url: String, httpStatus: Int, note: String? = nil) throws {
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE crawl_page
                    SET state = 'done', attempts = attempts + 1, http_status = ?, reason = ?, fetched_at = ?
                    WHERE url = ?
                    """
            ).execute(arguments: [httpStatus, note, Self.ledgerTimestamp(), url])
        }
    }

    /// Marks an address failed, with the reason; it stays listed until retried.
    public func markFailed(url: String, httpStatus: Int?, reason: String, attempts: Int = 1) throws {
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE crawl_page
                    SET state = 'failed', attempts = attempts + ?, http_status = ?, reason = ?, fetched_at = ?
                    WHERE url = ?
                    """
            ).execute(arguments: [attempts, httpStatus, reason, Self.ledgerTimestamp(), url])
        }
    }

    /// Puts a crawl's failed addresses back in the queue (`sinmun crawl --retry-failed`).
    @discardableResult
    public func requeueFailures(crawl: String) throws -> Int {
        try write { db in
            try db.cachedStatement(sql: "UPDATE crawl_page SET state = 'pending' WHERE crawl = ? AND state = 'failed'")
                .execute(arguments: [crawl])
            return db.changesCount
        }
    }

    /// Queues a crawl's failed pages of a date range again (listings and pages the ledger
    /// holds no date for included): a watch retries what it needs, not every failure a long
    /// crawl ever had.
    @discardableResult
    public func requeueFailures(crawl: String, from: PublicationDate, to: PublicationDate) throws -> Int {
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE crawl_page SET state = 'pending'
                    WHERE crawl = ? AND state = 'failed'
                      AND (json_extract(listed, '$.date') IS NULL OR json_extract(listed, '$.date') BETWEEN ? AND ?)
                    """
            ).execute(arguments: [crawl, from.isoString, to.isoString])
            return db.changesCount
        }
    }

    /// Queues a crawl's done article pages of a date range again, to fetch them anew: a text the
    /// site has edited since is then kept as a revision, its new raw page beside the old.
    @discardableResult
    public func requeueArticles(crawl: String, from: PublicationDate, to: PublicationDate) throws -> Int {
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE crawl_page SET state = 'pending'
                    WHERE crawl = ? AND kind = 'article' AND state = 'done'
                      AND (json_extract(listed, '$.date') IS NULL OR json_extract(listed, '$.date') BETWEEN ? AND ?)
                    """
            ).execute(arguments: [crawl, from.isoString, to.isoString])
            return db.changesCount
        }
    }

    /// A crawl's fetched addresses (done or failed), in the order they were queued.
    public func fetchedPages(crawl: String) throws -> [CrawlPage] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM crawl_page WHERE crawl = ? AND state != 'pending' ORDER BY rowid
                        """), arguments: [crawl]
            ).map(Self.crawlPage)
        }
    }

    /// Failed addresses, newest first (all crawls when `crawl` is nil).
    public func crawlFailures(crawl: String? = nil) throws -> [CrawlPage] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM crawl_page WHERE state = 'failed' AND (? IS NULL OR crawl = ?)
                        ORDER BY fetched_at DESC, rowid
                        """), arguments: [crawl, crawl]
            ).map(Self.crawlPage)
        }
    }

    /// The ledger's counts for a crawl.
    public func crawlCounts(crawl: String) throws -> CrawlCounts {
        try read { db in
            var counts = CrawlCounts()
            for row in try Row.fetchAll(
                db.cachedStatement(sql: "SELECT state, COUNT(*) AS n FROM crawl_page WHERE crawl = ? GROUP BY state"),
                arguments: [crawl])
            {
                switch row["state"] as String {
                case "pending": counts.pending = row["n"]
                case "done": counts.done = row["n"]
                default: counts.failed = row["n"]
                }
            }
            return counts
        }
    }

    static func crawlPage(_ row: Row) -> CrawlPage {
        let listed = (row["listed"] as String?).flatMap {
            try? JSONDecoder().decode(ListingEntry.self, from: Data($0.utf8))
        }
        return CrawlPage(
            url: row["url"], crawl: row["crawl"], kind: CrawlPage.Kind(rawValue: row["kind"]) ?? .article,
            state: CrawlPage.State(rawValue: row["state"]) ?? .pending, listed: listed, attempts: row["attempts"],
            httpStatus: row["http_status"], reason: row["reason"], fetchedAt: row["fetched_at"])
    }
}
