import ArgumentParser
import Foundation
import SinmunCollect
import SinmunCrawl
import SinmunStore

struct CrawlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crawl",
        abstract: "Collect articles from rodong.rep.kp or kcna.kp, politely and resumably.",
        discussion: """
            Fetches every article of an edition published between --from and --to into the corpus:

              sinmun crawl rodong --lang ko --from 2024-04-01 --to 2024-04-07
              sinmun crawl kcna --lang en --from 2024-10 --to 2024-10
              sinmun crawl --failures
              sinmun crawl rodong --lang ko --probe

            Before a first crawl of the real site, --probe fetches robots.txt, the edition's home \
            page, one listing and one article (politely, at --rate), keeps the raw pages and says \
            what the parsers recognise in each beside what they expect. It exits with status 1 and \
            a diagnosis when the site's layout differs; --snapshot N prints a kept raw page to attach \
            to a bug report.

            Watching: --relist reads the home page and listings again (once per run), so a rerun \
            over a range ending today finds what was published since the last run; article pages \
            already fetched are not fetched again.

            Politeness: at most --rate requests a second to the host (default 1; a robots.txt \
            Crawl-delay slows it further), robots.txt honoured, an honest User-Agent, retries with \
            exponential backoff and jitter on timeouts, dropped connections, 429 and 5xx.

            Resuming: the crawl's state is in the database. Stop it at any time (Ctrl-C) and run the \
            same command again: pages already fetched are not fetched again and no article is stored \
            twice. Every raw page is kept compressed with its fetch time, so it can be re-read later.

            Failures: a page that cannot be fetched or read (missing, redirect loop, truncated, an \
            error page, an unexpected layout) is recorded with its address and the reason and the \
            crawl goes on; --failures lists them, --retry-failed queues them again.

            No network? Point --base-url at a mirror, a proxy or a test server.
            """
    )

    @Argument(help: ArgumentHelp("The site: rodong or kcna.", valueName: "site"))
    var site: String?

    @Option(help: ArgumentHelp("Edition: ko, en or zh.", valueName: "code"))
    var lang = "ko"

    @Option(help: ArgumentHelp("First day (YYYY-MM-DD; a month or year means its first day).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day (a month or year means its last day).", valueName: "date"))
    var to: String?

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("Crawl this host instead of the real site (mirror, proxy, test server).", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("Requests per second to the host.", valueName: "n"))
    var rate: Double = 1

    @Option(
        name: .customLong("max-attempts"),
        help: ArgumentHelp("Tries per page before it is recorded as failed.", valueName: "n"))
    var maxAttempts = 4

    @Option(help: ArgumentHelp("Seconds before a request is given up (and retried).", valueName: "s"))
    var timeout: Double = 30

    @Flag(name: .customLong("retry-failed"), help: "Queue the pages that failed in earlier runs again.")
    var retryFailed = false

    @Flag(help: "Fetch the range's done article pages again, to catch edits (kept as revisions).")
    var refresh = false

    @Flag(help: "Read the home page and listings again, to find articles published since the last run.")
    var relist = false

    @Flag(help: "Check the site's layout against the parsers: robots.txt, home page, a listing, an article.")
    var probe = false

    @Option(help: ArgumentHelp("Print the kept raw page with this number (as --probe reports it).", valueName: "n"))
    var snapshot: Int64?

    @Flag(help: "Read the kept raw pages of this crawl again, without fetching (after a parser change).")
    var reparse = false

    @Flag(help: "List the pages that failed, with the reason, and exit.")
    var failures = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if failures || snapshot != nil { return }
        guard let site, CrawlSite(rawValue: site) != nil else { throw ValidationError("name the site: rodong or kcna") }
        guard ["ko", "en", "zh"].contains(lang) else { throw ValidationError("--lang must be ko, en or zh") }
        guard probe || (from != nil && to != nil) else {
            throw ValidationError("give the range: --from DATE --to DATE")
        }
        guard rate > 0, rate <= 50 else {
            throw ValidationError("--rate must be above 0 and at most 50 requests a second")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        try await common.withBackend { store in try await run(on: store) }
    }

    private func run(on store: any CrawlBackend) async throws {
        if failures {
            try listFailures(store)
            return
        }
        if let snapshot {
            guard let page = try store.snapshot(id: snapshot) else { throw ValidationError("no kept page \(snapshot)") }
            FileHandle.standardOutput.write(page.body)
            return
        }
        if probe {
            try await runProbe(store)
            return
        }
        var options = CrawlOptions(
            site: CrawlSite(rawValue: site!)!, language: lang, from: try parseDateOption(from, name: "--from")!,
            to: try parseDateOption(to, name: "--to", endOfPeriod: true)!, baseURL: baseURL)
        options.requestsPerSecond = rate
        options.retry = RetryPolicy(maxAttempts: maxAttempts)
        options.retryFailed = retryFailed
        options.refresh = refresh
        options.relist = relist
        let summary: CrawlSummary
        if reparse {
            let line = ProgressLine(enabled: Terminal.stderrIsTTY && !common.json)
            summary = try Crawler(store: store, options: options, fetcher: OfflineFetcher()).reparse(progress: {
                line.show($0)
            })
            line.finish()
        } else {
            summary = try await Self.crawl(store: store, options: options, timeout: timeout, json: common.json)
        }
        if common.json {
            try Terminal.printJSON(summary)
        } else {
            print(Self.describe(summary))
        }
    }

    /// Runs a crawl with a progress line on a terminal; Ctrl-C stops it cleanly (the ledger
    /// keeps what is pending for the next run).
    static func crawl(
        store: any CrawlBackend, options: CrawlOptions, timeout: Double, json: Bool
    ) async throws -> CrawlSummary {
        let fetcher = HTTPPageFetcher(timeout: .milliseconds(Int(timeout * 1000)))
        let crawler = Crawler(store: store, options: options, fetcher: fetcher)
        let line = ProgressLine(enabled: Terminal.stderrIsTTY && !json)
        let task = Task { try await crawler.run(progress: { line.show($0) }) }
        let interrupt = InterruptHandler { task.cancel() }
        defer { interrupt.remove() }
        let result = await task.result
        try? await fetcher.shutdown()
        line.finish()
        return try result.get()
    }

    /// `--probe`: one polite look at each kind of page; exit status 1 when the layout differs.
    func runProbe(_ store: any CrawlBackend) async throws {
        let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        let day = PublicationDate(year: today.year!, month: today.month!, day: today.day!)!
        var options = CrawlOptions(
            site: CrawlSite(rawValue: site!)!, language: lang, from: day, to: day, baseURL: baseURL)
        options.requestsPerSecond = rate
        options.retry = RetryPolicy(maxAttempts: maxAttempts)
        let fetcher = HTTPPageFetcher(timeout: .milliseconds(Int(timeout * 1000)))
        let report: ProbeReport
        do {
            report = try await SiteProbe(store: store, options: options, fetcher: fetcher).run()
        } catch {
            try? await fetcher.shutdown()
            throw error
        }
        try? await fetcher.shutdown()
        if common.json {
            try Terminal.printJSON(report)
        } else {
            print(report.text)
        }
        if !report.ok { throw ExitCode(1) }
    }

    static func describe(_ summary: CrawlSummary) -> String {
        let revisions = summary.revisions > 0 ? ", \(summary.revisions) revisions" : ""
        var text = """
            \(summary.crawl) from \(summary.baseURL): \(summary.pagesDone) pages done, \(summary.pagesFailed) failed, \
            \(summary.requests) requests in \(String(format: "%.0f", summary.seconds)) s; \
            \(summary.articlesInserted) new articles, \(summary.articlesMerged) merged\(revisions)
            ledger: \(summary.ledger.done) done, \(summary.ledger.failed) failed, \(summary.ledger.pending) pending
            """
        if summary.interrupted { text += "\nstopped before the end: run the same command again to resume." }
        if summary.ledger.failed > 0 { text += "\nsee the failures: sinmun crawl --failures" }
        return text
    }

    func listFailures(_ store: any CrawlBackend) throws {
        let pages = try store.crawlFailures(crawl: site.map { "\($0)/\(lang)" })
        if common.json {
            try Terminal.printJSON(pages)
            return
        }
        if pages.isEmpty { print("no failed pages") }
        for page in pages {
            let status = page.httpStatus.map { " HTTP \($0)" } ?? ""
            print("\(page.crawl) \(page.kind.rawValue)\(status) \(page.url)\n    \(page.reason ?? "")")
        }
    }
}

/// One progress line on standard error: pages done, failures, rate and time left.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: CrawlProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let eta = progress.secondsLeft.map { String(format: " ETA %dm%02ds", Int($0) / 60, Int($0) % 60) } ?? ""
        let text =
            String(
                format: "%d done, %d failed, %d pending, %.2f pages/s", progress.fetched, progress.failed,
                progress.pending, progress.rate) + eta
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

/// Runs a block on SIGINT instead of dying, so an interrupted crawl can record where it is.
final class InterruptHandler: @unchecked Sendable {
    private let source: DispatchSourceSignal

    init(_ action: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: action)
        source.resume()
    }

    func remove() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
