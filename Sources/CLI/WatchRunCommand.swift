import ArgumentParser
import Foundation
import SinmunCollect
import SinmunCrawl
import SinmunStore
import SinmunWatch

struct WatchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Bring in what is new, code it, evaluate every rule and deliver the alerts.",
        discussion: """
            One run, in steps that each commit before the next: collect (crawl each --crawl edition \
            from its last complete day to today, listings fetched again; import every new file of \
            each --import folder, in any format, detected per file), code, analyze, evaluate, \
            deliver. Alerts go to standard output (JSON Lines with --json) and are POSTed to each \
            --webhook; a failed delivery is retried with backoff and stays queued for the next run.

              sinmun watch run --crawl rodong --lang ko --crawl kcna --lang en
              sinmun watch run --import ~/drop --webhook https://example.org/hook --json
              sinmun watch run --every 6h --crawl kcna --lang en

            --every runs until stopped: SIGTERM or Ctrl-C finishes the current step and exits. \
            The first crawl of an edition reaches --first-days back. Exit status 1 when something \
            went wrong (a crawl, a rule, a file, a webhook); the rest of the run still happens.
            """
    )

    @Option(
        name: .customLong("import"), help: ArgumentHelp("A drop folder to import new files from.", valueName: "dir"))
    var importFolders: [String] = []

    @Option(name: .customLong("crawl"), help: ArgumentHelp("A site to crawl: rodong or kcna.", valueName: "site"))
    var crawls: [String] = []

    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp("The edition of the --crawl before it (ko, en, zh); default ko.", valueName: "code"))
    var languages: [String] = []

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("Crawl this host instead of the real site, one per --crawl.", valueName: "url"))
    var baseURLs: [String] = []

    @Option(name: .customLong("webhook"), help: ArgumentHelp("POST every new alert here.", valueName: "url"))
    var webhooks: [String] = []

    @Option(help: ArgumentHelp("Run again at this interval until stopped (30m, 6h, 1d).", valueName: "interval"))
    var every: String?

    @Option(
        name: .customLong("first-days"),
        help: ArgumentHelp("How many days back the first crawl of an edition reaches.", valueName: "n"))
    var firstDays = 7

    @Option(help: ArgumentHelp("Crawl requests per second to one host.", valueName: "n"))
    var rate: Double = 1

    @Option(
        name: .customLong("webhook-attempts"),
        help: ArgumentHelp("Tries of a webhook delivery in one run.", valueName: "n"))
    var webhookAttempts = 3

    @Flag(name: .customLong("no-analyze"), help: "Leave the term index as it is.")
    var noAnalyze = false

    @Option(
        name: .customLong("stop-after"),
        help: ArgumentHelp(
            "Stop after this step, as a killed run would (a drill: the next run completes it).",
            valueName: "step"))
    var stopAfter: String?

    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        for site in crawls where CrawlSite(rawValue: site) == nil {
            throw ValidationError("--crawl takes rodong or kcna, not '\(site)'")
        }
        for language in languages where !["ko", "en", "zh"].contains(language) {
            throw ValidationError("--lang must be ko, en or zh")
        }
        guard languages.count <= max(crawls.count, 1) else { throw ValidationError("one --lang per --crawl") }
        guard baseURLs.count <= crawls.count else { throw ValidationError("one --base-url per --crawl at most") }
        if let every { _ = try WatchInterval(parsing: every) }
        if let stopAfter, WatchStep(rawValue: stopAfter) == nil {
            throw ValidationError("--stop-after takes \(WatchStep.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for hook in webhooks where !(hook.hasPrefix("http://") || hook.hasPrefix("https://")) {
            throw ValidationError("--webhook takes an http:// or https:// address, not '\(hook)'")
        }
        guard rate > 0, rate <= 50 else { throw ValidationError("--rate must be above 0 and at most 50") }
        guard firstDays >= 0, webhookAttempts >= 1 else {
            throw ValidationError("--first-days must be 0 or more and --webhook-attempts 1 or more")
        }
    }

    func options() throws -> WatchRunOptions {
        var options = WatchRunOptions()
        options.codebook = codebookOption.codebook
        options.importFolders = importFolders.map { URL(fileURLWithPath: $0) }
        options.crawls = crawls.enumerated().map { index, site in
            let language = index < languages.count ? languages[index] : languages.last ?? "ko"
            return WatchCrawlTarget(
                site: CrawlSite(rawValue: site)!, language: language,
                baseURL: index < baseURLs.count ? baseURLs[index] : nil)
        }
        options.webhooks = webhooks
        options.firstCrawlDays = firstDays
        options.requestsPerSecond = rate
        options.webhookAttempts = webhookAttempts
        options.analyze = !noAnalyze
        options.dicdir = analyzerOptions.dicdir
        options.stopAfter = stopAfter.flatMap(WatchStep.init(rawValue:))
        return options
    }

    func run() async throws {
        let interval = try every.map(WatchInterval.init(parsing:))
        let fetcher = HTTPPageFetcher()
        let poster = HTTPAlertPoster()
        let json = common.json
        let options = try options()
        let task = Task { () throws -> Bool in
            var clean = true
            repeat {
                // Today is read afresh each run: a long-running watch crosses midnight.
                var runOptions = options
                runOptions.today = WatchRunOptions.todayInPyongyang()
                do {
                    // The corpus is opened for each run: a long-running watch outlives a
                    // PostgreSQL server's restart, and holds no connection while it sleeps.
                    let report = try await common.withBackend { store in
                        try await WatchRunner(store: store, options: runOptions, fetcher: fetcher, poster: poster).run(
                            deliver: { alert in try Self.write(alert, json: json) },
                            note: { line in if Terminal.stderrIsTTY { Terminal.error(line) } })
                    }
                    Terminal.error(Self.summary(report))
                    for problem in report.problems { Terminal.error("problem: \(problem)") }
                    // The status speaks of the last run: one webhook hiccup weeks ago is history.
                    clean = report.problems.isEmpty
                } catch  where interval != nil && !(error is CancellationError) {
                    // A long-running watch outlives a failed run; the next one tries again.
                    Terminal.error("error: the run failed: \(error)")
                    clean = false
                }
                guard let interval, !Task.isCancelled else { break }
                do { try await Task.sleep(for: interval.duration) } catch { break }
            } while !Task.isCancelled
            // Stopped by a signal, a long-running watch has done what it should.
            return clean || (interval != nil && Task.isCancelled)
        }
        let signals = StopSignals { task.cancel() }
        defer { signals.remove() }
        let result = await task.result
        try? await fetcher.shutdown()
        try? await poster.shutdown()
        if try !result.get() { throw ExitCode(1) }
    }

    /// One alert on standard output: a JSON line, or the terminal form.
    /// Written unbuffered: the alert is marked delivered as soon as this returns.
    static func write(_ alert: WatchAlert, json: Bool) throws {
        let text: String
        if json {
            text = String(decoding: try alert.json(), as: UTF8.self)
        } else {
            text = WatchAlertText.describe(alert)
        }
        try FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8))
    }

    static func summary(_ report: WatchRunReport) -> String {
        let imported = report.imports.filter(\.imported).count
        let crawled = report.crawls.reduce(0) { $0 + $1.articlesInserted }
        let coded = report.coding.reduce(0) { $0 + $1.coded }
        var text =
            "watch run: \(imported) file(s) imported, \(crawled) new article(s) crawled, \(coded) coded; "
            + "\(report.newAlerts.count) new alert(s), \(report.delivered) delivered, "
            + "\(report.pendingDeliveries) still queued"
        if let step = report.stoppedAfter { text += "; stopped after \(step.rawValue): the next run resumes" }
        return text
    }
}
