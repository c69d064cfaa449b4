import Foundation
import SinmunCode
import SinmunCollect
import SinmunCrawl
import SinmunMeasure
import SinmunRead
import SinmunStore

/// The steps of a watch run, in order. Each one commits what it does before the next
/// begins, so a run stopped (or killed) between two steps resumes on the next run.
public enum WatchStep: String, Codable, Sendable, CaseIterable {
    /// Crawl the configured editions and import the drop folders' new files.
    case collect
    /// Code what is new with every codebook the rules use.
    case code
    /// Add what is new to the term index (word-level search and discovery).
    case analyze
    /// Evaluate every rule and store the alerts it raises, queued for delivery.
    case evaluate
    /// Deliver queued alerts: standard output, then webhooks.
    case deliver
}

/// One edition a watch crawls.
public struct WatchCrawlTarget: Sendable, Equatable {
    /// The site.
    public var site: CrawlSite
    /// The edition: `ko`, `en` or `zh`.
    public var language: String
    /// The host to crawl instead of the real site (a mirror, a test server).
    public var baseURL: String?

    /// An edition to crawl.
    public init(site: CrawlSite, language: String, baseURL: String? = nil) {
        self.site = site
        self.language = language
        self.baseURL = baseURL
    }
}

/// What a watch run brings in, how it codes, and where its alerts go.
public struct WatchRunOptions: Sendable {
    /// The codebook the built-in rules use (rules name their own).
    public var codebook: String = "ai-discourse"
    /// Drop folders whose new files are imported.
    public var importFolders: [URL] = []
    /// Editions to crawl from their last complete day to today.
    public var crawls: [WatchCrawlTarget] = []
    /// Webhooks every new alert is POSTed to.
    public var webhooks: [String] = []
    /// Today, as the sites date their issues (Pyongyang time by default).
    public var today: PublicationDate = WatchRunOptions.todayInPyongyang()
    /// How far back the first crawl of an edition reaches, in days before today.
    public var firstCrawlDays = 7
    /// Crawl politeness: requests per second to one host.
    public var requestsPerSecond: Double = 1
    /// How a crawl retries a page.
    public var crawlRetry = RetryPolicy()
    /// Tries of one webhook delivery within a run (it stays queued after the last).
    public var webhookAttempts = 3
    /// The wait after the first failed try of a delivery; it doubles after each.
    public var webhookBackoff: Duration = .seconds(2)
    /// Add new articles to the term index.
    public var analyze = true
    /// NK-HanDic's folder for the term index (default: found as `sinmun analyze` finds it).
    public var dicdir: String?
    /// Stop after this step, as a run killed there would (for drills and tests).
    public var stopAfter: WatchStep?

    /// Options that collect nothing and deliver to standard output only.
    public init() {}

    /// Today's date in Pyongyang, where the papers are dated.
    public static func todayInPyongyang(now: Date = Date()) -> PublicationDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Pyongyang") ?? TimeZone(secondsFromGMT: 9 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return PublicationDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

/// What one watch run did.
public struct WatchRunReport: Codable, Sendable {
    /// When the run began (ISO 8601, UTC).
    public var startedAt: String
    /// Drop-folder files handled.
    public var imports: [DroppedFile] = []
    /// Each crawl's summary.
    public var crawls: [CrawlSummary] = []
    /// Each codebook's coding.
    public var coding: [CodingReport] = []
    /// Articles added to the term index.
    public var analysed: Int?
    /// Alerts raised by this run.
    public var newAlerts: [WatchAlert] = []
    /// Deliveries made by this run (standard output and webhooks).
    public var delivered = 0
    /// Deliveries still queued after the run (failed webhooks wait for the next one).
    public var pendingDeliveries = 0
    /// The last step completed, when the run stopped early.
    public var stoppedAfter: WatchStep?
    /// What went wrong without stopping the run: a crawl that could not start, a rule that
    /// could not be evaluated, a file that could not be imported.
    public var problems: [String] = []
}

/// One run of the watch: collect, code, analyse, evaluate the rules, deliver the alerts.
///
/// Every step is idempotent and commits before the next, and alerts are keyed by rule and
/// period, so rerunning after a crash gives each alert exactly once. Cancel the task to stop
/// at the next step boundary (a crawl stops after its current page).
public struct WatchRunner: Sendable {
    let store: any WatchBackend
    let options: WatchRunOptions
    let fetcher: any PageFetcher
    let poster: any AlertPoster

    /// A run over `store`, crawling through `fetcher` and posting webhooks through `poster`.
    public init(store: any WatchBackend, options: WatchRunOptions, fetcher: any PageFetcher, poster: any AlertPoster) {
        self.store = store
        self.options = options
        self.fetcher = fetcher
        self.poster = poster
    }

    /// Runs the steps. `deliver` prints one alert owed to standard output (it is marked
    /// delivered once the call returns); `note` hears progress worth a line on a terminal.
    public func run(
        deliver: (WatchAlert) throws -> Void, note: (String) -> Void = { _ in }
    ) async throws -> WatchRunReport {
        guard let lock = try store.lockWatchRuns() else { throw WatchError.alreadyRunning(store.watchLockDescription) }
        defer { withExtendedLifetime(lock) {} }
        var report = WatchRunReport(startedAt: Self.timestamp())
        for step in WatchStep.allCases {
            if Task.isCancelled {
                report.stoppedAfter = WatchStep.allCases.last { $0.index < step.index }
                break
            }
            switch step {
            case .collect: try await collect(&report, note: note)
            case .code: try code(&report, note: note)
            case .analyze: try analyze(&report, note: note)
            case .evaluate: try evaluate(&report)
            case .deliver: try await deliverAlerts(&report, deliver: deliver)
            }
            if options.stopAfter == step, step != .deliver {
                report.stoppedAfter = step
                break
            }
        }
        report.pendingDeliveries = try store.deliveryCounts().pending
        return report
    }

    // MARK: - Steps

    func collect(_ report: inout WatchRunReport, note: (String) -> Void) async throws {
        for folder in options.importFolders {
            do {
                let files = try DropFolder(url: folder, store: store).importNew { file in
                    note(file.error.map { "\(file.path): \($0)" } ?? "imported \(file.path) [\(file.format ?? "")]")
                }
                report.imports += files
                report.problems += files.compactMap(\.error)
            } catch let error as WatchError {
                report.problems.append(error.description)
            }
        }
        for target in options.crawls {
            if Task.isCancelled { return }
            do {
                let (summary, failedListings) = try await crawl(target, note: note)
                report.crawls.append(summary)
                if failedListings > 0 {
                    report.problems.append(
                        "\(summary.crawl): \(failedListings) listing page(s) failed (`sinmun crawl --failures` lists "
                            + "them); the next run lists the same days again")
                }
            } catch let error as CrawlError {
                report.problems.append("\(target.site.rawValue)/\(target.language): \(error)")
            }
        }
    }

    /// Crawls an edition from its last complete day (else `firstCrawlDays` back) to today,
    /// listings fetched again so that what was published since the last run is found, and the
    /// range's failed pages tried again. Every day before today is complete once the queue is
    /// empty and no listing failed (a failed listing may hold links to any day of the range,
    /// so the next run lists from the same day again).
    func crawl(
        _ target: WatchCrawlTarget, note: (String) -> Void
    ) async throws -> (summary: CrawlSummary, failedListings: Int) {
        let key = "\(target.site.rawValue)/\(target.language)"
        let today = options.today
        let from =
            try store.crawlCompleteThrough(crawl: key).flatMap(DateParsing.parse)
            ?? Self.day(today, minus: options.firstCrawlDays)
        var crawlOptions = CrawlOptions(
            site: target.site, language: target.language, from: min(from, today), to: today, baseURL: target.baseURL)
        crawlOptions.requestsPerSecond = options.requestsPerSecond
        crawlOptions.retry = options.crawlRetry
        crawlOptions.relist = true
        try store.requeueFailures(crawl: key, from: crawlOptions.from, to: today)
        note("crawling \(key) from \(crawlOptions.from) to \(today)")
        let summary = try await Crawler(store: store, options: crawlOptions, fetcher: fetcher).run()
        let failedListings = try store.crawlFailures(crawl: key).filter {
            $0.kind != .article && ($0.listed?.date.map { $0 >= crawlOptions.from } ?? true)
        }
        if !summary.interrupted, summary.ledger.pending == 0, failedListings.isEmpty {
            let yesterday = Self.day(today, minus: 1)
            if yesterday >= crawlOptions.from {
                try store.setCrawlCompleteThrough(crawl: key, day: yesterday.isoString)
            }
        }
        return (summary, failedListings.count)
    }

    /// The codebooks the enabled rules name, the run's own first.
    func codebookNames() throws -> [String] {
        var names = [options.codebook]
        for rule in try store.watchRules() where rule.query == nil && !names.contains(rule.codebook) {
            names.append(rule.codebook)
        }
        return names
    }

    func code(_ report: inout WatchRunReport, note: (String) -> Void) throws {
        try seedBuiltIns()
        for name in try codebookNames() {
            // A rule's codebook file that has gone is that rule's problem, not the run's.
            let codebook: Codebook
            do {
                codebook = try BuiltInCodebooks.load(name)
            } catch let error as CodebookError {
                report.problems.append("codebook \(name): \(error)")
                continue
            }
            let coding = try store.code(with: codebook)
            if coding.coded > 0 { note("coded \(coding.coded) article(s) with \(codebook.name)") }
            report.coding.append(coding)
        }
    }

    func analyze(_ report: inout WatchRunReport, note: (String) -> Void) throws {
        guard options.analyze else { return }
        let analysis = try store.analyze(with: WordAnalyzer(dicdir: options.dicdir))
        if analysis.analysed > 0 { note("analysed \(analysis.analysed) article(s)") }
        report.analysed = analysis.analysed
    }

    func seedBuiltIns() throws {
        let codebook = try BuiltInCodebooks.load(options.codebook)
        try store.seedWatchRules(BuiltInWatchRules.rules(for: codebook, reference: options.codebook))
    }

    /// The built-in rules were seeded by the code step, which always comes first.
    func evaluate(_ report: inout WatchRunReport) throws {
        let evaluator = WatchEvaluator(store: store)
        let firedAt = Self.timestamp()
        for rule in try store.watchRules() {
            do {
                let alerts = try evaluator.alerts(for: rule, firedAt: firedAt, today: options.today)
                report.newAlerts += try store.recordAlerts(alerts, targets: options.webhooks)
            } catch let error as WatchError {
                report.problems.append("rule \(rule.name): \(error)")
            } catch let error as MeasureError {
                report.problems.append("rule \(rule.name): \(error)")
            } catch let error as CodebookError {
                report.problems.append("rule \(rule.name): \(error)")
            }
        }
    }

    func deliverAlerts(_ report: inout WatchRunReport, deliver: (WatchAlert) throws -> Void) async throws {
        for pending in try store.pendingDeliveries(target: WatchRecords.standardOutputTarget) {
            guard let id = pending.alert.id else { continue }
            try deliver(pending.alert)
            try store.markDelivered(alert: id, target: pending.target)
            report.delivered += 1
        }
        // Only the webhooks this run names are tried: one dropped from the configuration keeps
        // its queue, untried, instead of costing every run its retries.
        for pending in try store.pendingDeliveries() where options.webhooks.contains(pending.target) {
            guard let id = pending.alert.id else { continue }
            if try await post(try pending.alert.json(), id: id, to: pending.target) {
                report.delivered += 1
            } else if !Task.isCancelled {
                report.problems.append(
                    "webhook \(pending.target): alert \(id) not delivered; it stays queued for the next run")
            }
        }
    }

    /// Tries one delivery up to `webhookAttempts` times with doubling waits; each failed try
    /// is recorded, and the delivery stays queued after the last.
    func post(_ body: Data, id: Int64, to target: String) async throws -> Bool {
        var wait = options.webhookBackoff
        for attempt in 1...max(1, options.webhookAttempts) {
            if Task.isCancelled { return false }
            let reason: String
            do {
                let status = try await poster.post(body, to: target, alertID: id)
                if (200..<300).contains(status) {
                    try store.markDelivered(alert: id, target: target)
                    return true
                }
                reason =
                    (300..<400).contains(status)
                    ? "HTTP \(status): the webhook redirects; give its final address" : "HTTP \(status)"
            } catch {
                reason = "\(error)"
            }
            try store.markDeliveryFailed(alert: id, target: target, reason: reason)
            if attempt < options.webhookAttempts {
                do { try await Task.sleep(for: wait) } catch { return false }
                wait *= 2
            }
        }
        return false
    }

    // MARK: - Dates

    static func timestamp() -> String { Date().formatted(.iso8601) }

    /// The day `days` before `date`.
    static func day(_ date: PublicationDate, minus days: Int) -> PublicationDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        let earlier = calendar.dateComponents(
            [.year, .month, .day], from: start.addingTimeInterval(-86_400 * Double(days)))
        return PublicationDate(year: earlier.year!, month: earlier.month!, day: earlier.day!)!
    }
}

extension WatchStep {
    var index: Int { Self.allCases.firstIndex(of: self)! }
}
