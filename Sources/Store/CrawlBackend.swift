import Foundation
import SinmunCollect

/// What a crawl needs of a corpus backend: the ledger of pages to fetch and fetched, the raw
/// pages kept, and the import of the articles read from them. ``CorpusStore`` (SQLite) and the
/// PostgreSQL corpus both conform; the crawler is written once, over this.
public protocol CrawlBackend: ImportBackend {
    /// Queues pages not in the ledger yet; returns how many were new. With a mark, a home or
    /// listing page already fetched before it is queued again (a re-listing run).
    @discardableResult
    func enqueue(
        crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry], relistingFetchedBefore mark: String
    ) throws -> Int
    /// Queues pages not in the ledger yet; returns how many were new.
    @discardableResult
    func enqueue(crawl: String, kind: CrawlPage.Kind, entries: [ListingEntry]) throws -> Int
    /// A timestamp after every fetch this crawl recorded so far (see `CorpusStore`'s).
    func crawlRunMark(crawl: String) throws -> String
    /// Pages of a kind waiting to be fetched, in the order they were queued.
    func pendingPages(crawl: String, kind: CrawlPage.Kind, limit: Int) throws -> [CrawlPage]
    /// The ledger's entry for an address.
    func crawlPage(url: String) throws -> CrawlPage?
    /// Keeps a fetched page (compressed), once per distinct content of its address; its id.
    @discardableResult
    func keepSnapshot(url: String, httpStatus: Int, contentType: String?, body: Data) throws -> Int64
    /// The page last kept for an address.
    func latestSnapshot(url: String) throws -> PageSnapshot?
    /// A kept page by id.
    func snapshot(id: Int64) throws -> PageSnapshot?
    /// Bytes of the kept pages as fetched and as stored, and how many there are.
    func snapshotSizes() throws -> (raw: Int, stored: Int, pages: Int)
    /// Marks a page fetched and read.
    func markDone(url: String, httpStatus: Int, note: String?) throws
    /// Marks a page failed after `attempts` more attempts.
    func markFailed(url: String, httpStatus: Int?, reason: String, attempts: Int) throws
    /// Queues a crawl's failed pages again; how many.
    @discardableResult
    func requeueFailures(crawl: String) throws -> Int
    /// Queues again the failed pages listed for dates in a range (or undated); how many.
    @discardableResult
    func requeueFailures(crawl: String, from: PublicationDate, to: PublicationDate) throws -> Int
    /// Queues again the fetched articles listed for dates in a range (or undated); how many.
    @discardableResult
    func requeueArticles(crawl: String, from: PublicationDate, to: PublicationDate) throws -> Int
    /// A crawl's pages fetched or failed, in the order they were queued.
    func fetchedPages(crawl: String) throws -> [CrawlPage]
    /// Failed pages, latest first; of one crawl, or of all.
    func crawlFailures(crawl: String?) throws -> [CrawlPage]
    /// A crawl's pages by state.
    func crawlCounts(crawl: String) throws -> CrawlCounts
}

extension CorpusStore: CrawlBackend {}
