import ArgumentParser
import Foundation
import SinmunCode
import SinmunCollect
import SinmunCrawl
import SinmunMeasure
import SinmunShow
import SinmunStore

/// Options shared by `report` and `study`.
struct ReportOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp("Folder for report.html, report.md and report.json.", valueName: "dir"))
    var out: String

    @Flag(help: "Write into --out even if it is not empty.")
    var force = false

    @OptionGroup var filters: FilterOptions

    @Option(
        help: ArgumentHelp("Date for the before/after test (default: the strongest change point).", valueName: "date"))
    var compareAt: String?

    @Option(
        name: .customLong("labels"),
        help: ArgumentHelp("Human labels to report validation figures (repeatable).", valueName: "file"))
    var labels: [String] = []

    @Option(
        help: ArgumentHelp(
            "The generation-time line; fix it (e.g. 'fixed') for byte-identical reports.", valueName: "text"))
    var generatedAt: String?

    @Option(
        help: ArgumentHelp("Period unit: month, quarter or year (default: from the corpus's span).", valueName: "unit"))
    var by: Period?

    @OptionGroup var analyzerOptions: AnalyzerOptions

    func write(store: any CorpusBackend, codebook: Codebook, json: Bool) throws {
        // The term index first (what is new only), then the coding.
        let analyzer = analyzerOptions.wordAnalyzer()
        let analysis = try store.analyze(with: analyzer)
        let coding = try store.code(with: codebook)
        let sets = try labels.map(LabelSet.load(path:))
        let options = ReportOptions(
            filter: try filters.filter(),
            compareAt: try compareAt.map { try parseDateOption($0, name: "--compare-at")!.isoString },
            labels: sets, generatedAt: generatedAt ?? ISO8601DateFormatter().string(from: Date()), period: by,
            analyzer: analyzer)
        let report = try store.studyReport(codebook: codebook, options: options)
        let directory = URL(fileURLWithPath: out)
        try ReportRenderer.write(report, to: directory, force: force)
        if json {
            struct Written: Encodable {
                var out: String
                var files: [String]
                var coded: Int
                var notes: [String]
            }
            try Terminal.printJSON(
                Written(
                    out: directory.path, files: ["report.html", "report.md", "report.json"], coded: coding.coded,
                    notes: report.notes))
        } else {
            if analysis.analysed > 0 { print("analysed \(analysis.analysed) article(s) into the term index") }
            if analysis.skippedKorean > 0, let reason = analyzer.koreanUnavailable {
                print("note: \(analysis.skippedKorean) Korean article(s) not in the term index: \(reason)")
            }
            if coding.coded > 0 { print("coded \(coding.coded) article(s) with \(codebook.name)") }
            print("wrote \(directory.appendingPathComponent("report.html").path) (and report.md, report.json)")
            for note in report.notes { print("note: \(note)") }
        }
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the study report: self-contained HTML with SVG charts, Markdown and JSON.",
        discussion: """
            Codes what is not yet coded, then reports: corpus coverage, the concept's volume over \
            time with intervals and change points, frames and the before/after test, actors with \
            their quotes, leader guidance, indicators of institutionalisation, an evidence table \
            and the method (codebook and corpus hashes, validation figures with --labels). The \
            same inputs give the same bytes, but for the generation line (--generated-at fixes it).

              sinmun report --out report/ --outlet kcna
            """
    )

    @Argument(help: "A built-in codebook name or a codebook file.") var codebook = "ai-discourse"
    @OptionGroup var report: ReportOptionGroup
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let book = try BuiltInCodebooks.load(codebook)
        try await common.withBackend { store in try report.write(store: store, codebook: book, json: common.json) }
    }
}

struct StudyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "The main job in one command: collect (import or crawl), code, write the report.",
        discussion: """
              sinmun study ../shared/corpora/kcna-en-2024/headlines_2024-11-11.json --out report/
              sinmun study Demo/demo-corpus.jsonl --db demo.sqlite --out demo-report/
              sinmun study --crawl rodong --lang ko --from 2024-04-01 --to 2024-04-30 --out report/
            Paths already imported are skipped record by record; with no path, the corpus in the \
            database is coded and reported as it is. --crawl fetches the edition's articles of the \
            --from/--to range first (resumably, as sinmun crawl) and reports on that edition.
            """
    )

    @Argument(help: "Archive files or folders to import first.") var paths: [String] = []
    @Option(
        name: .customLong("crawl"),
        help: ArgumentHelp(
            "Crawl this site first: rodong or kcna (needs --from, --to; --lang, default ko).", valueName: "site"))
    var crawlSite: String?
    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("With --crawl: the host to crawl instead of the real site.", valueName: "url"))
    var baseURL: String?
    @Option(help: ArgumentHelp("With --crawl: requests per second.", valueName: "n")) var rate: Double = 1
    @Option(help: ArgumentHelp("A built-in codebook name or a codebook file.", valueName: "name|path")) var codebook =
        "ai-discourse"
    @OptionGroup var report: ReportOptionGroup
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard let crawlSite else { return }
        guard CrawlSite(rawValue: crawlSite) != nil else { throw ValidationError("--crawl takes rodong or kcna") }
        guard report.filters.from != nil, report.filters.to != nil else {
            throw ValidationError("--crawl needs --from and --to")
        }
        guard rate > 0, rate <= 50 else {
            throw ValidationError("--rate must be above 0 and at most 50 requests a second")
        }
    }

    func run() async throws {
        let book = try BuiltInCodebooks.load(codebook)
        var report = self.report
        if let crawlSite, report.filters.outlet == nil, let site = CrawlSite(rawValue: crawlSite) {
            // Report on what was crawled unless told otherwise.
            report.filters.outlet = site.rawValue
        }
        let skipped = try await common.withBackend { store in
            if let crawlSite, let site = CrawlSite(rawValue: crawlSite) {
                var options = CrawlOptions(
                    site: site, language: report.filters.lang ?? "ko",
                    from: try parseDateOption(report.filters.from, name: "--from")!,
                    to: try parseDateOption(report.filters.to, name: "--to", endOfPeriod: true)!, baseURL: baseURL)
                options.requestsPerSecond = rate
                let summary = try await CrawlCommand.crawl(
                    store: store, options: options, timeout: 30, json: common.json)
                if !common.json { print(CrawlCommand.describe(summary)) }
            }
            var skipped = 0
            for path in paths {
                for source in try ImportFormat.sources(at: URL(fileURLWithPath: path)) {
                    skipped +=
                        try ImportCommand.importPath(
                            source.url.path, into: store, format: source.format, json: common.json
                        ).skipped
                }
            }
            try report.write(store: store, codebook: book, json: common.json)
            return skipped
        }
        if skipped > 0 {
            Terminal.error("\(skipped) record(s) were skipped at import; see the messages above.")
            throw ExitCode(1)
        }
    }
}
