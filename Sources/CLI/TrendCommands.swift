import ArgumentParser
import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore

extension Period: ExpressibleByArgument {}
extension SeriesGrouping: ExpressibleByArgument {}

/// What to count and over which articles: shared by trend and changepoints.
struct SeriesOptions: ParsableArguments {
    @Argument(help: "A code of the codebook (e.g. ai, state_led). Omit with --query.")
    var code: String?

    @Option(help: ArgumentHelp("Count articles matching this search instead of a code.", valueName: "text"))
    var query: String?

    @Option(help: "Period: day, week, month, quarter or year.")
    var by: Period = .month

    @Option(help: "Split the series by outlet, lang or section.")
    var per: SeriesGrouping = .none

    @Flag(help: "Count only articles where the code is the focus.")
    var focus = false

    @OptionGroup var filters: FilterOptions

    @OptionGroup var codebookOption: CodebookOption

    func validate() throws {
        guard (code == nil) != (query == nil) else {
            throw ValidationError("give a CODE or --query TEXT (one of them)")
        }
    }

    func series(_ store: any MeasureBackend) throws -> [Series] {
        let subject: SeriesSubject = try code.map { .code($0, try codebookOption.load()) } ?? .query(query ?? "")
        return try store.series(of: subject, period: by, filter: try filters.filter(), grouping: per, focusOnly: focus)
    }
}

struct TrendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Count a code (or a search) per period, with its share of all articles.",
        discussion: """
            Each period shows the articles with the code, all articles of the period (the \
            exposure), and with --share their share with a 95% Wilson interval. Periods with no \
            article at all are gaps, shown as gaps, not zeros. Articles whose date is coarser than \
            the period (a year-only date in a monthly series) are left out and counted.

              sinmun trend ai --by month --share
              sinmun trend --query 인공지능 --by year --per outlet --csv
            """
    )

    @OptionGroup var options: SeriesOptions
    @Flag(help: "Show the share of all articles with its interval.") var share = false
    @Flag(help: "Write CSV.") var csv = false
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let series = try await common.withBackend { try options.series($0) }
        if common.json {
            try Terminal.printJSON(series)
            return
        }
        if csv {
            print("group,period,count,sentences,exposure,share,lower,upper,gap")
            for s in series {
                for p in s.points {
                    let fields: [String] = [
                        s.group ?? "", p.period, p.count.map(String.init) ?? "", p.sentences.map(String.init) ?? "",
                        String(p.exposure),
                        p.share.map { String($0) } ?? "", p.lower.map { String($0) } ?? "",
                        p.upper.map { String($0) } ?? "", String(p.gap),
                    ]
                    print(fields.joined(separator: ","))
                }
            }
            return
        }
        for s in series {
            let group = s.group.map { " [\($0)]" } ?? ""
            let imprecise = s.imprecise > 0 ? " (\(s.imprecise) with coarser dates left out)" : ""
            print("\(s.label)\(group) by \(s.period.rawValue): \(s.total) of \(s.totalExposure) articles\(imprecise)")
            print(
                "  "
                    + SeriesBuilder.sparkline(
                        s.points.map { p in p.gap ? nil : (share ? p.share : p.count.map(Double.init)) }))
            for p in s.points {
                guard !p.gap else {
                    print("  \(p.period.padding(10)) —  (no articles)")
                    continue
                }
                var line =
                    "  \(p.period.padding(10)) \(String(p.count ?? 0).padding(6)) of \(String(p.exposure).padding(6))"
                if share, let value = p.share, let lower = p.lower, let upper = p.upper {
                    line += String(format: " %6.2f%%  [%.2f, %.2f]", value * 100, lower * 100, upper * 100)
                }
                print(line)
            }
        }
    }
}

struct ChangePointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changepoints",
        abstract: "Find where a code's share changed (PELT) and when it burst (Kleinberg).",
        discussion: """
            Change points: PELT with a binomial cost on counts and exposures; the penalty is \
            FACTOR × ln(periods) (default 3; lower finds more changes). Each change gives the share \
            before and after, a likelihood-ratio statistic with a nominal p-value, and the range \
            of periods where the change plausibly lies. Bursts: Kleinberg's automaton on the \
            same counts (scale 2, γ 1), with each burst's weight. Gaps are skipped.
            """
    )

    @OptionGroup var options: SeriesOptions
    @Option(help: "Penalty factor (× ln of the number of periods).") var penalty = 3.0
    @Option(help: "Fewest periods in a segment.") var minimumSegment = 2
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let detector = ChangePointDetector(penaltyFactor: penalty, minimumSegment: minimumSegment)
        let reports = try await common.withBackend { try options.series($0) }.map {
            ChangeAnalysis.analyse($0, detector: detector)
        }
        if common.json {
            try Terminal.printJSON(reports)
            return
        }
        for report in reports {
            let group = report.group.map { " [\($0)]" } ?? ""
            print(
                "\(report.label)\(group): \(report.periods) periods with articles, "
                    + "penalty \(report.penaltyFactor) × ln(\(report.periods))")
            if report.changes.isEmpty { print("  no change point") }
            for change in report.changes {
                print(
                    String(
                        format: "  change at %@ (plausibly %@ … %@): share %.2f%% → %.2f%%, LR %.1f, nominal p %.2g",
                        change.period, change.plausibleFrom, change.plausibleTo, change.shareBefore * 100,
                        change.shareAfter * 100,
                        change.likelihoodRatio, change.pValue))
            }
            for burst in report.bursts {
                print(
                    String(
                        format: "  burst %@ … %@, level %d, weight %.1f", burst.from, burst.to, burst.level,
                        burst.weight))
            }
        }
    }
}

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a code's share before and after a date, and its frames' shares.",
        discussion: """
            The share of all articles carrying CODE before and after, with 95% Wilson intervals, \
            and the rate ratio (after ÷ before) with an exact conditional interval and p-value \
            (as R's poisson.test). For every code that applies within CODE's articles (its frames, \
            actors, indicators): the share among CODE's articles before and after, with Fisher's \
            exact test and the conditional odds ratio (and Pearson's chi-square where all expected \
            counts are at least 5). Then the first and last appearance of each code.

              sinmun compare ai --at 2024-07-01
              sinmun compare ai --before 2024-01..2024-06 --after 2024-07..2024-11
            With neither --at nor --before/--after, the date is the strongest monthly change point.
            """
    )

    @Argument(help: "The code.") var code: String
    @Option(help: ArgumentHelp("Split at this date: before is earlier, after is this date on.", valueName: "date"))
    var at: String?
    @Option(help: ArgumentHelp("The earlier range, FROM..TO.", valueName: "range")) var before: String?
    @Option(help: ArgumentHelp("The later range, FROM..TO.", valueName: "range")) var after: String?
    @Option(help: ArgumentHelp("Only this outlet.", valueName: "name")) var outlet: String?
    @Option(help: ArgumentHelp("Only this edition language.", valueName: "code")) var lang: String?
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if at != nil && (before != nil || after != nil) {
            throw ValidationError("give --at, or --before and --after, not both")
        }
        if (before == nil) != (after == nil) { throw ValidationError("--before and --after go together") }
    }

    func range(_ text: String, name: String) throws -> ClosedRange<String> {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let start = try parseDateOption(parts[0], name: name),
            let end = try parseDateOption(parts[1], name: name, endOfPeriod: true)
        else {
            throw ValidationError("\(name) '\(text)' is not a range FROM..TO")
        }
        guard start.isoString <= end.isoString else { throw ValidationError("\(name) '\(text)' ends before it starts") }
        return start.isoString...end.isoString
    }

    func run() async throws {
        let codebook = try codebookOption.load()
        let (result, note) = try await common.withBackend { try compare(codebook, $0) }
        if common.json {
            try Terminal.printJSON(result)
            return
        }
        if !note.isEmpty { print(note) }
        func side(_ s: Comparison.Side, _ name: String) -> String {
            String(
                format: "%@ %@ … %@: %d of %d articles, %.2f%% [%.2f, %.2f]", name, s.from, s.to, s.count, s.articles,
                (s.share ?? 0) * 100, (s.lower ?? 0) * 100, (s.upper ?? 0) * 100)
        }
        print(side(result.before, "before"))
        print(side(result.after, "after "))
        if let r = result.rateRatio {
            print(
                String(
                    format: "rate ratio after/before: %@ [%.2f, %@], p = %.3g",
                    r.ratio.map { String(format: "%.2f", $0) } ?? "∞", r.lower,
                    r.upper.map { String(format: "%.2f", $0) } ?? "∞", r.pValue))
        }
        if !result.frames.isEmpty {
            print("\nwithin \(code) articles           before        after         odds ratio [95%]           Fisher p")
            for f in result.frames {
                let or = f.fisher.oddsRatio.map { String(format: "%.2f", $0) } ?? "∞"
                let upper = f.fisher.upper.map { String(format: "%.2f", $0) } ?? "∞"
                let counts = [
                    f.code.padding(24), "\(f.before)/\(f.beforeOf)".padding(13), "\(f.after)/\(f.afterOf)".padding(13),
                ]
                guard f.fisher.estimable else {
                    print("  " + counts.joined(separator: " ") + " —  (never or always present: no test)")
                    continue
                }
                let interval = "\(or) [\(String(format: "%.2f", f.fisher.lower)), \(upper)]".padding(26)
                let p = String(format: "%.3g", f.fisher.pValue)
                print("  " + (counts + [interval, p]).joined(separator: " "))
            }
        }
        if !result.spans.isEmpty {
            print("\nfirst and last appearance (whole corpus)")
            for s in result.spans { print("  \(s.code.padding(24)) \(s.first) … \(s.last)  (\(s.articles) articles)") }
        }
    }

    /// The comparison, and how its split was chosen (empty when the ranges were given).
    private func compare(_ codebook: Codebook, _ store: any MeasureBackend) throws -> (Comparison, String) {
        let filter = ArticleFilter(outlet: outlet.map(Outlet.init(name:)), language: lang)
        var beforeRange: ClosedRange<String>
        var afterRange: ClosedRange<String>
        var note = ""
        if let before, let after {
            beforeRange = try range(before, name: "--before")
            afterRange = try range(after, name: "--after")
        } else {
            let split: String
            if let at {
                guard let date = try parseDateOption(at, name: "--at") else {
                    throw ValidationError("--at needs a date")
                }
                split = date.isoString
            } else {
                let series = try store.series(of: .code(code, codebook), period: .month, filter: filter)
                guard let strongest = ChangeAnalysis.analyse(series[0]).strongestChange else {
                    throw ValidationError("no change point in the monthly series of \(code); give --at DATE")
                }
                split = Period.firstDay(of: strongest.period)
                note = "split at the strongest monthly change point, \(strongest.period)"
            }
            let all = try store.datedArticles(filter: filter, withSections: false)
            guard let first = all.first?.date, let last = all.last?.date else {
                throw ValidationError("the corpus holds no dated articles")
            }
            guard first < split, split <= last else {
                throw ValidationError(
                    "\(split) is outside the corpus (\(first) … \(last)): nothing to compare on one side")
            }
            beforeRange = first...(Period.dayBefore(split))
            afterRange = split...last
        }
        let result = try store.compare(
            code: code, codebook: codebook, before: beforeRange, after: afterRange, filter: filter)
        return (result, note)
    }
}
