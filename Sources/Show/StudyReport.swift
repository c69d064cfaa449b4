import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore

/// Everything a study report shows, computed once and rendered three ways (HTML, Markdown,
/// JSON) so the figures agree by construction.
public struct StudyReport: Codable, Sendable {
    public struct Count: Codable, Sendable {
        public var key: String
        public var articles: Int
    }

    public struct Coverage: Codable, Sendable {
        public var articles: Int
        public var undated: Int
        public var headlineOnly: Int
        public var firstDate: String?
        public var lastDate: String?
        public var byOutlet: [Count]
        public var byLanguage: [Count]
        /// The report's period unit (month, quarter or year).
        public var period: Period
        /// Articles per period, in order; gaps are periods without any article.
        public var periods: [SeriesPoint]
        /// Articles per period and outlet (the stacked chart).
        public var periodsByOutlet: [String: [Int]]
        public var gaps: [String]
    }

    public struct Quote: Codable, Sendable {
        public var date: String?
        public var outlet: String
        public var title: String
        public var url: String?
        public var level: String
        public var sentence: String
        /// Matches as UTF-8 byte ranges of `sentence`.
        public var marks: [[Int]]
    }

    public struct Volume: Codable, Sendable {
        public var code: String
        public var label: String
        public var total: Int
        public var exposure: Int
        public var share: Double?
        public var series: [SeriesPoint]
        public var changes: [ChangeReport.Change]
        public var bursts: [ChangeReport.BurstPeriod]
        public var imprecise: Int
    }

    public struct FrameRow: Codable, Sendable {
        public var code: String
        public var label: String
        public var articles: Int
        /// Share of the concept's articles carrying the frame.
        public var share: Double?
        /// Frame articles per half-year period (keys in `FrameSection.periods`).
        public var perPeriod: [Int]
    }

    public struct FrameSection: Codable, Sendable {
        public var periods: [String]
        /// Concept articles per period (the denominators).
        public var conceptPerPeriod: [Int]
        public var frames: [FrameRow]
        public var comparison: Comparison?
        public var comparisonNote: String
    }

    public struct ActorRow: Codable, Sendable {
        public var code: String
        public var label: String
        public var articles: Int
        public var quotes: [Quote]
    }

    public struct IndicatorRow: Codable, Sendable {
        public var code: String
        public var label: String
        public var articles: Int
        public var first: String?
        public var last: String?
        public var quote: Quote?
    }

    public struct Method: Codable, Sendable {
        public var codebook: String
        public var codebookHash: String
        public var corpusHash: String
        public var software: String
        public var penaltyFactor: Double
        public var validation: [ValidationLine]?
    }

    public struct ValidationLine: Codable, Sendable {
        public var code: String
        public var labelled: Int
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
    }

    public var title: String
    public var generatedAt: String
    public var scope: String
    public var coverage: Coverage
    public var volume: Volume?
    public var frames: FrameSection?
    public var actors: [ActorRow]
    public var leaderGuidance: [Quote]
    public var indicators: [IndicatorRow]
    public var evidence: [Quote]
    public var method: Method
    /// Plain-language statements of what could not be shown, and why.
    public var notes: [String]
}

/// Options of `sinmun report`.
public struct ReportOptions: Sendable {
    public var filter: ArticleFilter
    /// Split date for the before/after test; nil: the strongest change point.
    public var compareAt: String?
    public var labels: [LabelSet]
    /// The generation-time line; fix it for byte-identical reports.
    public var generatedAt: String
    public var evidenceLimit: Int
    /// The period unit; nil chooses months, quarters or years from the span of the corpus.
    public var period: Period?

    public init(
        filter: ArticleFilter = ArticleFilter(), compareAt: String? = nil, labels: [LabelSet] = [],
        generatedAt: String = ISO8601DateFormatter().string(from: Date()), evidenceLimit: Int = 200,
        period: Period? = nil
    ) {
        self.period = period
        self.filter = filter
        self.compareAt = compareAt
        self.labels = labels
        self.generatedAt = generatedAt
        self.evidenceLimit = evidenceLimit
    }
}

extension CorpusStore {
    /// Computes the study report for a codebook (the corpus must be coded with it).
    public func studyReport(codebook: Codebook, options: ReportOptions = ReportOptions()) throws -> StudyReport {
        var notes: [String] = []
        let filter = options.filter
        let all = try datedArticles(filter: filter)
        let stats = try statistics()
        // Coverage.
        // Period unit: months for a few years of text, quarters or years for longer spans.
        let span = (Int(all.last?.date.prefix(4) ?? "0") ?? 0) - (Int(all.first?.date.prefix(4) ?? "0") ?? 0)
        let period = options.period ?? (span <= 6 ? .month : span <= 15 ? .quarter : .year)
        var byOutlet: [String: Int] = [:]
        var byLanguage: [String: Int] = [:]
        var periodOutlet: [String: [String: Int]] = [:]
        for article in all {
            byOutlet[article.outlet, default: 0] += 1
            byLanguage[article.language, default: 0] += 1
            if period.accepts(precision: article.precision) {
                periodOutlet[article.outlet, default: [:]][period.key(for: article.date), default: 0] += 1
            }
        }
        let periods =
            all.isEmpty
            ? []
            : SeriesBuilder.build(
                label: "articles", articles: all, period: period,
                from: filter.from?.isoString, to: filter.to?.isoString
            ) { _ in 0 }[0].points
        let outlets = byOutlet.keys.sorted()
        let coverage = StudyReport.Coverage(
            articles: all.count, undated: filter == ArticleFilter() ? stats.undated : 0,
            headlineOnly: stats.emptyBodies,
            firstDate: all.first?.date, lastDate: all.last?.date,
            byOutlet: outlets.map { .init(key: $0, articles: byOutlet[$0]!) },
            byLanguage: byLanguage.keys.sorted().map { .init(key: $0, articles: byLanguage[$0]!) },
            period: period, periods: periods,
            periodsByOutlet: Dictionary(
                uniqueKeysWithValues: outlets.map { outlet in
                    (outlet, periods.map { periodOutlet[outlet]?[$0.period] ?? 0 })
                }),
            gaps: periods.filter(\.gap).map(\.period))
        if all.isEmpty {
            notes.append(
                "The corpus holds no dated article in this scope: there is nothing to measure. Import an archive first."
            )
        }
        if !coverage.gaps.isEmpty {
            notes.append(
                "\(coverage.gaps.count) \(period.rawValue)(s) have no articles at all; they are shown as gaps, not zeros."
            )
        }

        let coded = try codingCoverage(codebook: codebook.name)
        if coded.coded < coded.articles || coded.hash != codebook.hash {
            notes.append(
                "\(coded.articles - coded.coded) article(s) are not coded with this version of \(codebook.name); run `sinmun code` for complete figures."
            )
        }
        // Volume of the concept.
        let concept = codebook.codes.first { $0.group == .concept }
        var volume: StudyReport.Volume?
        var conceptArticles: Set<Int64> = []
        var conceptDate: [Int64: String] = [:]
        if let concept, !all.isEmpty {
            let codedConcept = try articlesWithCode(concept.name, codebook: codebook.name)
            // The concept's articles in scope, with their dates: a pass over the scope, not a
            // set and a map of a million ids (memory at scale, issue 9).
            for article in all where codedConcept[article.rowID] != nil {
                conceptArticles.insert(article.rowID)
                conceptDate[article.rowID] = article.date
            }
            let series = try self.series(of: .code(concept.name, codebook), period: period, filter: filter)[0]
            let changes = ChangeAnalysis.analyse(series)
            volume = .init(
                code: concept.name, label: concept.label, total: series.total, exposure: series.totalExposure,
                share: series.totalExposure > 0 ? Double(series.total) / Double(series.totalExposure) : nil,
                series: series.points, changes: changes.changes, bursts: changes.bursts, imprecise: series.imprecise)
            if series.total == 0 {
                notes.append(
                    "No article in this scope carries `\(concept.name)` (\(concept.label)): no volume chart, frames or quotes to show."
                )
            }
        } else if concept == nil {
            notes.append("The codebook has no concept code: the report shows coverage only.")
        }
        // Quotes: evidence of a code in concept articles, newest first.
        var articleInfo: [String: CodedArticle] = [:]
        if let concept, !conceptArticles.isEmpty {
            // Only the concept's articles are read (with their codes and evidence).
            var conceptFilter = filter
            conceptFilter.codebook = codebook.name
            conceptFilter.code = concept.name
            try codedArticles(codebook: codebook.name, filter: conceptFilter) { article in
                if article.codes[concept.name] != nil { articleInfo[article.id] = article }
            }
        }
        let ordered = articleInfo.values.sorted { ($0.date ?? "", $0.id) > ($1.date ?? "", $1.id) }
        func quotes(_ code: String, limit: Int) -> [StudyReport.Quote] {
            ordered.compactMap { article -> StudyReport.Quote? in
                guard let stored = article.codes[code], let evidence = stored.evidence.first else { return nil }
                return StudyReport.Quote(
                    date: article.date, outlet: article.outlet, title: article.title, url: article.urls.first,
                    level: stored.level, sentence: evidence.sentence,
                    marks: evidence.matches.map { [$0.start - evidence.start, $0.end - evidence.start] })
            }.prefix(limit).map { $0 }
        }
        // Frames.
        var frameSection: StudyReport.FrameSection?
        let frameCodes = codebook.codes.filter { $0.group == .frame }
        if let concept, !conceptArticles.isEmpty {
            if frameCodes.isEmpty {
                notes.append("The codebook has no frames: no frame section.")
            } else {
                let halfYear: (String) -> String = {
                    "\($0.prefix(4))-H\((Int($0.dropFirst(5).prefix(2)) ?? 1) <= 6 ? 1 : 2)"
                }
                let conceptDates = conceptArticles.compactMap { conceptDate[$0] }
                let periods = Array(Set(conceptDates.map(halfYear))).sorted()
                let conceptPer = periods.map { p in conceptDates.filter { halfYear($0) == p }.count }
                var rows: [StudyReport.FrameRow] = []
                for frame in frameCodes {
                    let with = Set(try articlesWithCode(frame.name, codebook: codebook.name).keys).intersection(
                        conceptArticles)
                    let dates = with.compactMap { conceptDate[$0] }
                    rows.append(
                        .init(
                            code: frame.name, label: frame.label, articles: with.count,
                            share: Double(with.count) / Double(conceptArticles.count),
                            perPeriod: periods.map { p in dates.filter { halfYear($0) == p }.count }))
                }
                var comparison: Comparison?
                var note = ""
                let split =
                    options.compareAt
                    ?? volume?.changes.max { $0.likelihoodRatio < $1.likelihoodRatio }.map {
                        Period.firstDay(of: $0.period)
                    }
                if let split, let first = all.first?.date, let last = all.last?.date, first < split, split <= last {
                    comparison = try? compare(
                        code: concept.name, codebook: codebook, before: first...Period.dayBefore(split),
                        after: split...last, filter: filter)
                    note =
                        options.compareAt != nil
                        ? "Split at \(split), the date given."
                        : "Split at \(split), the strongest change point of the \(period.rawValue)ly series."
                    if comparison == nil { note = "No comparison at \(split): one side has no articles." }
                } else if let split {
                    note =
                        "No comparison: \(split) is outside the corpus (\(all.first?.date ?? "-") … \(all.last?.date ?? "-"))."
                } else {
                    note =
                        "No change point was detected and no date was given (--compare-at), so there is no before/after test."
                }
                frameSection = .init(
                    periods: periods, conceptPerPeriod: conceptPer, frames: rows, comparison: comparison,
                    comparisonNote: note)
            }
        }
        // Actors, leader guidance, indicators.
        let actorCodes = codebook.codes.filter { $0.group == .actor }
        let actors = try actorCodes.map { code -> StudyReport.ActorRow in
            let with = Set(try articlesWithCode(code.name, codebook: codebook.name).keys).intersection(conceptArticles)
            return .init(code: code.name, label: code.label, articles: with.count, quotes: quotes(code.name, limit: 5))
        }
        let leaderCodes = codebook.codes.filter { $0.label.lowercased().contains("leader") }
        let leader = leaderCodes.flatMap { quotes($0.name, limit: 20) }
        let indicators = try codebook.codes.filter { $0.group == .indicator }.map { code -> StudyReport.IndicatorRow in
            let with = Set(try articlesWithCode(code.name, codebook: codebook.name).keys).intersection(conceptArticles)
            let dates = with.compactMap { conceptDate[$0] }.sorted()
            return .init(
                code: code.name, label: code.label, articles: with.count, first: dates.first, last: dates.last,
                quote: quotes(code.name, limit: 1).first)
        }
        let evidence = concept.map { quotes($0.name, limit: options.evidenceLimit) } ?? []
        // Method.
        var validation: [StudyReport.ValidationLine]?
        if !options.labels.isEmpty {
            let report = try validate(codebook: codebook, labelSets: options.labels)
            validation = report.codes.map {
                .init(
                    code: $0.code, labelled: $0.labelled, precision: $0.scores.precision, recall: $0.scores.recall,
                    f1: $0.scores.f1)
            }
        }
        let method = StudyReport.Method(
            codebook: codebook.name, codebookHash: codebook.hash, corpusHash: try snapshotHash(filter: filter),
            software: "Sinmun \(SinmunVersion.current)", penaltyFactor: ChangePointDetector().penaltyFactor,
            validation: validation)
        var scope: [String] = []
        if let from = filter.from { scope.append("from \(from.isoString)") }
        if let to = filter.to { scope.append("to \(to.isoString)") }
        if let outlet = filter.outlet { scope.append("outlet \(outlet.rawValue)") }
        if let language = filter.language { scope.append("language \(language)") }
        return StudyReport(
            title: concept.map { "\($0.label) in North Korean state media" } ?? "Corpus report: \(codebook.name)",
            generatedAt: options.generatedAt, scope: scope.isEmpty ? "the whole corpus" : scope.joined(separator: ", "),
            coverage: coverage, volume: volume, frames: frameSection, actors: actors, leaderGuidance: leader,
            indicators: indicators, evidence: evidence, method: method, notes: notes)
    }
}
