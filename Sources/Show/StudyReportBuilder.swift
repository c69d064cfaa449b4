import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore

/// Computes a ``StudyReport`` section by section, collecting the notes that say in words what
/// could not be shown. One builder makes one report.
struct StudyReportBuilder {
    let store: any ReportBackend
    let codebook: Codebook
    let options: ReportOptions
    var notes: [String] = []
    var all: [DatedArticle] = []
    var period: Period = .month
    let concept: Code?
    var conceptArticles: Set<Int64> = []
    var conceptDate: [Int64: String] = [:]
    /// The concept's articles with their codes and evidence, newest first (the quotes' source).
    private var ordered: [CodedArticle] = []

    init(store: any ReportBackend, codebook: Codebook, options: ReportOptions) {
        self.store = store
        self.codebook = codebook
        self.options = options
        concept = codebook.codes.first { $0.group == .concept }
    }

    mutating func build() throws -> StudyReport {
        all = try store.datedArticles(filter: options.filter, withSections: false)
        period = options.period ?? Period.fitting(from: all.first?.date ?? "", to: all.last?.date ?? "")
        let coverage = try coverage()
        try noteCodingCoverage()
        let volume = try volume()
        try readConceptArticles()
        let frames = try frames(volume: volume)
        let actors = try codebook.codes.filter { $0.group == .actor }.map { code -> StudyReport.ActorRow in
            .init(
                code: code.name, label: code.label, articles: try articles(with: code).count,
                quotes: quotes(code.name, limit: 5))
        }
        let leader = codebook.codes.filter { $0.label.lowercased().contains("leader") }.flatMap {
            quotes($0.name, limit: 20)
        }
        let indicators = try codebook.codes.filter { $0.group == .indicator }.map { code -> StudyReport.IndicatorRow in
            let with = try articles(with: code)
            let dates = with.compactMap { conceptDate[$0] }.sorted()
            return .init(
                code: code.name, label: code.label, articles: with.count, first: dates.first, last: dates.last,
                quote: quotes(code.name, limit: 1).first)
        }
        return StudyReport(
            title: concept.map { "\($0.label) in North Korean state media" } ?? "Corpus report: \(codebook.name)",
            generatedAt: options.generatedAt, scope: scope(), coverage: coverage, volume: volume, frames: frames,
            actors: actors, leaderGuidance: leader, indicators: indicators, whatChanged: whatChanged(),
            evidence: concept.map { quotes($0.name, limit: options.evidenceLimit) } ?? [], method: try method(),
            notes: notes)
    }

    /// The concept's articles that also carry `code`.
    private func articles(with code: Code) throws -> Set<Int64> {
        Set(try store.articlesWithCode(code.name, codebook: codebook.name).keys).intersection(conceptArticles)
    }

    private mutating func coverage() throws -> StudyReport.Coverage {
        let filter = options.filter
        let stats = try store.statistics()
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
                label: "articles", articles: all, period: period, from: filter.from?.isoString,
                to: filter.to?.isoString
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
                "\(coverage.gaps.count) \(period.rawValue)(s) have no articles at all; "
                    + "they are shown as gaps, not zeros.")
        }
        return coverage
    }

    private mutating func noteCodingCoverage() throws {
        let coded = try store.codingCoverage(codebook: codebook.name)
        if coded.coded < coded.articles || coded.hash != codebook.hash {
            notes.append(
                "\(coded.articles - coded.coded) article(s) are not coded with this version of \(codebook.name); "
                    + "run `sinmun code` for complete figures.")
        }
    }

    private mutating func volume() throws -> StudyReport.Volume? {
        guard let concept else {
            notes.append("The codebook has no concept code: the report shows coverage only.")
            return nil
        }
        guard !all.isEmpty else { return nil }
        let codedConcept = try store.articlesWithCode(concept.name, codebook: codebook.name)
        // The concept's articles in scope, with their dates: a pass over the scope, not a
        // set and a map of a million ids (memory at scale, issue 9).
        for article in all where codedConcept[article.rowID] != nil {
            conceptArticles.insert(article.rowID)
            conceptDate[article.rowID] = article.date
        }
        let series = try store.series(of: .code(concept.name, codebook), period: period, filter: options.filter)[0]
        let changes = ChangeAnalysis.analyse(series)
        if series.total == 0 {
            notes.append(
                "No article in this scope carries `\(concept.name)` (\(concept.label)): "
                    + "no volume chart, frames or quotes to show.")
        }
        return .init(
            code: concept.name, label: concept.label, total: series.total, exposure: series.totalExposure,
            share: series.totalExposure > 0 ? Double(series.total) / Double(series.totalExposure) : nil,
            series: series.points, changes: changes.changes, bursts: changes.bursts, imprecise: series.imprecise)
    }

    /// Reads only the concept's articles (with their codes and evidence), newest first.
    private mutating func readConceptArticles() throws {
        guard let concept, !conceptArticles.isEmpty else { return }
        var conceptFilter = options.filter
        conceptFilter.codebook = codebook.name
        conceptFilter.code = concept.name
        var articleInfo: [String: CodedArticle] = [:]
        try store.codedArticles(codebook: codebook.name, filter: conceptFilter) { article in
            if article.codes[concept.name] != nil { articleInfo[article.id] = article }
        }
        ordered = articleInfo.values.sorted { ($0.date ?? "", $0.id) > ($1.date ?? "", $1.id) }
    }

    /// Evidence of a code in the concept's articles, newest first.
    private func quotes(_ code: String, limit: Int) -> [StudyReport.Quote] {
        let found = ordered.lazy.compactMap { article -> StudyReport.Quote? in
            guard let stored = article.codes[code], let evidence = stored.evidence.first else { return nil }
            var marks = evidence.matches.map { [$0.start - evidence.start, $0.end - evidence.start] }
            var speaker: String?
            if stored.link != nil {
                // An actor's quote: the speaker, and the concept marked where the sentence has it.
                speaker =
                    article.quotes.first {
                        $0.actor == code && $0.field == evidence.field && $0.sentenceStart == evidence.start
                    }?.speaker
                let conceptMarks = (concept.flatMap { article.codes[$0.name] }?.evidence ?? []).filter {
                    $0.field == evidence.field && $0.start == evidence.start
                }.flatMap(\.matches).map { [$0.start - evidence.start, $0.end - evidence.start] }
                if !conceptMarks.isEmpty { marks = conceptMarks }
            }
            return StudyReport.Quote(
                date: article.date, outlet: article.outlet, title: article.title, url: article.urls.first,
                level: stored.level, sentence: evidence.sentence, marks: marks, speaker: speaker, link: stored.link)
        }
        // The strongest links first: the actor quoted on the concept, then its subject, then named near it.
        let rank = { (quote: StudyReport.Quote) in ActorLink.allCases.first { "\($0)" == quote.link }?.rawValue ?? 0 }
        return Array(found).enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .prefix(limit).map(\.element)
    }

    private static func halfYear(_ date: String) -> String {
        "\(date.prefix(4))-H\((Int(date.dropFirst(5).prefix(2)) ?? 1) <= 6 ? 1 : 2)"
    }

    private mutating func frames(volume: StudyReport.Volume?) throws -> StudyReport.FrameSection? {
        let frameCodes = codebook.codes.filter { $0.group == .frame }
        guard concept != nil, !conceptArticles.isEmpty else { return nil }
        guard !frameCodes.isEmpty else {
            notes.append("The codebook has no frames: no frame section.")
            return nil
        }
        let conceptDates = conceptArticles.compactMap { conceptDate[$0] }
        let periods = Array(Set(conceptDates.map(Self.halfYear))).sorted()
        let conceptPer = periods.map { p in conceptDates.filter { Self.halfYear($0) == p }.count }
        let rows = try frameCodes.map { frame -> StudyReport.FrameRow in
            let with = try articles(with: frame)
            let dates = with.compactMap { conceptDate[$0] }
            return .init(
                code: frame.name, label: frame.label, articles: with.count,
                share: Double(with.count) / Double(conceptArticles.count),
                perPeriod: periods.map { p in dates.filter { Self.halfYear($0) == p }.count })
        }
        let (comparison, note) = try comparison(volume: volume)
        return .init(
            periods: periods, conceptPerPeriod: conceptPer, frames: rows, comparison: comparison, comparisonNote: note)
    }

    /// The before/after test at the date given, else at the strongest change point.
    private func comparison(volume: StudyReport.Volume?) throws -> (Comparison?, String) {
        guard let concept else { return (nil, "") }
        let split =
            options.compareAt
            ?? ChangeReport.strongest(among: volume?.changes ?? []).map { Period.firstDay(of: $0.period) }
        guard let split else {
            return (
                nil,
                "No change point was detected and no date was given (--compare-at), so there is no before/after test."
            )
        }
        guard let first = all.first?.date, let last = all.last?.date, first < split, split <= last else {
            return (
                nil,
                "No comparison: \(split) is outside the corpus "
                    + "(\(all.first?.date ?? "-") … \(all.last?.date ?? "-"))."
            )
        }
        guard
            let comparison = try? store.compare(
                code: concept.name, codebook: codebook, before: first...Period.dayBefore(split), after: split...last,
                filter: options.filter)
        else { return (nil, "No comparison at \(split): one side has no articles.") }
        let note =
            options.compareAt != nil
            ? "Split at \(split), the date given."
            : "Split at \(split), the strongest change point of the \(period.rawValue)ly series."
        return (comparison, note)
    }

    private func method() throws -> StudyReport.Method {
        var validation: [StudyReport.ValidationLine]?
        if !options.labels.isEmpty {
            let report = try store.validate(codebook: codebook, labelSets: options.labels)
            func line(_ name: String, _ units: Int, _ s: AgreementStatistics.Scores) -> StudyReport.ValidationLine {
                .init(
                    code: name, labelled: units, precision: s.precision, recall: s.recall, f1: s.f1,
                    precisionInterval: s.precisionInterval, recallInterval: s.recallInterval, f1Interval: s.f1Interval)
            }
            // Each code, then each group's codes pooled (micro-averaged).
            validation =
                report.codes.map { line($0.code, $0.labelled, $0.scores) }
                + report.groups.map { line("\($0.group)s (micro-averaged)", $0.units, $0.scores) }
        }
        return StudyReport.Method(
            codebook: codebook.name, codebookHash: codebook.hash,
            corpusHash: try store.snapshotHash(filter: options.filter),
            software: "Sinmun \(SinmunVersion.current)", penaltyFactor: ChangePointDetector().penaltyFactor,
            validation: validation)
    }

    private func scope() -> String {
        let filter = options.filter
        var scope: [String] = []
        if let from = filter.from { scope.append("from \(from.isoString)") }
        if let to = filter.to { scope.append("to \(to.isoString)") }
        if let outlet = filter.outlet { scope.append("outlet \(outlet.rawValue)") }
        if let language = filter.language { scope.append("language \(language)") }
        return scope.isEmpty ? "the whole corpus" : scope.joined(separator: ", ")
    }
}
