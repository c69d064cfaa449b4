import Foundation
import SinmunCollect
import SinmunStore

/// The two sites Sinmun crawls.
public enum CrawlSite: String, Sendable, CaseIterable, Codable {
    /// rodong.rep.kp (Rodong Sinmun) and kcna.kp (KCNA).
    case rodong, kcna

    /// The real host, used unless `--base-url` names another.
    public var defaultBase: String {
        switch self {
        case .rodong: return RodongSite.defaultBase
        case .kcna: return KCNASite.defaultBase
        }
    }

    /// The import format name of its saved pages.
    public var pageFormat: ImportFormat {
        switch self {
        case .rodong: return .rodongHTML
        case .kcna: return .kcnaHTML
        }
    }
}

/// What to crawl and how politely.
public struct CrawlOptions: Sendable {
    /// Which site to crawl.
    public var site: CrawlSite
    /// Edition: `ko`, `en` or `zh`.
    public var language: String
    /// The first publication date to fetch.
    public var from: PublicationDate
    /// The last publication date to fetch (a month or year reaches to its end).
    public var to: PublicationDate
    /// The host to crawl: the real site, a mirror, a proxy or a test server.
    public var baseURL: String
    /// Requests per second to one host; a robots.txt `Crawl-delay` can only slow it further.
    public var requestsPerSecond: Double = 1
    /// How many times, and after how long, a failed page is tried again.
    public var retry = RetryPolicy()
    /// The product token matched against robots.txt groups.
    public var robotsToken = "sinmun"
    /// At most this many listing pages per KCNA section (its listings run back for years).
    public var maxListingPages = 500
    /// Put the pages that failed in earlier runs back in the queue first.
    public var retryFailed = false
    /// Fetch the range's done article pages again, to catch edits (kept as revisions).
    public var refresh = false
    /// Read the home page and every listing the run reaches again, once per run, so that a
    /// rerun over a range that includes today finds the articles published since the last run.
    /// Article pages already done are not fetched again (unless ``refresh``). A watch runs with
    /// this set, `from` the last day fully crawled and `to` today.
    public var relist = false
    /// How many links from the home page the crawl follows the site's own menus (Rodong
    /// Sinmun): home 0, a menu 1, a date listing 2. Deeper links are not queued.
    public var maxNavigationDepth = 2

    /// A crawl of `site`'s `language` edition from `from` to `to`, against the real host unless
    /// `baseURL` names another; the rest is set to the polite defaults.
    public init(site: CrawlSite, language: String, from: PublicationDate, to: PublicationDate, baseURL: String? = nil) {
        self.site = site
        self.language = language
        self.from = from
        self.to = to
        var base = baseURL ?? site.defaultBase
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// The ledger's name for this crawl: site and edition.
    public var crawlKey: String { "\(site.rawValue)/\(language)" }
}

/// Where a crawl stands, for the progress line.
public struct CrawlProgress: Sendable {
    /// Pages of this crawl done so far.
    public var fetched: Int
    /// Pages of this crawl given up on so far.
    public var failed: Int
    /// Pages still queued.
    public var pending: Int
    /// Pages per second over this run.
    public var rate: Double
    /// Seconds left at that rate, when known.
    public var secondsLeft: Double?
    /// The page handled last.
    public var lastURL: String

    /// Rate and time left from the pages handled this run and the seconds it has taken.
    init(fetched: Int, failed: Int, pending: Int, handled: Int, seconds: Double, lastURL: String) {
        self.fetched = fetched
        self.failed = failed
        self.pending = pending
        rate = seconds > 0 ? Double(handled) / seconds : 0
        secondsLeft = rate > 0 ? Double(pending) / rate : nil
        self.lastURL = lastURL
    }
}

/// What a crawl run did.
public struct CrawlSummary: Sendable, Codable, Equatable {
    /// Site and edition: `rodong/ko`, `kcna/en`.
    public var crawl: String
    /// The host crawled.
    public var baseURL: String
    /// Requests sent this run (retries and robots.txt included).
    public var requests = 0
    /// Pages fetched and handled this run.
    public var pagesDone = 0
    /// Pages that failed this run (each kept in the ledger with its reason).
    public var pagesFailed = 0
    /// Articles new to the corpus, and ones merged with a copy already there.
    public var articlesInserted = 0
    /// Articles merged with a copy already in the corpus (cross-listings, a re-crawl).
    public var articlesMerged = 0
    /// Edited texts of articles already held, kept as revisions.
    public var revisions = 0
    /// The ledger after the run.
    public var ledger = CrawlCounts()
    /// True when the run was stopped before the queue was empty (it resumes next time).
    public var interrupted = false
    /// Wall-clock seconds the run took.
    public var seconds = 0.0
}

/// An error that stops a whole crawl (as opposed to one page, which is recorded and skipped).
public enum CrawlError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The range's first date is after its last.
    case invalidRange(from: PublicationDate, to: PublicationDate)
    /// robots.txt redirects more than five times, or without a Location (the address last asked).
    case robotsRedirect(url: String)
    /// robots.txt could not be fetched after every attempt (the address, and the last failure).
    case robotsUnreachable(url: String, reason: String)

    /// The message, as the command line prints it.
    public var description: String {
        switch self {
        case .invalidRange(let from, let to):
            return "--from \(from) is after --to \(to)"
        case .robotsRedirect(let url):
            return "\(url): robots.txt redirects more than five times or without a Location; not crawling"
        case .robotsUnreachable(let url, let reason):
            return "\(url): robots.txt unreachable (\(reason)); a crawler must then assume it may fetch nothing "
                + "(RFC 9309). Try again later."
        }
    }
}

/// A polite, resumable crawl of one site's edition over a date range.
///
/// The ledger in the corpus database is the crawl's whole state: seed listings are queued,
/// each page is fetched (rate-limited per host, retried with backoff), kept raw and compressed,
/// parsed, and marked done or failed in its own transaction. A killed run leaves pending
/// addresses pending; the next run fetches those and nothing already done, and articles go
/// through the same deduplicating ingest as imports, so nothing is stored twice.
public final class Crawler: Sendable {
    let store: any CrawlBackend
    let options: CrawlOptions
    let fetcher: any PageFetcher
    let limiter: HostRateLimiter

    /// A crawl that keeps its ledger and articles in `store` and fetches through `fetcher`
    /// (``HTTPPageFetcher`` for the network).
    public init(store: any CrawlBackend, options: CrawlOptions, fetcher: any PageFetcher) {
        self.store = store
        self.options = options
        self.fetcher = fetcher
        self.limiter = HostRateLimiter(requestsPerSecond: options.requestsPerSecond)
    }

    /// Runs the crawl until its queue is empty or the task is cancelled (a cancelled run
    /// returns normally with `interrupted` set).
    public func run(progress: @Sendable (CrawlProgress) -> Void = { _ in }) async throws -> CrawlSummary {
        let started = ContinuousClock.now
        var summary = CrawlSummary(crawl: options.crawlKey, baseURL: options.baseURL)
        var random = SystemRandomNumberGenerator()
        guard options.from <= options.to else { throw CrawlError.invalidRange(from: options.from, to: options.to) }

        let robots = try await robotsRules(summary: &summary, random: &random)
        if let delay = robots.crawlDelay, delay > 0 {
            await limiter.slowDown(host: host(of: options.baseURL), to: .milliseconds(Int(delay * 1000)))
        }
        if options.retryFailed { try store.requeueFailures(crawl: options.crawlKey) }
        if options.refresh { try store.requeueArticles(crawl: options.crawlKey, from: options.from, to: options.to) }
        let run = RunContext(relistMark: options.relist ? try store.crawlRunMark(crawl: options.crawlKey) : nil)
        try seed(run)

        do {
            while true {
                try Task.checkCancellation()
                guard let page = try nextPage() else { break }
                try await handle(page, robots: robots, run: run, summary: &summary, random: &random)
                let counts = try store.crawlCounts(crawl: options.crawlKey)
                progress(
                    CrawlProgress(
                        fetched: counts.done, failed: counts.failed, pending: counts.pending,
                        handled: summary.pagesDone + summary.pagesFailed, seconds: seconds(since: started),
                        lastURL: page.url))
            }
        } catch is CancellationError {
            summary.interrupted = true
        }
        summary.ledger = try store.crawlCounts(crawl: options.crawlKey)
        summary.seconds = seconds(since: started)
        return summary
    }

    /// Reads every page this crawl has kept again from the database, without fetching: after a
    /// parser change, pages that failed to parse may now parse (they are marked done), and
    /// articles are ingested again (changing nothing where nothing changed). Pages with no
    /// kept copy (never fetched, or refused before a body came) are left as they are.
    public func reparse(progress: @Sendable (CrawlProgress) -> Void = { _ in }) throws -> CrawlSummary {
        let started = ContinuousClock.now
        var summary = CrawlSummary(crawl: options.crawlKey, baseURL: options.baseURL)
        let pages = try store.fetchedPages(crawl: options.crawlKey)
        for (index, page) in pages.enumerated() {
            guard let snapshot = try store.latestSnapshot(url: page.url), (200..<300).contains(snapshot.httpStatus)
            else { continue }
            let kept = FetchedPage(status: snapshot.httpStatus, contentType: snapshot.contentType, body: snapshot.body)
            try parseAndRecord(kept, page: page, attempts: 0, run: RunContext(relistMark: nil), summary: &summary)
            progress(
                CrawlProgress(
                    fetched: summary.pagesDone, failed: summary.pagesFailed, pending: pages.count - index - 1,
                    handled: index + 1, seconds: seconds(since: started), lastURL: page.url))
        }
        summary.ledger = try store.crawlCounts(crawl: options.crawlKey)
        summary.seconds = seconds(since: started)
        return summary
    }

    // MARK: - Queue

    /// What one run carries from page to page.
    struct RunContext {
        /// Set when the run relists: home and listing pages fetched before it are read again.
        var relistMark: String?
    }

    /// Queues the starting pages: the edition's home page, whose menus lead to the listings,
    /// and for Rodong Sinmun each day's issue at the unconfirmed day-listing address, a
    /// shortcut that costs one request a day and spares the menus when it works.
    func seed(_ run: RunContext) throws {
        switch options.site {
        case .rodong:
            try enqueue(
                .home,
                [
                    ListingEntry(
                        url: RodongSite.homeAddress(base: options.baseURL, language: options.language), title: "home",
                        depth: 0)
                ], run)
            var entries: [ListingEntry] = []
            var day = options.from
            while day <= options.to {
                entries.append(
                    ListingEntry(
                        url: RodongSite.dayListingAddress(base: options.baseURL, language: options.language, date: day),
                        title: "issue of \(day)", date: day, depth: options.maxNavigationDepth))
                guard let next = day.nextDay else { break }
                day = next
            }
            try enqueue(.listing, entries, run)
        case .kcna:
            try enqueue(
                .home,
                [
                    ListingEntry(
                        url: KCNASite.homeAddress(base: options.baseURL, language: options.language), title: "home")
                ], run)
        }
    }

    /// Queues pages; in a relisting run, home and listing pages fetched before the run go back
    /// in the queue.
    func enqueue(_ kind: CrawlPage.Kind, _ entries: [ListingEntry], _ run: RunContext) throws {
        if let mark = run.relistMark {
            try store.enqueue(crawl: options.crawlKey, kind: kind, entries: entries, relistingFetchedBefore: mark)
        } else {
            try store.enqueue(crawl: options.crawlKey, kind: kind, entries: entries)
        }
    }

    /// Home first, then listings, then articles: listings discover the articles, and a resumed
    /// run finishes discovering before it fetches.
    func nextPage() throws -> CrawlPage? {
        for kind in [CrawlPage.Kind.home, .listing, .article] {
            if let page = try store.pendingPages(crawl: options.crawlKey, kind: kind, limit: 1).first { return page }
        }
        return nil
    }

    // MARK: - One page

    func handle(
        _ page: CrawlPage, robots: RobotsRules, run: RunContext, summary: inout CrawlSummary,
        random: inout SystemRandomNumberGenerator
    ) async throws {
        guard robots.allows(path: pathAndQuery(of: page.url)) else {
            try store.markFailed(
                url: page.url, httpStatus: nil, reason: "disallowed by robots.txt; not fetched", attempts: 0)
            summary.pagesFailed += 1
            return
        }
        let fetched: FetchedPage
        do {
            fetched = try await fetchFollowingRedirects(page.url, robots: robots, summary: &summary, random: &random)
        } catch let failure as PageFailure {
            // A body that came (a truncated page) is kept too, for a later look or re-parse.
            if let body = failure.page {
                try store.keepSnapshot(
                    url: page.url, httpStatus: body.status, contentType: body.contentType, body: body.body)
            }
            if let status = failure.status, [404, 410].contains(status), isShortcut(page) {
                try store.markDone(url: page.url, httpStatus: status, note: Self.shortcutNote("HTTP \(status)"))
                summary.pagesDone += 1
                return
            }
            try store.markFailed(
                url: page.url, httpStatus: failure.status, reason: failure.reason, attempts: failure.attempts)
            summary.pagesFailed += 1
            return
        }
        try store.keepSnapshot(
            url: page.url, httpStatus: fetched.status, contentType: fetched.contentType, body: fetched.body)
        try parseAndRecord(fetched, page: page, attempts: 1, run: run, summary: &summary)
    }

    /// True for a Rodong day listing queued at the unconfirmed shortcut address.
    func isShortcut(_ page: CrawlPage) -> Bool {
        options.site == .rodong && page.kind == .listing && RodongSite.isDayListingShortcut(page.url)
    }

    /// The ledger's note for a day-listing shortcut that led nowhere: no failure to act on.
    static func shortcutNote(_ what: String) -> String {
        "the unconfirmed day-listing shortcut (RodongSite.dayListingAddress) gave \(what): "
            + "not a failure; the day's articles are found through the site's menus"
    }

    /// Parses a page (fetched now, or kept from before) and records the outcome in the
    /// ledger: done with any charset note, or failed with the parser's reason.
    func parseAndRecord(
        _ fetched: FetchedPage, page: CrawlPage, attempts: Int, run: RunContext, summary: inout CrawlSummary
    ) throws {
        do {
            if let truncated = PageParseError.truncation(of: fetched.body, url: page.url) { throw truncated }
            let document = try HTMLDocument(data: fetched.body, url: page.url, headerCharset: fetched.headerCharset)
            try process(document, page: page, run: run, summary: &summary)
            try store.markDone(url: page.url, httpStatus: fetched.status, note: document.encoding.note)
            summary.pagesDone += 1
        } catch let error as PageParseError where isShortcut(page) {
            try store.markDone(url: page.url, httpStatus: fetched.status, note: Self.shortcutNote(error.reason))
            summary.pagesDone += 1
        } catch let error as PageParseError {
            try store.markFailed(url: page.url, httpStatus: fetched.status, reason: error.reason, attempts: attempts)
            summary.pagesFailed += 1
        }
    }

    func process(_ document: HTMLDocument, page: CrawlPage, run: RunContext, summary: inout CrawlSummary) throws {
        switch (options.site, page.kind) {
        case (.kcna, .home):
            let sections = KCNASite.sections(document)
            guard !sections.isEmpty else {
                throw PageParseError.missingContent(in: document, expected: "the section menu (div.menu-block)")
            }
            try enqueue(.listing, sections.map { ListingEntry(url: $0.url, title: $0.name, section: $0.name) }, run)
        case (.kcna, .listing):
            let listing = KCNASite.listing(document, section: page.listed?.section)
            guard !listing.entries.isEmpty else {
                throw PageParseError.missingContent(
                    in: document, expected: "article links (ul.article-link, div.photo, div.video)")
            }
            try store.enqueue(crawl: options.crawlKey, kind: .article, entries: listing.entries.filter(inRange))
            // Listings run newest first: go on while this page still reaches into the range.
            let dates = listing.entries.compactMap(\.date)
            let reachesRange = dates.isEmpty || dates.contains { $0 >= options.from }
            if let next = listing.next, reachesRange, listingDepth(next) <= options.maxListingPages {
                try enqueue(
                    .listing, [ListingEntry(url: next, title: page.listed?.title ?? "", section: page.listed?.section)],
                    run)
            }
        case (.rodong, _):
            if page.kind == .article {
                let article = try RodongSite.article(document, language: options.language, listed: page.listed)
                try keep(article, summary: &summary)
            } else {
                try processRodongListing(document, page: page, run: run)
            }
        case (.kcna, .article):
            let article = try KCNASite.article(document, language: options.language, listed: page.listed)
            try keep(article, summary: &summary)
        }
    }

    /// A Rodong home or listing page: its article links of the range are queued, and, while
    /// under the navigation depth, its menu links of the range (or of no date) as listings.
    func processRodongListing(_ document: HTMLDocument, page: CrawlPage, run: RunContext) throws {
        let articles = RodongSite.listing(document).entries
        let navigation = RodongSite.navigation(document, language: options.language)
        guard !articles.isEmpty || !navigation.isEmpty else {
            throw PageParseError.missingContent(
                in: document, expected: "article or menu links (index.php?<base64 id>)")
        }
        try store.enqueue(crawl: options.crawlKey, kind: .article, entries: articles.filter(inRange))
        // A listing queued before depths were kept counts as a date listing: it is not followed.
        let depth = (page.listed?.depth ?? (page.kind == .home ? 0 : options.maxNavigationDepth)) + 1
        guard depth <= options.maxNavigationDepth else { return }
        let links = navigation.filter(inRange).map { entry -> ListingEntry in
            var entry = entry
            entry.depth = depth
            return entry
        }
        try enqueue(.listing, links, run)
    }

    func keep(_ article: Article, summary: inout CrawlSummary) throws {
        var article = article
        // One provenance per distinct text of an address: a re-fetch of the same text changes
        // nothing, an edited text is recorded as a revision by the ingest.
        article.provenance = Provenance(
            source: options.baseURL, locator: "\(article.urls.first ?? "")#\(article.contentHash.prefix(12))")
        let report = try store.importArticles(
            [article], kind: "crawl", location: "\(options.baseURL) \(options.crawlKey)",
            format: options.site.pageFormat.rawValue)
        summary.articlesInserted += report.inserted
        summary.articlesMerged += report.merged
        summary.revisions += report.revisions
    }

    func inRange(_ entry: ListingEntry) -> Bool {
        guard let date = entry.date else { return true }
        return date >= options.from && date <= options.to
    }

    /// The `page=` number of a listing address (1 when absent).
    func listingDepth(_ url: String) -> Int {
        URLComponents(string: url)?.queryItems?.first(where: { $0.name == "page" })?.value.flatMap { Int($0) } ?? 1
    }

    // MARK: - Fetching

    struct PageFailure: Error {
        var status: Int?
        var reason: String
        var attempts: Int
        /// The last response, when one came with a body worth keeping.
        var page: FetchedPage?
    }

    /// Follows up to five redirects, each hop rate-limited and checked against robots.txt; a
    /// hop back to an address already visited is a loop, recorded as such.
    func fetchFollowingRedirects(
        _ url: String, robots: RobotsRules, summary: inout CrawlSummary,
        random: inout SystemRandomNumberGenerator
    ) async throws -> FetchedPage {
        var current = url
        var chain = [url]
        for _ in 0...5 {
            let page = try await fetchWithRetries(current, summary: &summary, random: &random)
            guard (300..<400).contains(page.status) else { return page }
            guard let location = page.location,
                let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString
            else {
                throw PageFailure(
                    status: page.status, reason: "HTTP \(page.status) redirect without a usable Location", attempts: 1)
            }
            if chain.contains(next) {
                throw PageFailure(
                    status: page.status, reason: "redirect loop: \((chain + [next]).joined(separator: " → "))",
                    attempts: 1)
            }
            guard robots.allows(path: pathAndQuery(of: next)) else {
                throw PageFailure(
                    status: page.status, reason: "redirected to \(next), which robots.txt disallows", attempts: 1)
            }
            chain.append(next)
            current = next
        }
        throw PageFailure(status: nil, reason: "more than 5 redirects: \(chain.joined(separator: " → "))", attempts: 1)
    }

    /// Fetches with the rate limit, retrying timeouts, dropped connections, 5xx, 429 and
    /// truncated pages with backoff; other 4xx fail at once.
    func fetchWithRetries(
        _ url: String, summary: inout CrawlSummary, random: inout SystemRandomNumberGenerator
    ) async throws -> FetchedPage {
        var lastReason = ""
        var lastStatus: Int?
        var lastTruncated: FetchedPage?
        for attempt in 1...options.retry.maxAttempts {
            try await limiter.waitForTurn(host: host(of: url))
            summary.requests += 1
            var retryAfter: Double?
            do {
                let page = try await fetcher.fetch(url)
                lastStatus = page.status
                retryAfter = page.retryAfter
                switch page.status {
                case 300..<400:
                    return page
                case 200..<300:
                    if let truncated = PageParseError.truncation(of: page.body, url: url) {
                        lastReason = truncated.reason
                        lastTruncated = page
                    } else {
                        return page
                    }
                case 429, 500..<600:
                    lastReason = "HTTP \(page.status)"
                    lastTruncated = nil
                case 404, 410:
                    throw PageFailure(
                        status: page.status, reason: "HTTP \(page.status): the page is missing (a listing links to it)",
                        attempts: attempt)
                default:
                    throw PageFailure(status: page.status, reason: "HTTP \(page.status)", attempts: attempt)
                }
            } catch let error as FetchError {
                if case .permanent(let reason) = error {
                    throw PageFailure(status: nil, reason: reason, attempts: attempt)
                }
                lastReason = error.description
                lastStatus = nil
                lastTruncated = nil
            }
            if attempt < options.retry.maxAttempts {
                try await Task.sleep(
                    for: options.retry.delay(afterAttempt: attempt, retryAfter: retryAfter, using: &random))
            }
        }
        throw PageFailure(
            status: lastStatus, reason: "\(lastReason) (gave up after \(options.retry.maxAttempts) attempts)",
            attempts: options.retry.maxAttempts, page: lastTruncated)
    }

    /// robots.txt of the host: absent (4xx) allows all; unreachable after retries stops the
    /// crawl, since RFC 9309 says to assume everything is disallowed.
    func robotsRules(summary: inout CrawlSummary, random: inout SystemRandomNumberGenerator) async throws -> RobotsRules
    {
        var url = "\(options.baseURL)/robots.txt"
        var lastReason = ""
        var redirects = 0
        var attempt = 1
        while attempt <= options.retry.maxAttempts {
            try await limiter.waitForTurn(host: host(of: url))
            summary.requests += 1
            do {
                let page = try await fetcher.fetch(url)
                switch page.status {
                case 200..<300:
                    return RobotsRules(text: String(decoding: page.body, as: UTF8.self), userAgent: options.robotsToken)
                case 300..<400:
                    // RFC 9309: follow at least five redirects (http → https, a moved host).
                    guard redirects < 5, let location = page.location,
                        let next = URL(string: location, relativeTo: URL(string: url))?.absoluteString
                    else {
                        throw CrawlError.robotsRedirect(url: url)
                    }
                    redirects += 1
                    url = next
                    continue
                case 400..<500 where page.status != 429: return .allowAll
                default: lastReason = "HTTP \(page.status)"
                }
            } catch let error as FetchError {
                lastReason = error.description
            }
            if attempt < options.retry.maxAttempts {
                try await Task.sleep(for: options.retry.delay(afterAttempt: attempt, using: &random))
            }
            attempt += 1
        }
        throw CrawlError.robotsUnreachable(url: url, reason: lastReason)
    }

    func host(of url: String) -> String { URLComponents(string: url)?.host ?? url }

    func pathAndQuery(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }

    func seconds(since start: ContinuousClock.Instant) -> Double { (ContinuousClock.now - start).seconds }
}
