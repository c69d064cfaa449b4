import Foundation
import PostgresNIO
import SinmunCollect
import SinmunStore

/// The crawl ledger and kept pages on PostgreSQL (`sinmun crawl --db postgres://…`), answering
/// as `CorpusStore`'s ledger does; the articles read go in through ``ImportBackend``.
extension PostgresCorpus: CrawlBackend {
    @discardableResult
    public func enqueue(
        crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry], relistingFetchedBefore mark: String
    ) throws -> Int {
        try enqueue(crawl: crawl, kind: kind, entries: entries, relisting: kind == .article ? nil : mark)
    }

    @discardableResult
    public func enqueue(crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry]) throws -> Int {
        try enqueue(crawl: crawl, kind: kind, entries: entries, relisting: nil)
    }

    private func enqueue(
        crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry], relisting mark: String?
    ) throws -> Int {
        let now = CorpusStore.ledgerTimestamp()
        let encoder = JSONEncoder()
        return try transactionWaiting {
            var added = 0
            for entry in entries {
                let listed = String(decoding: try encoder.encode(entry), as: UTF8.self)
                let inserted = try rowsWaiting(
                    """
                    INSERT INTO crawl_page (url, crawl, kind, state, listed, queued_at)
                    VALUES (\(entry.url), \(crawl), \(kind.rawValue), 'pending', \(listed), \(now))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """)
                if !inserted.isEmpty {
                    added += 1
                    continue
                }
                guard let mark else { continue }
                try rowsWaiting(
                    """
                    UPDATE crawl_page SET state = 'pending'
                    WHERE url = \(entry.url) AND crawl = \(crawl) AND kind IN ('home', 'listing') AND state <> 'pending'
                      AND (fetched_at IS NULL OR fetched_at::timestamptz < \(mark)::timestamptz)
                    """)
            }
            return added
        }
    }

    public func crawlRunMark(crawl: String) throws -> String {
        let latest = try rowsWaiting(
            """
            SELECT round(extract(epoch FROM max(fetched_at::timestamptz)) * 1000)::float8
            FROM crawl_page WHERE crawl = \(crawl)
            """
        ).first?.decode(Double?.self)
        return CorpusStore.runMark(afterMilliseconds: latest)
    }

    public func pendingPages(crawl: String, kind: CrawlPage.Kind, limit: Int) throws -> [CrawlPage] {
        try pages(
            """
            SELECT \(unescaped: Self.pageColumns) FROM crawl_page
            WHERE crawl = \(crawl) AND kind = \(kind.rawValue) AND state = 'pending'
            ORDER BY queued LIMIT \(Int64(limit))
            """)
    }

    public func crawlPage(url: String) throws -> CrawlPage? {
        try pages("SELECT \(unescaped: Self.pageColumns) FROM crawl_page WHERE url = \(url)").first
    }

    @discardableResult
    public func keepSnapshot(url: String, httpStatus: Int, contentType: String?, body: Data) throws -> Int64 {
        try refuseDuringCopy()
        let compressed = ByteBuffer(data: Deflate.compress(body))
        let hash = Fingerprint.sha256Hex(body)
        try rowsWaiting(
            """
            INSERT INTO page_snapshot (url, fetched_at, http_status, content_type, size, sha256, html)
            VALUES (\(url), \(CorpusStore.timestamp()), \(Int64(httpStatus)), \(contentType), \(Int64(body.count)),
                    \(hash), \(compressed))
            ON CONFLICT DO NOTHING
            """)
        return try rowsWaiting("SELECT id FROM page_snapshot WHERE url = \(url) AND sha256 = \(hash)").first?
            .decode(Int64.self) ?? 0
    }

    public func latestSnapshot(url: String) throws -> PageSnapshot? {
        try snapshot(
            """
            SELECT url, fetched_at, http_status, content_type, size, html FROM page_snapshot WHERE url = \(url)
            ORDER BY id DESC LIMIT 1
            """
        )
    }

    public func snapshot(id: Int64) throws -> PageSnapshot? {
        try snapshot(
            "SELECT url, fetched_at, http_status, content_type, size, html FROM page_snapshot WHERE id = \(id)")
    }

    public func snapshotSizes() throws -> (raw: Int, stored: Int, pages: Int) {
        guard
            let row = try rowsWaiting(
                """
                SELECT coalesce(sum(size), 0)::bigint, coalesce(sum(length(html)), 0)::bigint, count(*)
                FROM page_snapshot
                """
            ).first
        else { return (0, 0, 0) }
        let (raw, stored, pages) = try row.decode((Int64, Int64, Int64).self)
        return (Int(raw), Int(stored), Int(pages))
    }

    public func markDone(url: String, httpStatus: Int, note: String?) throws {
        try rowsWaiting(
            """
            UPDATE crawl_page SET state = 'done', attempts = attempts + 1, http_status = \(Int64(httpStatus)),
                                  reason = \(note), fetched_at = \(CorpusStore.ledgerTimestamp())
            WHERE url = \(url)
            """)
    }

    public func markFailed(url: String, httpStatus: Int?, reason: String, attempts: Int) throws {
        try rowsWaiting(
            """
            UPDATE crawl_page SET state = 'failed', attempts = attempts + \(Int64(attempts)),
                                  http_status = \(httpStatus.map(Int64.init)), reason = \(reason),
                                  fetched_at = \(CorpusStore.ledgerTimestamp())
            WHERE url = \(url)
            """)
    }

    @discardableResult
    public func requeueFailures(crawl: String) throws -> Int {
        try rowsWaiting(
            "UPDATE crawl_page SET state = 'pending' WHERE crawl = \(crawl) AND state = 'failed' RETURNING 1"
        ).count
    }

    @discardableResult
    public func requeueFailures(crawl: String, from: PublicationDate, to: PublicationDate) throws -> Int {
        try rowsWaiting(
            """
            UPDATE crawl_page SET state = 'pending'
            WHERE crawl = \(crawl) AND state = 'failed'
              AND (listed::jsonb ->> 'date' IS NULL
                   OR listed::jsonb ->> 'date' BETWEEN \(from.isoString) AND \(to.isoString))
            RETURNING 1
            """
        ).count
    }

    @discardableResult
    public func requeueArticles(crawl: String, from: PublicationDate, to: PublicationDate) throws -> Int {
        try rowsWaiting(
            """
            UPDATE crawl_page SET state = 'pending'
            WHERE crawl = \(crawl) AND kind = 'article' AND state = 'done'
              AND (listed::jsonb ->> 'date' IS NULL
                   OR listed::jsonb ->> 'date' BETWEEN \(from.isoString) AND \(to.isoString))
            RETURNING 1
            """
        ).count
    }

    public func fetchedPages(crawl: String) throws -> [CrawlPage] {
        try pages(
            """
            SELECT \(unescaped: Self.pageColumns) FROM crawl_page WHERE crawl = \(crawl) AND state <> 'pending'
            ORDER BY queued
            """)
    }

    public func crawlFailures(crawl: String?) throws -> [CrawlPage] {
        try pages(
            """
            SELECT \(unescaped: Self.pageColumns) FROM crawl_page
            WHERE state = 'failed' AND (\(crawl)::text IS NULL OR crawl = \(crawl))
            ORDER BY fetched_at DESC NULLS LAST, queued
            """)
    }

    public func crawlCounts(crawl: String) throws -> CrawlCounts {
        var counts = CrawlCounts()
        for row in try rowsWaiting("SELECT state, count(*) FROM crawl_page WHERE crawl = \(crawl) GROUP BY state") {
            let (state, count) = try row.decode((String, Int64).self)
            switch state {
            case "pending": counts.pending = Int(count)
            case "done": counts.done = Int(count)
            default: counts.failed = Int(count)
            }
        }
        return counts
    }

    /// The ledger's columns, in the order ``pages(_:)`` reads them.
    static let pageColumns = "url, crawl, kind, state, listed, attempts, http_status, reason, fetched_at"

    private func pages(_ query: PostgresQuery) throws -> [CrawlPage] {
        try rowsWaiting(query).map { row in
            let (url, crawl, kind, state, listed, attempts, status, reason, fetchedAt) = try row.decode(
                (String, String, String, String, String?, Int64, Int64?, String?, String?).self)
            return CrawlPage(
                url: url, crawl: crawl, kind: CrawlPage.Kind(rawValue: kind) ?? .article,
                state: CrawlPage.State(rawValue: state) ?? .pending,
                listed: listed.flatMap { try? JSONDecoder().decode(ListingEntry.self, from: Data($0.utf8)) },
                attempts: Int(attempts), httpStatus: status.map(Int.init), reason: reason, fetchedAt: fetchedAt)
        }
    }

    private func snapshot(_ query: PostgresQuery) throws -> PageSnapshot? {
        guard let row = try rowsWaiting(query).first else { return nil }
        let (url, fetchedAt, status, contentType, size, html) = try row.decode(
            (String, String, Int64, String?, Int64, ByteBuffer).self)
        return PageSnapshot(
            url: url, fetchedAt: fetchedAt, httpStatus: Int(status), contentType: contentType,
            body: try Deflate.decompress(Data(html.readableBytesView), size: Int(size)))
    }
}
